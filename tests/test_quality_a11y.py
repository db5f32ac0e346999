"""Gate 1: axe-core finds no WCAG 2.1 A or AA violation on any page of any language, of
the demo school and of the awkward one, with the widget in each of its states."""

from __future__ import annotations

import pytest

from quality_sites import AXE, SITES, browser_context_args, page_urls, quality_sites  # noqa: F401

RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def settle(page) -> None:
    """Wait until the widget has drawn and every animation (its fade-in) has ended:
    axe measures colours as they are, and a half-faded text reads as low contrast."""
    page.wait_for_load_state("load")
    page.evaluate("() => Promise.all(document.getAnimations().map(a => a.finished))")


def axe_violations(page) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on the page, one line each."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # Evaluated, not added as a <script>: every page's own meta CSP blocks that.
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("rules => axe.run(document, {runOnly: rules, resultTypes: ['violations']})", RULES)
    return [f"{v['id']} ({v['impact']}): {node['target']}: {node['failureSummary'].splitlines()[1].strip()}"
            for v in result["violations"] for node in v["nodes"]]


def test_axe_is_installed():
    assert AXE.is_file(), f"{AXE} is missing: run `make quality-tools` (npm ci)"


@pytest.mark.parametrize("name", SITES)
def test_no_wcag_violations_on_any_page_or_widget_state(page, serve, quality_sites, name):
    site = quality_sites[name]
    base = serve(site)
    found: dict[str, list[str]] = {}
    urls = page_urls(site)
    for url in urls:
        page.goto("about:blank")
        page.goto(base + url)
        settle(page)
        if "#" in url:
            assert page.locator("#hf-widget.hf-ready").count() == 1, f"{url}: the widget did not start"
        if violations := axe_violations(page):
            found[url] = violations
    print(f"\naxe: {name}: {len(urls)} pages and widget states checked, "
          f"{sum(map(len, found.values()))} violations")
    assert not found, "\n".join(f"{url}: {v}" for url, vs in found.items() for v in vs)
