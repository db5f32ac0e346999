"""A parent's first visit (issue 12, target 5): a light page that loads search only when the
parent searches, no sitemap lookups, one stylesheet of ours, and a logo that keeps its place.

Real Chromium on the demo site; ``bench/bench_page.py`` measures the same visits' bytes
through nginx with gzip.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from playwright.sync_api import expect

from helpflow.load.logo import intrinsic_size
from helpflow.plan.pages import HOME, html_name
from helpflow.plan.site import page_paths
from helpflow.publish.headers import FINGERPRINTED
from helpflow.publish.theme_assets import share_ours

SEARCH_OR_SITEMAP = re.compile(r"search_index|workers/search|/lunr/|sitemap\.xml")
MAX_REQUESTS = 12
FLOW, OUTCOME = "wachtwoord-vergeten", "self-reset"


def first_pages(content, demo) -> list[str]:
    """Every language's home, and a flow's home and one of its outcomes."""
    paths = page_paths(content, demo, "nl")
    return ([f"{lang}/index.html" for lang in demo.languages]
            + [f"nl/{html_name(paths[f'{FLOW}/{key}'])}" for key in (HOME, OUTCOME)])


@pytest.fixture(params=range(5), ids=["nl", "fr", "en", "flow-home", "outcome"])
def first_page(request, content, demo) -> str:
    return first_pages(content, demo)[request.param]


def test_a_first_visit_loads_nothing_for_search_or_sitemaps(watched_page, demo_url, first_page):
    page = watched_page
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url.removeprefix(demo_url)))
    page.goto(demo_url + first_page, wait_until="networkidle")
    assert not [url for url in requested if SEARCH_OR_SITEMAP.search(url)], requested
    assert len(requested) <= MAX_REQUESTS, requested


def test_every_script_and_stylesheet_of_a_first_visit_is_one_copy_named_by_its_content(page, demo_url, content, demo):
    """Each comes from the site's root under a name with its content's hash, the name the hosts
    keep for a year (``headers.FINGERPRINTED``): a second page, or another language, loads none again."""
    loaded: set[str] = set()
    page.on("request", lambda request: loaded.add(request.url.removeprefix(demo_url))
            if request.resource_type in ("script", "stylesheet") else None)
    for address in first_pages(content, demo):
        page.goto(demo_url + address, wait_until="networkidle")
    assert loaded and all(url.startswith("assets/") and re.search(FINGERPRINTED, url) for url in loaded), loaded
    names = [url.rsplit("/", 1)[-1].split(".")[0] for url in loaded]
    assert len(names) == len(set(names)), f"a file loaded under two names: {sorted(loaded)}"


MODULES = {
    "assets/widget/main.js": '// loads the rest\nimport { mark } from "./widget.js";\nmark("main");\n'
                             'import(new URL(`../tools/${"extra"}.js`, import.meta.url).href).then(m => mark(m.default));\n',
    "assets/widget/widget.js": 'import { dom } from "../lib/dom.js";\nexport function mark(name) {\n'
                               '  /* a regex and a template literal the minifier must keep */\n'
                               '  dom().dataset.loaded = `${dom().dataset.loaded || ""} ${name}`.replace(/^ +/, "");\n}\n',
    "assets/lib/dom.js": "export function dom() {\n  return document.body; // the page\n}\n",
    "assets/tools/extra.js": 'import { dom } from "../lib/dom.js";\nexport default dom() ? "extra" : "none";\n',
}


def test_minified_modules_named_by_their_content_still_load_each_other_in_chromium(watched_page, serve, tmp_path):
    """Static, dynamic and computed imports across folders, after ``share_ours`` minified and renamed them."""
    for lang in ("nl", "fr"):
        for path, text in MODULES.items():
            (tmp_path / lang / path).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / lang / path).write_text(text, encoding="utf-8")
        (tmp_path / lang / "index.html").write_text(
            '<!doctype html><html><body><script type="module" src="assets/widget/main.js"></script></body></html>',
            encoding="utf-8")
    share_ours(tmp_path, ("nl", "fr"))
    assert not (tmp_path / "nl" / "assets").exists()
    page = watched_page
    for lang in ("nl", "fr"):
        page.goto(f"{serve(tmp_path)}{lang}/index.html")
        expect(page.locator("body")).to_have_attribute("data-loaded", "main extra")


def test_search_loads_when_the_parent_searches_and_finds_a_dutch_word(watched_page, demo_url):
    page = watched_page
    page.goto(f"{demo_url}nl/index.html", wait_until="networkidle")
    with page.expect_request(re.compile(r"search/search_index\.json$")):
        page.locator("input.md-search__input").focus()
    page.keyboard.type("wachtwoord")
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    expect(page.locator(".md-search-result__item").first).to_contain_text(re.compile("wachtwoord", re.I))


def test_the_logo_keeps_its_place_while_it_loads(watched_page, demo_url):
    """The header's logo takes its width before the image arrives: the title beside it never moves."""
    page = watched_page
    held = []
    page.route(re.compile(r"/logo\.[0-9a-f]+\.(svg|png)$"), lambda route: held.append(route))
    page.goto(f"{demo_url}nl/index.html", wait_until="domcontentloaded")
    logo = page.locator(".md-header__button.md-logo img")
    title = page.locator(".md-header__title")
    before = (logo.bounding_box(), title.bounding_box())
    assert held and before[0]["width"] > 0, "the logo has no width before it loads"
    for route in held:
        route.fallback()
    page.wait_for_function("() => document.querySelector('.md-header__button.md-logo img').complete")
    assert (logo.bounding_box(), title.bounding_box()) == before


@pytest.mark.parametrize(("attributes", "shape"), [
    ('width="120" height="48"', (120, 48)),
    ('width="30mm" height="10mm" viewBox="0 0 1 1"', (3, 1)),   # absolute sizes win over the viewBox
    ('width="100%" viewBox="0,0,200,50"', (4, 1)),              # a relative size says nothing of the shape
    ('width="10em" height="2em"', None),
])
def test_any_svg_logo_that_states_its_shape_keeps_its_place(attributes, shape):
    """As a browser reads it: the page's CSS reserves the logo's box from this shape."""
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" {attributes}><rect width="1" height="1"/></svg>'
    size = intrinsic_size(svg.encode(), "logo.svg")
    assert (size and round(size[0] / size[1], 6)) == (shape and round(shape[0] / shape[1], 6))


class _Stylesheets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "link" and dict(attrs).get("rel") == "stylesheet":
            self.found.append(dict(attrs))


def test_one_stylesheet_of_ours_and_none_for_print_that_blocks_the_screen(demo_site: Path, content, demo):
    """Material's stylesheet and ours (print rules inside, under @media print): nothing else
    holds up the first paint."""
    for page in first_pages(content, demo):
        parser = _Stylesheets()
        parser.feed((demo_site / page).read_text(encoding="utf-8"))
        names = [link["href"].rsplit("/", 1)[-1] for link in parser.found]
        assert len(names) == 2 and re.fullmatch(r"helpflow\.[0-9a-f]+\.css", names[-1]) and names[0].startswith("main."), \
            (page, names)
        assert not [link for link in parser.found if "print" in link["href"] and link.get("media") != "print"]


SHIFTS = """() => new Promise(done => {
  const found = [];
  new PerformanceObserver(list => list.getEntries().forEach(e => { if (!e.hadRecentInput) found.push({
    value: e.value, sources: e.sources.map(s => [s.node && s.node.nodeType === 1 ? s.node.outerHTML.slice(0, 120)
      : String(s.node && s.node.nodeName), JSON.stringify(s.previousRect), JSON.stringify(s.currentRect)])}); }))
    .observe({ type: "layout-shift", buffered: true });
  setTimeout(() => done(found), 300);
})"""
UNSEEN = 0.001
"""A layout shift score no reader sees: a hundredth of what Chromium's metrics call good (0.1).
A quiet machine measures 0; a loaded one once measured 0.000115 on the help centre."""
SCRIPT = re.compile(r"\.js$")
HEADING_LEVELS = "() => [...document.querySelectorAll('article h1, article h2, article h3, article h4')].map(h => +h.tagName[1])"


def steady_pages(content, demo) -> list[str]:
    """The help centre and every outcome page: nothing on them may move as they load.
    (A flow's home still moves once as its widget replaces the start link: see README.)"""
    paths = page_paths(content, demo, "nl")
    outcomes = [f"nl/{html_name(paths[f'{flow.slug}/{o}'])}" for flow in content.flows_of(demo) for o in flow.outcomes]
    return ["nl/index.html", *outcomes]


def load_slowly(page, url: str) -> None:
    """Open ``url`` as a slow phone does: the page is painted before any script arrives."""
    held = []
    page.route(SCRIPT, lambda route: held.append(route))
    page.goto(url, wait_until="commit")
    page.wait_for_function("() => performance.getEntriesByType('paint').length > 0")
    page.unroute(SCRIPT)
    for route in held:
        route.fallback()
    page.wait_for_load_state("load")


@pytest.mark.parametrize("viewport", [(412, 823), (1350, 940)], ids=["mobile", "desktop"])
def test_nothing_moves_while_a_parent_reads_and_tools_keep_the_heading_order(
        watched_page, demo_url, content, demo, viewport):
    """Layout shifts without the parent's input add up to nothing a reader sees (``UNSEEN``; each
    one's moved elements in the message); an opened tool's heading sits one level under the
    page's title."""
    page = watched_page
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    for address in steady_pages(content, demo):
        load_slowly(page, demo_url + address)
        shifts = page.evaluate(SHIFTS)
        assert sum(shift["value"] for shift in shifts) < UNSEEN, (address, shifts)
        for summary in page.locator("article .hf-tool-slot > summary").all():
            summary.click()
        levels = page.evaluate(HEADING_LEVELS)
        assert levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:])), (address, levels)


DESKTOPS = (1350, 1220, 1600)
"""Lighthouse's desktop width; where Material's wide layout, the navigation beside the page, starts
(76.25em); where its rem grows (100em)."""


@pytest.fixture(scope="module")
def scrollbar_browser(browser_type, browser_type_launch_args):
    """Chromium whose scrollbars take room, as a desktop browser's (and Lighthouse's) do. Playwright
    starts headless Chromium with --hide-scrollbars, which no page or context option (nor DevTools'
    Emulation.setScrollbarsHidden) undoes: there a scrollbar that comes or goes moves nothing, and
    ``page`` cannot see the shift it makes."""
    browser = browser_type.launch(**browser_type_launch_args, ignore_default_args=["--hide-scrollbars"])
    yield browser
    browser.close()


def _moves(shifts: list[dict]) -> str:
    """Each layout shift's score and the elements it moved, from where to where (x, y, width, height)."""
    def box(rect: str) -> tuple[int, ...]:
        return tuple(round(json.loads(rect)[key]) for key in ("x", "y", "width", "height"))

    return "; ".join(f"{shift['value']:.1e}: " + ", ".join(f"{node[:60]} {box(before)} -> {box(after)}"
                                                           for node, before, after in shift["sources"])
                     for shift in shifts)


def test_nothing_moves_on_a_desktop_screen_whose_scrollbars_take_room(scrollbar_browser, demo_url, content, demo):
    """No layout shift at all (Lighthouse's CLS target is 0, not ``UNSEEN``), scripts held back until
    the page is painted: a language's home, an outcome page and every flow's home in every language
    at Lighthouse's width, an outcome page and a flow's home at the wide layout's edges too.
    Material's navigation box, too short for its list until its script ran, showed a scrollbar that
    then went: the flows' chevrons moved 6 px (a score of 0.000003, on every page). A first question
    taller than the room the widget kept for it moved what follows (0.0012, the co-account flow)."""
    home, outcome = (first_pages(content, demo)[i] for i in (0, -1))
    homes = [f"{lang}/{html_name(page_paths(content, demo, lang)[f'{flow.slug}/{HOME}'])}"
             for lang in demo.languages for flow in content.flows_of(demo)]
    page = scrollbar_browser.new_page()
    moved = []
    for width, address in [*((DESKTOPS[0], address) for address in (home, outcome, *homes)),
                           *((width, address) for width in DESKTOPS[1:] for address in (outcome, homes[-1]))]:
        page.set_viewport_size({"width": width, "height": 940})
        load_slowly(page, demo_url + address)
        if shifts := page.evaluate(SHIFTS):
            moved.append(f"{address} at {width} px: {_moves(shifts)}")
    page.close()
    assert not moved, "\n".join(moved)
