"""The boxes of a page (issue 20): written by Python-Markdown's admonition and pymdown-extensions'
details, exactly as they write them, with the plan's escaped HTML inside and never read as Markdown."""

from __future__ import annotations

import markdown
import pytest

from helpflow.plan import blocks

pytestmark = pytest.mark.any_worker

LIBRARIES = ["admonition", "pymdownx.details"]


def _library(source: str) -> str:
    return markdown.markdown(source, extensions=LIBRARIES).replace("\n", "")


def test_boxes_are_the_libraries_own_markup():
    assert blocks.admonition(("warning", "hf-note"), "Let op", "<p>Kijk in uw spam.</p>") == _library(
        '!!! warning hf-note "Let op"\n    Kijk in uw spam.')
    assert blocks.details(("hf-tool-slot", "hf-tool-slot--mail-composer"), "Schrijf", "<p>Mail ons.</p>") == _library(
        '??? hf-tool-slot hf-tool-slot--mail-composer "Schrijf"\n    Mail ons.')


@pytest.mark.parametrize("text", ["**vet** _schuin_ `code`", "[klik](javascript:alert(1))", "<script>x</script>",
                                  "!!! danger \"x\"\n    y", "hfblocktitle hfblockbody", "a\n\n    code"])
def test_what_goes_inside_is_never_read_as_markdown(text):
    """A school's or a flow's text arrives escaped by the plan; the box keeps it byte for byte."""
    title, body = f"<b>{text}</b>", f"<p>{text}</p>"
    for box in (blocks.admonition(("info",), title, body), blocks.details(("hf-x",), title, body)):
        assert title in box and body in box
        assert box.count(text) == 2


@pytest.mark.parametrize("word", ['a" onclick="x', "A", "a b", "", "a_b"])
def test_a_class_that_is_not_a_class_word_is_refused(word):
    with pytest.raises(ValueError):
        blocks.admonition(("info", word), "t", "<p>b</p>")
