"""A school's own file: its name, platform, secretariat, colours, logo, and its own practice.

Written by a secretariat, not a developer, so every mistake gets its own line that
says what is wrong and shows an example of right. What differs between schools (how
usernames are made, where parents gave their e-mail address, a phone line, its own
wording of any text) is stated here, with the seed school's practice as the default.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from helpflow.errors import HelpflowError, did_you_mean, printable, problem
from helpflow.load.options import Reading, read_fields
from helpflow.load.practice import FACTS, decide_flows
from helpflow.load.school_fields import SCHOOL_FILE, Declarations
from helpflow.load.yamlfile import line_of, read_yaml
from helpflow.model.school import School

if TYPE_CHECKING:
    from helpflow.load.content import Content

SLUG = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")
"""A school file's name without ``.yml``: it names the school's folder in ``build --all``."""
FLOWS = "flows"


def school_slug(path: Path) -> str:
    """The school's folder name in ``build --all``: its file name without ``.yml``, checked,
    so that a file named ``..yml``, ``...yml`` or ``.yml`` never names the output folder
    itself, its parent or a hidden folder."""
    slug = path.name.removesuffix(".yml")
    if not SLUG.fullmatch(slug):
        raise HelpflowError(problem(path, "", f"the file name '{printable(path.name)}' cannot name the school's "
                                    "folder (lower-case letters a-z, digits and hyphens, before .yml)",
                                    "rename the file, for example to sint-jozef.yml"))
    return slug


def load_school(path: Path, content: Content, declared: Declarations = SCHOOL_FILE) -> School:
    """Load and validate one school file against the content (its languages, flows and
    texts), field by declared field; raise HelpflowError listing every problem."""
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        raise HelpflowError(problem(path, "", "expected 'key: value' lines", "start from schools/demo.yml"))
    r = Reading(path, raw, content)
    names = [f.name for f in declared.fields]
    r.problems += [problem(path, printable(key), "unknown key", did_you_mean(key, names), line_of(raw, key))
                   for key in raw if key not in names]
    r.problems += [problem(path, f.name, "missing", f"add a line '{f.name}: ...' (see schools/demo.yml)")
                   for f in declared.fields if f.required and f.name not in raw]
    for f in declared.fields:
        r.values.update(read_fields((f,), raw, (), r))
        if f.name == FLOWS:
            r.values[FLOWS] = school_flows(r)
    if r.problems:
        raise HelpflowError(r.problems)
    return declared.makes(slug=path.stem, source=path, notes=tuple(r.notes), **r.values)


def school_flows(r: Reading) -> tuple[str, ...]:
    """The flows the school publishes, decided here and nowhere else, once every fact
    declared before ``flows`` is read: those it lists, each one true at this school, or
    without ``flows`` every flow that holds for it (``practice``)."""
    listed = r.values.get(FLOWS)
    facts = {fact: r.values[fact] for fact in FACTS  # a wrong value read as its default is no fact
             if fact in r.values and r.raw.get(fact, r.values[fact]) == r.values[fact]}
    return decide_flows(r.path, r.raw, listed, r.content.flows, facts, r.problems)
