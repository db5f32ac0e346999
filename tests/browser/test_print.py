"""Printing a page of the site from the browser: the content alone, links written out.

Real Chromium with print media emulated, and a real print to PDF read back with pypdf (its
text) and pdftoppm (its ink), on outcome pages and on flow homes at an outcome: they print
as the steps, with no tools, navigation or answers, on as few pages as the steps need.
"""

from __future__ import annotations

import io
import math
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from helpflow.plan.pages import html_name
from helpflow.plan.site import page_paths
from helpflow.plan.text import Context

CHROME = [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-search", ".md-footer",
          ".md-select"]
FLOW, OUTCOME = "wachtwoord-vergeten", "self-reset"
"""The seed's self-service outcome: it links to the school's platform and names a screen label."""


@pytest.fixture(scope="module")
def outcome_url(demo_url: str, content, demo) -> str:
    return f"{demo_url}nl/{html_name(page_paths(content, demo, 'nl')[f'{FLOW}/{OUTCOME}'])}"


def _after(page, selector: str) -> str:
    return page.eval_on_selector(selector, "a => getComputedStyle(a, '::after').content")


def test_screen_shows_the_chrome_and_no_written_out_links(watched_page, outcome_url: str, demo) -> None:
    page = watched_page
    page.goto(outcome_url)
    for selector in (".md-header", ".md-sidebar--primary", ".md-footer"):
        assert page.locator(selector).first.is_visible(), selector
    assert _after(page, f'.md-content a[href^="{demo.platform_url}"]') in ("none", "normal", "")


def test_print_hides_navigation_and_search_and_writes_links_out(watched_page, outcome_url: str, demo) -> None:
    page = watched_page
    page.goto(outcome_url)
    page.emulate_media(media="print")
    for selector in CHROME:
        assert page.locator(selector).first.is_hidden(), f"{selector} is printed"
    assert page.locator(".md-content h1").is_visible()
    written = _after(page, f'.md-content a[href^="{demo.platform_url}"]')
    assert f"{demo.platform_url}/" in written
    # The site's own pages: their address from this one. An e-mail address is its own text.
    internal = '.md-content a[href$=".html"]:not(.md-button)'
    href = page.eval_on_selector(internal, "a => a.getAttribute('href')")
    assert f"({href})" in _after(page, internal)
    assert _after(page, '.md-content a[href^="mailto:"]') in ("none", "normal", "")


def test_printed_pdf_holds_the_content_and_the_link_urls_only(watched_page, outcome_url: str, demo,
                                                              content) -> None:
    page = watched_page
    page.goto(outcome_url)
    outcome = content.flows[FLOW].outcomes[OUTCOME]
    # The language choice from the header: names the screen shows, never the paper.
    switch = [" ".join(name.split()) for name in page.locator(".md-select__link").all_text_contents()]
    assert len(switch) == len(demo.languages)
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    assert f"({demo.platform_url}/)" in text
    assert outcome.title["nl"] in text
    assert content.labels["request_password"].text[demo.platform_language] in text  # a step's screen label
    for name in switch:
        assert name not in text, f"{name!r} is printed"


# Whole pages printed, as a parent prints them (Material opens every <details> first).

PAGE_HEIGHT_MM, MARGINS_MM = 297, 15 + 18
"""A4, less the top and bottom margins of helpflow.css's @page."""
FILLED = 0.6
"""Every printed page but the last carries ink this far down its printable height, at least."""


def printable_pages(content, demo) -> list[tuple[str, str, str]]:
    """(language, address from the site's root, the outcome's title): each self-service and contact
    outcome page of every flow in the default language, the seed's self-service page in every
    language, and each flow's home at the end of its first route to every outcome."""
    found = []
    default = demo.languages[0]
    for flow in content.flows_of(demo):
        for lang in demo.languages:
            paths = page_paths(content, demo, lang)
            outcomes = flow.outcomes if lang == default else [o for o in flow.outcomes if o == OUTCOME]
            found += [(lang, f"{lang}/{html_name(paths[f'{flow.slug}/{o}'])}", flow.outcomes[o].title[lang])
                      for o in outcomes]
        paths = page_paths(content, demo, default)
        routes = {route.outcome: route for route in reversed(flow.routes())}
        home = html_name(paths[f"{flow.slug}/index"])
        found += [(default, f"{default}/{home}#" + "&".join(f"{q}={a}" for q, a in route.answers),
                   flow.outcomes[outcome].title[default]) for outcome, route in routes.items()]
    return found


def _ink_depth(pdf: bytes, tmp: Path) -> list[float]:
    """How far down each page of ``pdf`` its lowest ink lies, as a share of the printable height."""
    (tmp / "print.pdf").write_bytes(pdf)
    subprocess.run([shutil.which("pdftoppm") or "pdftoppm", "-r", "30", "-gray", str(tmp / "print.pdf"),
                    str(tmp / "page")], check=True)
    depths = []
    for image in sorted(tmp.glob("page*.pgm")):
        with Image.open(image) as gray:
            box = gray.point(lambda v: 255 if v < 200 else 0).getbbox()
            top = gray.height * 15 / PAGE_HEIGHT_MM
            depths.append(((box[3] if box else 0) - top) / (gray.height * (1 - MARGINS_MM / PAGE_HEIGHT_MM)))
        image.unlink()
    return depths


def test_a_page_printed_while_its_steps_appear_prints_them_in_full(watched_page, demo_url, content, demo):
    """Each step fades in on screen (``hf-appear``): printed, nothing moves, so a parent who
    prints at once gets black text, not the animation's first pale frame. Checked on every
    flow's home at an outcome and on outcome pages, in the middle of the steps' appearing."""
    page = watched_page
    for lang, address, _title in printable_pages(content, demo):
        page.goto("about:blank")
        page.emulate_media(media="screen")
        page.goto(demo_url + address)
        ready = "#hf-widget.hf-ready .hf-outcome" if "#" in address else ".hf-outcome-body"
        page.wait_for_selector(f"{ready} .hf-steps > li")
        page.emulate_media(media="print")
        # Keyframe animations (the page's own motion); the switch to print media itself starts
        # colour transitions, which a real print, styled for paper from the start, never sees.
        moving = page.evaluate("() => document.getAnimations().filter(a => a instanceof CSSAnimation)"
                               ".map(a => `${a.animationName} on ${a.effect.target.className}`)")
        assert moving == [], f"{lang} {address}: animations running in print: {moving}"


def test_pages_print_as_their_steps_on_as_few_pages_as_they_need(watched_page, demo_url, content, demo, tmp_path):
    page = watched_page
    plain = {lang: Context(lang, demo, content.ui, content.labels).plain for lang in demo.languages}
    for lang, address, title in printable_pages(content, demo):
        page.goto("about:blank")  # a new document each time: a hash change alone keeps the last outcome
        page.goto(demo_url + address)
        ready = "#hf-widget.hf-ready .hf-outcome" if "#" in address else ".hf-outcome-body"
        page.wait_for_selector(f"{ready} .hf-steps > li")
        # What only a screen has: tools, their fields and buttons, the way back and the answers.
        screen_only = page.evaluate("""() => [...document.querySelectorAll(
            '.md-content details.hf-tool-slot summary, .md-content label, .md-content button, .hf-answers-given h4,'
            + ' .hf-actions a, .hf-way-back a, .hf-change')].map(e => e.textContent.trim()).filter(Boolean)""")
        steps = page.evaluate("() => [...document.querySelectorAll('.md-content .hf-steps > li')].length")
        pdf = page.pdf(format="A4")
        reader = PdfReader(io.BytesIO(pdf))
        text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
        where = f"{lang} {address}"
        assert not reader.get_fields(), f"{where}: form fields printed"
        assert steps and " ".join(plain[lang](title).split()) in text, f"{where}: the steps are not printed"
        for word in screen_only:
            assert " ".join(word.split()) not in text, f"{where}: {word!r} is printed"
        for key in ("your_answers", "start_again"):
            assert content.ui[key][lang] not in text, f"{where}: {key} is printed"
        depths = _ink_depth(pdf, tmp_path)
        assert len(depths) == len(reader.pages)
        assert all(depth >= FILLED for depth in depths[:-1]), f"{where}: a page nearly blank: {depths}"
        assert len(depths) <= math.ceil(sum(depths)) + 1, f"{where}: {len(depths)} pages for {sum(depths):.2f}"


def test_diagram_labels_and_internal_links_print_as_paper_needs(watched_page, demo_url, content, demo):
    page = watched_page
    flow = content.flows_of(demo)[0]
    page.goto(f"{demo_url}nl/{html_name(page_paths(content, demo, 'nl')[f'{flow.slug}/diagram'])}")
    page.emulate_media(media="print")
    decorations = page.eval_on_selector_all(
        "svg.hf-diagram a text", "ts => ts.map(t => getComputedStyle(t).textDecorationLine)")
    assert decorations and set(decorations) == {"none"}, "diagram labels print underlined"
    assert page.locator(".hf-way-back").first.is_hidden(), "the way back is printed"
