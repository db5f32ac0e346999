"""Search as a parent uses it, in real Chromium: typed into Material's search box, an
inflected word finds the page about it, in every language of the demo school, even a form
that no page uses.

The index is stemmed in the page's language (mkdocs.yml's search pipeline) and Material's
worker is patched to stem the words of a query too (``material.patched_worker``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import material
import pytest
from playwright.sync_api import expect

from helpflow.plan.material import SEARCH_INDEX, WORKER, patched_worker
from helpflow.plan.pages import html_name
from helpflow.plan.site import page_paths

INFLECTED = [
    ("nl", "wachtwoorden", "wachtwoord-vergeten/self-reset"),  # the page's steps say "wachtwoord"
    ("fr", "activer", "co-account-activeren/activate"),         # "activez"
    ("en", "activating", "co-account-activeren/activate"),      # "activate"
]
"""The words issue 18 found nothing for, and the page each should find."""
UNSEEN = [
    ("nl", "gebruikersnamen", "wachtwoord-vergeten/self-reset"),  # "gebruikersnaam"
    ("fr", "activation", "co-account-activeren/activate"),        # "activez"
    ("en", "usernames", "wachtwoord-vergeten/self-reset"),        # "username"
]
"""A word in a form its page does not use anywhere, so only stemming can find the page."""
TOP = 3
"""The page must be among the first results: a parent reads no further."""


def results(page, base: str, lang: str, words: str) -> list[str]:
    """The addresses Material's search lists for ``words`` typed into its box on the language's home."""
    page.goto(f"{base}{lang}/index.html")
    page.locator("input.md-search__input").click()
    page.keyboard.type(words)
    meta = page.locator(".md-search-result__meta")
    expect(meta).not_to_have_text(re.compile(r"^\s*$"))
    items = page.locator(".md-search-result__item > a")
    expect(items.first).to_be_visible()
    # The search worker answers each keystroke's query in turn, and the list is redrawn for each:
    # read it whole, in one call, until two reads a quarter second apart agree (reading it item by
    # item once waited on a fifth item the last answer no longer had).
    def listed() -> list[str]:
        return items.evaluate_all("links => links.map(a => new URL(a.href).pathname)")

    shown, now = None, listed()
    for _ in range(40):
        if now == shown:
            return now
        shown = now
        page.wait_for_timeout(250)
        now = listed()
    raise AssertionError(f"the search results for {words!r} kept changing: {now}")


def indexed_words(site: Path, lang: str, page: str) -> set[str]:
    """The words the search index holds for ``page`` (and its sections)."""
    docs = json.loads((site / lang / SEARCH_INDEX).read_text(encoding="utf-8"))["docs"]
    return {w.lower() for doc in docs if doc["location"].split("#")[0] == page
            for w in re.findall(r"\w+", f"{doc['title']} {doc['text']}")}


@pytest.mark.parametrize(("lang", "word", "key"), INFLECTED)
def test_an_inflected_word_finds_its_page(watched_page, demo_url, content, demo, lang, word, key):
    found = results(watched_page, demo_url, lang, word)
    expected = f"/{lang}/{html_name(page_paths(content, demo, lang)[key])}"
    assert expected in found[:TOP], f"{word!r} ({lang}) lists {found}"


@pytest.mark.parametrize(("lang", "word", "key"), UNSEEN)
def test_a_form_no_page_uses_finds_its_page_by_its_stem(watched_page, demo_url, demo_site, content, demo,
                                                        lang, word, key):
    target = html_name(page_paths(content, demo, lang)[key])
    words = indexed_words(demo_site, lang, target)
    assert words and word not in words, f"{word!r} is on {target}: it tests no stemming"
    found = results(watched_page, demo_url, lang, word)
    assert f"/{lang}/{target}" in found[:TOP], f"{word!r} ({lang}) lists {found}"


def test_a_word_typed_in_part_still_finds_its_page(watched_page, demo_url, content, demo):
    """Search as you type: the start of a word is enough, as before stemming."""
    found = results(watched_page, demo_url, "nl", "wacht")
    assert f"/nl/{html_name(page_paths(content, demo, 'nl')['wachtwoord-vergeten/self-reset'])}" in found[:TOP]


def test_the_themes_worker_still_has_what_patched_worker_changes():
    """Material's own worker, unbuilt: the part ``patched_worker`` replaces is there once (it
    raises, naming the part, if not)."""
    workers = sorted((Path(material.__file__).parent / "templates").glob(WORKER))
    assert len(workers) == 1, f"Material's search worker is no longer {WORKER}: see material.patch_bundle"
    assert "`${r}* ${r}`" in patched_worker(workers[0].read_text(encoding="utf-8"), workers[0].name)
