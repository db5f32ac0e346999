"""The paths the seed sheet left out, as a parent walks them in Chromium: "I don't know",
no e-mail arrived, and the mail composer beside the step that says to write to the school."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from playwright.sync_api import expect

from helpflow.plan.site import page_paths
from helpflow.plan.text import Context

from helpers import share

pytestmark = pytest.mark.any_worker

FLOW = "wachtwoord-vergeten"


def _address(content, demo, lang: str, node: str) -> str:
    return f"{lang}/" + page_paths(content, demo, lang)[f"{FLOW}/{node}"].removesuffix(".md") + ".html"


@pytest.fixture
def nojs_page(new_page):
    return new_page(java_script_enabled=False)


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_without_javascript_i_dont_know_leads_to_try_first_then_no_email(nojs_page, content, demo, demo_url, lang):
    flow = content.flows[FLOW]
    unknown = flow.questions["email-given"].answer("unknown").label[lang]
    page = nojs_page
    for question in ("email-given", "email-verified"):
        page.goto(demo_url + _address(content, demo, lang, question))
        page.get_by_role("link", name=unknown, exact=True).click()
        assert page.url.endswith(_address(content, demo, lang, "not-sure"))
    page.get_by_role("link", name=flow.outcomes["no-email"].title[lang], exact=True).first.click()
    assert page.url.endswith(_address(content, demo, lang, "no-email"))
    expect(page.locator("h1")).to_have_text(flow.outcomes["no-email"].title[lang])


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_i_dont_know_in_the_widget_keeps_the_answer_in_the_address(watched_page, content, demo, demo_url, lang):
    flow = content.flows[FLOW]
    page = watched_page
    page.goto(f"{demo_url}{lang}/{FLOW}/index.html")
    page.get_by_role("button", name=flow.questions["email-given"].answer("yes").label[lang], exact=True).click()
    page.get_by_role("button", name=flow.questions["email-verified"].answer("unknown").label[lang], exact=True).click()
    assert urlsplit(page.url).fragment == "email-given=yes&email-verified=unknown"
    expect(page.locator("#hf-widget .hf-heading")).to_have_text(flow.outcomes["not-sure"].title[lang])
    page.locator("#hf-widget").get_by_role("link", name=flow.outcomes["no-email"].title[lang], exact=True).click()
    assert page.url.endswith(_address(content, demo, lang, "no-email"))


def test_the_composer_sits_under_the_step_that_says_to_write(watched_page, demo_url):
    page = watched_page
    page.goto(f"{demo_url}nl/{FLOW}/index.html#email-given=no")
    first_step = page.locator("#hf-widget .hf-steps ol > li").first
    first_step.locator(".hf-tool-slot > summary").click()  # the parent opens the composer
    expect(first_step.locator("section.hf-tool")).to_have_count(1)
    expect(first_step.get_by_role("link", name="secretariaat@demoschool.be")).to_be_visible()


def test_the_composer_refuses_a_wrong_address_and_signs_with_the_parents_name(watched_page, demo_url):
    page = watched_page
    page.goto(f"{demo_url}nl/{FLOW}/index.html#email-given=no")
    page.locator("#hf-widget .hf-tool-slot > summary").click()  # the parent opens the composer
    tool = page.locator("#hf-widget section.hf-tool")
    address = tool.get_by_label("Het e-mailadres dat de school aan uw co-account mag koppelen")
    send = tool.get_by_role("link", name="Open de e-mail in uw e-mailprogramma")
    address.fill("not-an-email")
    expect(tool.locator(".hf-problem")).to_be_visible()
    expect(address).to_have_attribute("aria-invalid", "true")
    assert send.get_attribute("href").startswith("#")
    send.click()
    expect(address).to_be_focused()
    tool.get_by_label("Uw eigen voornaam en achternaam").fill("An Peeters")
    tool.get_by_label("Uw relatie tot het kind").select_option("mother")
    tool.get_by_label("Voornaam en achternaam van uw kind (of kinderen)").fill("Zoë Peeters")
    address.fill("an.peeters@example.be")
    expect(tool.locator(".hf-problem")).to_be_hidden()
    href = send.get_attribute("href")
    assert unquote(href.split("?")[0]) == "mailto:secretariaat@demoschool.be"
    body = parse_qs(urlsplit(href).query)["body"][0]
    assert "Mijn naam: An Peeters" in body and "Mijn relatie tot het kind: moeder" in body
    assert "an.peeters@example.be" in body
    assert body.rstrip().splitlines()[-1] == "An Peeters"


def test_copy_the_text_puts_the_mail_on_the_clipboard(new_page, demo_url, serve):
    page = new_page(permissions=["clipboard-read", "clipboard-write"])
    page.goto(f"{demo_url}en/{FLOW}/index.html#email-given=no")
    page.locator("#hf-widget .hf-tool-slot > summary").click()
    tool = page.locator("#hf-widget section.hf-tool")
    tool.get_by_label("Your own first and last name").fill("Sam Janssens")
    tool.get_by_role("button", name="Copy the text").click()
    expect(tool.get_by_role("status")).to_contain_text("secretariaat@demoschool.be")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Smartschool-co-account") and copied.rstrip().endswith("Sam Janssens")


def test_tools_work_on_the_outcome_pages_too(watched_page, content, demo, demo_url):
    """A parent who lands on a page straight from the list or the handout gets the same help."""
    page = watched_page
    page.goto(demo_url + _address(content, demo, "nl", "no-email"))
    page.locator("article .hf-tool-slot > summary").click()  # the parent opens the composer
    expect(page.locator("article section.hf-tool")).to_have_count(1)
    page.goto(demo_url + _address(content, demo, "nl", "self-reset"))
    step = page.locator("article .hf-steps > li").nth(2)
    step.locator(".hf-tool-slot > summary").click()
    step.get_by_label("Voornaam van uw kind").fill("Marie-Lou")
    step.get_by_label("Achternaam van uw kind").fill("D'Hondt")
    expect(step.locator("output.hf-username")).to_have_text("marie-lou.d'hondt")
    expect(step).to_contain_text("waarschijnlijk")


def _questions_and_answers_before(flow) -> dict[str, tuple[tuple[str, str], ...]]:
    """Each question of ``flow`` with the answers of one route to it: the widget's address."""
    found: dict[str, tuple[tuple[str, str], ...]] = {}
    for route in flow.routes():
        for i, (question, _) in enumerate(route.answers):
            found.setdefault(question, route.answers[:i])
    return found


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_every_question_of_every_flow_offers_i_dont_know_with_and_without_javascript(
        watched_page, nojs_page, content, demo, demo_url, lang):
    """From the model: the no-JS question page links the answer, the widget shows its button,
    named as every flow names it ("Ik weet het niet", "Je ne sais pas", "I don't know")."""
    name = content.ui["answer_unknown"][lang]
    paths = page_paths(content, demo, lang)
    ctx = Context(lang, demo, content.ui, content.labels)
    asked = [(flow, question, before) for flow in content.flows_of(demo)
             for question, before in _questions_and_answers_before(flow).items()
             if not flow.questions[question].cannot_be_unknown]
    assert len(asked) == sum(not q.cannot_be_unknown for f in content.flows_of(demo) for q in f.questions.values()) > 1
    for flow, question, before in share(asked, lang, demo.languages):  # each question once, languages in turn
        home = f"{demo_url}{lang}/" + paths[f"{flow.slug}/index"].removesuffix(".md") + ".html"
        nojs_page.goto(f"{demo_url}{lang}/" + paths[f"{flow.slug}/{question}"].removesuffix(".md") + ".html")
        expect(nojs_page.locator("article .hf-answers").get_by_role("link", name=name, exact=True)).to_have_count(1)
        watched_page.goto("about:blank")
        watched_page.goto(home + "#" + "&".join(f"{q}={a}" for q, a in before))
        widget = watched_page.locator("#hf-widget")
        expect(widget.locator(".hf-heading")).to_have_text(ctx.plain(flow.questions[question].text[lang]))
        expect(widget.get_by_role("button", name=name, exact=True)).to_be_visible()
