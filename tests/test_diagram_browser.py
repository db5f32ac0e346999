"""The diagram as a parent sees it in Chromium: readable on a phone, every node a working link."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from helpflow.cli import FLOW, UI
from helpflow.flowfile import load_flow, load_ui
from helpflow.pages import DIAGRAM, page_paths

FLOW_MODEL, UI_TEXTS = load_flow(FLOW), load_ui(UI)

RENDERED_FONT_PX = """svg => {
  const box = svg.viewBox.baseVal, scale = svg.getBoundingClientRect().width / box.width;
  return Math.min(...[...svg.querySelectorAll('text')].map(t => parseFloat(t.getAttribute('font-size')) * scale));
}"""


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_diagram_text_is_readable_on_a_360px_phone(browser, demo_url, lang):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{demo_url}{lang}/{page_paths(FLOW_MODEL, UI_TEXTS, lang)[DIAGRAM].replace('.md', '.html')}")
    svg = page.locator("svg.hf-diagram")
    assert svg.evaluate(RENDERED_FONT_PX) >= 12
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()


@pytest.mark.parametrize("node", list(FLOW_MODEL.questions) + list(FLOW_MODEL.outcomes))
def test_each_diagram_node_is_a_link_to_its_page(watched_page, demo_url, node):
    paths = page_paths(FLOW_MODEL, UI_TEXTS, "nl")
    watched_page.goto(f"{demo_url}nl/{paths[DIAGRAM].replace('.md', '.html')}")
    watched_page.locator(f"#hf-node-{node} a").click()
    expect(watched_page).to_have_url(f"{demo_url}nl/{paths[node].replace('.md', '.html')}")
