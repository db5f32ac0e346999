"""A school's own file: its name, platform, secretariat, colours, logo, and its own practice.

Written by a secretariat, not a developer, so every mistake gets its own line that
says what is wrong and shows an example of right. What differs between schools (how
usernames are made, where parents gave their e-mail address, a phone line, its own
wording of any text) is stated here, with the seed school's practice as the default.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from helpflow.errors import HelpflowError, did_you_mean, printable, problem
from helpflow.load.flowfile import check_placeholders
from helpflow.load.logo import MAX_BYTES as LOGO_MAX_BYTES
from helpflow.load.logo import clean_logo
from helpflow.load.safefile import read_limited
from helpflow.load.yamlfile import line_of, read_yaml
from helpflow.model.placeholders import placeholders
from helpflow.model.school import DEFAULT_COLORS, LOCAL_HOSTS, Logo, School
from helpflow.model.usernames import FORMAT, UsernameRule

if TYPE_CHECKING:
    from helpflow.load.content import Content

KEYS = ("name", "smartschool", "email", "site_url", "platform_language", "languages", "colors", "logo",
        "flows", "username", "contact", "email_given", "texts")
REQUIRED = ("name", "smartschool", "email", "site_url")
PHONE = re.compile(r"^\+?[0-9][0-9 ./()-]{5,24}$")
HOURS_MAX = 120
DNS_LABEL = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")
EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                   r"(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")
COLOR = re.compile(r"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
HOST = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$")
"""A DNS name of two labels or more: a school's site has a public name, not ``intranet``."""
URL_PATH = re.compile(r"^[A-Za-z0-9._~%/-]*$")
"""Path characters that need no escaping anywhere the address lands (HTML, XML, CNAME)."""
SLUG = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")
"""A school file's name without ``.yml``: it names the school's folder in ``build --all``."""
NAME_MAX = 120
"""Longer than a header can show, and most likely a pasted paragraph."""
URL_MAX = 200
EMAIL_MAX = 254
"""RFC 5321's limit for a whole address."""
TEXT_MAX = 1000
"""A school's own text: a few sentences. The model's longest is about 260 characters; far
longer is a pasted page, and would not fit a diagram's label (Graphviz stops at 16 KB)."""
URL_EXAMPLE = "https://help.sintjozef.be/"


def school_slug(path: Path) -> str:
    """The school's folder name in ``build --all``: its file name without ``.yml``, checked,
    so that a file named ``..yml``, ``...yml`` or ``.yml`` never names the output folder
    itself, its parent or a hidden folder."""
    slug = path.name.removesuffix(".yml")
    if not SLUG.fullmatch(slug):
        raise HelpflowError(problem(path, "", f"the file name '{printable(path.name)}' cannot name the school's "
                                    "folder (lower-case letters a-z, digits and hyphens, before .yml)",
                                    "rename the file, for example to sint-jozef.yml"))
    return slug


def load_school(path: Path, content: Content) -> School:
    """Load and validate one school file against the content (its languages, flows and
    texts); raise HelpflowError listing every problem."""
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
            problems.append(problem(path, printable(key), "unknown key", did_you_mean(key, KEYS), line_of(raw, key)))
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
        pasted = re.fullmatch(r"(?:https?://)?([^/.]+)\.smartschool\.be(?:[/?#].*)?", smartschool, re.I)
        if pasted:
            notes.append(problem(path, "smartschool", f"'{printable(smartschool)}' reduced to "
                                 f"'{printable(pasted[1].lower())}'", "the platform's name is enough"))
            smartschool = pasted[1]
        if smartschool != smartschool.lower():
            notes.append(problem(path, "smartschool", f"'{printable(smartschool)}' written in lower case",
                                 "platform names are lower case"))
            smartschool = smartschool.lower()
        if not DNS_LABEL.fullmatch(smartschool):
            fail("smartschool", f"'{printable(smartschool)}' is not a platform name (a-z, 0-9 and hyphens,"
                 " 1 to 63 characters, no hyphen first or last)", "sintjozef")
    elif "smartschool" in raw:
        fail("smartschool", "must be your platform's name, as in <name>.smartschool.be", "sintjozef")

    email = _text(raw.get("email", ""))
    if "email" in raw and (len(email) > EMAIL_MAX or not EMAIL.fullmatch(email)):
        fail("email", f"'{printable(email)}' is not an e-mail address", "secretariaat@sintjozef.be")

    site_url = _text(raw.get("site_url", ""))
    if "site_url" in raw:
        wrong = _site_url_problem(site_url)
        if wrong:
            fail("site_url", f"'{printable(site_url)}' {wrong}", URL_EXAMPLE)
        elif not site_url.endswith("/"):
            site_url += "/"

    registry = content.languages
    platforms = " or ".join(registry.platform)
    platform_language = _text(raw.get("platform_language", registry.platform[0]))
    if platform_language not in registry.platform:
        fail("platform_language", f"'{printable(platform_language)}' is not a Smartschool language ({platforms})",
             registry.platform[0])

    every = f"[{', '.join(registry)}]"
    languages = raw.get("languages", list(registry))
    if not isinstance(languages, list) or not languages:
        fail("languages", "must be a list of languages", every)
        languages = []
    for lang in languages:
        if not isinstance(lang, str) or lang not in registry:
            fail("languages", f"'{printable(str(lang))}' is not available ({', '.join(registry)})", every)
    if len(set(map(str, languages))) != len(languages):
        fail("languages", "a language is listed twice", every)

    flows = raw.get("flows", list(content.flows))
    if not isinstance(flows, list) or not flows:
        fail("flows", "must be a list of flows", f"[{', '.join(content.flows)}]")
        flows = []
    for slug in flows:
        if not isinstance(slug, str) or slug not in content.flows:
            problems.append(problem(path, "flows", f"'{printable(str(slug))}' is not a flow",
                                    did_you_mean(str(slug), content.flows), line_of(raw, "flows")))
    if len(set(map(str, flows))) != len(flows):
        fail("flows", "a flow is listed twice", f"[{', '.join(content.flows)}]")

    username = _username(path, raw, problems)
    choices = content.email_given_choices
    email_given = _text(raw.get("email_given", choices[0]))
    if email_given not in choices:
        problems.append(problem(path, "email_given", f"'{printable(email_given)}' is not a choice",
                                did_you_mean(email_given, choices), line_of(raw, "email_given")))
    phone, hours = _contact(path, raw, problems)

    colors = raw.get("colors", {})
    if not isinstance(colors, dict):
        fail("colors", "must be a mapping", '{primary: "#0b5fff", accent: "#ff6d00"}')
        colors = {}
    for key in colors:
        if key not in DEFAULT_COLORS:
            problems.append(problem(path, f"colors.{printable(key)}", "unknown key", did_you_mean(key, DEFAULT_COLORS),
                                    line_of(raw, "colors")))
        elif not isinstance(colors[key], str) or not COLOR.fullmatch(colors[key]):
            shown = printable(colors[key]) if isinstance(colors[key], str) else "a list or mapping"
            fail(f"colors.{key}", f"'{shown}' is not a colour like #rgb or #rrggbb", '"#0b5fff"')

    logo = _logo(path, raw, problems) if "logo" in raw else None
    texts = _texts(path, raw, content, tuple(map(str, flows)), tuple(map(str, languages)), problems)
    if problems:
        raise HelpflowError(problems)
    return School(
        slug=path.stem, source=path, name=name, smartschool=smartschool, email=email,
        site_url=site_url, platform_language=platform_language, languages=tuple(languages),
        primary=_long_hex(colors.get("primary", DEFAULT_COLORS["primary"])),
        accent=_long_hex(colors.get("accent", DEFAULT_COLORS["accent"])),
        logo=logo, notes=tuple(notes), flows=tuple(flows), username=username, email_given=email_given,
        phone=phone, hours=hours, texts=texts,
    )


def _site_url_problem(url: str) -> str:
    """What is wrong with ``url`` as the public address of a site, or "".

    The address lands in every page, the sitemap and CNAME, so it must be a plain public
    https address: no user name, no port outside 1-65535, a DNS name rather than an IP
    literal or a one-word intranet host. http and numeric hosts are for a local preview."""
    if len(url) > URL_MAX:
        return f"is {len(url)} characters long, more than {URL_MAX}"
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
    if not (local or HOST.fullmatch(host)) or parts.query or parts.fragment or not URL_PATH.fullmatch(parts.path):
        return "is not a plain web address (host name, then an optional path)"
    return ""


def _text(value: object) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def _long_hex(color: str) -> str:
    return "#" + "".join(c * 2 for c in color[1:]).lower() if len(color) == 4 else color.lower()


def _username(path: Path, raw: dict, problems: list[str]) -> UsernameRule:
    """How the school makes usernames; the seed school's rule when it does not say."""
    spec = raw.get("username", {})
    line = line_of(raw, "username")
    example = 'for example: username: {format: "{first}.{last}", accents: strip, special: drop}'
    if not isinstance(spec, dict):
        problems.append(problem(path, "username", "must be a mapping", example, line))
        return UsernameRule()
    choices = {"format": None, "accents": ("keep", "strip"), "special": ("keep", "drop")}
    for key in spec:
        if key not in choices:
            problems.append(problem(path, f"username.{printable(key)}", "unknown key", did_you_mean(key, choices),
                                    line))
    rule = UsernameRule(**{k: v for k, v in spec.items() if k in choices and isinstance(v, str)})
    if not FORMAT.fullmatch(rule.format) or "{first}" not in rule.format and "{last}" not in rule.format:
        problems.append(problem(path, "username.format", f"'{printable(rule.format)}' is not a username format",
                                "use {first} and {last} with letters, digits, '.', '_' or '-', like "
                                '"{first}.{last}"', line))
    for key in ("accents", "special"):
        if getattr(rule, key) not in (choices[key] or ()):
            problems.append(problem(path, f"username.{key}", f"'{printable(getattr(rule, key))}' is not allowed",
                                    did_you_mean(str(getattr(rule, key)), choices[key] or ()), line))
    return rule


def _contact(path: Path, raw: dict, problems: list[str]) -> tuple[str, str]:
    """The secretariat's phone number and opening hours, both optional."""
    spec = raw.get("contact", {})
    line = line_of(raw, "contact")
    if not isinstance(spec, dict):
        problems.append(problem(path, "contact", "must be a mapping",
                                'for example: contact: {phone: "+32 9 123 45 67", hours: "ma-vr 8-16 u"}', line))
        return "", ""
    for key in spec:
        if key not in ("phone", "hours"):
            problems.append(problem(path, f"contact.{printable(key)}", "unknown key",
                                    did_you_mean(key, ("phone", "hours")),
                                    line))
    phone, hours = _text(spec.get("phone", "")), _text(spec.get("hours", ""))
    if "phone" in spec and not PHONE.fullmatch(phone):
        problems.append(problem(path, "contact.phone", f"'{printable(phone, 40)}' is not a phone number",
                                'for example: phone: "+32 9 123 45 67"', line))
    if len(hours) > HOURS_MAX or ("hours" in spec and not hours):
        problems.append(problem(path, "contact.hours", f"must be a short text of 1 to {HOURS_MAX} characters",
                                'for example: hours: "maandag tot vrijdag, 8 tot 16 uur"', line))
    if hours and not phone:
        problems.append(problem(path, "contact.hours", "opening hours without a phone number",
                                "add contact.phone, or remove the hours", line))
    return phone, hours


def _texts(path: Path, raw: dict, content: Content, flows: tuple[str, ...], languages: tuple[str, ...],
           problems: list[str]) -> dict[str, dict[str, dict[str, str]]]:
    """The school's own wording: flow -> text key -> language -> text, checked like the model's."""
    spec: Any = raw.get("texts", {})
    line = line_of(raw, "texts")
    example = "for example: texts: {wachtwoord-vergeten: {title: {nl: ..., fr: ..., en: ...}}}"
    if not isinstance(spec, dict):
        problems.append(problem(path, "texts", "must be a mapping of flows", example, line))
        return {}
    result: dict[str, dict[str, dict[str, str]]] = {}
    for slug, keys in spec.items():
        where = line_of(spec, slug) or line
        if slug not in flows:
            problems.append(problem(path, f"texts.{printable(slug)}", "not one of this school's flows",
                                    did_you_mean(slug, flows), where))
            continue
        flow = content.flows[slug]
        allowed = tuple(flow.texts) + tuple(f"questions.{q}.hint" for q in flow.questions)
        if not isinstance(keys, dict):
            problems.append(problem(path, f"texts.{slug}", "must be a mapping of text keys", example, where))
            continue
        for key, texts in keys.items():
            full = f"texts.{slug}.{printable(key)}"
            at = line_of(keys, key) or where
            if key not in allowed:
                problems.append(problem(path, full, "unknown text key", did_you_mean(key, allowed), at))
                continue
            if not isinstance(texts, dict):
                problems.append(problem(path, full, "must give the text per language",
                                        f"for example: {key}: {{{', '.join(f'{code}: ...' for code in languages)}}}", at))
                continue
            for lang in texts:
                if lang not in languages:
                    problems.append(problem(path, f"{full}.{printable(lang)}", "not one of this school's languages",
                                            did_you_mean(lang, languages), line_of(texts, lang) or at))
            for lang in languages:
                if not isinstance(texts.get(lang), str) or not texts[lang].strip():
                    problems.append(problem(path, f"{full}.{printable(lang)}", "missing text in this school's "
                                            "language", f"add '{printable(lang)}:' with the text", at))
                elif len(texts[lang]) > TEXT_MAX:
                    problems.append(problem(path, f"{full}.{lang}", f"is {len(texts[lang])} characters long, "
                                            f"more than {TEXT_MAX}", "keep a school's own text to a few sentences",
                                            at))
            given = {lang: " ".join(texts[lang].split()) for lang in languages if isinstance(texts.get(lang), str)}
            found = [(full, n, a) for text in given.values() for n, a in placeholders(text)]
            check_placeholders(found, {"label": content.labels, "page": {**flow.questions, **flow.outcomes}},
                               lambda k, what, fix, at=at: problems.append(problem(path, k, what, fix, at)))
            result.setdefault(slug, {})[key] = given
    return result


def _logo(path: Path, raw: dict, problems: list[str]) -> Logo | None:
    """The logo, if it is an SVG or PNG inside the school's own folder, made safe to publish
    (``logo.clean_logo``: rebuilt from an allow-list, or re-encoded)."""
    name = _text(raw["logo"])
    line = line_of(raw, "logo")
    shown = printable(name)
    folder = path.parent.resolve()
    try:
        file = (folder / name).resolve()
    except (ValueError, OSError, RuntimeError):  # a NUL byte; a loop of links (RuntimeError in pathlib)
        file = folder
    if not name or folder not in file.parents:
        problems.append(problem(path, "logo", f"'{shown}' is not a file in {path.parent}/",
                                "for example: logo: sintjozef.svg, beside the school file", line))
        return None
    suffix = file.suffix.lower()
    if suffix not in (".svg", ".png"):
        problems.append(problem(path, "logo", f"'{shown}' is not an .svg or .png file",
                                "save the logo as SVG or PNG", line))
        return None
    try:
        exists = file.exists()
    except OSError as exc:  # a name too long for the file system, a folder that may not be read
        problems.append(problem(path, "logo", f"'{shown}': {exc.strerror}", "check the logo's name and its folder",
                                line))
        return None
    if not exists:
        problems.append(problem(path, "logo", f"'{shown}' does not exist in {path.parent}/",
                                "put the logo beside the school file, or remove the logo line", line))
        return None
    try:
        data = clean_logo(read_limited(file, LOGO_MAX_BYTES, "logo"), suffix, file)
    except HelpflowError as exc:
        problems.extend(exc.problems)
        return None
    return Logo(f"logo{suffix}", data)
