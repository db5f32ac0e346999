"""First visit to a page: requests, gzip bytes, nothing for search or sitemaps (budget 12, 80 KB).

Issue 12, target 5. Each page (every language's home, a flow's home, an outcome) is opened
once in a fresh Chromium context, so with an empty cache, from the demo site served by a
real nginx with the build's own ``nginx.conf`` and gzip as Debian's nginx.conf suggests it
(level 6, text types). Transferred bytes are what the network carried, headers and gzipped
bodies, over HTTP/1.1: every response's headers (the security headers among them) count
whole, where HTTP/2 would send them once. Material's search (its worker, lunr, the index)
and its sitemap lookups must wait until the parent opens search.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from helpflow.plan.pages import HOME, html_name
from helpflow.plan.site import page_paths

from .nginx import has_nginx, served

if TYPE_CHECKING:
    from helpflow.load.content import Content
    from helpflow.model.school import School

MAX_REQUESTS = 12
MAX_BYTES = 80 * 1024
SEARCH_OR_SITEMAP = re.compile(r"search_index|workers/search|/lunr/|sitemap\.xml")
"""Requests a first visit must not make: they wait for the parent to open search."""
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
"""What a host's usual ``gzip_types`` compresses besides HTML (Debian's suggested list, and SVG)."""


class Visit(NamedTuple):
    page: str
    urls: list[str]
    transferred: int

    @property
    def early(self) -> list[str]:
        """Requests for search or a sitemap, which a first visit should not make."""
        return [url for url in self.urls if SEARCH_OR_SITEMAP.search(url)]


def pages(content: Content, school: School) -> list[str]:
    """Every language's home, then the first flow's home and first outcome in the first language."""
    lang, flow = school.languages[0], content.flows_of(school)[0]
    paths = page_paths(content, school, lang)
    return ([f"{other}/index.html" for other in school.languages]
            + [f"{lang}/{html_name(paths[f'{flow.slug}/{key}'])}" for key in (HOME, flow.routes()[0].outcome)])


def visit(browser, base: str, page_path: str) -> Visit:
    """One first visit: every request until the network has been quiet, and the bytes it carried."""
    context = browser.new_context()
    finished = []
    context.on("requestfinished", lambda request: finished.append(request))
    page = context.new_page()
    page.goto(base + page_path, wait_until="networkidle")
    page.wait_for_timeout(500)  # anything started late (a worker's own imports) shows up too
    transferred = 0
    for request in finished:  # a copy from the memory cache (the favicon, once the logo came) carried 0
        sizes = request.sizes()
        transferred += max(0, sizes["responseHeadersSize"] + sizes["responseBodySize"])
    urls = [request.url.removeprefix(base) for request in finished]
    context.close()
    return Visit(page_path, urls, transferred)


def first_visits(site: Path, targets: list[str]) -> list[Visit]:
    from playwright.sync_api import sync_playwright

    with served(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            return [visit(browser, base, page_path) for page_path in targets]
        finally:
            browser.close()


def _verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def report(visits: list[Visit]) -> bool:
    """Print each page's figures against the budget; return whether every page met it."""
    ok = True
    for v in visits:
        fine = (len(v.urls) <= MAX_REQUESTS, v.transferred <= MAX_BYTES, not v.early)
        ok = ok and all(fine)
        print(f"  {v.page}: {len(v.urls)} requests (target <= {MAX_REQUESTS}: {_verdict(fine[0])}), "
              f"{v.transferred / 1024:.1f} KB transferred (target <= {MAX_BYTES // 1024} KB: {_verdict(fine[1])}), "
              f"search or sitemap before use: {', '.join(v.early) or 'none'} (target none: {_verdict(fine[2])})")
    return ok


def run() -> bool:
    from helpflow.build.mkdocs_site import build_school
    from helpflow.load.content import load_content
    from helpflow.load.school import load_school
    from helpflow.paths import CONTENT, SCHOOLS

    if not has_nginx() or not shutil.which("chromium", path="/usr/bin"):
        print("  MISSED: nginx or Chromium is missing (`make test` installs them)")
        return False
    with tempfile.TemporaryDirectory(prefix="bench-page-") as tmp:
        Path(tmp).chmod(0o755)  # nginx's workers read the site as an unprivileged user
        site = Path(tmp) / "site"
        content = load_content(CONTENT)
        build_school(SCHOOLS / "demo.yml", site, content)
        return report(first_visits(site, pages(content, load_school(SCHOOLS / "demo.yml", content))))
