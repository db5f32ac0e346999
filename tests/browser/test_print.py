"""Printing a page of the site from the browser: the content alone, links written out.

Real Chromium with print media emulated, and a real print to PDF read back with pypdf,
on an outcome page inside a flow's folder.
"""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from helpflow.plan.pages import html_name
from helpflow.plan.site import page_paths

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
    # In-site links and e-mail addresses already say where they go on paper.
    assert _after(page, '.md-content a[href^="mailto:"]') in ("none", "normal", "")
    assert _after(page, '.md-content a[href$=".html"]') in ("none", "normal", "")


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
