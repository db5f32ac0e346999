"""Every language of the school from one content folder: each its own build, addresses,
interface, search and sitemap, and a switch that lands on the same page in the other
language, inside a flow's folder too."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

import material
import pytest
from playwright.sync_api import expect

from helpflow.load.content import load_content
from helpflow.load.school import load_school
from helpflow.paths import CONTENT as CONTENT_DIR
from helpflow.paths import SCHOOLS
from helpflow.plan.pages import html_name
from helpflow.plan.site import page_paths

pytestmark = pytest.mark.any_worker

CONTENT = load_content(CONTENT_DIR)
SCHOOL = load_school(SCHOOLS / "demo.yml", CONTENT)
FLOWS = CONTENT.flows_of(SCHOOL)
LANGS = SCHOOL.languages
PATHS = {lang: {key: html_name(path) for key, path in page_paths(CONTENT, SCHOOL, lang).items()} for lang in LANGS}
KEYS = list(PATHS[LANGS[0]])
MATERIAL_LANGUAGES = Path(material.__file__).parent / "templates" / "partials" / "languages"


def material_text(lang: str, key: str) -> str:
    """What Material's own interface says for ``key`` in the theme language of ``lang``."""
    theme = CONTENT.languages[lang].theme
    found = re.search(rf'"{re.escape(key)}": "([^"]*)"', (MATERIAL_LANGUAGES / f"{theme}.html").read_text())
    assert found, (theme, key)
    return found[1]


def only_in(lang: str) -> str:
    """A word of the flows' texts in ``lang`` that no other language of the site uses
    (the screen labels quoted in every language counted as used)."""
    def words(codes) -> set[str]:
        texts = [t[c] for flow in FLOWS for t in flow.texts.values() for c in codes]
        texts += [label.text[c] for label in CONTENT.labels.values() for c in CONTENT.languages]
        return {w.lower() for text in texts for w in re.findall(r"[^\W\d_]{7,}", text)}
    mine = {w.lower() for flow in FLOWS for t in flow.texts.values() for w in re.findall(r"[^\W\d_]{7,}", t[lang])}
    return sorted(mine - words([other for other in LANGS if other != lang]), key=lambda w: (-len(w), w))[0]


def test_addresses_are_localized_inside_each_flows_folder():
    # The seed's outcome "Mail naar de school" by its title in each language.
    seed = {"nl": "mail-naar-de-school", "fr": "ecrivez-a-lecole", "en": "e-mail-the-school"}
    for lang, slug in seed.items():
        assert PATHS[lang]["wachtwoord-vergeten/mail-school"] == f"wachtwoord-vergeten/{slug}.html"
    for lang in LANGS:
        assert len(set(PATHS[lang].values())) == len(KEYS), f"{lang}: two pages share an address"
        for flow in FLOWS:  # the flow's folder is its slug, the same in every language
            assert all(path.startswith(f"{flow.slug}/") for key, path in PATHS[lang].items()
                       if key.startswith(f"{flow.slug}/")), (lang, flow.slug)


@pytest.mark.parametrize("lang", LANGS)
def test_language_switch_lands_on_the_counterpart_page(watched_page, demo_url, lang):
    page = watched_page
    others = [other for other in LANGS if other != lang]
    # Each page switched once, from one language to another in turn; every link of every
    # switch is checked on the built files below.
    start = LANGS.index(lang)
    for i, key in enumerate(KEYS[start::len(LANGS)]):
        other = others[i % len(others)]
        page.goto(f"{demo_url}{lang}/{PATHS[lang][key]}")
        page.locator(".md-header .md-select").hover()
        page.locator(f".md-select__link[hreflang={other}]").click()
        expect(page).to_have_url(f"{demo_url}{other}/{PATHS[other][key]}")
        expect(page.locator("html")).to_have_attribute("lang", other)


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_links_its_counterparts_in_the_switch_and_the_head(demo_site: Path, lang):
    base = SCHOOL.site_url  # the head's hreflang links are absolute, as search engines want them
    for key in KEYS:
        html = (demo_site / lang / PATHS[lang][key]).read_text(encoding="utf-8")
        here = f"{base}{lang}/{PATHS[lang][key]}"
        expected = {other: f"{base}{other}/{PATHS[other][key]}" for other in LANGS}
        head = html.split("</head>")[0]
        alternates = re.findall(r'<link rel="alternate" href="([^"]*)" hreflang="([^"]*)">', head)
        assert {code: urljoin(here, href) for href, code in alternates} == expected, key
        switch = re.findall(r'<a href="([^"]*)" hreflang="([^"]*)" class="md-select__link">', html)
        assert {code: urljoin(here, href) for href, code in switch} == expected, key


@pytest.mark.parametrize("lang", LANGS)
def test_material_interface_speaks_the_page_language(watched_page, demo_url, lang):
    page = watched_page
    page.goto(f"{demo_url}{lang}/index.html")
    expect(page.locator("input.md-search__input")).to_have_attribute(
        "placeholder", material_text(lang, "search.placeholder"))
    expect(page.locator("a.md-skip")).to_have_text(material_text(lang, "action.skip"))
    page.locator("input.md-search__input").click()  # search starts when the parent opens it
    expect(page.locator(".md-search-result__meta")).to_have_text(material_text(lang, "search.result.placeholder"))
    expect(page.locator(".md-header .md-select .md-icon")).to_have_attribute(
        "aria-label", material_text(lang, "select.language"))


@pytest.mark.parametrize("lang", LANGS)
def test_search_finds_this_language_only(watched_page, demo_url, lang):
    page = watched_page
    other = LANGS[(LANGS.index(lang) + 1) % len(LANGS)]
    page.goto(f"{demo_url}{lang}/index.html")
    page.locator("input.md-search__input").click()
    page.keyboard.type(only_in(lang))
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    page.locator("input.md-search__input").fill("")
    page.keyboard.type(only_in(other))
    expect(page.locator(".md-search-result__meta")).to_have_text(material_text(lang, "search.result.none"))


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_has_its_own_search_index_and_sitemap(demo_site: Path, lang):
    index = (demo_site / lang / "search" / "search_index.json").read_text(encoding="utf-8")
    assert f'"lang":["{CONTENT.languages[lang].theme}"]' in index.replace(" ", "")
    sitemap = (demo_site / lang / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>(.*?)</loc>", sitemap)
    assert sorted(locs) == sorted(f"{SCHOOL.language_url(lang)}{p}" for p in PATHS[lang].values())


def test_root_page_lists_languages_as_plain_links(new_page, demo_url):
    page = new_page(java_script_enabled=False)
    page.goto(demo_url)
    links = page.get_by_role("list").get_by_role("link")
    expect(links).to_have_text([CONTENT.languages[lang].name for lang in LANGS])
    expect(page.locator("footer a[hreflang]")).to_have_count(len(LANGS))  # each language's statement
    links.nth(1).click()
    expect(page).to_have_url(f"{demo_url}{LANGS[1]}/index.html")


def test_root_page_follows_the_browser_language_then_the_parents_choice(new_page, demo_url):
    preferred, chosen = LANGS[1], LANGS[-1]
    page = new_page(locale=f"{preferred}-BE")
    page.goto(demo_url)
    expect(page).to_have_url(f"{demo_url}{preferred}/index.html")
    page.locator(".md-header .md-select").hover()
    page.locator(f".md-select__link[hreflang={chosen}]").click()
    expect(page).to_have_url(f"{demo_url}{chosen}/index.html")
    page.goto(demo_url)
    expect(page).to_have_url(f"{demo_url}{chosen}/index.html")
