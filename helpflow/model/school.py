"""A school as plain data: its name, platform, secretariat, colours, logo and its own practice.

The loader (``helpflow.load.school``) checks a school file and makes one; everything after
it only reads these values.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from helpflow.model.usernames import UsernameRule

LOCAL_HOSTS = ("localhost", "127.0.0.1")
"""Hosts a preview runs on: plain http is fine there, and they need no CNAME."""
DEFAULT_COLORS = {"primary": "#1f4e8c", "accent": "#b34700"}
PHONE_DIGITS = (8, 15)
"""Digits a dialable number has: Belgium's shortest with its 0 (a fixed line, 9) less one;
E.164's longest. Fewer is a typo or a short code no parent abroad can ring."""
TRUNK_ZERO = re.compile(r"^(\+[0-9]{1,3})[ .-]*\(0\)")
"""``+32 (0)9 ...``: the 0 in brackets is dialled at home only, never after a country code."""


def phone_digits(phone: str) -> str:
    """What is dialled: a leading + and the digits, without a ``(0)`` after a country code."""
    plain = TRUNK_ZERO.sub(r"\1", phone)
    return ("+" if plain.startswith("+") else "") + "".join(c for c in plain if c.isascii() and c.isdigit())


@dataclass(frozen=True)
class Logo:
    name: str
    data: bytes

    @property
    def media_type(self) -> str:
        return "image/svg+xml" if self.name.endswith(".svg") else "image/png"


@dataclass(frozen=True)
class Accessibility:
    """Who answers about the site's accessibility, and within how many days: the statement's contact."""

    contact: str = ""
    """An e-mail address; empty: the secretariat's."""
    reply_days: int = 7


@dataclass(frozen=True)
class School:
    slug: str
    source: Path
    name: str
    smartschool: str
    email: str
    site_url: str
    platform_language: str
    languages: tuple[str, ...]
    primary: str
    accent: str
    logo: Logo | None
    notes: tuple[str, ...] = ()
    flows: tuple[str, ...] = ()
    """The flows this school publishes, by slug, in the order its help centre lists them."""
    username: UsernameRule = UsernameRule()
    email_given: str = "first-login"
    """Where this school's parents gave their e-mail address: a suffix of ui.yml's ``email_given_*``."""
    phone: str = ""
    hours: Mapping[str, str] = field(default_factory=dict)
    """Language -> the secretariat's opening hours (empty when the school gives none)."""
    texts: Mapping[str, Mapping[str, Mapping[str, str]]] = field(default_factory=dict)
    accessibility: Accessibility = Accessibility()
    statistics: bool = False
    """Whether outcomes reached in the widget are counted, by a same-origin request (off by default)."""
    """Flow slug -> text key -> language -> the school's own text in place of the model's."""

    @property
    def phone_url(self) -> str:
        """The phone number as a ``tel:`` address: digits and a leading +, nothing else."""
        return "tel:" + phone_digits(self.phone)

    @property
    def platform_url(self) -> str:
        return f"https://{self.smartschool}.smartschool.be"

    def language_url(self, lang: str) -> str:
        return f"{self.site_url}{lang}/"

    @property
    def cname(self) -> str:
        """The host for a CNAME file (a custom domain on GitHub Pages and the like), or "" when
        none fits: the site is not at the root of its host, or the host is local or github.io's."""
        parts = urlsplit(self.site_url)
        host = parts.hostname or ""
        if parts.path != "/" or host in LOCAL_HOSTS or host.endswith(".github.io"):
            return ""
        return host
