"""The placeholders a text may hold, and how texts are compared: shared by the loaders
(which check them) and the writers (which fill them)."""

from __future__ import annotations

import re

PLACEHOLDER = re.compile(r"\{([a-z_]+)(?::([a-z0-9_-]+))?\}")
"""``{school}``, ``{label:forgot_password}``: what the generator fills into a text."""
SCHOOL_PLACEHOLDERS = ("school", "platform", "email", "email_given", "username", "username_rule")
"""Filled from the school file."""
FLOW_PLACEHOLDERS = ("label", "page")
"""Filled from the content: ``{label:ID}`` a screen label, ``{page:ID}`` a link to a node's page."""
UI_VALUES = ("label", "other", "example", "name", "username", "phone", "hours", "question", "contact", "days", "date")
"""Filled by the code that uses a site text (``ui.yml``), which names them beside the text."""

_ASCII_SPACE = re.compile(r"[ \t\r\n]+")


def fold_space(text: str) -> str:
    """Runs of ASCII whitespace as one space; French's narrow no-break spaces stay."""
    return _ASCII_SPACE.sub(" ", text).strip()


def placeholders(text: str) -> list[tuple[str, str]]:
    """The (name, argument) of every placeholder in ``text``."""
    return [(m[1], m[2] or "") for m in PLACEHOLDER.finditer(text)]
