"""Decision widget: its JS + CSS gzipped (budget 10 KB) and answer-click-to-next-step time.

The size is of the files a parent's browser downloads: the built site's minified widget
modules and style sheet (``assets/widget/*.js``, ``assets/helpflow.*.css``), not their
commented sources in ``docs/assets/``.

The time is measured inside headless Chromium over 100 answer clicks on the built demo
site, served on 127.0.0.1 only: from the click to the DOM showing the next step, and
from the click to the next frame (``requestAnimationFrame`` then a task), which is
what a parent sees.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import statistics
import tempfile
import threading
from pathlib import Path

BUDGET = 10 * 1024
CLICKS = 100
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]

_MEASURE = """async () => {
  const button = document.querySelector('#hf-widget .hf-question .hf-buttons button');
  const before = document.querySelector('#hf-widget .hf-heading').textContent;
  const t0 = performance.now();
  button.click();
  const t1 = performance.now();
  if (document.querySelector('#hf-widget .hf-heading').textContent === before) throw new Error('no new step');
  await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
  return [t1 - t0, performance.now() - t0];
}"""
_RESTART = """() => { const b = document.querySelector('#hf-widget .hf-answers-given .md-button'); b.click(); }"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def gzipped_size(site: Path) -> dict[str, int]:
    """Bytes of each widget file the site serves, gzipped at the level a static host typically uses."""
    assets = [*sorted((site / "assets" / "widget").glob("*.js")), *sorted((site / "assets").glob("helpflow.*.css"))]
    if len(assets) < 2:
        raise RuntimeError(f"no widget script or style sheet in {site / 'assets'}")
    return {path.name: len(gzip.compress(path.read_bytes(), compresslevel=6)) for path in assets}


def _p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


def click_times(site: Path) -> tuple[list[float], list[float]]:
    """(DOM updated, next frame) in ms for each of CLICKS answer clicks on the Dutch home page."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    dom, frame = [], []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/nl/wachtwoord-vergeten/index.html")
            page.wait_for_selector("#hf-widget.hf-ready")
            for _ in range(5):  # warm up the JIT, as a parent's second click would be
                page.evaluate(_MEASURE)
                page.evaluate(_MEASURE)
                page.evaluate(_RESTART)
            while len(dom) < CLICKS:
                for _ in range(2):  # first question -> second question -> outcome
                    d, f = page.evaluate(_MEASURE)
                    dom.append(d)
                    frame.append(f)
                page.evaluate(_RESTART)
            browser.close()
    finally:
        server.shutdown()
    return dom[:CLICKS], frame[:CLICKS]


def run() -> bool:
    from helpflow.build.mkdocs_site import build_school
    from helpflow.load.content import load_content
    from helpflow.paths import CONTENT, SCHOOLS

    with tempfile.TemporaryDirectory(prefix="bench-widget-") as tmp:
        site = Path(tmp) / "site"
        build_school(SCHOOLS / "demo.yml", site, load_content(CONTENT))
        sizes = gzipped_size(site)
        total = sum(sizes.values())
        print("  gzipped, as served: " + ", ".join(f"{name} {size} B" for name, size in sizes.items())
              + f"; total {total} B = {total / 1024:.1f} KB (budget {BUDGET // 1024} KB)")
        dom, frame = click_times(site)
    print(f"  answer click -> next step in the DOM, {len(dom)} clicks: "
          f"median {statistics.median(dom):.2f} ms, p95 {_p95(dom):.2f} ms")
    print(f"  answer click -> next frame shown, {len(frame)} clicks: "
          f"median {statistics.median(frame):.2f} ms, p95 {_p95(frame):.2f} ms")
    ok = total <= BUDGET
    if not ok:
        print(f"  OVER BUDGET by {total - BUDGET} B")
    return ok
