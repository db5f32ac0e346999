"""Several flows on one site, one flow on another, and each school's own facts, in Chromium.

The demo school publishes every flow: its language home is a help centre leading to each
flow's home. A second school, built once here, publishes one flow (its language home is
that flow, as before flows were folders), a French platform, parents who gave their
address at enrolment, usernames without accents or special characters, a phone line,
and its own wording of a step and of a question. Every expectation comes from the
content, the school file or ``UsernameRule``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Locator, Page, expect

from helpflow.load.content import load_content
from helpflow.load.school import load_school
from helpflow.model.flow import Flow, Outcome
from helpflow.model.school import School
from helpflow.model.usernames import EXAMPLES, UsernameRule
from helpflow.paths import CONTENT as CONTENT_DIR
from helpflow.paths import SCHOOLS
from helpflow.plan.pages import DIAGRAM, HOME, html_name
from helpflow.plan.site import page_paths
from helpflow.plan.text import Context

CONTENT = load_content(CONTENT_DIR)
DEMO = load_school(SCHOOLS / "demo.yml", CONTENT)
ONE_FLOW = "wachtwoord-vergeten"
PHONE, HOURS = "+32 9 876 54 32", "ma-vr 8-16 u"
STEP_KEY, STEP_INDEX = "outcomes.self-reset.steps[2].text", 1
STEP = {"fr": "Tout en bas de la page de {school}, cliquez sur le lien bleu.",
        "en": "At the very bottom of the {school} page, click the blue link."}
QUESTION_KEY = "questions.email-verified.text"
QUESTION = {"fr": "Avez-vous cliqué sur le lien de l’e-mail que {school} vous a fait envoyer ?",
            "en": "Did you click the link in the e-mail {school} had sent to you?"}
FACTS = f"""name: Atheneum Zuid
smartschool: atheneumzuid
email: secretariaat@atheneumzuid.be
site_url: https://help.atheneumzuid.be/
platform_language: fr
languages: [fr, en]
flows: [{ONE_FLOW}]
email_given: enrolment
username: {{format: "{{first}}.{{last}}", accents: strip, special: drop}}
contact: {{phone: "{PHONE}", hours: "{HOURS}"}}
texts:
  {ONE_FLOW}:
    {STEP_KEY}: {json.dumps(STEP, ensure_ascii=False)}
    {QUESTION_KEY}: {json.dumps(QUESTION, ensure_ascii=False)}
"""
NAMES = [("Zoë", "Dupré"), ("Marie-Lou", "D'Hondt"), ("Jan  Pieter", "Van den  Broeck"),
         (" Chloë ", "Van De Velde"), ("Anne‑Sophie", "O’Brien"), ("François", "Çelik"), ("Ngọc Ánh", "Nguyễn")]
"""Accents, a hyphen, apostrophes (straight and curly), double spaces, a non-breaking hyphen."""


@pytest.fixture(scope="module")
def facts(tmp_path_factory: pytest.TempPathFactory) -> School:
    path = tmp_path_factory.mktemp("facts") / "atheneum-zuid.yml"
    path.write_text(FACTS, encoding="utf-8")
    school = load_school(path, CONTENT)
    assert [f.slug for f in CONTENT.flows_of(school)] == [ONE_FLOW] and school.phone == PHONE
    return school


@pytest.fixture(scope="module")
def facts_url(facts: School, build, serve) -> str:
    return serve(build(facts.source))


@pytest.fixture
def site(request, demo_url, facts_url, facts) -> tuple[School, str]:
    """The school and base URL named by the test's ``site`` parameter."""
    return {"demo": (DEMO, demo_url), "facts": (facts, facts_url)}[request.param]


def _url(base: str, school: School, lang: str, key: str) -> str:
    return f"{base}{lang}/{html_name(page_paths(CONTENT, school, lang)[key])}"


def _flow(school: School, slug: str = ONE_FLOW) -> Flow:
    """The flow as this school publishes it, its own wording in place."""
    return next(flow for flow in CONTENT.flows_of(school) if flow.slug == slug)


def _plain(school: School, lang: str, text: str) -> str:
    """A model text as the school's parents read it: its placeholders filled in."""
    return Context(lang, school, CONTENT.ui, CONTENT.labels).plain(text)


def _hash(answers) -> str:
    return "#" + "&".join(f"{q}={a}" for q, a in answers) if answers else ""


def _answered(flow: Flow) -> dict[str, tuple]:
    """Each outcome some answers lead to, with the first such answers."""
    return {route.outcome: route.answers for route in reversed(flow.routes())}


def _open_outcome(page: Page, base: str, school: School, lang: str, flow: Flow, outcome: str) -> None:
    page.goto(_url(base, school, lang, f"{flow.slug}/{HOME}") + _hash(_answered(flow)[outcome]))
    expect(page.locator("#hf-widget")).to_have_class(re.compile(r"\bhf-ready\b"))
    expect(page.locator("#hf-widget .hf-heading")).to_have_text(
        _plain(school, lang, flow.outcomes[outcome].title[lang]))


def _on_page_and_in_widget(page: Page, base: str, school: School, lang: str, flow: Flow,
                           outcome: str, widget: bool = True) -> Iterator[Locator]:
    """The outcome's body on its own page, then in the widget when answers lead there: the
    same check runs on each."""
    page.goto(_url(base, school, lang, f"{flow.slug}/{outcome}"))
    yield page.locator("article .hf-outcome-body")
    if widget and outcome in _answered(flow):  # not a page that only a step links to
        _open_outcome(page, base, school, lang, flow, outcome)
        yield page.locator("#hf-widget .hf-outcome-body")


def _with_tool(flow: Flow, tool: str) -> list[Outcome]:
    """The outcomes some answers lead to that name ``tool``, beside a step or after them."""
    return [o for o in flow.outcomes.values()
            if o.id in _answered(flow) and tool in [*o.tools, *(t for step in o.steps for t in step.tools)]]


def _exactly(text: str) -> re.Pattern[str]:
    return re.compile(f"^{re.escape(text)}$")


# --- several flows: the help centre ---

@pytest.mark.parametrize("lang", DEMO.languages)
def test_help_centre_lists_each_flow_and_leads_to_its_home(watched_page, demo_url, lang):
    page = watched_page
    flows = CONTENT.flows_of(DEMO)
    assert len(flows) > 1
    for flow in flows:
        page.goto(f"{demo_url}{lang}/index.html")
        expect(page.locator("#hf-widget, #hf-data")).to_have_count(0)
        items = page.locator("article ul > li")
        expect(items).to_have_count(len(flows))  # title and one line each, in the school's order
        expect(items.locator("a")).to_have_text([_plain(DEMO, lang, f.title[lang]) for f in flows])
        expect(items).to_contain_text([_plain(DEMO, lang, f.summary[lang]) for f in flows])
        items.get_by_role("link", name=_plain(DEMO, lang, flow.title[lang]), exact=True).click()
        expect(page).to_have_url(_url(demo_url, DEMO, lang, f"{flow.slug}/{HOME}"))
        expect(page.get_by_role("heading", level=1)).to_have_text(_plain(DEMO, lang, flow.title[lang]))
        expect(page.locator("#hf-widget")).to_have_class(re.compile(r"\bhf-ready\b"))
        expect(page.locator("#hf-widget .hf-heading")).to_have_text(
            _plain(DEMO, lang, flow.questions[flow.start].text[lang]))


# --- one flow: the language home is the flow ---

def test_one_flow_school_has_the_flow_at_its_language_home(watched_page, facts_url, facts):
    page = watched_page
    flow = _flow(facts)
    first, *others = facts.languages
    for lang in facts.languages:
        assert page_paths(CONTENT, facts, lang)[f"{flow.slug}/{HOME}"] == "index.md"
    for lang in others:  # no help centre in any language
        page.goto(f"{facts_url}{lang}/index.html")
        expect(page.get_by_role("heading", level=1)).to_have_text(_plain(facts, lang, flow.title[lang]))
        expect(page.locator("#hf-widget")).to_have_class(re.compile(r"\bhf-ready\b"))
    for route in flow.routes():  # and every route works there
        page.goto(f"{facts_url}{first}/index.html")
        expect(page.get_by_role("heading", level=1)).to_have_text(_plain(facts, first, flow.title[first]))
        for question_id, key in route.answers:
            question = flow.questions[question_id]
            expect(page.locator("#hf-widget .hf-heading")).to_have_text(_plain(facts, first, question.text[first]))
            page.locator("#hf-widget").get_by_role(
                "button", name=_plain(facts, first, question.answer(key).label[first]), exact=True).click()
        expect(page.locator("#hf-widget .hf-heading")).to_have_text(
            _plain(facts, first, flow.outcomes[route.outcome].title[first]))
        expect(page).to_have_url(f"{facts_url}{first}/index.html{_hash(route.answers)}")


# --- the school's own facts ---

@pytest.mark.parametrize("site", ["demo", "facts"], indirect=True)
def test_first_question_says_where_this_schools_parents_gave_their_address(watched_page, site):
    page = watched_page
    school, base = site
    flow = _flow(school)
    lang = school.languages[-1]
    given = {choice: CONTENT.ui[f"email_given_{choice}"][lang] for choice in CONTENT.email_given_choices}

    def says_this_schools_choice(heading: Locator) -> None:
        for choice, words in given.items():
            if choice == school.email_given:
                expect(heading).to_contain_text(words)
            else:
                expect(heading).not_to_contain_text(words)

    page.goto(_url(base, school, lang, f"{flow.slug}/{flow.start}"))  # the question's page
    says_this_schools_choice(page.get_by_role("heading", level=1))
    page.goto(_url(base, school, lang, f"{flow.slug}/{HOME}"))  # the widget's first question
    says_this_schools_choice(page.locator("#hf-widget .hf-heading"))


@pytest.mark.parametrize("site", ["demo", "facts"], indirect=True)
def test_username_helper_follows_the_schools_rule(watched_page, site):
    page = watched_page
    school, base = site
    lang = school.languages[-1]
    flow = _flow(school)
    rule = school.username
    (outcome, *_) = _with_tool(flow, "username-helper")
    _open_outcome(page, base, school, lang, flow, outcome.id)
    data = json.loads(page.locator("#hf-data").text_content())
    assert data["tools"]["username-helper"]["rules"] == [variant.as_data() for variant in rule.variants()]
    ui = {key: text[lang] for key, text in CONTENT.ui.items()}
    page.locator("#hf-widget .hf-tool-slot--username-helper > summary").click()
    tool = page.locator("#hf-widget .hf-tool", has=page.locator("output.hf-username"))
    result, others = tool.locator("output.hf-username"), tool.locator(".hf-usernames code")
    for first, last in NAMES:
        tool.get_by_label(ui["username_first"]).fill(first)
        tool.get_by_label(ui["username_last"]).fill(last)
        likeliest, *rest = rule.usernames(first, last)
        expect(result).to_have_text(likeliest)  # the same rules in the browser as in Python, in the same order
        expect(others).to_have_text(rest)
    if rule.accents == "strip":
        tool.get_by_label(ui["username_first"]).fill("Zoë")
        tool.get_by_label(ui["username_last"]).fill("Dupré")
        expect(result).to_have_text("zoe.dupre")  # the issue's own example
    expect(tool.get_by_role("link", name=school.email)).to_have_attribute("href", f"mailto:{school.email}")


def _states_the_rule(flow: Flow, outcome: Outcome) -> bool:
    """Whether the model's text of this outcome explains how usernames are made."""
    source = CONTENT.languages.source
    return any("{username_rule}" in text[source] for key, text in flow.texts.items()
               if key.startswith(f"outcomes.{outcome.id}."))


OUTSIDE_TOOLS = """body => { const copy = body.cloneNode(true);
  copy.querySelectorAll('.hf-tool-slot').forEach(slot => slot.remove());
  return [copy.textContent, [...copy.querySelectorAll('b')].map(b => b.textContent)]; }"""
"""An outcome's own text and bold words, without its tools' places."""


@pytest.mark.parametrize("site", ["demo", "facts"], indirect=True)
def test_username_text_gives_the_schools_example_on_page_and_widget(watched_page, site):
    page = watched_page
    school, base = site
    rule = school.username
    lang = school.languages[0]
    for flow in CONTENT.flows_of(school):
        outcomes = [o for o in flow.outcomes.values() if _states_the_rule(flow, o)]
        assert outcomes, flow.slug
        for outcome in outcomes:
            for body in _on_page_and_in_widget(page, base, school, lang, flow, outcome.id):
                if rule.leaves_out:
                    # The rule's example, worked out by the rule: Chloë Van De Velde -> chloe.vandevelde.
                    example = EXAMPLES[rule.leaves_out]
                    expect(body.locator("b", has_text=_exactly(rule.apply(*example)))).to_have_count(1)
                    expect(body).to_contain_text(" ".join(example))
                else:  # a school that keeps accents and special characters never says they are dropped
                    # (the username helper's own help, in its closed place, says what the school leaves open)
                    text, bold = body.evaluate(OUTSIDE_TOOLS)
                    for example in EXAMPLES.values():
                        assert " ".join(example) not in text
                        assert UsernameRule(rule.format, "strip", "drop").apply(*example) not in bold


@pytest.mark.parametrize("site", ["demo", "facts"], indirect=True)
def test_the_schools_phone_shows_where_the_parent_is_sent_to_the_school(watched_page, site):
    page = watched_page
    school, base = site
    lang = school.languages[-1]
    for flow in CONTENT.flows_of(school):
        for outcome in flow.outcomes.values():
            # Without a phone, the pages alone show there is none (the widget shows their HTML).
            for body in _on_page_and_in_widget(page, base, school, lang, flow, outcome.id, bool(school.phone)):
                phone = body.locator('a[href^="tel:"]')
                if school.phone and outcome.kind == "contact-school":
                    expect(phone).to_have_text(school.phone)
                    digits = re.sub(r"[^0-9+]", "", school.phone)
                    expect(phone).to_have_attribute("href", f"tel:{digits}")
                    expect(body).to_contain_text(school.hours[lang])
                else:
                    expect(phone).to_have_count(0)


def test_the_schools_own_wording_shows_on_page_widget_and_diagram(watched_page, facts_url, facts):
    page = watched_page
    flow = _flow(facts)
    outcome, question = STEP_KEY.split(".")[1], QUESTION_KEY.split(".")[1]
    answers = next(route.answers for route in flow.routes() if question in route.nodes)
    for lang in facts.languages:
        step = STEP[lang].replace("{school}", facts.name)
        for body in _on_page_and_in_widget(page, facts_url, facts, lang, flow, outcome):
            steps = body.locator("ol.hf-steps > li")
            expect(steps).to_have_count(len(flow.outcomes[outcome].steps))
            expect(steps.nth(STEP_INDEX).locator("p").first).to_have_text(step)
        asked = QUESTION[lang].replace("{school}", facts.name)
        page.goto(_url(facts_url, facts, lang, f"{flow.slug}/{question}"))
        expect(page.get_by_role("heading", level=1)).to_have_text(asked)
        page.goto(_url(facts_url, facts, lang, f"{flow.slug}/{HOME}")
                  + _hash(answers[:[q for q, _ in answers].index(question)]))
        expect(page.locator("#hf-widget .hf-heading")).to_have_text(asked)
        page.goto(_url(facts_url, facts, lang, f"{flow.slug}/{DIAGRAM}"))
        drawn = page.locator(f"svg.hf-diagram [id='hf-node-{question}'] text").all_text_contents()
        assert " ".join(drawn) == asked  # placeholders filled in the diagram as on the pages


def test_the_mail_is_written_in_the_schools_platform_language(watched_page, facts_url, facts):
    page = watched_page
    flow = _flow(facts)
    platform = facts.platform_language
    lang = next(other for other in facts.languages if other != platform)
    (outcome, *_) = _with_tool(flow, "mail-composer")
    _open_outcome(page, facts_url, facts, lang, flow, outcome.id)
    page.locator("#hf-widget .hf-tool-slot--mail-composer > summary").first.click()
    previews = page.locator("#hf-widget pre.hf-mail")
    expect(previews).to_have_count(2)
    expect(previews.nth(0)).to_have_attribute("lang", platform)
    expect(previews.nth(0)).to_contain_text(flow.tool_texts["mail_request"][platform])
    expect(previews.nth(1)).to_have_attribute("lang", lang)
    expect(previews.nth(1)).to_contain_text(flow.tool_texts["mail_request"][lang])
