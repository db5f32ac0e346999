"""The decision widget in real Chromium, driven by the real model and school files.

Every route in every built language, the address as state (deep link, reload, Back,
Forward, an old link), Change and Start again, keyboard-only use, the language
switch, the mail composer and the username helper, and the page without JavaScript.
``watched_page`` fails a test on any console error or request to another origin.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from playwright.sync_api import Page, expect

from helpflow.cli import FLOW, SCHOOLS, UI
from helpflow.flowfile import load_flow, load_ui
from helpflow.school import load_school

MODEL = load_flow(FLOW)
TEXTS = load_ui(UI)
SCHOOL = load_school(SCHOOLS / "demo.yml")
LANGS = SCHOOL.languages


def _hash(answers) -> str:
    return "#" + "&".join(f"{q}={a}" for q, a in answers) if answers else ""


def _widget(page: Page):
    return page.locator("#hf-widget")


def _heading(page: Page):
    return _widget(page).locator(".hf-heading")


def _answer(page: Page, question_id: str, key: str, lang: str) -> None:
    label = MODEL.questions[question_id].answer(key).label[lang]
    _widget(page).get_by_role("button", name=label, exact=True).click()


def _open(page: Page, url: str) -> None:
    page.goto(url)
    expect(_widget(page)).to_have_class(re.compile(r"\bhf-ready\b"))


@pytest.mark.parametrize("lang", LANGS)
def test_every_route_reaches_its_outcome(watched_page, demo_url, lang):
    page = watched_page
    for route in MODEL.routes():
        _open(page, f"{demo_url}{lang}/index.html")
        for done, (question_id, key) in enumerate(route.answers):
            expect(_heading(page)).to_have_text(MODEL.questions[question_id].text[lang])
            _answer(page, question_id, key, lang)
            expect(page).to_have_url(re.compile(re.escape(_hash(route.answers[:done + 1])) + "$"))
            expect(_heading(page)).to_be_focused()
        outcome = MODEL.outcomes[route.outcome]
        expect(_heading(page)).to_have_text(outcome.title[lang])
        step = _widget(page).locator(".hf-step")
        expect(step).to_have_class(re.compile(rf"\bhf-{outcome.kind}\b"))
        expect(step.locator("ol > li")).to_have_count(len(outcome.steps))
        expect(step).to_contain_text(TEXTS[f"kind_{outcome.kind}"][lang])
        expect(page.locator(".hf-route-diagram [id='hf-node-%s']" % route.outcome)).to_have_class(
            re.compile(r"\bhf-here\b"))
        for question_id, key in route.answers:
            expect(page.locator(f"[id='hf-edge-{question_id}-{key}']")).to_have_class(
                re.compile(r"\bhf-on-route\b"))


def test_deep_link_and_reload_keep_the_state(watched_page, demo_url):
    page = watched_page
    _open(page, f"{demo_url}nl/index.html#email-given=yes")
    expect(_heading(page)).to_have_text(MODEL.questions["email-verified"].text["nl"])
    expect(_heading(page)).not_to_be_focused()  # a page load does not steal focus
    page.reload()
    expect(_heading(page)).to_have_text(MODEL.questions["email-verified"].text["nl"])
    _open(page, f"{demo_url}en/index.html#email-given=yes&email-verified=yes")
    expect(_heading(page)).to_have_text(MODEL.outcomes["self-reset"].title["en"])


@pytest.mark.parametrize("hash_, answers", [
    ("#email-given=maybe", {"email-given": "maybe"}),
    ("#email-given=yes&email-verified=perhaps&old=1", {"email-given": "yes", "email-verified": "perhaps"}),
    ("#email-given=no&email-verified=yes", {"email-given": "no", "email-verified": "yes"}),
    ("#nonsense", {}),
])
def test_an_old_link_falls_back_to_the_deepest_valid_point(watched_page, demo_url, hash_, answers):
    page = watched_page
    node, used = MODEL.follow(answers)
    _open(page, f"{demo_url}nl/index.html{hash_}")
    title = MODEL.questions[node].text["nl"] if node in MODEL.questions else MODEL.outcomes[node].title["nl"]
    expect(_heading(page)).to_have_text(title)
    assert urlsplit(page.url).fragment == _hash(used).lstrip("#")


def test_back_and_forward_undo_and_redo_one_answer(watched_page, demo_url):
    page = watched_page
    q1, q2 = (MODEL.questions[q].text["fr"] for q in ("email-given", "email-verified"))
    _open(page, f"{demo_url}fr/index.html")
    _answer(page, "email-given", "yes", "fr")
    _answer(page, "email-verified", "no", "fr")
    expect(_heading(page)).to_have_text(MODEL.outcomes["mail-school"].title["fr"])
    page.go_back()
    expect(_heading(page)).to_have_text(q2)
    expect(_heading(page)).to_be_focused()
    page.go_back()
    expect(_heading(page)).to_have_text(q1)
    assert urlsplit(page.url).fragment == ""
    page.go_forward()
    expect(_heading(page)).to_have_text(q2)
    page.go_forward()
    expect(_heading(page)).to_have_text(MODEL.outcomes["mail-school"].title["fr"])
    assert urlsplit(page.url).fragment == "email-given=yes&email-verified=no"


def _change(page: Page, question_id: str, lang: str) -> None:
    name = f"{TEXTS['change'][lang]} {MODEL.questions[question_id].title[lang]}"
    _widget(page).get_by_role("link", name=name, exact=True).click()


def test_change_keeps_later_answers_only_while_the_route_stays(watched_page, demo_url):
    page = watched_page
    _open(page, f"{demo_url}en/index.html#email-given=yes&email-verified=yes")
    answers = _widget(page).locator(".hf-answers-given li")
    expect(answers).to_have_count(2)
    expect(answers.first).to_contain_text("E-mail address given? Yes")

    _change(page, "email-given", "en")
    expect(_heading(page)).to_have_text(MODEL.questions["email-given"].text["en"])
    expect(_heading(page)).to_be_focused()
    expect(_widget(page).locator(".hf-earlier-note")).to_have_text(f"{TEXTS['previous_answer']['en']} Yes")
    _answer(page, "email-given", "yes", "en")  # same route: the later answer is kept
    expect(_heading(page)).to_have_text(MODEL.outcomes["self-reset"].title["en"])
    assert urlsplit(page.url).fragment == "email-given=yes&email-verified=yes"

    _change(page, "email-given", "en")
    _answer(page, "email-given", "no", "en")  # another route: the later answer is dropped
    expect(_heading(page)).to_have_text(MODEL.outcomes["mail-school"].title["en"])
    assert urlsplit(page.url).fragment == "email-given=no"

    _change(page, "email-given", "en")
    _answer(page, "email-given", "yes", "en")
    expect(_heading(page)).to_have_text(MODEL.questions["email-verified"].text["en"])

    _change(page, "email-given", "en")
    page.go_back()  # Back from a Change returns to the answers as they were
    expect(_heading(page)).to_have_text(MODEL.questions["email-verified"].text["en"])


def test_start_again_clears_the_answers_and_back_restores_them(watched_page, demo_url):
    page = watched_page
    _open(page, f"{demo_url}nl/index.html#email-given=no")
    _widget(page).get_by_role("button", name=TEXTS["start_again"]["nl"], exact=True).click()
    expect(_heading(page)).to_have_text(MODEL.questions["email-given"].text["nl"])
    expect(_heading(page)).to_be_focused()
    expect(_widget(page).locator(".hf-answers-given")).to_have_count(0)
    assert urlsplit(page.url).fragment == ""
    page.go_back()
    expect(_heading(page)).to_have_text(MODEL.outcomes["mail-school"].title["nl"])


def _tab_to(page: Page, name: str, limit: int = 60) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('#hf-widget') && document.activeElement.textContent") == name:
            return
    raise AssertionError(f"Tab never reached {name!r}")


@pytest.mark.parametrize("lang", LANGS)
def test_keyboard_alone_completes_the_flow(watched_page, demo_url, lang):
    page = watched_page
    _open(page, f"{demo_url}{lang}/index.html")
    yes, no = (MODEL.questions["email-given"].answer(k).label[lang] for k in ("yes", "no"))
    _tab_to(page, yes)
    page.keyboard.press("Enter")
    heading = MODEL.questions["email-verified"].text[lang]
    expect(_heading(page)).to_have_text(heading)
    expect(_heading(page)).to_be_focused()
    expect(_widget(page).locator("[aria-live]")).to_have_text(heading)
    page.keyboard.press("Tab")  # the next stop after the heading is the first answer
    expect(_widget(page).get_by_role("button", name=yes, exact=True)).to_be_focused()
    page.keyboard.press("Tab")
    expect(_widget(page).get_by_role("button", name=no, exact=True)).to_be_focused()
    page.keyboard.press("Space")
    expect(_heading(page)).to_have_text(MODEL.outcomes["mail-school"].title[lang])
    expect(_heading(page)).to_be_focused()
    outline = page.evaluate("""() => { const b = document.querySelector('#hf-widget button');
        b.focus(); return getComputedStyle(b).outlineStyle; }""")
    assert outline != "none"


def test_skip_link_and_anchors_keep_the_answers(watched_page, demo_url):
    page = watched_page
    _open(page, f"{demo_url}nl/index.html#email-given=yes")
    page.keyboard.press("Tab")  # Material's "skip to content" link comes first
    page.keyboard.press("Enter")
    expect(page).not_to_have_url(re.compile("email-given"))
    expect(_heading(page)).to_have_text(MODEL.questions["email-verified"].text["nl"])
    expect(_heading(page)).not_to_be_focused()
    _answer(page, "email-verified", "no", "nl")
    assert urlsplit(page.url).fragment == "email-given=yes&email-verified=no"


def test_language_switch_keeps_the_answers(watched_page, demo_url):
    page = watched_page
    _open(page, f"{demo_url}nl/index.html")
    _answer(page, "email-given", "yes", "nl")
    page.locator(".md-header .md-select").hover()
    page.locator("a.md-select__link[hreflang=fr]").click()
    expect(page).to_have_url(re.compile(r"/fr/index\.html#email-given=yes$"))
    expect(_heading(page)).to_have_text(MODEL.questions["email-verified"].text["fr"])
    _answer(page, "email-verified", "yes", "fr")
    page.locator(".md-header .md-select").hover()
    page.locator("a.md-select__link[hreflang=en]").click()
    expect(_heading(page)).to_have_text(MODEL.outcomes["self-reset"].title["en"])


def test_diagram_page_highlights_the_route_from_the_address(watched_page, demo_url):
    page = watched_page
    _open(page, f"{demo_url}nl/index.html#email-given=yes&email-verified=no")
    _widget(page).get_by_role("link", name=TEXTS["see_route"]["nl"]).click()
    expect(page).to_have_url(re.compile(r"#email-given=yes&email-verified=no$"))
    on_route = page.locator("svg.hf-diagram .hf-on-route")
    expect(on_route).to_have_count(4)  # two questions, two answers
    expect(page.locator("[id='hf-node-mail-school']")).to_have_class(re.compile(r"\bhf-here\b"))
    expect(page.locator("[id='hf-node-mail-school'] a")).to_have_attribute("aria-current", "step")
    expect(page.locator("[id='hf-edge-email-given-no']")).not_to_have_class(re.compile(r"hf-on-route"))
    href = page.locator("a.md-select__link[hreflang=en]").get_attribute("href")
    assert href.endswith("#email-given=yes&email-verified=no")


def test_compact_diagram_shows_on_wide_screens_only(watched_page, demo_url):
    page = watched_page
    page.set_viewport_size({"width": 1400, "height": 900})
    _open(page, f"{demo_url}nl/index.html#email-given=no")
    expect(page.locator(".hf-route-diagram svg")).to_be_visible()
    expect(page.locator(".hf-route-diagram [id='hf-edge-email-given-no']")).to_have_class(re.compile("hf-on-route"))
    page.set_viewport_size({"width": 360, "height": 800})
    expect(page.locator(".hf-route-diagram svg")).to_be_hidden()


def _decode_mailto(href: str) -> tuple[str, str, str]:
    parts = urlsplit(href)
    query = parse_qs(parts.query, keep_blank_values=True)
    return unquote(parts.path), query["subject"][0], query["body"][0]


@pytest.mark.parametrize("lang", LANGS)
def test_mail_composer_builds_the_mail_in_the_platform_language(watched_page, demo_url, lang):
    page = watched_page
    platform = SCHOOL.platform_language
    _open(page, f"{demo_url}{lang}/index.html#email-given=no")
    page.wait_for_load_state("networkidle")  # Material's search loads its files lazily
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    pupils = _widget(page).get_by_label(TEXTS["composer_pupils"][lang])
    address = _widget(page).get_by_label(TEXTS["composer_address"][lang])
    pupils.fill("Chloë Van De Velde, Jan Peeters")
    address.fill("ouder.twee@example.com")
    expect(address).to_have_accessible_description(TEXTS["composer_reminder"][lang])
    link = _widget(page).get_by_role("link", name=TEXTS["composer_send"][lang])
    to, subject, body = _decode_mailto(link.get_attribute("href"))
    assert to == SCHOOL.email
    assert subject == f"{TEXTS['mail_subject'][platform]} - Chloë Van De Velde, Jan Peeters"
    assert body.split("\r\n") == [
        TEXTS["mail_greeting"][platform], "", TEXTS["mail_request"][platform], "",
        f"{TEXTS['mail_pupils'][platform]} Chloë Van De Velde, Jan Peeters",
        f"{TEXTS['mail_address'][platform]} ouder.twee@example.com", "", TEXTS["mail_thanks"][platform]]
    previews = _widget(page).locator("pre.hf-mail")
    expect(previews.first).to_have_attribute("lang", platform)
    if lang == platform:
        expect(previews).to_have_count(1)
    else:
        expect(previews).to_have_count(2)
        expect(previews.nth(1)).to_have_attribute("lang", lang)
        expect(previews.nth(1)).to_contain_text(f"{TEXTS['mail_pupils'][lang]} Chloë Van De Velde, Jan Peeters")
        expect(_widget(page)).to_contain_text(TEXTS[f"composer_translation_{platform}"][lang])
    assert requests == [], "typing in the composer must not send anything"


@pytest.mark.parametrize("first, last, username, plain", [
    ("Jan Pieter", "Van den Broeck", "janpieter.vandenbroeck", None),
    (" Chloë ", "Van De Velde", "chloë.vandevelde", "chloe.vandevelde"),
])
def test_username_helper_follows_the_seed_rule(watched_page, demo_url, first, last, username, plain):
    page = watched_page
    _open(page, f"{demo_url}en/index.html#email-given=yes&email-verified=yes")
    _widget(page).get_by_label(TEXTS["username_first"]["en"]).fill(first)
    _widget(page).get_by_label(TEXTS["username_last"]["en"]).fill(last)
    expect(_widget(page).locator("output.hf-username")).to_have_text(username)
    plain_note = _widget(page).locator(".hf-tool p", has_text=TEXTS["username_plain"]["en"])
    if plain:
        expect(plain_note).to_have_text(f"{TEXTS['username_plain']['en']} {plain}")
    else:
        expect(plain_note).to_be_hidden()
    help_link = _widget(page).locator(".hf-tool").get_by_role("link", name=SCHOOL.email)
    expect(help_link).to_have_attribute("href", f"mailto:{SCHOOL.email}")


@pytest.mark.parametrize("width", [320, 640])  # 640 CSS px is a 1280 px window at 200 % zoom
def test_no_sideways_scrolling_on_narrow_or_zoomed_screens(watched_page, demo_url, width):
    page = watched_page
    page.set_viewport_size({"width": width, "height": 700})
    for hash_ in ("", "#email-given=no", "#email-given=yes&email-verified=yes"):
        _open(page, f"{demo_url}fr/index.html{hash_}")
        page.wait_for_timeout(50)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{width}px {hash_}: {overflow}px sideways scroll"


def test_reduced_motion_turns_the_animation_off(watched_page, demo_url):
    page = watched_page
    animation = "getComputedStyle(document.querySelector('#hf-widget .hf-step')).animationName"
    _open(page, f"{demo_url}nl/index.html")
    assert page.evaluate(animation) == "hf-appear"
    page.emulate_media(reduced_motion="reduce")
    assert page.evaluate(animation) == "none"


def test_script_does_nothing_on_other_pages(watched_page, demo_url):
    page = watched_page
    page.goto(f"{demo_url}nl/e-mailadres-opgegeven.html#email-given=yes")
    expect(page.get_by_role("heading", level=1)).to_have_text(MODEL.questions["email-given"].text["nl"])
    assert urlsplit(page.url).fragment == "email-given=yes"
    expect(page.locator("#hf-widget")).to_have_count(0)


@pytest.fixture
def nojs_page(browser):
    """A page with JavaScript off, failing on console errors and other-origin requests too."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    errors: list[str] = []
    foreign: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("request", lambda r: foreign.append(r.url) if urlsplit(r.url).hostname != "127.0.0.1" else None)
    yield page
    context.close()
    assert not errors and not foreign, (errors, foreign)


@pytest.mark.parametrize("lang", LANGS)
def test_without_javascript_the_home_page_offers_the_links(nojs_page, demo_url, lang):
    page = nojs_page
    page.goto(f"{demo_url}{lang}/index.html")
    widget = page.locator("#hf-widget")
    expect(widget.get_by_role("button")).to_have_count(0)
    start = widget.get_by_role("link", name=TEXTS["start"][lang])
    expect(start).to_be_visible()
    for outcome in MODEL.outcomes.values():
        expect(page.locator("article > ul").get_by_role("link", name=outcome.title[lang], exact=True)).to_be_visible()
    expect(page.locator("article").get_by_role("link", name=TEXTS["see_diagram"][lang])).to_be_visible()
    start.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(MODEL.questions[MODEL.start].text[lang])
