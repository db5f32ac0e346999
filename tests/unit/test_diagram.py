"""The diagram without a browser: DOT written by the ``graphviz`` package, the SVG of the real
``dot`` read with an XML parser, and what that makes of it for an accessible page."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from helpflow.errors import HelpflowError
from helpflow.plan.diagram import SVG, XLINK, Edge, Node, _inline_svg, dot_source, edge_id, node_id, render_svg

AWKWARD = 'Back\\slash "quoted" <b>bold</b> \\N & more'
"""DOT escapes (``\\N`` is the node's name), quotes, an HTML-like label and an ampersand."""
TOOLTIP = 'A "quoted" <b>title</b> & more'
"""(Graphviz expands escapes like ``\\N`` in a tooltip whatever the quoting; titles have none.)"""


def _svg(label: str = "Ready?") -> ET.Element:
    nodes = (Node("q", "question", label, TOOLTIP, "a.html#x"),
             Node("done", "self-service", "Done", "Done", "done.html"))
    edges = (Edge("q", "done", "yes", "Yes"),)
    return ET.fromstring(render_svg(dot_source(nodes, edges), f"Title {AWKWARD}", "Desc <x>"))


def test_every_string_stays_text_whatever_it_holds():
    svg = _svg(AWKWARD)
    drawn = next(e for e in svg.iter() if e.get("id") == node_id("q"))
    assert " ".join(t.text or "" for t in drawn.iter(f"{{{SVG}}}text")) == " ".join(AWKWARD.split())
    link = drawn.find(f".//{{{SVG}}}a")
    assert link is not None and link.get(f"{{{XLINK}}}title") == TOOLTIP
    assert not list(svg.iter("b")) and not list(svg.iter(f"{{{SVG}}}b"))


ENTITIES = ("EQ &#x202E;evil end", "&#x2067;abc&#x2069; long enough to wrap over two lines of the box", "bell &#7; esc &#x1B;",
            "form feed &#12; nul &#0;", "&amp; &lt;b&gt; &quot; &eacute; &unknown; & &#; &#x;")
"""Texts that Graphviz would read as characters (a direction override, a control character,
a markup entity) if their ``&`` reached it as it is."""


@pytest.mark.parametrize("text", ENTITIES)
def test_an_entity_in_a_label_tooltip_or_answer_stays_the_text_it_is(text):
    nodes = (Node("q", "question", text, text, "a.html"), Node("done", "self-service", "Done", "Done", "done.html"))
    svg = ET.fromstring(render_svg(dot_source(nodes, (Edge("q", "done", "yes", text),)), "T", "D"))
    drawn = next(e for e in svg.iter() if e.get("id") == node_id("q"))
    lines = "".join(t.text or "" for t in drawn.iter(f"{{{SVG}}}text"))  # a word longer than a line breaks
    assert "".join(lines.split()) == "".join(text.split())
    link = drawn.find(f".//{{{SVG}}}a")
    assert link is not None and link.get(f"{{{XLINK}}}title") == text
    answer = next(e for e in svg.iter() if e.get("id") == edge_id("q", "yes"))
    assert " ".join(t.text or "" for t in answer.iter(f"{{{SVG}}}text")).strip() == text


def test_the_svg_is_named_described_and_linked_for_every_reader():
    svg = _svg()
    assert (svg.get("role"), svg.get("aria-labelledby"), svg.get("aria-describedby")) == (
        "group", "hf-diagram-title", "hf-diagram-desc")
    assert svg.get("width") is None and svg.get("style", "").startswith("max-width: ")
    first, second = list(svg)[:2]
    assert (first.tag, first.get("id"), first.text) == (f"{{{SVG}}}title", "hf-diagram-title", f"Title {AWKWARD}")
    assert (second.tag, second.get("id"), second.text) == (f"{{{SVG}}}desc", "hf-diagram-desc", "Desc <x>")
    assert len(list(svg.iter(f"{{{SVG}}}title"))) == 1, "Graphviz's own titles (DOT ids) are gone"
    links = list(svg.iter(f"{{{SVG}}}a"))
    assert links and all(a.get("href") == a.get(f"{{{XLINK}}}href") for a in links)
    assert "a.html#x" in [a.get("href") for a in links]
    ids = {e.get("id") for e in svg.iter()}
    assert {node_id("q"), node_id("done"), edge_id("q", "yes")} <= ids


def test_the_inline_markup_writes_href_beside_xlink_href_and_no_hyphen_entities():
    text = render_svg(dot_source((Node("a-b", "question", "a-b", "a-b", "x.html"),), ()), "T", "D")
    assert '<a href="x.html" xlink:href="x.html"' in text and "&#45;" not in text
    assert text.startswith('<svg class="hf-diagram" role="group" aria-labelledby="hf-diagram-title" ')
    assert 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">' in text


def test_an_unreadable_svg_is_one_line_that_names_graphviz():
    with pytest.raises(HelpflowError, match=r"Graphviz's 'dot' wrote an SVG that cannot be read"):
        _inline_svg("<svg><g></svg>", "T", "D")
