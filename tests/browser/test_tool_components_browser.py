"""Widget tools as components, in real Chromium (issue 20), and what the tools say (issue 18).

A "call the school" tool that lives only in a test fixture folder (``tests/fixtures/tools/
call_school``: its declaration, code, script and style) is named by a flow and shows on
the outcome page and in the widget, with its help without JavaScript: adding a tool is
one folder. The composer asks for a missing address rather than calling it wrong, and the
username helper offers what the school does not state, most likely first.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from helpflow.load import tools as declarations
from helpflow.load.content import load_content
from helpflow.load.school import load_school
from helpflow.model.usernames import EXAMPLES, UsernameRule
from helpflow.paths import CONTENT as CONTENT_DIR
from helpflow.paths import DEMO_SCHOOL
from helpflow.plan.pages import HOME, html_name
from helpflow.plan.site import page_paths
from helpflow.plan.text import Context

FIXTURE_TOOLS = Path(__file__).resolve().parent.parent / "fixtures" / "tools"
FLOW, OUTCOME = "wachtwoord-vergeten", "mail-school"
PHONE = "+32 9 123 45 67"


@pytest.fixture(scope="module")
def call_school(tmp_path_factory: pytest.TempPathFactory, build, serve):
    """The demo school with a phone line, its content naming the fixture's tool at one
    outcome, built with the fixture folder as a tool folder: (content, school, base URL)."""
    root = tmp_path_factory.mktemp("call-school")
    content_dir = Path(shutil.copytree(CONTENT_DIR, root / "flow"))
    flow_file = content_dir / FLOW / "flow.yml"
    text = flow_file.read_text(encoding="utf-8")
    marker = f"  {OUTCOME}:\n    kind: contact-school\n"
    assert text.count(marker) == 1
    flow_file.write_text(text.replace(marker, marker + "    tools: [call-school]\n"), encoding="utf-8")
    school_text = re.sub(r"^logo:.*\n", "", DEMO_SCHOOL.read_text(encoding="utf-8"), flags=re.M)
    school_file = root / "schools" / "bel.yml"
    school_file.parent.mkdir()
    school_file.write_text(school_text + f'contact: {{phone: "{PHONE}"}}\n', encoding="utf-8")
    with pytest.MonkeyPatch.context() as env:
        env.setenv(declarations.ENVIRONMENT, str(FIXTURE_TOOLS))
        content = load_content(content_dir)
        school = load_school(school_file, content)
        yield content, school, serve(build(school_file, content))


def _outcome_url(base: str, content, school, lang: str, key: str = OUTCOME) -> str:
    return f"{base}{lang}/{html_name(page_paths(content, school, lang)[f'{FLOW}/{key}'])}"


def _route(content) -> str:
    route = next(r for r in content.flows[FLOW].routes() if r.outcome == OUTCOME)
    return "#" + "&".join(f"{q}={a}" for q, a in route.answers)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_tool_from_its_own_folder_shows_on_the_outcome_page(watched_page: Page, call_school, lang):
    content, school, base = call_school
    page = watched_page
    page.goto(_outcome_url(base, content, school, lang))
    slot = page.locator("article .hf-tool-slot--call-school")
    expect(slot.locator("summary")).to_have_text(content.ui["contact_heading"][lang])
    slot.locator("summary").click()
    call = slot.locator(".hf-tool a.hf-call")
    expect(call).to_be_visible()
    expect(call).to_have_attribute("href", school.phone_url)
    expect(slot.locator(".hf-tool h2")).to_have_text(content.ui["contact_heading"][lang])  # under the page's h1
    expect(call).to_have_css("font-size", re.compile(r"^(?!16px).*px$"))  # its own style, from its folder


def test_a_tool_from_its_own_folder_shows_in_the_widget(watched_page: Page, call_school):
    content, school, base = call_school
    page = watched_page
    page.goto(f"{base}nl/{html_name(page_paths(content, school, 'nl')[f'{FLOW}/{HOME}'])}{_route(content)}")
    widget = page.locator("#hf-widget")
    slot = widget.locator(".hf-tool-slot--call-school")
    slot.locator("summary").click()
    expect(slot.locator(".hf-tool h4")).to_have_text(content.ui["contact_heading"]["nl"])
    expect(slot.locator("a.hf-call")).to_have_attribute("href", school.phone_url)


def test_a_tool_from_its_own_folder_has_its_help_without_javascript(new_page, call_school):
    content, school, base = call_school
    page = new_page(java_script_enabled=False)
    page.goto(_outcome_url(base, content, school, "fr"))
    slot = page.locator("article .hf-tool-slot--call-school")
    slot.locator("summary").click()
    expect(slot.get_by_role("link", name=PHONE)).to_have_attribute("href", school.phone_url)
    expect(slot.locator(".hf-tool")).to_have_count(0)


def _open_tool(page: Page, base: str, content, demo, lang: str, outcome: str, tool: str):
    page.goto(_outcome_url(base, content, demo, lang, outcome))
    page.locator(f"article .hf-tool-slot--{tool} > summary").click()
    opened = page.locator(f"article .hf-tool-slot--{tool} .hf-tool")
    expect(opened).to_be_visible()  # its script loads when the parent opens it
    return opened


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_the_composer_asks_for_a_missing_address_and_points_out_a_wrong_one(watched_page: Page, demo_url, content,
                                                                            demo, lang):
    page = watched_page
    composer = _open_tool(page, demo_url, content, demo, lang, OUTCOME, "mail-composer")
    ui = {key: text[lang] for key, text in content.ui.items()}
    address = composer.get_by_label(ui["composer_address"])
    problem = composer.locator(".hf-problem")
    expect(problem).to_be_hidden()  # nothing to say before the parent acts
    composer.get_by_role("link", name=ui["composer_send"]).click()
    expect(problem).to_have_text(ui["composer_missing"])
    expect(address).to_be_focused()
    expect(address).to_have_attribute("aria-invalid", "true")
    address.fill("ouder@voorbeeld")
    expect(problem).to_have_text(ui["composer_invalid"])
    address.fill("ouder@voorbeeld.be")
    expect(problem).to_be_hidden()
    expect(composer.get_by_role("link", name=ui["composer_send"])).to_have_attribute("href", re.compile("^mailto:"))
    # The relation is asked by its label, and the mail names it on a line of its own.
    composer.get_by_label(ui["composer_relation"]).select_option("guardian")
    expect(composer.locator("pre.hf-mail").first).to_contain_text(
        f"{content.ui['mail_relation'][demo.platform_language]} {content.ui['relation_guardian'][demo.platform_language]}")


NAMES = [("Jan-Pieter", "D'Hondt"), ("Zoë", "D'Hondt"), ("Jan", "Peeters"), *EXAMPLES.values()]


def test_the_username_helper_offers_each_way_the_school_may_write_a_name(watched_page: Page, demo_url, content, demo):
    """The demo school states no rule: every common way, most likely first, each once; the
    browser makes the same usernames as Python, in the same order."""
    assert demo.username.unstated == "both"
    page = watched_page
    helper = _open_tool(page, demo_url, content, demo, "en", "self-reset", "username-helper")
    ui = {key: text["en"] for key, text in content.ui.items()}
    result, others = helper.locator("output.hf-username"), helper.locator(".hf-usernames code")
    for first, last in NAMES:
        helper.get_by_label(ui["username_first"]).fill(first)
        helper.get_by_label(ui["username_last"]).fill(last)
        likeliest, *rest = demo.username.usernames(first, last)
        expect(result).to_have_text(likeliest)
        expect(others).to_have_text(rest)
        if not rest:
            expect(helper.locator(".hf-usernames")).to_be_hidden()
    assert UsernameRule().usernames("Jan-Pieter", "D'Hondt")[:2] == ("jan-pieter.d'hondt", "janpieter.dhondt")


def test_without_javascript_the_username_help_says_what_the_school_leaves_open(new_page, demo_url, content, demo):
    page = new_page(java_script_enabled=False)
    page.goto(_outcome_url(demo_url, content, demo, "nl", "self-reset"))
    slot = page.locator("article .hf-tool-slot--username-helper")
    slot.locator("summary").click()
    tried = demo.username.usernames(*EXAMPLES[demo.username.unstated])
    expect(slot.locator("b")).to_have_text(list(tried))
    expect(slot.get_by_role("link", name=demo.email)).to_be_visible()


def test_the_composer_note_on_the_mails_language_comes_before_the_mail(watched_page: Page, demo_url, content, demo):
    page = watched_page
    composer = _open_tool(page, demo_url, content, demo, "fr", OUTCOME, "mail-composer")
    why = Context("fr", demo, content.ui, content.labels).plain(
        content.ui[f"composer_translation_{demo.platform_language}"]["fr"])
    blocks = composer.locator(":scope > p, :scope > pre").evaluate_all(
        "nodes => nodes.map(n => n.tagName === 'PRE' ? 'mail' : n.textContent)")
    assert blocks.index(why) < blocks.index("mail")
