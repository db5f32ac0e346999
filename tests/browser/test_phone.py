"""The site on a 360 px phone, in real Chromium: the language menu opens inside the screen, a
diagram wider than the screen shows that it scrolls, and a flow's home does not move while
its scripts arrive late (the page holds the widget's first question before the script draws it)."""

from __future__ import annotations

import io
import time

import pytest
from PIL import Image, ImageStat
from playwright.sync_api import Route

from helpflow.plan.pages import DIAGRAM, HOME, html_name
from helpflow.plan.site import page_paths

PHONE = {"width": 360, "height": 740}
SCRIPT_DELAY = 0.8
"""Seconds each script is held back: a slow mobile network, the page shown before they run."""
MARGIN_PX = 6
"""The empty margin around a drawing (Graphviz's ``pad``, 0.1 in, at the smallest scale a
diagram may take): a box that hides no more than this hides nothing drawn."""
SHIFTS = """window.__shift = 0; new PerformanceObserver(list => { for (const entry of list.getEntries())
  if (!entry.hadRecentInput) window.__shift += entry.value; }).observe({type: 'layout-shift', buffered: true});"""


@pytest.fixture
def phone(new_page):
    return new_page(viewport=PHONE, is_mobile=True, has_touch=True)


def _pages(content, demo, key: str) -> list[str]:
    return [f"{lang}/{html_name(page_paths(content, demo, lang)[f'{flow.slug}/{key}'])}"
            for lang in demo.languages for flow in content.flows_of(demo)]


def test_the_language_menu_opens_inside_the_screen(phone, demo_url, content, demo):
    for address in [*_pages(content, demo, HOME), *_pages(content, demo, DIAGRAM)[:1]]:
        phone.goto(demo_url + address)
        phone.locator(".md-header__option .md-select > button").click()
        links = phone.locator(".md-select__link")
        assert links.count() == len(demo.languages)
        for i in range(links.count()):
            links.nth(i).wait_for(state="visible")
            box = links.nth(i).bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (address, box)
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], address


def _darkness(gray: Image.Image, left: int, width: int) -> float:
    return 255 - ImageStat.Stat(gray.crop((left, 0, left + width, gray.height))).mean[0]


def _edges(wrap) -> tuple[float, float]:
    """How dark the wrap's own background is at its left and right edges (the drawing hidden)."""
    with Image.open(io.BytesIO(wrap.screenshot())) as shot:
        gray = shot.convert("L")
        strip = max(1, gray.width // 40)
        return _darkness(gray, 0, strip), _darkness(gray, gray.width - strip, strip)


def test_a_diagram_wider_than_the_screen_shows_that_it_scrolls(phone, demo_url, content, demo):
    wide = 0
    for address in _pages(content, demo, DIAGRAM):
        phone.goto(demo_url + address)
        wrap = phone.locator(".hf-diagram-wrap")
        scroll, client = wrap.evaluate("w => [w.scrollWidth, w.clientWidth]")
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], address
        if scroll - client <= MARGIN_PX:
            continue  # it fits, or all it hides is its own empty margin: nothing to show
        wide += 1
        wrap.evaluate("w => w.querySelector('svg').style.visibility = 'hidden'")
        left, right = _edges(wrap)
        assert right > left + 10, f"{address}: no sign of more to the right ({left:.0f}, {right:.0f})"
        wrap.evaluate("w => w.scrollLeft = w.scrollWidth")
        left, right = _edges(wrap)
        assert left > right + 10, f"{address}: scrolled to the end, no sign of more to the left"
    assert wide, "no diagram of the demo is wider than a phone: the seed's flow was (check the test)"


def test_flow_homes_do_not_move_while_their_scripts_arrive(phone, demo_url, content, demo):
    """Cumulative layout shift 0 on every flow home, each script held back ``SCRIPT_DELAY`` from
    its request (the page shows first with the widget's first question, then the script
    draws it): held side by side, as a slow network delivers them, not one after another."""
    phone.add_init_script(SHIFTS)
    held: list[tuple[float, Route]] = []
    phone.route("**/*.js", lambda route: held.append((time.monotonic(), route)))
    for address in _pages(content, demo, HOME):
        held.clear()  # asked by the page before, after its widget was drawn: that page is gone
        phone.goto(demo_url + address, wait_until="commit")
        deadline = time.monotonic() + 30
        while held or not phone.locator(".hf-widget.hf-ready").count():
            assert time.monotonic() < deadline, f"{address}: the widget was not drawn"
            for asked, route in [entry for entry in held if time.monotonic() >= entry[0] + SCRIPT_DELAY]:
                held.remove((asked, route))
                route.continue_()
            phone.wait_for_timeout(50)
        phone.wait_for_timeout(300)
        assert phone.evaluate("window.__shift") == 0, address
