"""The kinds of value only a school file has: a Smartschool platform's name, the site's
address, a phone number, a colour, a logo beside the file, and the school's own texts.

Each is an ``Option`` (``helpflow.load.options``): it reads, checks and describes its
value for the JSON Schema, so a school fact using one is a single declaration.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePath
from types import MappingProxyType
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from helpflow.errors import HelpflowError, did_you_mean, printable
from helpflow.load.flowfile import check_placeholders
from helpflow.load.logo import MAX_BYTES as LOGO_MAX_BYTES
from helpflow.load.logo import clean_logo
from helpflow.load.options import LocalText, Option, Pattern, Reading, Text, for_example
from helpflow.load.safefile import read_limited
from helpflow.model.placeholders import placeholders
from helpflow.model.school import LOCAL_HOSTS, PHONE_DIGITS, Logo, phone_digits

if TYPE_CHECKING:
    from helpflow.load.content import Content

DNS_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
PASTED = re.compile(r"(?:https?://)?([^/.]+)\.smartschool\.be(?:[/?#].*)?", re.I)
"""A platform's whole address pasted where its name goes: reduced to the name, with a note."""
LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
HOST = re.compile(rf"{LABEL}(?:\.{LABEL})+")
"""A DNS name of two labels or more: a school's site has a public name, not ``intranet``."""
URL_SEGMENT = r"(?!\.\.?(?:/|$))[A-Za-z0-9._~-]+"
URL_PATH = rf"(?:/{URL_SEGMENT})*/?"
"""A path of folders whose characters need no escaping anywhere the address lands (HTML, XML,
a server's config): no ``%`` escapes, no empty folder (``//`` reads as another host in a page),
no ``.`` or ``..`` (a browser and a server would each resolve them their own way)."""
PORT = r"(?::(?:[1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]))?"
LOCAL = "|".join(re.escape(host) for host in LOCAL_HOSTS)


@dataclass(frozen=True)
class PlatformName(Pattern):
    """A Smartschool platform's name, as in ``<name>.smartschool.be``. A pasted address and
    capitals are forgiven with a note: the school meant the name."""

    kind = "platform name"

    def check(self, text: str, at: tuple[str, ...], r: Reading, example: str) -> str | None:
        pasted = PASTED.fullmatch(text)
        if pasted:
            r.note(at, f"'{printable(text)}' reduced to '{printable(pasted[1].lower())}'",
                   "the platform's name is enough")
            text = pasted[1]
        if text != text.lower():
            r.note(at, f"'{printable(text)}' written in lower case", "platform names are lower case")
            text = text.lower()
        return super().check(text, at, r, example)

    def schema(self, content: Content) -> dict[str, Any]:
        shape = super().schema(content)
        shape["allOf"][-1] = {"pattern": f"^\\s*(?:{LABEL}|(?:https?://)?[^/.]+\\.[sS][mM][aA][rR][tT][sS][cC][hH][oO]"
                                         "[oO][lL]\\.[bB][eE](?:[/?#]\\S*)?)\\s*$"}
        return shape


@dataclass(frozen=True)
class SiteUrl(Text):
    """The public address of the site: it lands in every page, the sitemap and CNAME, so a
    plain https address with a DNS name (http and numeric hosts only for a local preview)."""

    kind = "web address"

    def check(self, text: str, at: tuple[str, ...], r: Reading, example: str) -> str | None:
        wrong = site_url_problem(text)
        if wrong:
            r.fail(at, f"'{printable(text)}' {wrong}", for_example(at, example))
            return None
        return text if text.endswith("/") else text + "/"

    def schema(self, content: Content) -> dict[str, Any]:
        shape = super().schema(content)
        public = f"https://(?=[^/:]*[A-Za-z-][A-Za-z0-9-]*(?:[:/]|$)){HOST.pattern}{PORT}"
        shape["allOf"].append({"pattern": f"^\\s*(?:{public}|https?://(?:{LOCAL}){PORT}){URL_PATH}\\s*$"})
        return shape


def site_url_problem(url: str) -> str:
    """What is wrong with ``url`` as the public address of a site, or "": no user name, no
    port outside 1-65535, a DNS name rather than an IP literal or a one-word intranet host."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:  # an unclosed [
        return "is not a web address (check the host name)"
    local = host in LOCAL_HOSTS
    if not (parts.scheme == "https" or (parts.scheme == "http" and local)):
        return "is not an https:// address"
    if "@" in parts.netloc:
        return "has a user name before the host; remove it, up to and including the '@'"
    port = re.fullmatch(r"(\[[^]]*\]|[^:]*)(?::(.*))?", parts.netloc)
    if port and port[2] is not None and not (re.fullmatch(r"[0-9]{1,5}", port[2]) and 1 <= int(port[2]) <= 65535):
        return f"has the port '{printable(port[2], 20)}'; give a port from 1 to 65535 after ':', or none"
    if not host:
        return "has no host name after https://"
    if not local and (parts.netloc.startswith("[") or host.rsplit(".", 1)[-1].isdigit()):
        return "has an IP address for a host; give the site's host name (an IP is only for a local preview)"
    if not local and "." not in host:
        return f"has the one-word host '{printable(host, 40)}'; give the site's full host name, like help.school.be"
    if not (local or HOST.fullmatch(host)) or "?" in url or "#" in url:
        return "is not a plain web address (host name, then an optional path)"
    if not re.fullmatch(URL_PATH, parts.path):
        return (f"has the path '{printable(parts.path, 40)}'; give folder names of letters, digits and . _ ~ - "
                "between single slashes, without '%', '.' or '..' (like https://school.be/help/)")
    return ""


@dataclass(frozen=True)
class Phone(Pattern):
    """A phone number a parent can dial: digits with spaces, dots, hyphens or brackets, at
    least ``PHONE_DIGITS`` digits of them (a number, not a typo like "1-----")."""

    kind = "phone number"

    def check(self, text: str, at: tuple[str, ...], r: Reading, example: str) -> str | None:
        digits = sum(c.isdigit() for c in phone_digits(text))
        if re.fullmatch(self.pattern, text) and not PHONE_DIGITS[0] <= digits <= PHONE_DIGITS[1]:
            r.fail(at, f"'{printable(text, 40)}' has {digits} digit{'' if digits == 1 else 's'}, not "
                   f"{PHONE_DIGITS[0]} to {PHONE_DIGITS[1]}",
                   for_example(at, example))
            return None
        return super().check(text, at, r, example)

    def schema(self, content: Content) -> dict[str, Any]:
        shape = super().schema(content)
        least, most = PHONE_DIGITS
        shape["allOf"].append({"pattern": f"^(?=(?:[^0-9]*[0-9]){{{least}}})(?!(?:[^0-9]*[0-9]){{{most + 1}}})"})
        return shape


@dataclass(frozen=True)
class EmailAddress(Pattern):
    """An e-mail address: it lands in mailto: links and the no-JavaScript mail."""

    kind = "e-mail address"


@dataclass(frozen=True)
class Color(Pattern):
    """A colour like #rgb or #rrggbb, read as #rrggbb in lower case."""

    kind = "colour"

    def check(self, text: str, at: tuple[str, ...], r: Reading, example: str) -> str | None:
        color = super().check(text, at, r, example)
        if color is None:
            return None
        return "#" + "".join(c * 2 for c in color[1:]).lower() if len(color) == 4 else color.lower()


@dataclass(frozen=True)
class LogoFile(Text):
    """The logo: an SVG or PNG inside the school's own folder, made safe to publish
    (``logo.clean_logo``: rebuilt from an allow-list, or re-encoded). Its name never lands
    on a page (it is published as ``logo.svg`` or ``logo.png``), so only the file system
    judges it."""

    kind = "file name"

    def read(self, value: object, at: tuple[str, ...], r: Reading, example: str) -> Logo | None:  # type: ignore[override]
        if not isinstance(value, str):
            return super().read(value, at, r, example)  # type: ignore[return-value]
        return self.check(value, at, r, example)

    def check(self, text: str, at: tuple[str, ...], r: Reading, example: str) -> Logo | None:  # type: ignore[override]
        shown, path = printable(text), r.path
        folder = path.parent.resolve()
        try:
            file = (folder / text).resolve()
        except (ValueError, OSError, RuntimeError):  # a NUL byte; a loop of links (RuntimeError in pathlib)
            file = folder
        if not text or folder not in file.parents:
            r.fail(at, f"'{shown}' is not a file in {path.parent}/", "for example: logo: sintjozef.svg, beside the "
                   "school file")
            return None
        suffix = PurePath(text).suffix.lower()  # the name the school gave, a link's target aside
        if suffix not in (".svg", ".png"):
            r.fail(at, f"'{shown}' is not an .svg or .png file", "save the logo as SVG or PNG")
            return None
        try:
            exists = file.exists()
        except OSError as exc:  # a name too long for the file system, a folder that may not be read
            r.fail(at, f"'{shown}': {exc.strerror}", "check the logo's name and its folder")
            return None
        if not exists:
            what = "is a link to a file that does not exist" if (folder / text).is_symlink() else "does not exist"
            r.fail(at, f"'{shown}' {what} in {path.parent}/",
                   "put the logo beside the school file, or remove the logo line")
            return None
        try:
            data = clean_logo(read_limited(file, LOGO_MAX_BYTES, "logo"), suffix, file)
        except HelpflowError as exc:
            r.problems.extend(exc.problems)
            return None
        return Logo(f"logo{suffix}", data)

    def schema(self, content: Content) -> dict[str, Any]:
        shape = super().schema(content) | {"maxLength": 255}
        shape["allOf"].append({"pattern": "^(?!/)(?![\\s\\S]*(?:^|/)\\.\\.(?:/|$))[\\s\\S]*\\.(?:[sS][vV][gG]|"
                                          "[pP][nN][gG])$"})
        return shape


@dataclass(frozen=True)
class FlowTexts(Option[Mapping[str, Mapping[str, Mapping[str, str]]]]):
    """The school's own wording: flow -> text key -> a text (or one per language), checked
    like the model's (placeholders that name something), for the flows it publishes."""

    text: LocalText
    kind = "mapping of flow -> text key -> text"

    def read(self, value: object, at: tuple[str, ...], r: Reading,
             example: str) -> Mapping[str, Mapping[str, Mapping[str, str]]] | None:
        if not isinstance(value, Mapping):
            r.fail(at, "must be a mapping of flows", for_example(at, example))
            return None
        flows, before = tuple(r.values.get("flows", ())), len(r.problems)
        result: dict[str, Mapping[str, Mapping[str, str]]] = {}
        for slug, keys in value.items():
            if slug not in flows:
                r.fail((*at, slug), "not one of this school's flows", did_you_mean(slug, flows))
            elif not isinstance(keys, Mapping):
                r.fail((*at, slug), "must be a mapping of text keys", for_example(at, example))
            else:
                result[slug] = MappingProxyType(self._flow(slug, keys, (*at, slug), r))
        return MappingProxyType(result) if len(r.problems) == before else None

    def _flow(self, slug: str, keys: Mapping[str, Any], at: tuple[str, ...], r: Reading) -> dict[str, Mapping[str, str]]:
        flow = r.content.flows[slug]
        allowed = self.keys(r.content)[slug]
        texts: dict[str, Mapping[str, str]] = {}
        for key, given in keys.items():
            if key not in allowed:
                r.fail((*at, key), "unknown text key", did_you_mean(key, allowed))
                continue
            read = self.text.read(given, (*at, key), r, "{" + ", ".join(f"{code}: ..." for code in r.languages) + "}")
            if read is None:
                continue
            found = [(key, n, a) for text in read.values() for n, a in placeholders(text)]
            if (key == "title" or key.endswith(".title")) and any(name == "page" for _key, name, _arg in found):
                # A title is a tab's, a menu's and a link's text: it cannot hold a link itself.
                r.fail((*at, key), "a title cannot link to a page ({page:…})", "write the other page's title in words")
                continue
            check_placeholders(found, {"label": r.content.labels, "page": {**flow.questions, **flow.outcomes}},
                               lambda text_key, what, fix: r.fail((*at, text_key), what, fix))
            texts[key] = read
        return texts

    @staticmethod
    def keys(content: Content) -> dict[str, tuple[str, ...]]:
        """The keys a school may reword, by flow: every text of the flow and each question's hint."""
        return {slug: (*flow.texts, *(f"questions.{q}.hint" for q in flow.questions))
                for slug, flow in content.flows.items()}

    def schema(self, content: Content) -> dict[str, Any]:
        """The flows by name, each a mapping of texts. Not its keys: they follow each step of a
        flow, and would make the committed schema stale at every edit of a flow's steps."""
        text = self.text.schema(content)
        return {"type": "object", "additionalProperties": False, "properties": {
            slug: {"type": "object", "additionalProperties": text} for slug in content.flows}}

    def in_language(self, value: Mapping[str, Mapping[str, Mapping[str, str]]], lang: str) -> object:
        return {flow: {key: self.text.in_language(texts, lang) for key, texts in keys.items()}
                for flow, keys in value.items()}
