"""What keeps a school's site small on disk (issue 12; the size target itself, 1.5 MB for three
languages, is measured by `make bench`): Material's files once at the root for every language, no source maps, only the search languages the site
uses, pages without their templates' indentation; and in Chromium every language still
loads its style and scripts and searches in its own language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from helpflow.paths import DEPLOY_FILES, INPUTS_FILE, MANIFEST_FILE
from helpflow.plan import material
from helpflow.publish.headers import HIDDEN
from helpflow.publish.whitespace import squeeze

LANGS = ("nl", "fr", "en")
WORDS = {"nl": "wachtwoord", "fr": "passe", "en": "password"}
"""A word of each language's pages, for its search to find."""


def files(site: Path) -> list[Path]:
    return [p for p in site.rglob("*") if p.is_file()]


def test_materials_files_are_at_the_root_once_without_source_maps(demo_site):
    assert not [p for p in files(demo_site) if p.suffix == ".map"]
    assert len(list(demo_site.glob(material.BUNDLE))) == 1
    for lang in LANGS:
        assert not [folder for folder in material.THEME_ASSETS if (demo_site / lang / folder).exists()], lang
    for script in demo_site.glob("assets/**/*.js"):
        assert "sourceMappingURL" not in script.read_text(encoding="utf-8"), script


def test_only_the_search_languages_of_the_site_are_kept(demo_site):
    lunr = demo_site / material.LUNR
    kept = {p.relative_to(lunr).as_posix() for p in files(lunr)}
    assert kept == {"min/lunr.stemmer.support.min.js", "min/lunr.nl.min.js", "min/lunr.fr.min.js"}
    assert material.lunr_files(["en"]) == set(), "English needs no stemmer of its own"
    assert material.lunr_files(["ja", "en"]) >= {"tinyseg.js", "min/lunr.multi.min.js"}


def test_pages_carry_no_indentation(demo_site):
    for page in demo_site.glob("*/**/*.html"):
        text = page.read_text(encoding="utf-8")
        assert squeeze(text) == text, page


def test_the_record_is_listed_in_the_manifest_and_never_served(demo_site):
    assert INPUTS_FILE in (demo_site / MANIFEST_FILE).read_text(encoding="utf-8").splitlines()
    assert INPUTS_FILE in DEPLOY_FILES and re.search(HIDDEN, f"/{INPUTS_FILE}")


def test_squeezing_keeps_what_shows_as_written():
    page = ('<div>\n    <p>two\n      lines\u00a0\n\u00a0kept</p>\n  <pre>a\n   b</pre>\n'
            '  <textarea>c\n   d</textarea>\n <script>\n  let e;\n</script>\n<code>f\n  g</code>'
            '<a title="h\n   i">j</a><!-- k\n   l -->\n</div>')
    assert squeeze(page) == ('<div>\n<p>two\nlines\u00a0\n\u00a0kept</p>\n<pre>a\n   b</pre>\n<textarea>c\n   d'
                             '</textarea>\n<script>\n  let e;\n</script>\n<code>f\n  g</code><a title="h\n   i">j'
                             '</a><!-- k\n   l -->\n</div>')


@pytest.mark.parametrize(("page", "before", "after"), [
    ("nl/index.html", 'src="assets/javascripts/bundle.js"', 'src="../assets/javascripts/bundle.js"'),
    ("nl/flow/x.html", 'href="../assets/stylesheets/main.css"', 'href="../../assets/stylesheets/main.css"'),
    ("nl/flow/x.html", '"search": "../assets/javascripts/workers/s.js"',
     '"search": "../../assets/javascripts/workers/s.js"'),
    ("nl/404.html", 'src="/help/nl/assets/javascripts/bundle.js"', 'src="/help/assets/javascripts/bundle.js"'),
    ("nl/flow/x.html", 'href="../assets/helpflow.css"', 'href="../assets/helpflow.css"'),
    ("nl/flow/x.html", 'href="https://x.be/nl/assets/javascripts/a.js"',
     'href="https://x.be/nl/assets/javascripts/a.js"'),
    ("nl/flow/x.html", '<image xlink:href="../assets/stylesheets/i.svg"/>',
     '<image xlink:href="../../assets/stylesheets/i.svg"/>'),
    ("nl/flow/x.html", '<p data-src="../assets/javascripts/a.js" title="../assets/javascripts/a.js">',
     '<p data-src="../assets/javascripts/a.js" title="../assets/javascripts/a.js">'),
])
def test_pages_are_pointed_at_the_roots_copy_of_materials_files(page, before, after):
    assert material.theme_asset_urls(before, page) == after


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_loads_materials_files_from_the_root_and_searches(watched_page, demo_url, lang):
    page = watched_page
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url.removeprefix(demo_url)))
    page.goto(f"{demo_url}{lang}/index.html", wait_until="networkidle")
    expect(page.locator(".md-header")).to_have_css("position", "sticky")  # Material's style sheet applies
    page.locator("input.md-search__input").focus()
    page.keyboard.type(WORDS[lang])
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    theme = [url for url in requested if "/javascripts/" in url or "/stylesheets/" in url]
    assert theme and all(url.startswith("assets/") for url in theme), theme
    assert any(url.startswith("assets/javascripts/workers/search.") for url in theme), theme
    stemmer = f"assets/javascripts/lunr/min/lunr.{lang}.min.js"
    assert (stemmer in theme) == (lang != "en"), theme
