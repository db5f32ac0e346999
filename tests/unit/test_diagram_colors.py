"""The diagram in the school's colours, by the pages' contrast rules: the outline of a question
box is the shade the school's links use, its inside a tint that keeps black labels at AA."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET

import pytest

from helpflow.plan.branding import AA, NON_TEXT, TEXT_COLOR, accessible, contrast, diagram_colors
from helpflow.plan.diagram import SVG, Edge, Node, dot_source, node_id, render_svg

pytestmark = pytest.mark.any_worker

PRIMARIES = ["#1f4e8c", "#8ecae6", "#ffffff", "#000000", "#ffff00", "#0b5fff", "#e30613", "#00a651"]
"""The demo's, the awkward school's (light), the extremes, and a few schools' logo colours."""


@pytest.mark.parametrize("primary", PRIMARIES)
def test_the_colours_meet_the_pages_contrast_rules(demo, primary):
    colors = diagram_colors(dataclasses.replace(demo, primary=primary))
    assert colors.question_line == accessible(primary), "the shade the school's links and buttons use"
    assert contrast(colors.question_line, "#ffffff") >= NON_TEXT
    assert contrast(colors.question_line, colors.question_fill) >= NON_TEXT, "the outline shows on its fill"
    assert contrast(TEXT_COLOR, colors.question_fill) >= AA, "labels readable inside"


def test_question_boxes_are_drawn_in_the_schools_colours(demo):
    colors = diagram_colors(dataclasses.replace(demo, primary="#8ecae6"))
    nodes = (Node("q", "question", "Ready?", "Ready?", "q.html"), Node("done", "self-service", "Done", "Done", "d.html"))
    svg = ET.fromstring(render_svg(dot_source(nodes, (Edge("q", "done", "yes", "Yes"),), colors), "T", "D"))
    question = next(e for e in svg.iter() if e.get("id") == node_id("q"))
    shape = next(e for e in question.iter() if e.tag in (f"{{{SVG}}}path", f"{{{SVG}}}polygon"))
    assert (shape.get("stroke"), shape.get("fill")) == (colors.question_line, colors.question_fill)
    outcome = next(e for e in svg.iter() if e.get("id") == node_id("done"))
    assert colors.question_line not in ET.tostring(outcome, encoding="unicode"), "outcomes keep their kind's colours"
