"""The HTML blocks set aside from Python-Markdown (``build.raw_html``) change no page: every
page of every flow, and each kind of block that must stay for Markdown."""

from __future__ import annotations

import markdown
import pytest

from helpflow.build.raw_html import MARK, put_back, set_aside
from helpflow.plan.site import plan_sites


def _converted(text: str) -> tuple[str, list]:
    md = markdown.Markdown(extensions=["toc"], extension_configs={"toc": {"permalink": False}})
    return md.convert(text), md.toc_tokens  # type: ignore[attr-defined]


def _through_set_aside(text: str) -> tuple[str, list]:
    light, blocks = set_aside(text)
    html, toc = _converted(light)
    return put_back(html, blocks), toc


def test_every_page_converts_to_the_same_html_and_contents(content, demo) -> None:
    pages = [page for plan in plan_sites(content, demo) for page in plan.pages]
    set_aside_bytes = 0
    for page in pages:
        light, blocks = set_aside(page.markdown)
        set_aside_bytes += len(page.markdown) - len(light)
        assert _through_set_aside(page.markdown) == _converted(page.markdown), page.path
    assert set_aside_bytes > sum(len(page.markdown) for page in pages) / 2  # most of it is the plan's HTML


@pytest.mark.parametrize("text", [
    "<b>Bold</b> starts a paragraph, which Markdown wraps in <p>.",
    "<div>one</div><div>two</div>",
    "<div>one</div>\n<p>then *Markdown*</p> and more",
    "<div>\n\n*a blank line inside*\n\n</div>",
    "<div>\n   \n*a line of spaces inside*</div>",
    "    <div>indented: code</div>",
    "<div><div>nested</div></div> tail",
    "<span>not block-level</span>",
    "<section>unclosed",
    "<DIV>upper case</DIV>",
    "<details><summary>s</summary><p>p</p></details>",
    "<p>x</p>",
    "- a list\n\n<ul><li>after it</li></ul>",
])
def test_a_block_converts_as_markdown_converts_it(text: str) -> None:
    page = f"# Title\n\nBefore *it*.\n\n{text}\n\nAfter *it*.\n"
    assert _through_set_aside(page) == _converted(page)


def test_only_whole_elements_are_set_aside() -> None:
    light, blocks = set_aside("<b>x</b> y\n\n<div>a</div><div>b</div>\n\n<nav><nav>n</nav></nav>\n")
    assert blocks == ("<nav><nav>n</nav></nav>",)
    assert light == f"<b>x</b> y\n\n<div>a</div><div>b</div>\n\n{MARK.format(0)}\n"


def test_a_page_holding_a_mark_is_left_whole() -> None:
    text = f"<div>{MARK.format(0)}</div>\n\n<div>b</div>\n"
    assert set_aside(text) == (text, ())
