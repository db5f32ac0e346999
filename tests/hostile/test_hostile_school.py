"""A school's free text is shown literally everywhere and never runs: markup, quotes, &, ’, É, ë.

The hostile school publishes every flow (a help centre, then each flow's folder), gives
opening hours and rewords a step of its own, all with markup in them; a parent types
markup into the widget's tools too.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from jsonschema import Draft202012Validator
from playwright.sync_api import expect

from helpflow.errors import HelpflowError
from helpflow.load.options import Field, Group, LocalText, Text, example_value
from helpflow.load.school import load_school
from helpflow.load.school_fields import SCHOOL_FILE
from helpflow.load.school_options import FlowTexts
from helpflow.load.yamlfile import read_yaml
from helpflow.model.school import School
from helpflow.paths import SCHEMA_FILE
from helpflow.plan.pages import DIAGRAM, HOME, html_name
from helpflow.plan.site import STATEMENT, page_paths

NAME = "<script>alert(1)</script> \"Sint-Jozef\" & ’t École Noël </title><img src=x onerror=alert(2)>"
EMAIL = "o'brien&co@school.be"
"""Quotes and & are valid in an address's local part; non-ASCII letters are refused by validation."""
PHONE = "+32 9 123 45 67"
HOURS = "<b>ma</b> & vr </p><img src=x onerror=alert(3)> 8–12 u"
HOURS_OTHER = "<i>lu</i> & ve </p><img src=x onerror=alert(6)> 8–12 h"
"""The hours in the school's second language: a free text may be given per language."""
STEP = "<img src=x onerror=alert(4)> Kies {label:forgot_password} bij “{school}” & klik</li>"
"""The school's own wording of a step: its markup shown as typed, its placeholders filled."""
FLOW, STEP_KEY, STEP_INDEX = "wachtwoord-vergeten", "outcomes.self-reset.steps[2].text", 1
TYPED = "<img src=x onerror=alert(5)> O'Brien & “Zoë”"
"""What a parent might type, or paste, into the widget's fields."""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory, content) -> School:
    school = tmp_path_factory.mktemp("hostile") / "hostile.yml"
    q = lambda text: json.dumps(text, ensure_ascii=False)  # noqa: E731 - a YAML double-quoted string
    languages = (content.languages.source, content.languages.targets[0])  # the source and a translation
    texts = ", ".join(f"{lang}: {q(STEP)}" for lang in languages)
    school.write_text(f"name: {q(NAME)}\nsmartschool: hostile\nemail: {q(EMAIL)}\n"
                      f"site_url: https://help.hostile.be/\nlanguages: [{', '.join(languages)}]\n"
                      "email_given: enrolment\n"  # the practice every flow holds for
                      f"contact: {{phone: {q(PHONE)}, hours: {{{languages[0]}: {q(HOURS)}, "
                      f"{languages[1]}: {q(HOURS_OTHER)}}}}}\n"
                      f"texts: {{{FLOW}: {{{q(STEP_KEY)}: {{{texts}}}}}}}\n", encoding="utf-8")
    loaded = load_school(school, content)
    assert (loaded.name, loaded.hours[languages[0]], loaded.texts[FLOW][STEP_KEY][languages[0]]) == (NAME, HOURS, STEP)
    assert loaded.hours[languages[1]] == HOURS_OTHER
    assert len(content.flows_of(loaded)) > 1, "every flow, so that the help centre shows too"
    return loaded


@pytest.fixture(scope="module")
def hostile_site(hostile: School, build) -> Path:
    return build(hostile.source)


@pytest.fixture(scope="module")
def hostile_url(hostile_site: Path, serve) -> str:
    return serve(hostile_site)


@pytest.fixture
def guarded(watched_page):
    """A watched page on which any dialog (alert, confirm, prompt) fails the test."""
    dialogs: list[str] = []
    watched_page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    yield watched_page
    assert not dialogs, f"a dialog opened: {dialogs}"


def assert_nothing_injected(page) -> None:
    """None of the markup became an element or an attribute; JSON data blocks stay whole."""
    assert page.evaluate("""() => [...document.querySelectorAll('script')].every(s => {
        if (s.type === 'application/json') { JSON.parse(s.textContent); return true; }
        return !s.textContent.includes('alert('); })""")
    assert page.locator('img[src="x"], [onerror]').count() == 0


def assert_mail_links_are_the_secretariat(page) -> None:
    hrefs = page.locator('a[href^="mailto:"]').evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs and all(unquote(href.split("?")[0]) == f"mailto:{EMAIL}" for href in hrefs), hrefs
    assert set(page.locator('a[href^="mailto:"]').all_text_contents()) >= {EMAIL}


def _url(base: str, content, school: School, lang: str, key: str) -> str:
    return f"{base}{lang}/{html_name(page_paths(content, school, lang)[key])}"


def _check_every_page(page, base: str, school: School, content, lang: str) -> list[str]:
    """Visit every page of ``lang`` through the navigation; return the articles' texts."""
    paths = page_paths(content, school, lang)
    expected = {_url(base, content, school, lang, key) for key in paths}
    in_flows = {_url(base, content, school, lang, key) for key in paths
                if key != STATEMENT and not key.startswith("feedback-")}  # the footer and outcomes link those
    links: set[str] = set()
    for start in [f"{base}{lang}/index.html", *(_url(base, content, school, lang, f"{flow.slug}/{HOME}")
                                                for flow in content.flows_of(school))]:
        page.goto(start)  # a page's menu holds its own flow's pages and each other flow's home
        links |= set(page.locator("nav.md-nav--primary a.md-nav__link[href$='.html']").evaluate_all(
            "links => links.map(a => a.href)"))
    assert links == in_flows  # the navigation reaches every page of every flow
    bodies = []
    for link in sorted(expected):
        page.goto(link)
        assert page.title().endswith(f" - {NAME}")
        assert page.locator(".md-header__topic").first.text_content().strip() == NAME
        assert page.locator(".md-header [data-md-component=logo]").get_attribute("aria-label") == NAME
        assert NAME in page.locator(".md-copyright").text_content()
        assert_mail_links_are_the_secretariat(page)
        assert_nothing_injected(page)
        bodies.append(page.locator("article").text_content())
    return bodies


def test_every_page_shows_the_name_literally_and_runs_nothing(guarded, new_page, hostile_url, hostile, content):
    first, *others = hostile.languages
    assert others, "the hostile school is built in more than one language"
    # With JavaScript, in the first language: nothing of the name ever runs (``guarded``).
    bodies = _check_every_page(guarded, hostile_url, hostile, content, first)
    # Without it, quicker, in the others: the same literal text, and no element made of it.
    for lang in others:
        bodies += _check_every_page(new_page(java_script_enabled=False), hostile_url, hostile, content, lang)
    assert any(NAME in body for body in bodies)  # the steps name the school


def test_the_schools_hours_and_wording_show_literally_on_page_and_widget(guarded, hostile_url, hostile, content):
    page = guarded
    before, after = STEP.replace("{school}", NAME).split("{label:forgot_password}")
    for flow in content.flows_of(hostile):
        routes = {route.outcome: route for route in flow.routes()}
        for outcome in flow.outcomes.values():
            page.goto(_url(hostile_url, content, hostile, hostile.languages[0], f"{flow.slug}/{outcome.id}"))
            body = page.locator("article .hf-outcome-body")
            on_page = body.inner_text()
            if outcome.id in routes:  # an outcome some answers lead to: the widget shows the same steps
                page.goto(_url(hostile_url, content, hostile, hostile.languages[0], f"{flow.slug}/{HOME}")
                          + "#" + "&".join(f"{q}={a}" for q, a in routes[outcome.id].answers))
                body = page.locator("#hf-widget .hf-outcome-body")
                assert body.inner_text() == on_page, (flow.slug, outcome.id)
            # The school is phoned where the parent is sent to it, nowhere else.
            assert (HOURS in on_page, PHONE in on_page) == ((outcome.kind == "contact-school",) * 2), outcome.id
            if (flow.slug, outcome.id) == (FLOW, "self-reset"):
                step = body.locator("ol.hf-steps > li").nth(STEP_INDEX).locator("p").first.text_content()
                assert step.startswith(before) and step.endswith(after) and len(step) > len(before + after), step
            assert_nothing_injected(page)


def test_the_diagram_svg_stays_intact(guarded, hostile_url, hostile, content):
    page = guarded
    for flow in content.flows_of(hostile):
        page.goto(_url(hostile_url, content, hostile, hostile.languages[0], f"{flow.slug}/{DIAGRAM}"))
        svg = page.locator("svg.hf-diagram").first
        assert svg.locator("a").count() == len({node for route in flow.routes() for node in route.nodes})
        assert svg.locator("title").first.text_content()
        assert_nothing_injected(page)


def test_markup_typed_into_the_widgets_tools_stays_text(guarded, hostile_url, hostile, content):
    page = guarded
    flow = content.flows_of(hostile)[0]
    for tool in ("username-helper", "mail-composer"):
        route = next(r for r in flow.routes()
                     if tool in [t for step in flow.outcomes[r.outcome].steps for t in step.tools])
        page.goto(_url(hostile_url, content, hostile, hostile.languages[-1], f"{flow.slug}/{HOME}")
                  + "#" + "&".join(f"{q}={a}" for q, a in route.answers))
        page.locator("#hf-widget.hf-ready").wait_for()  # its modules arrive after the page's load
        expect(page.locator("#hf-widget .hf-tool-slot > summary").first).to_be_visible()
        for summary in page.locator("#hf-widget .hf-tool-slot > summary").all():
            summary.click()  # the parent opens each tool: its script loads then
        fields = page.locator("#hf-widget .hf-tool input[type=text]")
        expect(fields.first).to_be_visible()
        for i in range(fields.count()):
            fields.nth(i).fill(TYPED)
        if tool == "username-helper":
            expected = hostile.username.variants()[0].apply(TYPED, TYPED)  # the likeliest first
            expect(page.locator("#hf-widget output.hf-username")).to_have_text(expected)
        else:
            page.locator("#hf-widget .hf-tool input[type=email]").fill("ouder@example.com")
            assert TYPED in page.locator("#hf-widget pre.hf-mail").first.text_content()
            href = page.locator("#hf-widget a.hf-send").get_attribute("href")
            assert parse_qs(urlsplit(href).query)["subject"][0].endswith(f" - {TYPED}")
        assert_nothing_injected(page)


def test_the_root_page_shows_the_name_literally(new_page, hostile_url):
    page = new_page(java_script_enabled=False)  # stay on the root page, no redirect
    page.goto(hostile_url)
    assert page.locator("h1").text_content() == NAME
    assert page.title().endswith(f" - {NAME}")
    assert_nothing_injected(page)


def test_search_results_show_the_name_literally(guarded, hostile_url, hostile):
    page = guarded
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{hostile_url}{hostile.languages[0]}/index.html")
    page.locator("input.md-search__input").click()
    page.keyboard.type("Noël")
    results = page.locator(".md-search-result__item")
    results.first.wait_for()
    assert any(NAME in text for text in results.all_text_contents())
    assert_nothing_injected(page)
    results.first.locator("a").first.click()  # the highlighted page, ?h=noël
    page.wait_for_load_state("load")
    assert page.title().endswith(f" - {NAME}")
    assert_nothing_injected(page)


def test_hours_given_per_language_show_in_the_pages_language(new_page, hostile_url, hostile, content):
    page = new_page(java_script_enabled=False)
    lang = hostile.languages[1]
    shown = 0
    for flow in content.flows_of(hostile):
        for outcome in (o for o in flow.outcomes.values() if o.kind == "contact-school"):
            page.goto(_url(hostile_url, content, hostile, lang, f"{flow.slug}/{outcome.id}"))
            text = page.locator("article").inner_text()
            assert HOURS_OTHER in text and HOURS not in text, (flow.slug, outcome.id)
            assert_nothing_injected(page)
            shown += 1
    assert shown, "some outcome sends the parent to the school"


def test_the_schema_accepts_the_hostile_school_as_check_does(hostile):
    """Markup is text: neither the schema nor ``check`` refuses it (the pages escape it)."""
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert Draft202012Validator(schema).is_valid(json.loads(json.dumps(read_yaml(hostile.source))))


# Characters that change how a line reads (issue 22, class 6), and text that shows nothing:
# for every string of every declared field, so that a field added later is covered too.
REORDERING = ["\u202e", "\u202a", "\u2066", "\u2069", "\u200e", "\u200f", "\u061c"]
CONTROLS = ["\x00", "\x1b", "\x07", "\x08", "\x7f", "\x85", "\x9b"]
INVISIBLE = "\u00a0\u200b\u2060\ufeff\u3000\u2003\u200d\u00ad"
BASE = {"name": "Sint-Jozef", "smartschool": "sintjozef", "email": "secretariaat@sintjozef.be",
        "site_url": "https://help.sintjozef.be/", "contact": {"phone": "+32 9 123 45 67"}}


def _declared_strings() -> list[tuple[tuple[str, ...], Any]]:
    """(path of keys, example value) of every declared field, groups opened."""
    def walk(fields: tuple[Field[Any], ...], at: tuple[str, ...]) -> list[tuple[tuple[str, ...], Any]]:
        found = []
        for f in fields:
            if isinstance(f.option, Group):
                found += walk(f.option.fields, (*at, f.name))
            else:
                found.append(((*at, f.name), example_value(f.example)))
        return found
    return walk(SCHOOL_FILE.fields, ())


def _with(value: Any, change: Any) -> Any:
    """``value`` with its first string changed by ``change`` (a list keeps its first item only; a
    number or a flag is a string to the strict loader, as the school typed it)."""
    if isinstance(value, bool):
        return change(str(value).lower())
    if isinstance(value, str | int | float):
        return change(str(value))
    if isinstance(value, list):
        return [_with(value[0], change)]
    first = next(iter(value))
    return {**value, first: _with(value[first], change)}


def _school(tmp_path: Path, at: tuple[str, ...], value: Any) -> Path:
    data = json.loads(json.dumps(BASE))
    target = data
    for key in at[:-1]:
        target = target.setdefault(key, {})
    target[at[-1]] = value
    path = tmp_path / "school.yml"
    path.write_text(json.dumps(data), encoding="utf-8")  # JSON is YAML, with \u escapes for any character
    return path


def _one_problem(content, path: Path) -> str:
    with pytest.raises(HelpflowError) as caught:
        load_school(path, content)
    assert len(caught.value.problems) == 1, caught.value.problems
    return caught.value.problems[0]


@pytest.mark.parametrize("char", REORDERING + CONTROLS, ids=lambda c: f"U+{ord(c):04X}")
def test_no_string_of_a_school_file_may_hold_a_control_or_direction_character(content, tmp_path, char):
    for at, example in _declared_strings():
        path = _school(tmp_path, at, _with(example, lambda text: text[:2] + char + text[2:]))
        message = _one_problem(content, path)
        assert f": {'.'.join(at)}" in message, message  # the key named, however deep
        if at != ("logo",):  # a logo's name never reaches a page; only the file system judges it
            assert f"U+{ord(char):04X}" in message or "not available" in message or "not a flow" in message, message


def test_a_string_of_invisible_characters_is_blank_in_every_text_field(content, tmp_path):
    texts = [(at, example) for at, example in _declared_strings()
             if isinstance(_leaf(at).option, (Text, LocalText, FlowTexts)) and at != ("logo",)]
    assert {("name",), ("contact", "hours"), ("texts",), ("username", "format")} <= {at for at, _ in texts}
    for at, example in texts:
        message = _one_problem(content, _school(tmp_path, at, _with(example, lambda _text: INVISIBLE)))
        assert f": {'.'.join(at)}" in message and "must be a non-empty text" in message, message


def test_a_name_of_only_invisible_characters_is_refused_as_empty(content, tmp_path):
    for name in (" ", "\u200b", "\u00a0\u00a0", "\u2060", "\ufeff", "\u3000\u2028", "\u200c\u200d"):
        message = _one_problem(content, _school(tmp_path, ("name",), name))
        assert ": name: must be a non-empty text" in message, message


def _leaf(at: tuple[str, ...]) -> Field[Any]:
    fields = SCHOOL_FILE.fields
    for key in at:
        f = next(f for f in fields if f.name == key)
        fields = f.option.fields if isinstance(f.option, Group) else ()
    return f
