"""The languages helpflow can build, as a registry read from data (``flow/languages.yml``).

Adding a language touches no Python: every module asks this registry which languages
exist, which one translations are made from, and which Smartschool itself speaks.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    """The language's name in itself, for the language switch."""
    english: str
    """Its name in English, for messages to translators."""
    theme: str
    """Material's ``theme.language`` code: the theme's own texts and the search language."""


@dataclass(frozen=True)
class Languages:
    """Every buildable language in switch order, the source language and Smartschool's."""

    source: str
    platform: tuple[str, ...]
    by_code: dict[str, Language]

    def __iter__(self) -> Iterator[str]:
        return iter(self.by_code)

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self.by_code

    def __getitem__(self, code: str) -> Language:
        return self.by_code[code]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self.by_code)

    @property
    def targets(self) -> tuple[str, ...]:
        """The languages translated from the source."""
        return tuple(code for code in self.by_code if code != self.source)
