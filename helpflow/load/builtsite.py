"""What the pages of a built site are, read from the site itself: for ``helpflow stats``.

A log names addresses; a school wants flows and pages. The site as it was published says
which is which, whatever helpflow version built it and whatever the school file says now:
its languages are the folders its root page links to, its base path is in the root page's
canonical link, and each outcome page's "Did this help?" links name its flow and outcome.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from helpflow.errors import HelpflowError, problem
from helpflow.load.safefile import read_limited_text
from helpflow.paths import FEEDBACK_FOLDER, STATEMENT_PAGE

PAGE_MAX = 8 << 20
"""A built page is tens of kilobytes; one far larger is not helpflow's."""

NOT_PAGES = ("assets", "search", FEEDBACK_FOLDER)
"""A language's folders of anything but pages."""
_LANGUAGE = re.compile(r'<a href="([a-z]{2,3})/index\.html" hreflang="\1"')
_CANONICAL = re.compile(r'<link rel="canonical" href="([^"]*)"')
_ANSWER = re.compile(r'href="([^"]*feedback/(?:yes|no)\.html\?[^"]*)"')


@dataclass(frozen=True)
class PageId:
    language: str
    flow: str
    """The flow's slug, or "" for a page of no flow (a help centre, the statement)."""
    page: str
    """The page's address within its flow's folder, without ``.html`` (``mail-naar-de-school``)."""


@dataclass(frozen=True)
class BuiltSite:
    base: str
    """The site's path on its host (``/`` or ``/help/``): every address in a log starts with it."""
    languages: tuple[str, ...]
    pages: dict[str, PageId]
    """Address under the base (``nl/wachtwoord-vergeten/index.html``) -> the page."""
    outcomes: dict[tuple[str, str, str], PageId]
    """(language, flow, outcome id) -> its page, from the answers' links."""


def read_site(site: Path) -> BuiltSite:
    """Read a site helpflow built; raise a one-line error if ``site`` is not one."""
    root = site / "index.html"
    if not root.is_file():
        raise HelpflowError(problem(site, "", "not a site helpflow built (no index.html)",
                                    "name the folder `helpflow build` wrote, e.g. --site site/"))
    text = read_limited_text(root, PAGE_MAX, "page")
    languages = tuple(dict.fromkeys(_LANGUAGE.findall(text)))
    canonical = _CANONICAL.search(text)
    if not languages or canonical is None:
        raise HelpflowError(problem(root, "", "not the root page of a helpflow site (no language links)",
                                    "name the folder `helpflow build` wrote, e.g. --site site/"))
    base = urlsplit(html.unescape(canonical[1])).path or "/"
    pages: dict[str, PageId] = {}
    outcomes: dict[tuple[str, str, str], PageId] = {}
    for lang in languages:
        found = sorted(p.relative_to(site / lang).as_posix() for p in (site / lang).rglob("*.html")
                       if p.name != "404.html" and p.relative_to(site / lang).parts[0] not in NOT_PAGES)
        folders: dict[str, str] = {}  # a folder of pages -> its flow, from its outcome pages
        links: dict[str, list[tuple[str, str]]] = {}
        for address in found:
            answers = _ANSWER.findall(read_limited_text(site / lang / address, PAGE_MAX, "page"))
            for href in answers[:1]:
                query = parse_qs(urlsplit(html.unescape(href)).query)
                flow, outcome = query.get("flow", [""])[0], query.get("outcome", [""])[0]
                folders[address.rpartition("/")[0]] = flow
                links[address] = [(flow, outcome)]
        for address in found:
            folder, _, name = address.rpartition("/")
            of_no_flow = address == STATEMENT_PAGE.removesuffix(".md") + ".html"
            page = PageId(lang, "" if of_no_flow else folders.get(folder, ""), name.removesuffix(".html"))
            pages[f"{lang}/{address}"] = page
            for flow, outcome in links.get(address, ()):
                outcomes[lang, flow, outcome] = page
    return BuiltSite(base, languages, pages, outcomes)
