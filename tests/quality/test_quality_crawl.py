"""Gates 1, 4 and 5 in one crawl: every page of the demo and the awkward school, and every
flow's widget in each of its states, is loaded once in Chromium, served with the site's
own headers, and checked for WCAG 2.1 A/AA violations (axe-core: the whole page, and for
each widget state the widget, the only part a state changes), Content-Security-Policy
violations, requests to other origins, cookies and storage keys README.md does not list.
Then a parent's extra steps: choosing a language on the root page, and a search."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from helpers import AXE, axe_violations
from quality_sites import DOCUMENTED_STORAGE, SITES, page_urls

pytestmark = pytest.mark.any_worker

WATCH = """document.addEventListener('securitypolicyviolation', e =>
  (window.__csp = window.__csp || []).push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile))"""


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def settle(page) -> None:
    """Until the page has loaded and every animation (the widget's fade-in) has ended: axe
    measures colours as they are, and a half-faded text reads as low contrast. (Requests
    made later, such as the search index, are still caught: the route check stays on.)"""
    page.wait_for_load_state("load")
    if page.locator("#hf-widget").count():  # its modules are imported after the load event
        try:
            page.locator("#hf-widget.hf-ready").wait_for(state="attached", timeout=15_000)
        except PlaywrightTimeout:
            pass  # a widget state's check says so; a page's widget is judged as it stands
    page.evaluate("() => Promise.all(document.getAnimations().map(a => a.finished))")


def storage_keys(page) -> set[str]:
    return set(page.evaluate("() => [...Object.keys(localStorage), ...Object.keys(sessionStorage)]"))


def test_axe_is_installed():
    assert AXE.is_file(), f"{AXE} is missing: run `make quality-tools` (npm ci)"


@pytest.mark.parametrize("name", SITES)
def test_every_page_and_state_is_accessible_private_and_within_its_policy(page, serve_with_headers,
                                                                          quality_sites, name):
    site = quality_sites[name]
    base = serve_with_headers(site)
    own = origin(base)
    foreign: list[str] = []
    policy: list[str] = []
    wcag: dict[str, list[str]] = {}
    stored: dict[str, set[str]] = {}

    def check(request):
        if request.url.startswith(("http:", "https:", "ws:", "wss:")) and origin(request.url) != own:
            foreign.append(request.url)

    page.on("request", check)  # seen, not intercepted (see conftest.watched_page)
    page.add_init_script(WATCH)
    page.on("console", lambda m: policy.append(m.text) if "Content Security Policy" in m.text else None)
    urls = page_urls(site)
    for url in urls:
        # A widget state after its page (page_urls lists them so) is reached as a parent reaches
        # it: the address's answers change on the loaded page (no response: nothing is loaded).
        response = page.goto(base + url)
        if response is None:
            assert "#" in url, url
            page.evaluate("() => new Promise(done => requestAnimationFrame(() => setTimeout(done)))")
        else:
            assert "content-security-policy" in response.headers, url
        settle(page)
        if "#" in url:
            # The widget's modules are imported after the page's load event: wait for them to start it.
            try:
                page.locator("#hf-widget.hf-ready").wait_for(state="attached", timeout=15_000)
            except PlaywrightTimeout:
                raise AssertionError(f"{url}: the widget did not start") from None
        policy += [f"{url}: {v}" for v in page.evaluate("() => window.__csp || []")]
        stored[url] = storage_keys(page)
        # A widget state differs from its page (checked whole, without a state) in the widget only.
        if violations := axe_violations(page, "#hf-widget" if "#" in url else "document"):
            wcag[url] = violations
    # What a parent does beyond reading: choose a language on the root page, then search.
    page.goto(base + "index.html")
    page.locator(".languages a[hreflang]").last.click()  # the language list, not the statements
    page.wait_for_load_state("networkidle")
    page.locator("input.md-search__input").click()
    page.keyboard.type("Smartschool", delay=20)
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    settle(page)
    policy += [f"search: {v}" for v in page.evaluate("() => window.__csp || []")]
    stored["after a language choice and a search"] = storage_keys(page)
    undocumented = {url: keys - DOCUMENTED_STORAGE for url, keys in stored.items() if keys - DOCUMENTED_STORAGE}
    print(f"\ncrawl: {name}: {len(urls)} pages and widget states; axe {sum(map(len, wcag.values()))} violations, "
          f"CSP {len(policy)}, other origins {len(foreign)}, cookies {len(page.context.cookies())}, "
          f"storage keys {sorted(set().union(*stored.values()))}")
    assert not wcag, "\n".join(f"{url}: {v}" for url, found in wcag.items() for v in found)
    assert not policy, "\n".join(policy)
    assert not foreign, f"requests to other origins: {foreign}"
    assert page.context.cookies() == []
    assert not undocumented, f"storage keys README.md does not list: {undocumented}"
    assert "helpflow.language" in stored["after a language choice and a search"]
