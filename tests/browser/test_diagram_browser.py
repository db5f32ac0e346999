"""Each flow's diagram as a parent sees it in Chromium: readable on a phone, every node a
link to that node's page in the same language and flow, question boxes in the school's colour."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from helpflow.load.content import load_content
from helpflow.load.school import load_school
from helpflow.paths import CONTENT as CONTENT_DIR
from helpflow.paths import SCHOOLS
from helpflow.plan.branding import diagram_colors
from helpflow.plan.pages import DIAGRAM, html_name
from helpflow.plan.site import page_paths
from helpflow.plan.text import Context

from helpers import AWKWARD

pytestmark = pytest.mark.any_worker

CONTENT = load_content(CONTENT_DIR)
SCHOOL = load_school(SCHOOLS / "demo.yml", CONTENT)
FLOWS = CONTENT.flows_of(SCHOOL)

RENDERED_FONT_PX = """svg => {
  const box = svg.viewBox.baseVal, scale = svg.getBoundingClientRect().width / box.width;
  return Math.min(...[...svg.querySelectorAll('text')].map(t => parseFloat(t.getAttribute('font-size')) * scale));
}"""
NODE_LINKS = """svg => Object.fromEntries([...svg.querySelectorAll('g[id^="hf-node-"]')].map(g => {
  const a = g.querySelector('a');
  return [g.id.slice('hf-node-'.length), a && new URL(a.getAttribute('href'), document.baseURI).href];
}))"""


def _url(base: str, lang: str, key: str) -> str:
    return f"{base}{lang}/{html_name(page_paths(CONTENT, SCHOOL, lang)[key])}"


@pytest.mark.parametrize("lang", SCHOOL.languages)
def test_diagram_text_is_readable_on_a_360px_phone(new_page, demo_url, lang):
    page = new_page(viewport={"width": 360, "height": 740})
    for flow in FLOWS:
        page.goto(_url(demo_url, lang, f"{flow.slug}/{DIAGRAM}"))
        svg = page.locator("svg.hf-diagram")
        assert svg.evaluate(RENDERED_FONT_PX) >= 12, flow.slug
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, flow.slug


@pytest.mark.parametrize("lang", SCHOOL.languages)
def test_each_diagram_node_is_a_link_to_its_page(watched_page, demo_url, lang):
    page = watched_page
    plain = Context(lang, SCHOOL, CONTENT.ui, CONTENT.labels).plain  # a text with the school's facts in
    for flow in FLOWS:
        diagram = _url(demo_url, lang, f"{flow.slug}/{DIAGRAM}")
        page.goto(diagram)
        # The nodes some answers lead to; a page only a step links to is no box of the tree.
        nodes = list(dict.fromkeys(node for route in flow.routes() for node in route.nodes))
        links = page.locator("svg.hf-diagram").evaluate(NODE_LINKS)
        assert links == {node: _url(demo_url, lang, f"{flow.slug}/{node}") for node in nodes}, flow.slug
        # Every node clicked on the drawing itself, as a parent would: each in one of the languages.
        clicked = nodes[SCHOOL.languages.index(lang)::len(SCHOOL.languages)]
        for i, node in enumerate(clicked):
            if i:
                page.goto(diagram)
            page.locator(f"[id='hf-node-{node}'] a").click()
            expect(page).to_have_url(links[node])
            expect(page.get_by_role("heading", level=1)).to_have_text(plain(
                flow.questions[node].text[lang] if node in flow.questions else flow.outcomes[node].title[lang]))


def test_question_boxes_wear_the_schools_colour(page, serve, shared_build):
    """The awkward school's light primary, darkened as its pages darken it, on every question box
    of every diagram it shows, and nowhere the demo's blue."""
    school = load_school(AWKWARD, CONTENT)
    colors = diagram_colors(school)
    base = serve(shared_build("awkward", AWKWARD))
    for lang in school.languages:
        for flow in CONTENT.flows_of(school):
            page.goto(f"{base}{lang}/{html_name(page_paths(CONTENT, school, lang)[f'{flow.slug}/{DIAGRAM}'])}")
            drawn = page.eval_on_selector_all(
                "svg.hf-diagram g.hf-question path, svg.hf-diagram g.hf-question polygon",
                "shapes => shapes.map(s => [getComputedStyle(s).stroke, getComputedStyle(s).fill])")
            assert drawn and {tuple(d) for d in drawn} == {(_rgb(colors.question_line), _rgb(colors.question_fill))}
    assert colors.question_line != "#1f4e8c"


def _rgb(color: str) -> str:
    return "rgb({}, {}, {})".format(*(int(color[i:i + 2], 16) for i in (1, 3, 5)))
