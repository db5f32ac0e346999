"""Three languages from one model: each its own build, UI, search, and a switch to the same page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from helpflow.cli import FLOW, UI
from helpflow.flowfile import load_flow, load_ui
from helpflow.pages import page_paths

LANGS = ("nl", "fr", "en")
FLOW_MODEL, UI_TEXTS = load_flow(FLOW), load_ui(UI)
PATHS = {lang: {key: path.replace(".md", ".html") for key, path in page_paths(FLOW_MODEL, UI_TEXTS, lang).items()}
         for lang in LANGS}
KEYS = list(PATHS["nl"])

MATERIAL_UI = {  # what a parent sees of Material's own interface, per language
    "nl": {"search": "Zoeken", "skip": "Ga naar inhoud", "next": "Volgende", "none": "Geen overeenkomende documenten"},
    "fr": {"search": "Rechercher", "skip": "Aller au contenu", "next": "Suivant", "none": "Aucun document trouvé"},
    "en": {"search": "Search", "skip": "Skip to content", "next": "Next", "none": "No matching documents"},
}
ONLY_IN = {"nl": "verificatiemail", "fr": "indésirables", "en": "junk"}


def test_slugs_are_localized():
    assert PATHS["nl"]["mail-school"] == "mail-naar-de-school.html"
    assert PATHS["fr"]["mail-school"] == "ecrivez-a-lecole.html"
    assert PATHS["en"]["mail-school"] == "e-mail-the-school.html"


@pytest.mark.parametrize("lang", LANGS)
def test_language_switch_lands_on_the_counterpart_page(watched_page, demo_url, lang):
    page = watched_page
    for key in KEYS:
        for other in LANGS:
            if other == lang:
                continue
            page.goto(f"{demo_url}{lang}/{PATHS[lang][key]}")
            page.locator(".md-header .md-select").hover()
            page.locator(f".md-select__link[hreflang={other}]").click()
            expect(page).to_have_url(f"{demo_url}{other}/{PATHS[other][key]}")
            expect(page.locator("html")).to_have_attribute("lang", other)


@pytest.mark.parametrize("lang", LANGS)
def test_material_interface_speaks_the_page_language(watched_page, demo_url, lang):
    page = watched_page
    page.goto(f"{demo_url}{lang}/index.html")
    words = MATERIAL_UI[lang]
    expect(page.locator("input.md-search__input")).to_have_attribute("placeholder", words["search"])
    expect(page.locator("a.md-skip")).to_have_text(words["skip"])
    expect(page.locator(".md-footer__link--next")).to_contain_text(words["next"])


@pytest.mark.parametrize("lang", LANGS)
def test_search_finds_this_language_only(watched_page, demo_url, lang):
    page = watched_page
    page.goto(f"{demo_url}{lang}/index.html")
    page.locator("input.md-search__input").click()
    page.keyboard.type(ONLY_IN[lang])
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    if lang != "nl":
        page.locator("input.md-search__input").fill("")
        page.keyboard.type(ONLY_IN["nl"])
        expect(page.locator(".md-search-result__meta")).to_have_text(MATERIAL_UI[lang]["none"])


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_has_its_own_search_index_and_sitemap(demo_site: Path, lang):
    index = (demo_site / lang / "search" / "search_index.json").read_text(encoding="utf-8")
    assert f'"lang":["{lang}"]' in index.replace(" ", "")
    sitemap = (demo_site / lang / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>(.*?)</loc>", sitemap)
    assert sorted(locs) == sorted(f"https://help.demoschool.be/{lang}/{p}" for p in PATHS[lang].values())


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_carries_its_hreflang_alternates(demo_site: Path, lang):
    for key in KEYS:
        head = (demo_site / lang / PATHS[lang][key]).read_text(encoding="utf-8").split("</head>")[0]
        for other in LANGS:
            assert f'<link rel="alternate" href="../{other}/{PATHS[other][key]}" hreflang="{other}">' in head


def test_root_page_lists_languages_as_plain_links(browser, demo_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(demo_url)
    links = page.locator("a[hreflang]")
    expect(links).to_have_text(["Nederlands", "Français", "English"])
    links.nth(1).click()
    expect(page).to_have_url(f"{demo_url}fr/index.html")
    context.close()


def test_root_page_follows_the_browser_language_then_the_parents_choice(browser, demo_url):
    context = browser.new_context(locale="fr-BE")
    page = context.new_page()
    page.goto(demo_url)
    expect(page).to_have_url(f"{demo_url}fr/index.html")
    page.locator(".md-header .md-select").hover()
    page.locator(".md-select__link[hreflang=en]").click()
    expect(page).to_have_url(f"{demo_url}en/index.html")
    page.goto(demo_url)
    expect(page).to_have_url(f"{demo_url}en/index.html")
    context.close()
