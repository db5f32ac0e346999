"""The tests' own browser pages (``conftest._Pages``): a page shares its context with earlier
tests' pages, so it must start with nothing an earlier test left behind."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.any_worker

COLOUR = "() => getComputedStyle(document.body).color"


def test_a_new_page_has_no_cookie_storage_or_cached_file_of_an_earlier_one(new_page, serve, tmp_path):
    (tmp_path / "index.html").write_text('<!doctype html><link rel="stylesheet" href="style.css"><p>a page</p>')
    (tmp_path / "style.css").write_text("body { color: rgb(255, 0, 0) }")
    base = serve(tmp_path, {"/style.css": {"Cache-Control": "max-age=3600"}})
    earlier = new_page()
    earlier.goto(base + "index.html")
    earlier.evaluate("() => { localStorage.setItem('left', '1'); sessionStorage.setItem('left', '1');"
                     " document.cookie = 'left=1; max-age=3600'; }")
    for _ in range(100):  # a page's cookie reaches the browser's store a moment later
        if earlier.context.cookies():
            break
        earlier.wait_for_timeout(50)
    assert earlier.context.cookies() and earlier.evaluate(COLOUR) == "rgb(255, 0, 0)"
    (tmp_path / "style.css").write_text("body { color: rgb(0, 0, 255) }")  # kept a year, were it cached

    page = new_page()
    assert earlier.is_closed() and page.context is earlier.context
    page.goto(base + "index.html")
    assert page.evaluate("() => [localStorage.length, sessionStorage.length, document.cookie]") == [0, 0, ""]
    assert page.context.cookies() == []
    assert page.evaluate(COLOUR) == "rgb(0, 0, 255)", "the style sheet came from an earlier test's cache"
