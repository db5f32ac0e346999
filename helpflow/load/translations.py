"""Keeping translations, and schools' own wording, in step with the source text.

For every text, ``flow/translations.lock`` records a short fingerprint of the
source-language text each translation was made from. When the source changes, its
fingerprint no longer matches and the translation is reported stale, until a
translator has updated it and says so with ``helpflow translated``.

A school's overrides (``texts:`` in its school file) are kept the same way, in
``texts.lock`` beside the school files: each records the model text it replaced, so
a change of that text under an override is reported too.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable, Mapping
from pathlib import Path

import yaml

from helpflow.errors import HelpflowError, printable, problem
from helpflow.load.content import Content
from helpflow.load.safefile import write_output
from helpflow.load.yamlfile import read_yaml
from helpflow.model.flow import Localized
from helpflow.model.school import School

HEADER = """\
# Which source text each translation (or each school's own text) was made from: a
# short fingerprint per text and language. Written by `helpflow translated`; do not
# edit. See README.md, "For translators".
"""
OVERRIDES_LOCK = "texts.lock"
OVERRIDE = "override"
"""The lock's 'language' for a school's own text: it replaces every language at once."""

Sources = Mapping[str, Mapping[str, Localized]]
"""File name -> text key -> the text in each language."""


def fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:10]


def read_lock(path: Path) -> dict[str, dict[str, dict[str, str]]]:
    """The lock at ``path`` (none yet: empty). One that is no lock (a pipe, a folder, a link
    to nothing, a mapping of the wrong shape) is one line whose fix a translator can follow; a broken file
    is named by ``read_yaml``, with its line."""
    unreadable = HelpflowError(problem(path, "", "not a translation lock file",
                                       "restore it from version control, or delete it and run: helpflow translated --all"))
    if not os.path.lexists(path):
        return {}
    try:
        regular = stat.S_ISREG(os.stat(path).st_mode)  # through a link: ``translated`` then replaces it
    except OSError:
        regular = False
    if not regular:
        raise unreadable
    lock = read_yaml(path)
    if not isinstance(lock, dict) or any(not isinstance(v, dict) for v in lock.values()):
        raise unreadable
    return lock


def stale(sources: Sources, lock_path: Path, source: str, targets: Iterable[str]) -> list[tuple[str, str, str]]:
    """(file, key, target) of every translation whose source text changed since."""
    lock = read_lock(lock_path)
    found = []
    for file, texts in sources.items():
        for key, text in texts.items():
            for lang in targets:
                made_from = (lock.get(file) or {}).get(key, {})
                if not isinstance(made_from, dict) or made_from.get(lang) != fingerprint(text.get(source, "")):
                    found.append((file, key, lang))
    return found


def stale_messages(content: Content) -> list[str]:
    return [problem(content.root / file, f"{key}.{lang}", f"stale translation: the {content.languages[content.languages.source].english} text changed after it was"
                    " translated", f"update it, then run: helpflow translated {file} {key} {lang}")
            for file, key, lang in stale(content.sources(), content.lock, content.languages.source,
                                         content.languages.targets)]


def override_sources(content: Content, school: School) -> Sources:
    """The model's texts that ``school`` replaces, by ``<flow>/<key>``."""
    texts = {}
    for slug, keys in school.texts.items():
        flow = content.flows[slug]
        for key in keys:
            texts[f"{slug}/{key}"] = flow.texts.get(key, {})
    return {school.source.name: texts}


def stale_overrides(content: Content, school: School) -> list[str]:
    """A line for each of the school's own texts whose model text changed since it was written."""
    lock = school.source.parent / OVERRIDES_LOCK
    return [problem(school.source, f"texts.{key.replace('/', '.', 1)}",
                    "the model's text under this school's own text changed (or was never recorded)",
                    f"check the school's text, then run: helpflow translated {school.source}")
            for _file, key, _lang in stale(override_sources(content, school), lock, content.languages.source,
                                           (OVERRIDE,))]


def mark_translated(sources: Sources, lock_path: Path, which: Iterable[tuple[str, str, str]], source: str,
                    targets: Iterable[str]) -> int:
    """Record that the given (file, key, target) translations match today's source text."""
    lock = {file: {key: dict(made_from) for key, made_from in texts.items() if isinstance(made_from, dict)}
            for file, texts in read_lock(lock_path).items()}  # an entry of the wrong type is no entry
    targets = tuple(targets)
    count = 0
    for file, key, lang in which:
        if file not in sources or key not in sources[file]:
            raise HelpflowError(problem(lock_path, f"{file} {key}", "no such text",
                                        "copy the file and key from the stale-translation message"))
        if lang not in targets:
            raise HelpflowError(problem(lock_path, key, f"'{printable(lang)}' is not a translation language",
                                        f"use one of: {', '.join(targets)}"))
        lock.setdefault(file, {}).setdefault(key, {})[lang] = fingerprint(sources[file][key].get(source, ""))
        count += 1
    ordered = {file: {key: dict(sorted(lock[file][key].items())) for key in sorted(lock[file])}
               for file in sorted(lock)}
    body = yaml.safe_dump(ordered, allow_unicode=True, sort_keys=False, default_flow_style=None, width=200)
    write_output(lock_path, HEADER + body, "translations' lock",
                 "make it a file you may write (a folder or a read-only disk cannot hold it)", own=True)
    return count
