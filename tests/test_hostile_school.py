"""A school's free text is shown literally everywhere and never runs: markup, quotes, &, ’, É, ë."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

import pytest

from helpflow.school import load_school

NAME = "<script>alert(1)</script> \"Sint-Jozef\" & ’t École Noël </title><img src=x onerror=alert(2)>"
EMAIL = "o'brien&co@school.be"
"""Quotes and & are valid in an address's local part; non-ASCII letters are refused by validation."""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory, build) -> Path:
    school = tmp_path_factory.mktemp("hostile") / "hostile.yml"
    name = NAME.replace("\\", "\\\\").replace('"', '\\"')
    school.write_text(f'name: "{name}"\nsmartschool: hostile\nemail: "{EMAIL}"\n'
                      "site_url: https://help.hostile.be/\n", encoding="utf-8")
    assert load_school(school).name == NAME
    return build(school)


@pytest.fixture(scope="module")
def hostile_url(hostile_site: Path, serve) -> str:
    return serve(hostile_site)


@pytest.fixture
def guarded(watched_page):
    """A watched page on which any dialog (alert, confirm, prompt) fails the test."""
    dialogs: list[str] = []
    watched_page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    yield watched_page
    assert not dialogs, f"a dialog opened: {dialogs}"


def assert_nothing_injected(page) -> None:
    """None of the name's markup became an element or an attribute; JSON data blocks stay whole."""
    assert page.evaluate("""() => [...document.querySelectorAll('script')].every(s => {
        if (s.type === 'application/json') { JSON.parse(s.textContent); return true; }
        return !s.textContent.includes('alert('); })""")
    assert page.locator('img[src="x"], [onerror]').count() == 0


def assert_mail_links_are_the_secretariat(page) -> None:
    hrefs = page.locator('a[href^="mailto:"]').evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs and all(unquote(href.split("?")[0]) == f"mailto:{EMAIL}" for href in hrefs), hrefs
    assert set(page.locator('a[href^="mailto:"]').all_text_contents()) >= {EMAIL}


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_every_page_shows_the_name_literally_and_runs_nothing(guarded, hostile_url, lang):
    page = guarded
    page.goto(f"{hostile_url}{lang}/index.html")
    links = page.locator("nav.md-nav--primary a.md-nav__link[href$='.html']").evaluate_all(
        "links => links.map(a => a.href)")
    assert len(links) >= 5
    bodies = []
    for link in links:
        page.goto(link)
        assert page.title().endswith(f" - {NAME}")
        assert page.locator(".md-header__topic").first.text_content().strip() == NAME
        assert page.locator(".md-header [data-md-component=logo]").get_attribute("aria-label") == NAME
        assert NAME in page.locator(".md-copyright").text_content()
        assert_mail_links_are_the_secretariat(page)
        assert_nothing_injected(page)
        bodies.append(page.locator("article").text_content())
    assert any(NAME in body for body in bodies)  # the steps name the school


def test_the_diagram_svg_stays_intact(guarded, hostile_url, hostile_site):
    page = guarded
    diagram = next(p for p in (hostile_site / "nl").glob("*.html") if "hf-diagram" in p.read_text())
    page.goto(f"{hostile_url}nl/{diagram.name}")
    svg = page.locator("svg.hf-diagram").first
    assert svg.locator("a").count() >= 4
    assert svg.locator("title").first.text_content()
    assert_nothing_injected(page)


def test_the_root_page_shows_the_name_literally(browser, hostile_url):
    context = browser.new_context(java_script_enabled=False)  # stay on the root page, no redirect
    page = context.new_page()
    page.goto(hostile_url)
    assert page.locator("h1").text_content() == NAME
    assert page.title().endswith(f" - {NAME}")
    assert_nothing_injected(page)
    context.close()


def test_search_results_show_the_name_literally(guarded, hostile_url):
    page = guarded
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{hostile_url}nl/index.html")
    page.locator("input.md-search__input").click()
    page.keyboard.type("Noël")
    results = page.locator(".md-search-result__item")
    results.first.wait_for()
    assert any(NAME in text for text in results.all_text_contents())
    assert_nothing_injected(page)
    results.first.locator("a").first.click()  # the highlighted page, ?h=noël
    page.wait_for_load_state("load")
    assert page.title().endswith(f" - {NAME}")
    assert_nothing_injected(page)
