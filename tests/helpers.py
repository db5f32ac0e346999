"""What several test folders share: helpflow's command in-process, fixture paths,
snapshots of a folder, axe-core's verdict, the internal-reference checker.

helpflow's command run in the test's own process: the same code as the installed command
(``helpflow.cli.main``: its exit code, its output, its one-line errors), without a Python
start and imports per case. Tests of what only a process of its own shows (signals, a
hang, a killed worker, the installed script) run the command in one."""

from __future__ import annotations

import contextlib
import gzip
import io
import re
import subprocess
from collections.abc import Sequence
from html.parser import HTMLParser
from pathlib import Path
from typing import TypeVar
from urllib.parse import unquote, urljoin, urlsplit

from helpflow.cli import main
from helpflow.paths import ROOT

T = TypeVar("T")

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"
HOSTILE = FIXTURES / "hostile"
"""Bad inputs, one file a case."""
AWKWARD = FIXTURES / "schools" / "awkward.yml"
"""A school with long names, a hyphenated platform, a logo: the quality gates' second site."""
NODE_MODULES = ROOT / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def in_process(*args: str) -> subprocess.CompletedProcess[str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return subprocess.CompletedProcess(list(args), code, out.getvalue(), err.getvalue())


def share(items: Sequence[T], lang: str, languages: Sequence[str]) -> list[T]:
    """``lang``'s turn of ``items`` when the languages take turns: each item (a route, a
    question) is walked once in the browser, in one language, and each language walks some.
    Where a route leads does not depend on the language; what each page and widget state
    says in every language is held by tests/golden, and the crawl loads every one of them."""
    return list(items[languages.index(lang)::len(languages)])


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def axe_violations(page, context: str = "document") -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations in ``context`` (a selector, or the whole page), one line each."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # Evaluated, not added as a <script>: every page's own meta CSP blocks that.
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("([context, rules]) => axe.run(context === 'document' ? document : context, "
                           "{runOnly: rules, resultTypes: ['violations']})", [context, RULES])
    return [f"{v['id']} ({v['impact']}): {node['target']}: {node['failureSummary'].splitlines()[1].strip()}"
            for v in result["violations"] for node in v["nodes"]]


LOCAL = "http://local.invalid/"
"""A stand-in origin: every reference is resolved against it, so leaving it means leaving the tree."""


class _References(HTMLParser):
    """Collects every URL-bearing attribute of a page or an SVG."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("href", "src", "xlink:href", "poster", "action", "data"):
                self.urls.append(value)
            elif name in ("srcset", "imagesrcset"):
                self.urls += [part.split()[0] for part in value.split(",") if part.strip()]

    handle_startendtag = handle_starttag


def references(text: str) -> list[str]:
    parser = _References()
    parser.feed(text)
    return parser.urls


def resolve(site: Path, site_url: str, document: Path, url: str) -> Path | None:
    """The file a reference points at, or None for what is not ours to check
    (another site, mailto:, data:, a bare fragment such as the widget's state)."""
    if url.startswith(site_url):
        url = LOCAL + url[len(site_url):]
    parts = urlsplit(url)
    if parts.scheme in ("mailto", "tel", "data", "javascript") or (parts.scheme and not url.startswith(LOCAL)):
        return None
    if not parts.path and not parts.netloc:
        return None
    base = LOCAL + str(document.relative_to(site).as_posix())
    target = urlsplit(urljoin(base, url))
    if f"{target.scheme}://{target.netloc}/" != LOCAL:
        return site / "__outside_the_site__"
    path = unquote(target.path.lstrip("/"))
    return site / (path + "index.html" if path.endswith("/") or not path else path)


def broken_references(site: Path, site_url: str) -> tuple[int, list[str]]:
    """(references checked, the broken ones as 'file: url')."""
    checked, broken = 0, []
    documents = [p for p in site.rglob("*") if p.suffix in (".html", ".svg")
                 and "javascripts" not in p.parts]
    for document in documents:
        for url in references(document.read_text(encoding="utf-8")):
            target = resolve(site, site_url, document, url)
            if target is None:
                continue
            checked += 1
            if not target.resolve().is_relative_to(site.resolve()) or not target.is_file():
                broken.append(f"{document.relative_to(site)}: {url}")
    for sitemap in site.rglob("sitemap.xml*"):
        raw = sitemap.read_bytes()
        text = (gzip.decompress(raw) if sitemap.suffix == ".gz" else raw).decode("utf-8")
        urls = re.findall(r"<loc>\s*([^<\s]+)\s*</loc>", text) + re.findall(r'\bhref="([^"]+)"', text)
        assert urls, f"{sitemap}: an empty sitemap"
        for url in urls:
            checked += 1
            target = resolve(site, site_url, site / "index.html", url.replace("&amp;", "&"))
            if target is None or not target.is_file():
                broken.append(f"{sitemap.relative_to(site)}: {url} (outside {site_url} or missing)")
    return checked, broken
