"""The widget's tools as components (issue 20): each tool is one folder, found by the
registry, and the texts, data and help without JavaScript come from that folder. The
no-JavaScript mail carries the lines the school needs (issue 18), and the username helper
offers what the school leaves open, most likely first."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from helpflow.errors import HelpflowError
from helpflow.load import tools as declarations
from helpflow.load.content import load_content
from helpflow.model.usernames import EXAMPLES, UsernameRule
from helpflow.paths import TOOLS
from helpflow.plan import tools
from helpflow.plan.site import plan_site
from helpflow.plan.text import Context
from helpflow.plan.tools import mail_composer

pytestmark = pytest.mark.any_worker

FIXTURE_TOOLS = Path(__file__).resolve().parent.parent / "fixtures" / "tools"
MAILTO = re.compile(r'href="(mailto:[^"]*\?[^"]*)"')


def _mail_buttons(markdown: str) -> list[tuple[str, str, list[str]]]:
    """Each no-JavaScript mail of a page: address, subject and lines."""
    found = []
    for href in MAILTO.findall(markdown.replace("&amp;", "&")):
        parts = urlsplit(href)
        query = parse_qs(parts.query, keep_blank_values=True)
        found.append((unquote(parts.path), query["subject"][0], query["body"][0].split("\r\n")))
    return found


def test_every_built_in_tool_is_a_folder_with_its_parts():
    folders = [f for f in TOOLS.iterdir() if (f / declarations.TOOL_FILE).is_file()]
    assert {declarations.tool_name(f) for f in folders} == set(tools.registry()) == set(declarations.names())
    for folder in folders:
        assert (folder / tools.SCRIPT).is_file() and (folder / "__init__.py").is_file()


def test_the_registry_finds_a_tool_in_another_folder_and_nowhere_else(monkeypatch):
    assert "call-school" not in tools.registry()
    monkeypatch.setenv(declarations.ENVIRONMENT, str(FIXTURE_TOOLS))
    found = tools.registry()
    assert "call-school" in found and found["call-school"].folder == FIXTURE_TOOLS / "call_school"
    assert "assets/tools/call-school.js" in tools.scripts()
    assert ".hf-call" in tools.css()
    assert "contact_phone" in declarations.site_texts()  # check asks ui.yml for its texts


def test_a_flow_naming_an_unknown_tool_is_one_line_naming_it(content_copy, monkeypatch):
    flow = content_copy / "wachtwoord-vergeten" / "flow.yml"
    text = flow.read_text(encoding="utf-8")
    flow.write_text(text.replace("tools: [mail-composer]", "tools: [call-school]", 1), encoding="utf-8")
    with pytest.raises(HelpflowError) as error:
        load_content(content_copy)
    lines = [line for line in str(error.value).splitlines() if "call-school" in line]
    assert len(lines) == 1 and "flow.yml" in lines[0] and "tools" in lines[0]
    monkeypatch.setenv(declarations.ENVIRONMENT, str(FIXTURE_TOOLS))
    assert load_content(content_copy).flows["wachtwoord-vergeten"]


def test_a_broken_declaration_is_a_one_line_error(tmp_path, monkeypatch):
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / declarations.TOOL_FILE).write_text("heading: [not, a, key]\n", encoding="utf-8")
    monkeypatch.setenv(declarations.ENVIRONMENT, str(tmp_path))
    with pytest.raises(HelpflowError) as error:
        declarations.specs()
    assert str(error.value).count("\n") == 0 and "heading" in str(error.value)


@pytest.mark.parametrize("name", ['x" onmouseover="alert(1)', "Call School", "call-school", "9lives", "bel\u202eow"])
def test_a_tool_folder_whose_name_is_no_class_word_is_refused_by_name(tmp_path, monkeypatch, name):
    """A tool's name lands in a page's class attribute and a script's address: a folder
    named otherwise than a Python package is one line, before anything is written."""
    folder = tmp_path / name
    folder.mkdir()
    (folder / declarations.TOOL_FILE).write_text("heading: composer_heading\n", encoding="utf-8")
    monkeypatch.setenv(declarations.ENVIRONMENT, str(tmp_path))
    with pytest.raises(HelpflowError) as error:
        declarations.specs()
    assert str(error.value).count("\n") == 0 and "rename it" in str(error.value)


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_the_mail_without_javascript_has_labelled_lines_to_fill_in(content, demo, lang):
    """Every outcome with the composer: the mail app opens a mail in the platform's language
    with a labelled line for each thing the school needs, and the page says why that language."""
    plan = plan_site(content, demo, lang)
    platform = demo.platform_language
    labels = [content.ui[key][platform] for _field, key in mail_composer.FIELDS]
    seen = 0
    for flow in content.flows_of(demo):
        for outcome in flow.outcomes.values():
            if "mail-composer" not in outcome.all_tools:
                continue
            page = next(p for p in plan.pages if p.key == f"{flow.slug}/{outcome.id}")
            mails = _mail_buttons(page.markdown)
            assert len(mails) == 1, outcome.id
            to, subject, lines = mails[0]
            assert to == demo.email and subject == flow.tool_texts["mail_subject"][platform]
            assert flow.tool_texts["mail_request"][platform] in lines
            assert [line for line in lines if line.endswith(": ") or line.endswith("\u202f: ")] == [
                f"{label} " for label in labels]
            assert len(labels) >= 3
            why = content.ui[f"composer_translation_{platform}"][lang]
            assert (why in page.markdown) == (lang != platform)
            seen += 1
    assert seen >= 3


def test_the_mail_lines_are_filled_the_same_way_with_and_without_values(content, demo):
    flow = content.flows["wachtwoord-vergeten"]
    written = mail_composer.mail(Context("nl", demo, content.ui, content.labels), flow)
    empty = mail_composer.body(written, {})
    full = mail_composer.body(written, {"pupils": "Zoë", "parent": "Sam", "relation": "mother", "address": "a@b.be"})
    assert full.split("\r\n")[-1] == "Sam"  # signed with the parent's name
    assert f"{content.ui['mail_relation']['nl']} {content.ui['relation_mother']['nl']}" in full.split("\r\n")
    assert len(empty.split("\r\n")) == len(full.split("\r\n")) - 1  # no empty signature line


@pytest.mark.parametrize(("rule", "first", "last", "expected"), [
    (UsernameRule(), "Jan-Pieter", "D'Hondt", ("jan-pieter.d'hondt", "janpieter.dhondt")),
    (UsernameRule(), "Zoë", "D'Hondt", ("zoë.d'hondt", "zoe.dhondt", "zoë.dhondt", "zoe.d'hondt")),
    (UsernameRule(), "Chloë", "Van De Velde", ("chloë.vandevelde", "chloe.vandevelde")),
    (UsernameRule(), "Jan", "Peeters", ("jan.peeters",)),
    (UsernameRule(accents="strip"), "Zoë", "D'Hondt", ("zoe.d'hondt", "zoe.dhondt")),
    (UsernameRule(special="drop"), "Zoë", "D'Hondt", ("zoë.dhondt", "zoe.dhondt")),
    (UsernameRule(accents="keep", special="keep"), "Zoë", "D'Hondt", ("zoë.d'hondt",)),
    (UsernameRule("{last}{first}", "strip", "drop"), "Zoë", "D'Hondt", ("dhondtzoe",)),
])
def test_usernames_cover_what_the_school_does_not_state_most_likely_first(rule, first, last, expected):
    assert rule.usernames(first, last) == expected


def test_the_helper_gets_the_rules_to_try_in_order(content, demo):
    flow = content.flows["wachtwoord-vergeten"]
    for rule in (UsernameRule(), UsernameRule(accents="strip"), UsernameRule(accents="keep", special="drop")):
        school = dataclasses.replace(demo, username=rule)
        data = tools.registry()["username-helper"].data(Context("nl", school, content.ui, content.labels), flow)
        assert [UsernameRule(**r) for r in data["rules"]] == list(rule.variants())
        assert all(r["accents"] and r["special"] for r in data["rules"])  # each a stated rule


@pytest.mark.parametrize("rule", [UsernameRule(), UsernameRule(special="drop"), UsernameRule(accents="keep", special="keep")])
def test_the_username_help_without_javascript_names_what_the_school_leaves_open(content, demo, rule):
    flow = content.flows["wachtwoord-vergeten"]
    school = dataclasses.replace(demo, username=rule)
    html = tools.registry()["username-helper"].fallback(Context("en", school, content.ui, content.labels), flow)
    shown = re.findall(r"<b>(.*?)</b>", html.replace("&#x27;", "'"))
    if rule.unstated:
        assert tuple(shown) == rule.usernames(*EXAMPLES[rule.unstated])
        assert content.ui[f"username_unstated_{rule.unstated}"]["en"].split("{")[0].strip() in html
    else:
        assert shown == [] and "unstated" not in html
