"""Keeping French and English in step with the Dutch source.

For every text, ``flow/translations.lock`` records a short fingerprint of the Dutch
text that each translation was made from. When the Dutch text changes, its
fingerprint no longer matches and the translation is reported stale, until a
translator has updated it and says so with ``helpflow translated``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from pathlib import Path

import yaml

from .errors import HelpflowError, problem
from .model import Localized
from .yamlfile import read_yaml

SOURCE = "nl"
TARGETS = ("fr", "en")
HEADER = """\
# Which Dutch text each French and English translation was made from: a short
# fingerprint per text and language. Written by `helpflow translated`; do not edit.
# See README.md, "For translators".
"""

Sources = Mapping[str, Mapping[str, Localized]]
"""File name -> text key -> the text in each language."""


def fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:10]


def read_lock(path: Path) -> dict[str, dict[str, dict[str, str]]]:
    return (read_yaml(path) or {}) if path.exists() else {}


def stale(sources: Sources, lock_path: Path) -> list[tuple[str, str, str]]:
    """(file, key, language) of every translation whose Dutch source changed since."""
    lock = read_lock(lock_path)
    found = []
    for file, texts in sources.items():
        for key, text in texts.items():
            for lang in TARGETS:
                made_from = lock.get(file, {}).get(key, {}).get(lang)
                if made_from != fingerprint(text.get(SOURCE, "")):
                    found.append((file, key, lang))
    return found


def stale_messages(sources: Sources, lock_path: Path, folder: Path) -> list[str]:
    return [problem(folder / file, f"{key}.{lang}", "stale translation: the Dutch text changed after it was"
                    " translated", f"update it, then run: helpflow translated {file} {key} {lang}")
            for file, key, lang in stale(sources, lock_path)]


def mark_translated(sources: Sources, lock_path: Path, which: Iterable[tuple[str, str, str]]) -> int:
    """Record that the given (file, key, language) translations match today's Dutch text."""
    lock = read_lock(lock_path)
    count = 0
    for file, key, lang in which:
        if file not in sources or key not in sources[file]:
            raise HelpflowError(problem(lock_path, f"{file} {key}", "no such text",
                                        "copy the file and key from the stale-translation message"))
        if lang not in TARGETS:
            raise HelpflowError(problem(lock_path, key, f"'{lang}' is not a translation language",
                                        "use fr or en"))
        lock.setdefault(file, {}).setdefault(key, {})[lang] = fingerprint(sources[file][key][SOURCE])
        count += 1
    ordered = {file: {key: dict(sorted(lock[file][key].items())) for key in sorted(lock[file])}
               for file in sorted(lock)}
    body = yaml.safe_dump(ordered, allow_unicode=True, sort_keys=False, default_flow_style=None, width=200)
    tmp = lock_path.with_suffix(".tmp")
    tmp.write_text(HEADER + body, encoding="utf-8")
    tmp.replace(lock_path)
    return count
