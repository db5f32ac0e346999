"""Errors a school or a translator can act on: one line each, never a traceback."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable
from pathlib import Path

SHOWN = 30
"""Problems an error lists at most: a file wrong in a hundred thousand places (a pasted list, a
line repeated) gets the first ones and how many more, not a screen that scrolls for minutes."""


class HelpflowError(Exception):
    """One or more problems with an input file, each a complete one-line message, each once.

    Hidden characters in a message are escaped here, whoever wrote it: a value from a
    file (or a tool's output) with a newline in it can never print a second, forged line."""

    def __init__(self, problems: str | Iterable[str]) -> None:
        distinct = list(dict.fromkeys([problems] if isinstance(problems, str) else problems))
        self.problems = [_escaped(p) for p in distinct[:SHOWN]]
        if len(distinct) > SHOWN:
            self.problems.append(f"… and {len(distinct) - SHOWN} more problems; fix these first, then run it again")
        super().__init__("\n".join(self.problems))


def problem(file: Path | str, key: str, what: str, fix: str = "", line: int | None = None) -> str:
    """Format one problem as ``file:line: key: what; fix``, on one line whatever the parts hold
    (values from a file still go through ``printable``, to keep the line short)."""
    where = f"{printable_path(file)}:{line}" if line else printable_path(file)
    text = f"{where}: {key}: {what}" if key else f"{where}: {what}"
    return _escaped(f"{text}; {fix}" if fix else text)


LISTED = 12
"""Choices a hint lists at most: a longer list would not read as one line."""


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A hint naming the closest valid choice, or listing them (the first few) when none is close."""
    choices = sorted(map(str, choices))
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{printable(close[0])}'?"
    more = f", … ({len(choices) - LISTED} more)" if len(choices) > LISTED else ""
    return "expected one of: " + ", ".join(printable(c, 40) for c in choices[:LISTED]) + more


_HIDDEN = {"Cc", "Cf", "Cs", "Zl", "Zp"}
"""Control, format (bidi overrides, zero-width), surrogate and line/paragraph separator
characters: in a message they could start a forged line, reorder it, or fail to print."""


def printable(text: str, limit: int = 80) -> str:
    """``text`` safe to put inside a one-line message: hidden characters escaped as in
    Python (``\\n``, ``\\u202e``) and anything past ``limit`` characters cut off with "…"."""
    shown = _escaped(text)
    return shown if len(shown) <= limit else shown[:limit - 1] + "…"


def printable_path(path: Path | str, limit: int = 200) -> str:
    """A path for a message, as ``printable`` makes it, but shortened at the start:
    the file's own name, at the end, is the part that matters."""
    shown = _escaped(str(path))
    return shown if len(shown) <= limit else "…" + shown[1 - limit:]


def _escaped(text: str) -> str:
    return "".join(repr(c)[1:-1] if unicodedata.category(c) in _HIDDEN else c for c in text)
