"""How a school makes its pupils' usernames: a school fact, never assumed for all schools.

The seed's school writes ``voornaam.achternaam`` with spaces left out and keeps
accents; another drops accents and special characters (Chloë Van De Velde =
chloe.vandevelde). The widget's username helper (``docs/assets/widget.js``) applies
the same rule in the parent's browser; ``tests/test_widget.py`` holds the two together.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

FORMAT = re.compile(r"^(?:\{first\}|\{last\}|[a-z0-9._-])+$")
PARTS = ("first", "last")
EXAMPLES = {"accents": ("Chloë", "Van De Velde"), "special": ("Marie-Lou", "D'Hondt"),
            "both": ("Chloë", "D'Hondt-Van De Velde")}
"""A name that shows what a rule leaves out: accents (the one public school pages use),
special characters, or both."""


@dataclass(frozen=True)
class UsernameRule:
    format: str = "{first}.{last}"
    """Where the child's first and last name go, like ``{first}.{last}``."""
    accents: str = "keep"
    """``keep`` (Zoë stays zoë) or ``strip`` (Zoë becomes zoe)."""
    special: str = "keep"
    """``keep`` or ``drop`` hyphens, apostrophes and other characters that are no letter or digit."""

    def part(self, name: str) -> str:
        """One name as it appears in the username: spaces always left out, lower case."""
        text = "".join(name.split()).lower()
        if self.accents == "strip":
            text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.category(c).startswith("M"))
        if self.special == "drop":
            text = "".join(c for c in text if c.isalnum())
        return text

    def apply(self, first: str, last: str) -> str:
        """The username this rule makes of a child's names ("" until both are given)."""
        a, b = self.part(first), self.part(last)
        if not a or not b:
            return ""
        return self.format.replace("{first}", a).replace("{last}", b)

    @property
    def leaves_out(self) -> str:
        """What the rule drops besides spaces: ``accents``, ``special``, ``both`` or ``""``."""
        accents, special = self.accents == "strip", self.special == "drop"
        return "both" if accents and special else "accents" if accents else "special" if special else ""

    def as_data(self) -> dict[str, str]:
        """The rule for the widget's script."""
        return {"format": self.format, "accents": self.accents, "special": self.special}
