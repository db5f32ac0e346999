"""What a site is built from, as keys, and the record a built site keeps of them.

A rebuild redoes only what its keys say changed, from the cheapest check to the finest:

- the **school's key**: the raw bytes of the content folder, the school file and its logo,
  and the generator. Equal to the record's, and the site untouched since it was built:
  there is nothing to do, and nothing is loaded, planned or imported to find that out.
- a **language's key**: that language's plan (``plan.SitePlan`` decides everything its
  site shows), the school's fields written out but its texts in other languages. A text
  a school changes in French alone leaves the Dutch and English sites as they were.
- a **handout's key**: its plan (``plan.handout.Handout``), everything the sheet prints.

The **generator** is in every key: helpflow's code, hooks, theme files and ``mkdocs.yml``,
the version of every installed Python package and of Graphviz. A new helpflow (a ``git
pull``) or an upgraded MkDocs, Material or Typst builds everything again. System
libraries and fonts are not in it: after an upgrade of those, ``build --rebuild``.

The record (``.helpflow-inputs``, beside the manifest, never served) holds the keys and a
stamp of every file the build wrote (its size, time and mode): a file edited, replaced or
removed by hand is noticed without reading it, and its part is built again. A copy of the
site that keeps the files' times (``cp -a``, rsync, a CI cache restored) is as good as it.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from helpflow.errors import HelpflowError
from helpflow.load.safefile import read_limited, read_state, write_file
from helpflow.paths import INPUTS_FILE, ROOT
from helpflow.publish.output import built_files, clear_leftovers, file_stamp, real_path, writing

if TYPE_CHECKING:
    from helpflow.model.school import School
    from helpflow.plan.handout import Handout
    from helpflow.plan.site import SitePlan

FORMAT = 1
"""The record's layout: a record of another is no record (the site is built again)."""
GENERATOR_PARTS = ("helpflow", "hooks", "docs", "overrides", "mkdocs.yml")
"""What of this repository the built files come from (the tests and the content are not)."""
MISSING = b"\0missing"
"""Hashed in place of a file that could not be read: never the bytes of a real file."""
READ_LIMIT = 4 << 20
"""Bytes of a school file or logo hashed at most: more than either may have (a longer file
fails to load, and is keyed as missing)."""
TREE_LIMIT = 64 << 20
"""Bytes of one file of the content or of helpflow itself hashed at most."""
RECORD_LIMIT = 16 << 20
"""Bytes of a record read at most: a larger one is damaged, and the site is built again."""


@dataclass(frozen=True)
class Part:
    """One part of a built site, a language's folder or a handout: its key and its files' stamp."""

    key: str
    stamp: str


@dataclass(frozen=True)
class Record:
    """What a site was built from, and how its files were when it was complete."""

    key: str
    """The school's key: content, school file, logo and generator, as raw bytes."""
    logo: str
    """The logo as the school file names it ("" without), to hash it again without reading the school file."""
    stamp: str
    """Every file of the site but the record and the manifest, as ``output.file_stamp`` sees them."""
    parts: Mapping[str, Part]
    """A language's folder (its handouts aside) or the theme's shared files, by folder name."""
    handouts: Mapping[str, Part]
    """Each handout PDF, by its path in the site."""
    stale: tuple[str, ...]
    """The content's stale translations, said again by a build that finds nothing to do."""
    messages: tuple[str, ...]
    """The school's notes and warnings, likewise."""


@dataclass(frozen=True)
class ContentInputs:
    """What every school of a build shares: the content's key, taken before the content was
    loaded (an edit meanwhile makes the next build build again), and its stale translations."""

    key: str
    stale: tuple[str, ...] = ()


def _digest(*chunks: bytes | str) -> str:
    """One hash of several inputs, each length-prefixed so that no two splits collide."""
    h = hashlib.sha256()
    for chunk in chunks:
        data = chunk.encode("utf-8") if isinstance(chunk, str) else chunk
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def _read(path: Path, limit: int = READ_LIMIT) -> bytes:
    """The bytes of ``path``, a regular file of at most ``limit`` bytes, or MISSING: a pipe,
    a device or a huge file is no input of a build (loading it says why), and never read."""
    try:
        return read_limited(path, limit, "file")
    except HelpflowError:
        return MISSING


def _tree(root: Path) -> list[bytes | str]:
    """Every file under ``root`` (or ``root`` itself), name and bytes, in a stable order."""
    if not root.is_dir():
        return [root.name, _read(root, TREE_LIMIT)]
    chunks: list[bytes | str] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if not name.endswith(".pyc"):
                path = Path(folder) / name
                chunks += [path.relative_to(root).as_posix(), _read(path, TREE_LIMIT)]
    return chunks


def _packages() -> list[str]:
    """Every package installed beside helpflow's, with its version, as its metadata folder is
    named (not the current folder's: how helpflow is started changes nothing)."""
    found = set()
    for folder in {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}:
        try:
            found |= {name for name in os.listdir(folder) if name.endswith((".dist-info", ".egg-info"))}
        except OSError:
            continue
    return sorted(found)


def _graphviz() -> str:
    """Which ``dot`` draws the diagrams, and its version."""
    dot = shutil.which("dot")
    if not dot:
        return "no dot"
    try:
        said = subprocess.run([dot, "-V"], capture_output=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return f"{dot}: no answer"
    return f"{os.path.realpath(dot)}: {said.stderr.decode(errors='replace').strip()}"


@functools.cache
def generator_key() -> str:
    """The generator's key: helpflow's files, the packages and Graphviz; once per process
    (a forked worker inherits it)."""
    chunks: list[bytes | str] = [sys.version, *_packages(), _graphviz()]
    for part in GENERATOR_PARTS:
        chunks += [part, *_tree(ROOT / part)]
    return _digest(*chunks)


def content_key(root: Path) -> str:
    """Every file of the content folder, as bytes."""
    return _digest(*_tree(root))


def logo_name(school_file: bytes) -> str:
    """The logo a school file names, read from the very bytes hashed ("" when it names none,
    or the file cannot be read: loading it will say why)."""
    import yaml

    try:
        raw = yaml.load(school_file.decode("utf-8"), Loader=yaml.BaseLoader)
    except Exception:
        return ""
    logo = raw.get("logo") if isinstance(raw, dict) else None
    return " ".join(logo.split()) if isinstance(logo, str) else ""


def school_key(content: str, school: Path, logo: str | None = None) -> tuple[str, str]:
    """The school's key from raw bytes, and the logo's name. ``logo``, when a record gives it,
    saves reading the school file as YAML: the same bytes name the same logo."""
    data = _read(school)
    if logo is None:
        logo = logo_name(data)
    logo_data = _read(school.parent / logo) if logo else b""
    return _digest(generator_key(), content, school.stem, data, logo, logo_data), logo


def _plain(value: Any, lang: str) -> Any:
    """``value`` as JSON data that only equal values share, mappings in their own order."""
    from helpflow.model.school import School

    if isinstance(value, School):
        return _plain(school_fields(value, lang), lang)
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name), lang) for f in fields(value)}
    if isinstance(value, Mapping):
        return [[str(k), _plain(v, lang)] for k, v in value.items()]
    if isinstance(value, (tuple, list)):
        return [_plain(v, lang) for v in value]
    if isinstance(value, bytes):
        return hashlib.sha256(value).hexdigest()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"cannot key a {type(value).__name__}")


def school_fields(school: School, lang: str) -> dict[str, Any]:
    """The school as its ``lang`` site can show it: every declared fact, its per-language
    texts in ``lang`` only (the declarations say which), not where its file is nor the
    notes on it (messages, not pages)."""
    from helpflow.load.school_fields import SCHOOL_FILE

    return SCHOOL_FILE.shown(school, lang)


def language_key(plan: SitePlan) -> str:
    """The key of one language's site: its plan, handouts aside (they have their own)."""
    shown = {f.name: getattr(plan, f.name) for f in fields(plan) if f.name != "handouts"}
    return _digest(generator_key(), json.dumps(_plain(shown, plan.lang), ensure_ascii=False))


def handout_key(handout: Handout) -> str:
    """The key of one handout PDF: its plan, which holds everything the sheet prints."""
    return _digest(generator_key(), json.dumps(_plain(handout, handout.lang), ensure_ascii=False))


def stamp(site: Path, names: Iterable[str]) -> str:
    """One hash of the stamps of the files ``names`` (relative to ``site``)."""
    return _digest(*(f"{name}\0{file_stamp(site / name)}" for name in sorted(names)))


def read_record(site: Path) -> Record | None:
    """The record of the site in ``site``, or None when it has none helpflow can read: missing,
    no regular file, too large, no JSON, nested too deep, a value of the wrong type. A damaged
    record is no record: the site is built again, and the new build writes a good one."""
    text = read_state(site / INPUTS_FILE, RECORD_LIMIT)
    if text is None or not text.startswith('{"format":'):  # what write_record writes; not 100,000 [
        return None
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None
    texts = [data.get(name) for name in ("key", "logo", "stamp")]
    lists = [data.get(name) for name in ("stale", "messages")]
    parts = [_parts(data.get(name)) for name in ("parts", "handouts")]
    if not all(isinstance(v, str) for v in texts) or not all(_strings(v) for v in lists) or None in parts:
        return None
    return Record(*texts, *parts, *(tuple(v) for v in lists))  # type: ignore[arg-type]


def _strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _parts(value: object) -> dict[str, Part] | None:
    """A record's ``parts`` or ``handouts``: name -> [key, stamp], every one a string."""
    if not isinstance(value, dict):
        return None
    parts = {}
    for name, part in value.items():
        if not (_strings(part) and len(part) == 2):
            return None
        parts[name] = Part(*part)
    return parts


def write_record(site: Path, record: Record) -> None:
    """Write the record of the complete site in ``site``, beside its manifest."""
    data = {"format": FORMAT, "key": record.key, "logo": record.logo, "stamp": record.stamp,
            "stale": list(record.stale), "messages": list(record.messages),
            "parts": {name: [p.key, p.stamp] for name, p in sorted(record.parts.items())},
            "handouts": {name: [p.key, p.stamp] for name, p in sorted(record.handouts.items())}}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    write_file(site, INPUTS_FILE, text + "\n")


def up_to_date(out: Path, school: Path, content: str) -> Record | None:
    """The record of ``out`` when building ``school`` there again would change nothing:
    same school key, and every file as the build left it, none added or removed. What a
    killed build left beside ``out`` is cleared first, as a build would."""
    out = real_path(out)
    with writing(out):
        if out.parent.is_dir():
            clear_leftovers(out.parent, [out.name])
    record = read_record(out)
    if record is None or school_key(content, school, record.logo)[0] != record.key:
        return None
    files = built_files(out)
    return record if files is not None and stamp(out, files) == record.stamp else None
