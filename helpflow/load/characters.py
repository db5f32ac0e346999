"""What a text may hold, for a page: the characters a school's text or the model's is refused
for (a control, a direction control, a character that hides text), and when a text is blank.
One set of rules for school files (``options``), the flows and PO imports (``flowfile``), and
the JSON Schema an editor checks a school file with."""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable

BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Direction marks, embeddings, overrides and isolates: one of them reverses the rest of a line."""
SPACES = frozenset("\t\n\r")
"""The only control characters a text may hold: line breaks of a block, read as spaces."""
KEPT_FORMAT = frozenset("\u00ad\u200c\u200d")
"""The format characters a text may hold: the soft hyphen (where a word may break) and the
two joiners (they shape scripts and emoji). The others draw nothing and only hide text."""
FILLERS = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180f\u2800\u3164\uffa0"
                    + "".join(map(chr, range(0xFE00, 0xFE10))))
"""Letters and marks that draw nothing (Hangul fillers, the grapheme joiner, Khmer vowels
inherent, Mongolian and variation selectors, the blank braille pattern): a text of them is blank."""


def hidden(c: str) -> bool:
    """A format character that draws nothing on a page (a zero-width space, a word joiner, a
    BOM, the letters of a tag): text a reader cannot see."""
    return unicodedata.category(c) == "Cf" and c not in KEPT_FORMAT and c not in BIDI


def invisible(c: str) -> bool:
    """A character that shows nothing: a space of any kind, a format character, a filler."""
    return c.isspace() or unicodedata.category(c) in ("Zs", "Cf") or c in FILLERS or 0xE0100 <= ord(c) <= 0xE01EF


def blank(text: str) -> bool:
    """True when nothing of ``text`` shows."""
    return all(invisible(c) for c in text)


NO_GLYPH = {"Cs": "half of a character (a lone surrogate)", "Co": "a private character no font shows",
            "Cn": "no character (unassigned)", "Zl": "a line separator", "Zp": "a paragraph separator"}
"""The other kinds of code point no page can show as text, by Unicode category."""
HANGUL_FILLERS = frozenset("\u115f\u1160\u3164\uffa0")
"""Letters that draw a blank: in a word they pass for a space that is none."""


def unfit(value: str) -> str:
    """What makes ``value`` unfit for a page ("" when nothing): a control character
    (NUL, ESC, BEL...), a direction control that would reorder the line around it, a
    character that hides text (``hidden``), or a code point that is no character to show."""
    for c in value:
        kind = unicodedata.category(c)
        if c in BIDI:
            return f"holds the invisible direction control U+{ord(c):04X}, which reverses how the line reads"
        if kind == "Cc" and c not in SPACES:
            return f"holds the control character U+{ord(c):04X}, which a page cannot show"
        if hidden(c) or c in HANGUL_FILLERS:
            return f"holds the invisible character U+{ord(c):04X}, which hides text a reader cannot see"
        if kind in NO_GLYPH:
            return f"holds U+{ord(c):04X}, {NO_GLYPH[kind]}, which a page cannot show"
    return ""


def _class(test: Callable[[str], bool]) -> str:
    """The characters of the Basic Multilingual Plane that pass ``test``, as the ranges of a
    pattern's class: ECMA-262 without its ``u`` flag reads no character above it."""
    found = [n for n in range(0x10000) if not 0xD800 <= n < 0xE000 and test(chr(n))]
    ranges: list[list[int]] = []
    for n in found:
        if ranges and ranges[-1][1] == n - 1:
            ranges[-1][1] = n
        else:
            ranges.append([n, n])
    return "".join(f"\\u{a:04x}" if a == b else f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges)


@functools.cache
def controls_schema() -> str:
    """``unfit``'s refusals as a JSON Schema pattern (ECMA-262 and Python both read it)."""
    refused = _class(lambda c: bool(unfit(c)))
    return f"^[^{refused}]*$"


@functools.cache
def visible_schema() -> str:
    """At least one character that shows, as a JSON Schema pattern."""
    return f"[^{_class(invisible)}]"
