"""Gate 4: over every page, in every widget state, with a language chosen and a search
run, Chromium sends nothing to any origin but the site's own, keeps no cookie, and
stores only the keys README.md's "Privacy" section lists."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from quality_sites import DOCUMENTED_STORAGE, ROOT, SITES, browser_context_args, page_urls, quality_sites  # noqa: F401


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def storage_keys(page) -> set[str]:
    return set(page.evaluate("() => [...Object.keys(localStorage), ...Object.keys(sessionStorage)]"))


def test_the_readme_lists_every_key_the_tests_allow():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Privacy", 1)
    assert len(section) == 2, "README.md needs a '## Privacy' section"
    listed = set(re.findall(r"`([a-z][\w.-]*)`", section[1].split("\n## ", 1)[0]))
    assert DOCUMENTED_STORAGE <= listed


@pytest.mark.parametrize("name", SITES)
def test_nothing_leaves_the_site_and_nothing_is_kept(page, serve, quality_sites, name):
    site: Path = quality_sites[name]
    base = serve(site)
    own = origin(base)
    foreign: list[str] = []

    def check(route):
        if route.request.url.startswith(("http:", "https:", "ws:", "wss:")) and origin(route.request.url) != own:
            foreign.append(route.request.url)
            return route.abort()
        return route.continue_()

    page.context.route("**/*", check)
    page.context.on("request", lambda r: None if origin(r.url) == own or r.url.startswith(("data:", "blob:"))
                    else foreign.append(r.url))
    stored: dict[str, set[str]] = {}
    urls = page_urls(site)
    for url in urls:
        page.goto("about:blank")
        page.goto(base + url)
        page.wait_for_load_state("networkidle")
        stored[url] = storage_keys(page)
    # What a parent does beyond reading: choose a language, then search.
    page.goto(base + "index.html")
    page.locator("a[hreflang]").last.click()
    page.wait_for_load_state("networkidle")
    page.locator("input.md-search__input").click()
    page.keyboard.type("Smartschool", delay=20)
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    page.wait_for_load_state("networkidle")
    stored["after a language choice and a search"] = storage_keys(page)
    undocumented = {url: keys - DOCUMENTED_STORAGE for url, keys in stored.items() if keys - DOCUMENTED_STORAGE}
    print(f"\nprivacy: {name}: {len(urls)} pages and widget states, {len(foreign)} requests to other origins, "
          f"{len(page.context.cookies())} cookies, storage keys {sorted(set().union(*stored.values()))}")
    assert not foreign, f"requests to other origins: {foreign}"
    assert page.context.cookies() == []
    assert not undocumented, f"storage keys README.md does not list: {undocumented}"
    assert "helpflow.language" in stored["after a language choice and a search"]
