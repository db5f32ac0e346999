"""A school's own file: its name, Smartschool platform, secretariat, colours and logo.

Written by a secretariat, not a developer, so every mistake gets its own line that
says what is wrong and shows an example of right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from . import LANGUAGES
from .errors import HelpflowError, did_you_mean, problem
from .yamlfile import line_of, read_yaml

KEYS = ("name", "smartschool", "email", "site_url", "platform_language", "languages", "colors", "logo")
REQUIRED = ("name", "smartschool", "email", "site_url")
PLATFORM_LANGUAGES = ("nl", "fr")
DNS_LABEL = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")
EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                   r"(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")
COLOR = re.compile(r"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
HOST = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$")
URL_PATH = re.compile(r"^[A-Za-z0-9._~%/-]*$")
"""Path characters that need no escaping anywhere the address lands (HTML, XML, CNAME)."""
LOCAL_HOSTS = ("localhost", "127.0.0.1")
"""Hosts a preview runs on: plain http is fine there, and they need no CNAME."""
NAME_MAX = 120
"""Longer than a header can show, and most likely a pasted paragraph."""
LOGO_MAX_BYTES = 512 * 1024
DEFAULT_COLORS = {"primary": "#1f4e8c", "accent": "#b34700"}


@dataclass(frozen=True)
class Logo:
    name: str
    data: bytes

    @property
    def media_type(self) -> str:
        return "image/svg+xml" if self.name.endswith(".svg") else "image/png"


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


def load_school(path: Path) -> School:
    """Load and validate one school file; raise HelpflowError listing every problem."""
    raw = read_yaml(path)
    problems: list[str] = []
    notes: list[str] = []

    def fail(key: str, what: str, example: str) -> None:
        problems.append(problem(path, key, what, f"for example: {key}: {example}",
                                line_of(raw, key.split(".")[0])))

    if not isinstance(raw, dict):
        raise HelpflowError(problem(path, "", "expected 'key: value' lines",
                                    "start from schools/demo.yml"))
    for key in raw:
        if key not in KEYS:
            problems.append(problem(path, key, "unknown key", did_you_mean(key, KEYS), line_of(raw, key)))
    for key in REQUIRED:
        if key not in raw:
            problems.append(problem(path, key, "missing", f"add a line '{key}: ...' (see schools/demo.yml)"))

    name = _text(raw.get("name", ""))
    if "name" in raw and not name:
        fail("name", "must be a non-empty text", "Sint-Jozefscollege")
    elif len(name) > NAME_MAX:
        fail("name", f"is {len(name)} characters long, more than {NAME_MAX}", "Sint-Jozefscollege")

    smartschool = _text(raw.get("smartschool", ""))
    if smartschool:
        pasted = re.match(r"^(?:https?://)?([^/.]+)\.smartschool\.be(?:[/?#].*)?$", smartschool, re.I)
        if pasted:
            notes.append(problem(path, "smartschool", f"'{smartschool}' reduced to '{pasted[1].lower()}'",
                                 "the platform's name is enough"))
            smartschool = pasted[1]
        if smartschool != smartschool.lower():
            notes.append(problem(path, "smartschool", f"'{smartschool}' written in lower case",
                                 "platform names are lower case"))
            smartschool = smartschool.lower()
        if not DNS_LABEL.match(smartschool):
            fail("smartschool", f"'{smartschool}' is not a platform name (a-z, 0-9 and hyphens,"
                 " 1 to 63 characters, no hyphen first or last)", "sintjozef")
    elif "smartschool" in raw:
        fail("smartschool", "must be your platform's name, as in <name>.smartschool.be", "sintjozef")

    email = _text(raw.get("email", ""))
    if "email" in raw and not EMAIL.match(email):
        fail("email", f"'{email}' is not an e-mail address", "secretariaat@sintjozef.be")

    site_url = _text(raw.get("site_url", ""))
    if "site_url" in raw:
        try:
            parts = urlsplit(site_url)
            host = parts.hostname or ""
        except ValueError:
            parts, host = urlsplit(""), ""
        local = host in LOCAL_HOSTS
        if not (parts.scheme == "https" or (parts.scheme == "http" and local)):
            fail("site_url", f"'{site_url}' is not an https:// address", "https://help.sintjozef.be/")
        elif (not HOST.match(host) or not re.fullmatch(r"[^@:]+(:\d{1,5})?", parts.netloc)
              or parts.query or parts.fragment or not URL_PATH.match(parts.path)):
            fail("site_url", f"'{site_url}' is not a plain web address (host name, then an optional path)",
                 "https://help.sintjozef.be/")
        elif not site_url.endswith("/"):
            site_url += "/"

    platform_language = _text(raw.get("platform_language", "nl"))
    if platform_language not in PLATFORM_LANGUAGES:
        fail("platform_language", f"'{platform_language}' is not a Smartschool language (nl or fr)", "nl")

    languages = raw.get("languages", list(LANGUAGES))
    if not isinstance(languages, list) or not languages:
        fail("languages", "must be a list of languages", "[nl, fr, en]")
        languages = []
    for lang in languages:
        if lang not in LANGUAGES:
            fail("languages", f"'{lang}' is not available (nl, fr or en)", "[nl, fr, en]")
    if len(set(map(str, languages))) != len(languages):
        fail("languages", "a language is listed twice", "[nl, fr, en]")

    colors = raw.get("colors", {})
    if not isinstance(colors, dict):
        fail("colors", "must be a mapping", '{primary: "#0b5fff", accent: "#ff6d00"}')
        colors = {}
    for key in colors:
        if key not in DEFAULT_COLORS:
            problems.append(problem(path, f"colors.{key}", "unknown key", did_you_mean(key, DEFAULT_COLORS),
                                    line_of(raw, "colors")))
        elif not isinstance(colors[key], str) or not COLOR.match(colors[key]):
            fail(f"colors.{key}", f"'{colors[key]}' is not a colour like #rgb or #rrggbb", '"#0b5fff"')

    logo = _logo(path, raw, problems) if "logo" in raw else None
    if problems:
        raise HelpflowError(problems)
    return School(
        slug=path.stem, source=path, name=name, smartschool=smartschool, email=email,
        site_url=site_url, platform_language=platform_language, languages=tuple(languages),
        primary=_long_hex(colors.get("primary", DEFAULT_COLORS["primary"])),
        accent=_long_hex(colors.get("accent", DEFAULT_COLORS["accent"])),
        logo=logo, notes=tuple(notes),
    )


def _text(value: object) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def _long_hex(color: str) -> str:
    return "#" + "".join(c * 2 for c in color[1:]).lower() if len(color) == 4 else color.lower()


def _logo(path: Path, raw: dict, problems: list[str]) -> Logo | None:
    """The logo, if it is a real SVG or PNG inside the school's own folder."""
    name = _text(raw["logo"])
    line = line_of(raw, "logo")
    folder = path.parent.resolve()
    file = (folder / name).resolve()
    if not name or folder not in file.parents:
        problems.append(problem(path, "logo", f"'{name}' is not a file in {path.parent}/",
                                "for example: logo: sintjozef.svg, beside the school file", line))
        return None
    suffix = file.suffix.lower()
    if suffix not in (".svg", ".png"):
        problems.append(problem(path, "logo", f"'{name}' is not an .svg or .png file",
                                "save the logo as SVG or PNG", line))
        return None
    try:
        data = file.read_bytes()
    except OSError:
        problems.append(problem(path, "logo", f"'{name}' does not exist in {path.parent}/",
                                "put the logo beside the school file, or remove the logo line", line))
        return None
    if len(data) > LOGO_MAX_BYTES:
        problems.append(problem(path, "logo", f"'{name}' is {len(data) // 1024} KB, more than"
                                f" {LOGO_MAX_BYTES // 1024} KB", "make the image smaller", line))
        return None
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    real = (suffix == ".png" and data.startswith(b"\x89PNG\r\n\x1a\n")) or (
        suffix == ".svg" and (head.startswith(b"<svg") or head.startswith(b"<?xml")) and b"<svg" in data[:4096])
    if not real:
        kind = "an SVG" if suffix == ".svg" else "a PNG"
        problems.append(problem(path, "logo", f"'{name}' is not really {kind} image",
                                "export the logo again as SVG or PNG", line))
        return None
    if suffix == ".svg" and re.search(rb"<script|\son[a-z]+\s*=|javascript:", data, re.I):
        problems.append(problem(path, "logo", f"'{name}' contains scripts",
                                "export the logo as a plain SVG or PNG", line))
        return None
    return Logo(f"logo{suffix}", data)
