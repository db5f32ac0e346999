"""The decision widget in real Chromium, driven by the real content and the demo school.

Every route of every flow in every built language, the address as state (deep link,
reload, Back, Forward, an old link), Change and Start again, keyboard-only use, the
language switch, each outcome's tools as the model names them, the mail composer, and
the route on the diagram (the same pages without JavaScript: ``test_nojs.py``).
Expectations come from the model (``Flow.routes()``, ``Flow.follow()``), never from
the page. ``watched_page`` fails a test on any console error or request to another origin.
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from playwright.sync_api import Page, expect

from helpflow.load import tools
from helpflow.load.content import load_content
from helpflow.load.school import load_school
from helpflow.model.flow import Flow, Outcome, Route
from helpflow.paths import CONTENT as CONTENT_DIR
from helpflow.paths import SCHOOLS
from helpflow.plan.pages import DIAGRAM, HOME, html_name
from helpflow.plan.site import page_paths
from helpflow.plan.text import Context

from helpers import share

pytestmark = pytest.mark.any_worker

CONTENT = load_content(CONTENT_DIR)
SCHOOL = load_school(SCHOOLS / "demo.yml", CONTENT)
FLOWS = CONTENT.flows_of(SCHOOL)
LANGS = SCHOOL.languages
UI = CONTENT.ui
PATHS = {lang: page_paths(CONTENT, SCHOOL, lang) for lang in LANGS}
PASSWORD = CONTENT.flows["wachtwoord-vergeten"]
"""The seed's flow: two questions deep, enough for Change, Back and the keyboard."""
TOOL_HEADINGS = {name: spec.heading for name, spec in tools.specs().items()}
"""Each widget tool by the site text of its heading, to find it on the page."""


def _url(base: str, lang: str, flow: Flow, key: str = HOME) -> str:
    return f"{base}{lang}/{html_name(PATHS[lang][f'{flow.slug}/{key}'])}"


def _beside(lang: str, flow: Flow, key: str) -> str:
    """A page's address from a page beside it in the flow's folder, as links write it."""
    return html_name(PATHS[lang][f"{flow.slug}/{key}"]).rsplit("/", 1)[-1]


def _hash(answers) -> str:
    return "#" + "&".join(f"{q}={a}" for q, a in answers) if answers else ""


def _deepest(flow: Flow) -> Route:
    """The route with the most answers: the one that shows most of the widget."""
    return max(flow.routes(), key=lambda route: len(route.answers))


def _plain(text: str, lang: str) -> str:
    """A model text as the reader sees it: the school's facts filled in (``{email_given}``)."""
    return Context(lang, SCHOOL, UI, CONTENT.labels).plain(text)


def _title(flow: Flow, node: str, lang: str) -> str:
    """The widget's heading at ``node``: a question's full text, an outcome's title."""
    return _plain(flow.questions[node].text[lang] if node in flow.questions else flow.outcomes[node].title[lang], lang)


def _widget(page: Page):
    return page.locator("#hf-widget")


def _heading(page: Page):
    return _widget(page).locator(".hf-heading")


def _answer(page: Page, flow: Flow, question_id: str, key: str, lang: str) -> None:
    label = _plain(flow.questions[question_id].answer(key).label[lang], lang)
    _widget(page).get_by_role("button", name=label, exact=True).click()


def _open(page: Page, url: str) -> None:
    page.goto(url)
    expect(_widget(page)).to_have_class(re.compile(r"\bhf-ready\b"))


def _data(page: Page) -> dict:
    return json.loads(page.locator("#hf-data").text_content())


def _tools(outcome: Outcome) -> list[str]:
    """The tools the model names for an outcome: beside its steps, then after them."""
    return [tool for step in outcome.steps for tool in step.tools] + list(outcome.tools)


def _expect_tools_where_the_model_names_them(page: Page, step, outcome: Outcome) -> None:
    """Each tool sits beside the step that names it, or after the steps when the outcome
    names it: as the model says, whatever the outcome's kind. The widget's data agrees."""
    named = _tools(outcome)
    data = _data(page) if named or page.locator("#hf-data").count() else {"tools": {}}
    if "outcomes" in data:  # the widget's data; an outcome page carries its tools' data only
        assert sorted(data["outcomes"][outcome.id]["tools"]) == sorted(set(named)), outcome.id
    items = step.locator("ol.hf-steps > li")
    for number, model_step in enumerate(outcome.steps):
        slots = items.nth(number).locator(".hf-tool-slot")
        expect(slots).to_have_count(len(model_step.tools))
        for i, tool in enumerate(model_step.tools):
            expect(slots.nth(i)).to_have_class(re.compile(rf"(^|\s)hf-tool-slot--{tool}(\s|$)"))
    for where, tools_there in ((step.locator("ol.hf-steps ~ .hf-tool-slot"), outcome.tools),
                               (step.locator(".hf-tool-slot"), named)):
        expect(where).to_have_count(len(tools_there))
    # Every slot, once the parent opens it, holds its working tool, headed by that tool's own heading.
    # Its heading follows the page's order: h2 under an outcome page's title, h4 under the widget's question.
    headings = [data["tools"][t]["ui"][TOOL_HEADINGS[t]] for t in named]
    expect(step.locator(".hf-tool-slot > summary")).to_have_text(headings)  # the parent's click opens it
    expect(step.locator(".hf-tool-slot .hf-tool")).to_have_count(0)  # no tool's script before it is asked for
    for summary in step.locator(".hf-tool-slot > summary").all():
        summary.click()
    expect(step.locator(".hf-tool-slot .hf-tool :is(h2, h4)")).to_have_text(headings)
    expect(step.locator(".hf-tool-slot:not([hidden]) .hf-tool")).to_have_count(len(named))
    expect(step.locator("a.hf-send")).to_have_count(named.count("mail-composer"))
    expect(step.locator("output.hf-username")).to_have_count(named.count("username-helper"))


@pytest.mark.parametrize("lang", LANGS)
def test_every_route_of_every_flow_reaches_its_outcome_with_its_tools(watched_page, demo_url, lang):
    """Every route once, the languages taking turns (``share``)."""
    page = watched_page
    for flow, route in share([(f, r) for f in FLOWS for r in f.routes()], lang, LANGS):
        _open(page, _url(demo_url, lang, flow))
        for done, (question_id, key) in enumerate(route.answers):
            expect(_heading(page)).to_have_text(_title(flow, question_id, lang))
            _answer(page, flow, question_id, key, lang)
            expect(page).to_have_url(re.compile(re.escape(_hash(route.answers[:done + 1])) + "$"))
            expect(_heading(page)).to_be_focused()
        outcome = flow.outcomes[route.outcome]
        expect(_heading(page)).to_have_text(_title(flow, route.outcome, lang))
        step = _widget(page).locator(".hf-step")
        expect(step).to_have_class(re.compile(rf"\bhf-{outcome.kind}\b"))
        expect(step.locator("ol.hf-steps > li")).to_have_count(len(outcome.steps))
        _expect_tools_where_the_model_names_them(page, step, outcome)
        expect(step.get_by_role("link", name=UI["outcome_page"][lang], exact=True)).to_have_attribute(
            "href", _beside(lang, flow, route.outcome))
        expect(page.locator(f".hf-route-diagram [id='hf-node-{route.outcome}']")).to_have_class(
            re.compile(r"\bhf-here\b"))
        for question_id, key in route.answers:
            expect(page.locator(f".hf-route-diagram [id='hf-edge-{question_id}-{key}']")).to_have_class(
                re.compile(r"\bhf-on-route\b"))


def test_every_outcome_page_shows_its_tools_beside_its_steps(watched_page, demo_url):
    page = watched_page  # those no answer leads to, only a step's link, too
    lang = LANGS[-1]
    for flow in FLOWS:
        for outcome in flow.outcomes.values():
            page.goto(_url(demo_url, lang, flow, outcome.id))
            _expect_tools_where_the_model_names_them(page, page.locator("article .hf-outcome-body"), outcome)


def test_deep_link_and_reload_keep_the_state(watched_page, demo_url):
    page = watched_page
    route = _deepest(PASSWORD)
    first = route.answers[:1]
    node, _ = PASSWORD.follow(dict(first))
    _open(page, _url(demo_url, "nl", PASSWORD) + _hash(first))
    expect(_heading(page)).to_have_text(_title(PASSWORD, node, "nl"))
    expect(_heading(page)).not_to_be_focused()  # a page load does not steal focus
    page.reload()
    expect(_heading(page)).to_have_text(_title(PASSWORD, node, "nl"))
    _open(page, _url(demo_url, "en", PASSWORD) + _hash(route.answers))
    expect(_heading(page)).to_have_text(_title(PASSWORD, route.outcome, "en"))


def _old_links(flow: Flow) -> list[str]:
    """Addresses an old or mistyped link may carry: an unknown answer, an answer to a
    question off the route, an unknown key, no answers at all."""
    route, short = _deepest(flow), min(flow.routes(), key=lambda r: len(r.answers))
    links = [f"#{flow.start}=maybe", "#nonsense", _hash(route.answers) + "&old=1"]
    if len(route.answers) > 1:
        links.append(_hash(route.answers[:-1]) + f"&{route.answers[-1][0]}=perhaps")
    off_route = next((q for q in flow.questions.values() if q.id not in short.nodes), None)
    if off_route:
        links.append(_hash(short.answers) + f"&{off_route.id}={off_route.answers[0].key}")
    return links


@pytest.mark.parametrize("flow", FLOWS, ids=lambda f: f.slug)
def test_an_old_link_falls_back_to_the_deepest_valid_point(watched_page, demo_url, flow):
    page = watched_page
    for link in _old_links(flow):
        page.goto("about:blank")  # each link a fresh page load, as a parent's click would be
        _open(page, _url(demo_url, "nl", flow) + link)
        node, used = flow.follow(dict(pair.split("=", 1) for pair in link.lstrip("#").split("&") if "=" in pair))
        expect(_heading(page)).to_have_text(_title(flow, node, "nl"))
        assert urlsplit(page.url).fragment == _hash(used).lstrip("#"), link


def test_back_and_forward_undo_and_redo_one_answer(watched_page, demo_url):
    page = watched_page
    route = _deepest(PASSWORD)
    (q1, a1), (q2, a2) = route.answers[:2]
    _open(page, _url(demo_url, "fr", PASSWORD))
    _answer(page, PASSWORD, q1, a1, "fr")
    _answer(page, PASSWORD, q2, a2, "fr")
    end = _title(PASSWORD, PASSWORD.follow(dict(route.answers[:2]))[0], "fr")
    expect(_heading(page)).to_have_text(end)
    page.go_back()
    expect(_heading(page)).to_have_text(_title(PASSWORD, q2, "fr"))
    expect(_heading(page)).to_be_focused()
    page.go_back()
    expect(_heading(page)).to_have_text(_title(PASSWORD, q1, "fr"))
    assert urlsplit(page.url).fragment == ""
    page.go_forward()
    expect(_heading(page)).to_have_text(_title(PASSWORD, q2, "fr"))
    page.go_forward()
    expect(_heading(page)).to_have_text(end)
    assert urlsplit(page.url).fragment == _hash(route.answers[:2]).lstrip("#")


def _change(page: Page, flow: Flow, question_id: str, lang: str) -> None:
    name = f"{UI['change'][lang]} {_plain(flow.questions[question_id].title[lang], lang)}"
    _widget(page).get_by_role("link", name=name, exact=True).click()


def test_change_keeps_later_answers_only_while_the_route_stays(watched_page, demo_url):
    page = watched_page
    route = _deepest(PASSWORD)
    (q1, a1), (q2, _) = route.answers[:2]
    other = next(a.key for a in PASSWORD.questions[q1].answers if a.key != a1)
    away, away_used = PASSWORD.follow({q1: other})
    assert q2 not in dict(away_used), "the model needs a first answer that skips the second question"
    _open(page, _url(demo_url, "en", PASSWORD) + _hash(route.answers))
    given = _widget(page).locator(".hf-answers-given li")
    expect(given).to_have_count(len(route.answers))
    expect(given.first).to_contain_text(
        f"{_plain(PASSWORD.questions[q1].title['en'], 'en')} {PASSWORD.questions[q1].answer(a1).label['en']}")

    _change(page, PASSWORD, q1, "en")
    expect(_heading(page)).to_have_text(_title(PASSWORD, q1, "en"))
    expect(_heading(page)).to_be_focused()
    expect(_widget(page).locator(".hf-earlier-note")).to_have_text(
        f"{UI['previous_answer']['en']} {PASSWORD.questions[q1].answer(a1).label['en']}")
    _answer(page, PASSWORD, q1, a1, "en")  # same route: the later answers are kept
    expect(_heading(page)).to_have_text(_title(PASSWORD, route.outcome, "en"))
    assert urlsplit(page.url).fragment == _hash(route.answers).lstrip("#")

    _change(page, PASSWORD, q1, "en")
    _answer(page, PASSWORD, q1, other, "en")  # another route: the later answer is dropped
    expect(_heading(page)).to_have_text(_title(PASSWORD, away, "en"))
    assert urlsplit(page.url).fragment == _hash(away_used).lstrip("#")

    _change(page, PASSWORD, q1, "en")
    _answer(page, PASSWORD, q1, a1, "en")
    expect(_heading(page)).to_have_text(_title(PASSWORD, q2, "en"))

    _change(page, PASSWORD, q1, "en")
    page.go_back()  # Back from a Change returns to the answers as they were
    expect(_heading(page)).to_have_text(_title(PASSWORD, q2, "en"))


def test_start_again_clears_the_answers_and_back_restores_them(watched_page, demo_url):
    page = watched_page
    route = min(PASSWORD.routes(), key=lambda r: len(r.answers))
    _open(page, _url(demo_url, "nl", PASSWORD) + _hash(route.answers))
    _widget(page).get_by_role("button", name=UI["start_again"]["nl"], exact=True).click()
    expect(_heading(page)).to_have_text(_title(PASSWORD, PASSWORD.start, "nl"))
    expect(_heading(page)).to_be_focused()
    expect(_widget(page).locator(".hf-answers-given")).to_have_count(0)
    assert urlsplit(page.url).fragment == ""
    page.go_back()
    expect(_heading(page)).to_have_text(_title(PASSWORD, route.outcome, "nl"))


def _tab_to(page: Page, name: str, limit: int = 60) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('#hf-widget') && document.activeElement.textContent") == name:
            return
    raise AssertionError(f"Tab never reached {name!r}")


def test_keyboard_alone_completes_the_flow(watched_page, demo_url):
    page = watched_page
    lang = LANGS[-1]
    route = _deepest(PASSWORD)
    (q1, a1), (q2, a2) = route.answers[:2]
    _open(page, _url(demo_url, lang, PASSWORD))
    _tab_to(page, PASSWORD.questions[q1].answer(a1).label[lang])
    page.keyboard.press("Enter")
    heading = _title(PASSWORD, q2, lang)
    expect(_heading(page)).to_have_text(heading)
    expect(_heading(page)).to_be_focused()
    expect(_widget(page).locator("[aria-live]")).to_have_text(heading)
    # From the heading, Tab goes through the answers in order.
    for answer in PASSWORD.questions[q2].answers:
        page.keyboard.press("Tab")
        expect(_widget(page).get_by_role("button", name=answer.label[lang], exact=True)).to_be_focused()
        if answer.key == a2:
            break
    page.keyboard.press("Space")
    expect(_heading(page)).to_have_text(_title(PASSWORD, PASSWORD.follow(dict(route.answers[:2]))[0], lang))
    expect(_heading(page)).to_be_focused()
    outline = page.evaluate("""() => { const b = document.querySelector('#hf-widget button');
        b.focus(); return getComputedStyle(b).outlineStyle; }""")
    assert outline != "none"


def test_skip_link_and_anchors_keep_the_answers(watched_page, demo_url):
    page = watched_page
    route = _deepest(PASSWORD)
    (q1, a1), (q2, a2) = route.answers[:2]
    _open(page, _url(demo_url, "nl", PASSWORD) + _hash(route.answers[:1]))
    page.keyboard.press("Tab")  # Material's "skip to content" link comes first
    page.keyboard.press("Enter")
    expect(page).not_to_have_url(re.compile(re.escape(q1)))
    expect(_heading(page)).to_have_text(_title(PASSWORD, q2, "nl"))
    expect(_heading(page)).not_to_be_focused()
    _answer(page, PASSWORD, q2, a2, "nl")
    assert urlsplit(page.url).fragment == _hash(route.answers[:2]).lstrip("#")


def _switch(page: Page, lang: str) -> None:
    page.locator(".md-header .md-select").hover()
    page.locator(f"a.md-select__link[hreflang={lang}]").click()


@pytest.mark.parametrize("flow", FLOWS, ids=lambda f: f.slug)
def test_language_switch_keeps_the_flow_and_the_answers(watched_page, demo_url, flow):
    page = watched_page
    route = _deepest(flow)
    _open(page, _url(demo_url, LANGS[0], flow))
    for done, (question_id, key) in enumerate(route.answers):  # each answer in the next language
        lang = LANGS[done % len(LANGS)]
        if done:
            _switch(page, lang)
            expect(page).to_have_url(_url(demo_url, lang, flow) + _hash(route.answers[:done]))
            expect(_heading(page)).to_have_text(_title(flow, question_id, lang))
        _answer(page, flow, question_id, key, lang)
    last = LANGS[len(route.answers) % len(LANGS)]
    _switch(page, last)
    expect(page).to_have_url(_url(demo_url, last, flow) + _hash(route.answers))
    expect(page.locator("html")).to_have_attribute("lang", last)
    expect(_heading(page)).to_have_text(_title(flow, route.outcome, last))


@pytest.mark.parametrize("flow", FLOWS, ids=lambda f: f.slug)
def test_diagram_page_highlights_the_route_from_the_address(watched_page, demo_url, flow):
    page = watched_page
    route = _deepest(flow)
    _open(page, _url(demo_url, "nl", flow) + _hash(route.answers))
    _widget(page).get_by_role("link", name=UI["see_route"]["nl"]).click()
    expect(page).to_have_url(_url(demo_url, "nl", flow, DIAGRAM) + _hash(route.answers))
    expect(page.locator("svg.hf-diagram .hf-on-route")).to_have_count(2 * len(route.answers))  # nodes and edges
    expect(page.locator(f"[id='hf-node-{route.outcome}']")).to_have_class(re.compile(r"\bhf-here\b"))
    expect(page.locator(f"[id='hf-node-{route.outcome}'] a")).to_have_attribute("aria-current", "step")
    taken = set(route.answers)
    for question in flow.questions.values():
        for answer in question.answers:
            edge = page.locator(f"[id='hf-edge-{question.id}-{answer.key}']")
            if (question.id, answer.key) in taken:
                expect(edge).to_have_class(re.compile(r"\bhf-on-route\b"))
            else:
                expect(edge).not_to_have_class(re.compile(r"hf-on-route"))
    href = page.locator("a.md-select__link[hreflang=en]").get_attribute("href")
    assert href.endswith(f"/en/{html_name(PATHS['en'][f'{flow.slug}/{DIAGRAM}'])}{_hash(route.answers)}")


def test_compact_diagram_shows_beside_a_question_on_wide_screens_only(watched_page, demo_url):
    page = watched_page
    answers = _deepest(PASSWORD).answers[:1]  # a question still to answer
    (question_id, key), = answers
    page.set_viewport_size({"width": 1400, "height": 900})
    _open(page, _url(demo_url, "nl", PASSWORD) + _hash(answers))
    expect(page.locator(".hf-route-diagram svg")).to_be_visible()
    expect(page.locator(f".hf-route-diagram [id='hf-edge-{question_id}-{key}']")).to_have_class(
        re.compile("hf-on-route"))
    page.set_viewport_size({"width": 360, "height": 800})
    expect(page.locator(".hf-route-diagram svg")).to_be_hidden()


def _decode_mailto(href: str) -> tuple[str, str, str]:
    parts = urlsplit(href)
    query = parse_qs(parts.query, keep_blank_values=True)
    return unquote(parts.path), query["subject"][0], query["body"][0]


@pytest.mark.parametrize("lang", LANGS)
def test_mail_composer_builds_each_flows_mail_in_the_platform_language(watched_page, demo_url, lang):
    page = watched_page
    platform = SCHOOL.platform_language
    parent, relation = "Sam Peeters", "guardian"
    pupils_given, address_given = "Chloë Van De Velde, Jan Peeters", "ouder.twee@example.com"
    for flow in FLOWS:
        route = next(r for r in flow.routes() if "mail-composer" in _tools(flow.outcomes[r.outcome]))
        _open(page, _url(demo_url, lang, flow) + _hash(route.answers))
        page.wait_for_load_state("networkidle")  # Material's search loads its files lazily
        _widget(page).locator(".hf-tool-slot--mail-composer > summary").click()
        composer = _widget(page).locator(".hf-tool", has=page.locator("a.hf-send"))
        expect(composer).to_be_visible()  # its script loaded when the parent opened it
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        composer.get_by_label(UI["composer_parent"][lang]).fill(parent)
        composer.get_by_label(UI["composer_relation"][lang]).select_option(label=UI[f"relation_{relation}"][lang])
        composer.get_by_label(UI["composer_pupils"][lang]).fill(pupils_given)
        address = composer.get_by_label(UI["composer_address"][lang])
        address.fill(address_given)
        expect(address).to_have_accessible_description(UI["composer_reminder"][lang])
        link = composer.get_by_role("link", name=UI["composer_send"][lang])
        to, subject, body = _decode_mailto(link.get_attribute("href"))
        mail = {**{key: UI[key][platform] for key in tools.specs()["mail-composer"].ui},
                **{key: text[platform] for key, text in flow.tool_texts.items()}}
        assert to == SCHOOL.email
        assert subject == f"{mail['mail_subject']} - {pupils_given}"
        lines = body.split("\r\n")
        assert lines[:3] == [mail["mail_greeting"], "", mail["mail_request"]], flow.slug
        for line in (f"{mail['mail_pupils']} {pupils_given}", f"{mail['mail_address']} {address_given}",
                     f"{mail['mail_parent']} {parent}", f"{mail['mail_relation']} {mail[f'relation_{relation}']}",
                     mail["mail_thanks"]):
            assert line in lines, (flow.slug, line)
        assert lines[-1] == parent  # signed with the parent's own name
        previews = composer.locator("pre.hf-mail")
        expect(previews.first).to_have_attribute("lang", platform)
        if lang == platform:
            expect(previews).to_have_count(1)
        else:
            expect(previews).to_have_count(2)
            expect(previews.nth(1)).to_have_attribute("lang", lang)
            expect(previews.nth(1)).to_contain_text(flow.tool_texts["mail_request"][lang])
            expect(previews.nth(1)).to_contain_text(f"{UI['mail_pupils'][lang]} {pupils_given}")
            # Why the mail is in another language, said before the mail itself
            why = composer.locator(".hf-mail-language")
            expect(why).to_have_text(UI[f"composer_translation_{platform}"][lang])
            assert why.evaluate("(p, pre) => !!(p.compareDocumentPosition(pre) & Node.DOCUMENT_POSITION_FOLLOWING)",
                                previews.first.element_handle())
        assert requests == [], "typing in the composer must not send anything"


@pytest.mark.parametrize("width", [320, 640])  # 640 CSS px is a 1280 px window at 200 % zoom
def test_no_sideways_scrolling_on_narrow_or_zoomed_screens(watched_page, demo_url, width):
    page = watched_page
    page.set_viewport_size({"width": width, "height": 700})
    for flow in FLOWS:
        ends = {route.outcome: route for route in flow.routes()}
        for hash_ in ["", *(_hash(route.answers) for route in ends.values())]:
            _open(page, _url(demo_url, "fr", flow) + hash_)
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{width}px {flow.slug}{hash_}: {overflow}px sideways scroll"


def test_a_step_fades_in_unless_the_page_showed_it_or_motion_is_reduced(watched_page, demo_url):
    page = watched_page
    animation = "getComputedStyle(document.querySelector('#hf-widget .hf-step')).animationName"
    _open(page, _url(demo_url, "nl", PASSWORD))
    assert page.evaluate(animation) == "none", "the first question, on the page already, faded in again"
    page.locator("#hf-widget .hf-buttons button").first.click()
    assert page.evaluate(animation) == "hf-appear"
    page.emulate_media(reduced_motion="reduce")
    assert page.evaluate(animation) == "none"


def test_script_does_nothing_on_other_pages(watched_page, demo_url):
    page = watched_page
    answers = _hash(_deepest(PASSWORD).answers[:1])
    page.goto(_url(demo_url, "nl", PASSWORD, PASSWORD.start) + answers)
    expect(page.get_by_role("heading", level=1)).to_have_text(_title(PASSWORD, PASSWORD.start, "nl"))
    assert "#" + urlsplit(page.url).fragment == answers
    expect(page.locator("#hf-widget")).to_have_count(0)
