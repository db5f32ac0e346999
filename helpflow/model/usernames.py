"""How a school makes its pupils' usernames: a school fact, never assumed for all schools.

The seed's school writes ``voornaam.achternaam`` with spaces left out and keeps
accents; another drops accents and special characters (Chloë Van De Velde =
chloe.vandevelde). What a school does not state stays open: the username helper then
offers each way the school might write the name, most likely first (``variants``).
The helper's script (``helpflow/plan/tools/username_helper/script.js``) applies the
rules it is given; ``tests/browser/test_tool_components.py`` holds the two together.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

FORMAT = re.compile(r"^(?:\{first\}|\{last\}|[a-z0-9._-])+$")
PARTS = ("first", "last")
EXAMPLES = {"accents": ("Chloë", "Van De Velde"), "special": ("Marie-Lou", "D'Hondt"),
            "both": ("Chloë", "D'Hondt-Van De Velde")}
"""A name that shows what a rule leaves out (or may leave out): accents (the one public
school pages use), special characters, or both."""
LIKELY = {"accents": ("keep", "strip"), "special": ("keep", "drop")}
"""Each choice a school makes, its likelier way first: the seed's school keeps the name as it is."""


@dataclass(frozen=True)
class UsernameRule:
    format: str = "{first}.{last}"
    """Where the child's first and last name go, like ``{first}.{last}``."""
    accents: str | None = None
    """``keep`` (Zoë stays zoë) or ``strip`` (Zoë becomes zoe); ``None`` when the school does not say."""
    special: str | None = None
    """``keep`` or ``drop`` hyphens, apostrophes and other characters that are no letter or
    digit; ``None`` when the school does not say."""

    def part(self, name: str) -> str:
        """One name as it appears in the username: spaces always left out, lower case; what
        the school does not state is kept."""
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

    @property
    def unstated(self) -> str:
        """What the school leaves open: ``accents``, ``special``, ``both`` or ``""``."""
        accents, special = self.accents is None, self.special is None
        return "both" if accents and special else "accents" if accents else "special" if special else ""

    def variants(self) -> tuple[UsernameRule, ...]:
        """Every stated rule the school's words allow, most likely first: each open choice
        tried both ways, the likelier way of both first, then both less likely, then the mixes."""
        accents = (self.accents,) if self.accents else LIKELY["accents"]
        special = (self.special,) if self.special else LIKELY["special"]
        choices = [(a, s) for a in accents for s in special]
        open_choices = len(accents) - 1 + len(special) - 1

        def rank(choice: tuple[str, str]) -> int:
            off = (choice[0] != accents[0]) + (choice[1] != special[0])
            return 0 if off == 0 else 1 if off == open_choices else 2

        ranked = sorted(choices, key=rank)
        return tuple(replace(self, accents=a, special=s) for a, s in ranked)

    def usernames(self, first: str, last: str) -> tuple[str, ...]:
        """The usernames to try for a child, most likely first, each once."""
        return tuple(name for name in dict.fromkeys(rule.apply(first, last) for rule in self.variants()) if name)

    def as_data(self) -> dict[str, str | None]:
        """The rule for the widget's script."""
        return {"format": self.format, "accents": self.accents, "special": self.special}
