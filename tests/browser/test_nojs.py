"""Without JavaScript, a parent follows plain links from the help centre to every outcome
of every flow: the flow's home, its start link, then one answer link per question. The
flow's home offers each outcome and the diagram straight away too."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from playwright.sync_api import expect

from helpflow.load.content import load_content
from helpflow.load.school import load_school
from helpflow.paths import CONTENT as CONTENT_DIR
from helpflow.paths import SCHOOLS
from helpflow.plan.pages import DIAGRAM, HOME, html_name
from helpflow.plan.site import page_paths
from helpflow.plan.text import Context
from helpflow.plan.tools import mail_composer

from helpers import share

pytestmark = pytest.mark.any_worker

CONTENT = load_content(CONTENT_DIR)
SCHOOL = load_school(SCHOOLS / "demo.yml", CONTENT)
FLOWS = CONTENT.flows_of(SCHOOL)


@pytest.fixture
def nojs_page(new_page):
    """A page with JavaScript off, failing on console errors and other-origin requests too."""
    page = new_page(java_script_enabled=False)
    errors: list[str] = []
    foreign: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("request", lambda r: foreign.append(r.url) if urlsplit(r.url).hostname != "127.0.0.1" else None)
    yield page
    assert not errors and not foreign, (errors, foreign)


@pytest.mark.parametrize("lang", SCHOOL.languages)
def test_links_lead_from_the_help_centre_to_every_outcome(nojs_page, demo_url, lang):
    page = nojs_page
    paths = {key: html_name(path) for key, path in page_paths(CONTENT, SCHOOL, lang).items()}
    ui = {key: text[lang] for key, text in CONTENT.ui.items()}
    plain = Context(lang, SCHOOL, CONTENT.ui, CONTENT.labels).plain  # a text with the school's facts in
    assert len(FLOWS) > 1, "the demo school lists several flows in a help centre"
    for flow in FLOWS:  # each flow's home from the help centre: a start link for the widget, each outcome, the diagram
        page.goto(f"{demo_url}{lang}/index.html")
        page.locator("article").get_by_role("link", name=plain(flow.title[lang]), exact=True).click()
        expect(page).to_have_url(f"{demo_url}{lang}/{paths[f'{flow.slug}/{HOME}']}")
        expect(page.locator("#hf-widget").get_by_role("button")).to_have_count(0)
        listed = page.locator("article > ul > li > a:first-child")
        expect(listed).to_have_text([plain(o.title[lang]) for o in flow.outcomes.values()])
        assert listed.evaluate_all("links => links.map(a => a.getAttribute('href'))") == [
            paths[f"{flow.slug}/{o.id}"].rsplit("/", 1)[-1] for o in flow.outcomes.values()]
        expect(page.locator("article").get_by_role("link", name=ui["see_diagram"], exact=True)
               ).to_have_attribute("href", paths[f"{flow.slug}/{DIAGRAM}"].rsplit("/", 1)[-1])
    # Every route once, the languages taking turns (``share``), from the help centre to the outcome.
    for flow, route in share([(f, r) for f in FLOWS for r in f.routes()], lang, SCHOOL.languages):
        page.goto(f"{demo_url}{lang}/index.html")
        page.locator("article").get_by_role("link", name=plain(flow.title[lang]), exact=True).click()
        for step, (question_id, answer_key) in enumerate(route.answers):
            question = flow.questions[question_id]
            label = plain(question.answer(answer_key).label[lang])
            if step == 0:  # the flow's home asks its first question itself, in the widget's place
                widget = page.locator("#hf-widget")
                expect(widget.get_by_role("heading", level=3)).to_have_text(plain(question.text[lang]))
                widget.get_by_role("link", name=label, exact=True).click()
                continue
            expect(page.get_by_role("heading", level=1)).to_have_text(plain(question.text[lang]))
            page.locator("article .hf-answers").get_by_role("link", name=label, exact=True).click()
        outcome = flow.outcomes[route.outcome]
        expect(page).to_have_url(f"{demo_url}{lang}/{paths[f'{flow.slug}/{route.outcome}']}")
        expect(page.get_by_role("heading", level=1)).to_have_text(plain(outcome.title[lang]))
        expect(page.locator("article ol.hf-steps > li")).to_have_count(len(outcome.steps))


@pytest.mark.parametrize("lang", SCHOOL.languages)
def test_the_mail_to_the_school_opens_with_labelled_lines_to_fill_in(nojs_page, demo_url, lang):
    """Every outcome with the composer: the mail app opens a mail in the platform's language
    whose lines for the pupil, the parent, the relation and the address wait to be filled in,
    and the page says in the reader's language why the mail is in another one."""
    page = nojs_page
    platform = SCHOOL.platform_language
    paths = {key: html_name(path) for key, path in page_paths(CONTENT, SCHOOL, lang).items()}
    labels = [CONTENT.ui[key][platform] for _field, key in mail_composer.FIELDS]
    why = Context(lang, SCHOOL, CONTENT.ui, CONTENT.labels).plain(CONTENT.ui[f"composer_translation_{platform}"][lang])
    for flow in FLOWS:
        for outcome in flow.outcomes.values():
            if "mail-composer" not in outcome.all_tools:
                continue
            page.goto(f"{demo_url}{lang}/{paths[f'{flow.slug}/{outcome.id}']}")
            slot = page.locator("article .hf-tool-slot--mail-composer")
            slot.locator("summary").click()
            href = slot.get_by_role("link").get_attribute("href")
            parts = urlsplit(href)
            query = parse_qs(parts.query, keep_blank_values=True)
            assert unquote(parts.path.removeprefix("mailto:")) == SCHOOL.email
            lines = query["body"][0].split("\r\n")
            assert flow.tool_texts["mail_request"][platform] in lines
            assert [line.removesuffix(" ") for line in lines if line.rstrip().endswith(":")] == labels
            note = slot.locator(".hf-mail-language")
            if lang == platform:
                expect(note).to_have_count(0)
            else:
                expect(note).to_have_text(why)
