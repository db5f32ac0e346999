"""Without JavaScript, a parent follows plain links from the home page to every outcome."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from helpflow.cli import FLOW
from helpflow.flowfile import load_flow

FLOW_MODEL = load_flow(FLOW)


@pytest.fixture
def nojs_page(browser):
    context = browser.new_context(java_script_enabled=False)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
@pytest.mark.parametrize("route", FLOW_MODEL.routes(), ids=lambda r: "+".join(f"{q}={a}" for q, a in r.answers))
def test_links_lead_from_home_to_the_outcome(nojs_page, demo_url, lang, route):
    page = nojs_page
    page.goto(f"{demo_url}{lang}/index.html")
    page.locator("article a.md-button--primary").click()
    for question_id, answer_key in route.answers:
        question = FLOW_MODEL.questions[question_id]
        expect(page.get_by_role("heading", level=1)).to_have_text(question.text[lang])
        label = question.answer(answer_key).label[lang]
        page.locator("article").get_by_role("link", name=label, exact=True).click()
    outcome = FLOW_MODEL.outcomes[route.outcome]
    expect(page.get_by_role("heading", level=1)).to_have_text(outcome.title[lang])
    expect(page.locator("article ol > li")).to_have_count(len(outcome.steps))
