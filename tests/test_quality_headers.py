"""Gate 5: the build writes ``_headers`` and ``nginx.conf`` with a strict CSP (inline
scripts by hash, never 'unsafe-inline'), and a site served with exactly those headers
runs every page and every widget route without a single CSP violation."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest

from helpflow.headers import (HEADERS_FILE, NGINX_FILE, headers_file, inline_script_hashes, nginx_snippet,
                              parse_headers_file, security_headers)
from quality_sites import SITES, browser_context_args, page_urls, quality_sites, serve_with_headers  # noqa: F401

REQUIRED = ("default-src 'self'", "img-src 'self' data:", "frame-ancestors 'none'", "base-uri 'self'",
            "form-action 'self'")
WATCH = """document.addEventListener('securitypolicyviolation', e =>
  (window.__csp = window.__csp || []).push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile))"""


def directives(csp: str) -> dict[str, str]:
    return {d.strip().split(" ", 1)[0]: d.strip() for d in csp.split(";") if d.strip()}


def test_inline_scripts_are_hashed_and_data_blocks_are_not():
    page = ('<script>a()</script><script type="application/json">{"x":1}</script>'
            '<script src="x.js"></script><script type="module">b()</script>')
    expected = sorted(f"'sha256-{base64.b64encode(hashlib.sha256(body).digest()).decode()}'"
                      for body in (b"a()", b"b()"))
    assert inline_script_hashes([page]) == expected


def test_headers_file_and_nginx_snippet_say_the_same():
    headers = security_headers(["'sha256-abc='"])
    assert parse_headers_file(headers_file(headers)) == {"/*": headers}
    snippet = nginx_snippet(headers)
    for name, value in headers.items():
        assert f'add_header {name} "{value}" always;' in snippet


@pytest.mark.parametrize("name", SITES)
def test_the_build_writes_a_strict_policy(quality_sites, name):
    site = quality_sites[name]
    rules = parse_headers_file((site / HEADERS_FILE).read_text(encoding="utf-8"))
    headers = rules["/*"]
    csp = directives(headers["Content-Security-Policy"])
    for required in REQUIRED:
        assert required in csp.values(), required
    assert "unsafe-inline" not in csp["script-src"] and "unsafe-eval" not in csp["script-src"]
    pages = [p.read_text(encoding="utf-8") for p in site.rglob("*.html")]
    hashes = re.findall(r"'sha256-[^']+'", csp["script-src"])
    assert hashes == inline_script_hashes(pages) and hashes, "every inline script of Material, hashed"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] in ("no-referrer", "strict-origin")
    assert (site / NGINX_FILE).read_text(encoding="utf-8") == nginx_snippet(headers)


@pytest.mark.parametrize("name", SITES)
def test_no_csp_violation_on_any_page_or_widget_route(page, serve_with_headers, quality_sites, name):
    site = quality_sites[name]
    base = serve_with_headers(site)
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.context.add_init_script(WATCH)
    urls = page_urls(site)
    for url in urls:
        page.goto("about:blank")
        response = page.goto(base + url)
        assert response and "content-security-policy" in response.headers, url
        page.wait_for_load_state("networkidle")
        violations += [f"{url}: {v}" for v in page.evaluate("() => window.__csp || []")]
    # Click through every route from the start, as a parent does, then search.
    for lang in sorted(p.parent.name for p in site.glob("*/index.html")):
        page.goto(f"{base}{lang}/index.html")
        data = page.evaluate("() => JSON.parse(document.getElementById('hf-data').textContent)")
        for state in (u.split("#", 1)[1] for u in urls if u.startswith(f"{lang}/index.html#")):
            page.goto(f"{base}{lang}/index.html")
            for pair in state.split("&"):
                question, key = pair.split("=")
                label = next(a["label"] for a in data["questions"][question]["answers"] if a["key"] == key)
                page.locator("#hf-widget").get_by_role("button", name=label, exact=True).click()
            page.wait_for_function("h => location.hash === h", arg="#" + state)
            violations += [f"{lang}#{state}: {v}" for v in page.evaluate("() => window.__csp || []")]
        page.locator("input.md-search__input").click()
        page.keyboard.type("Smartschool", delay=20)
        page.wait_for_selector(".md-search-result__item")
        violations += [f"{lang} search: {v}" for v in page.evaluate("() => window.__csp || []")]
    print(f"\ncsp: {name}: {len(urls)} pages and widget states under the built headers, "
          f"{len(violations)} violations")
    assert not violations, "\n".join(violations)
