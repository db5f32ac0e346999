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

import contextlib
import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from helpflow.headers import NGINX_FILE
from helpflow.pages import HOME, html_name
from helpflow.plan import page_paths

if TYPE_CHECKING:
    from helpflow.content import Content
    from helpflow.school import School

MAX_REQUESTS = 12
MAX_BYTES = 80 * 1024
SEARCH_OR_SITEMAP = re.compile(r"search_index|workers/search|/lunr/|sitemap\.xml")
"""Requests a first visit must not make: they wait for the parent to open search."""
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
NGINX = "/usr/sbin/nginx"
GZIP_TYPES = "text/css application/javascript application/json text/xml application/xml image/svg+xml"
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


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def nginx(site: Path) -> Iterator[str]:
    """``site`` served by nginx on 127.0.0.1 with its own ``nginx.conf`` and gzip; yields the base URL."""
    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="bench-nginx-") as tmp:
        conf = Path(tmp) / "nginx.conf"
        conf.write_text(f"""daemon off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    gzip on;
    gzip_types {GZIP_TYPES};
    gzip_comp_level 6;
    server {{
        listen 127.0.0.1:{port};
        root {site};
        include {site}/{NGINX_FILE};
    }}
}}
""", encoding="utf-8")
        process = subprocess.Popen([NGINX, "-p", tmp, "-c", str(conf), "-e", f"{tmp}/error.log"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            _wait_for(port, process)
            yield f"http://127.0.0.1:{port}/"
        finally:
            process.terminate()
            process.wait(timeout=10)


def _wait_for(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx stopped at once (exit {process.returncode})")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return
        time.sleep(0.05)
    raise RuntimeError("nginx did not start listening")


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

    with nginx(site) as base, sync_playwright() as p:
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
    from helpflow.cli import CONTENT, SCHOOLS
    from helpflow.content import load_content
    from helpflow.mkdocs_site import build_school
    from helpflow.school import load_school

    if not Path(NGINX).is_file() or not shutil.which("chromium", path="/usr/bin"):
        print("  MISSED: nginx or Chromium is missing (`make test` installs them)")
        return False
    with tempfile.TemporaryDirectory(prefix="bench-page-") as tmp:
        Path(tmp).chmod(0o755)  # nginx's workers read the site as an unprivileged user
        site = Path(tmp) / "site"
        content = load_content(CONTENT)
        build_school(SCHOOLS / "demo.yml", site, content)
        return report(first_visits(site, pages(content, load_school(SCHOOLS / "demo.yml", content))))
