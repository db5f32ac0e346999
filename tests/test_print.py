"""Printing a page of the site from the browser: the content alone, links written out.

Real Chromium with print media emulated, and a real print to PDF read back with pypdf.
"""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from helpflow.cli import FLOW, SCHOOLS, UI
from helpflow.flowfile import load_flow, load_ui
from helpflow.pages import page_paths
from helpflow.school import load_school

CHROME = [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-search", ".md-footer",
          ".md-select"]


@pytest.fixture(scope="module")
def outcome_url(demo_url: str) -> str:
    paths = page_paths(load_flow(FLOW), load_ui(UI), "nl")
    return f"{demo_url}nl/{paths['self-reset'].removesuffix('.md')}.html"


def _after(page, selector: str) -> str:
    return page.eval_on_selector(selector, "a => getComputedStyle(a, '::after').content")


def test_screen_shows_the_chrome_and_no_written_out_links(watched_page, outcome_url: str) -> None:
    page = watched_page
    page.goto(outcome_url)
    for selector in (".md-header", ".md-sidebar--primary", ".md-footer"):
        assert page.locator(selector).first.is_visible(), selector
    school = load_school(SCHOOLS / "demo.yml")
    assert _after(page, f'.md-content a[href^="{school.platform_url}"]') in ("none", "normal", "")


def test_print_hides_navigation_and_search_and_writes_links_out(watched_page, outcome_url: str) -> None:
    page = watched_page
    page.goto(outcome_url)
    page.emulate_media(media="print")
    for selector in CHROME:
        assert page.locator(selector).first.is_hidden(), f"{selector} is printed"
    assert page.locator(".md-content h1").is_visible()
    school = load_school(SCHOOLS / "demo.yml")
    written = _after(page, f'.md-content a[href^="{school.platform_url}"]')
    assert f"{school.platform_url}/" in written
    # In-site links and e-mail addresses already say where they go on paper.
    assert _after(page, '.md-content a[href^="mailto:"]') in ("none", "normal", "")


def test_printed_pdf_holds_the_content_and_the_link_urls_only(watched_page, outcome_url: str) -> None:
    page = watched_page
    page.goto(outcome_url)
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    school = load_school(SCHOOLS / "demo.yml")
    assert f"({school.platform_url}/)" in text
    assert "Wachtwoord aanvragen" in text
    # No language choice from the header, no "next page" from the footer.
    assert "Français" not in text and "English" not in text
    assert "Volgende" not in text and "Vorige" not in text
