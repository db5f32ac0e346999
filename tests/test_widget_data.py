"""The widget's data, computed from the model without a browser: escaping, wording, texts."""

from __future__ import annotations

import dataclasses
import html
import json
import re

import pytest
import yaml

from helpflow.cli import FLOW, SCHOOLS, UI
from helpflow.flowfile import load_flow, load_ui
from helpflow.pages import page_paths
from helpflow.school import load_school
from helpflow.text import Context
from helpflow.widget import MAIL_KEYS, UI_KEYS, data_block, graph_data, outcome_html, plain, widget_data

MODEL = load_flow(FLOW)
TEXTS = load_ui(UI)
SCHOOL = load_school(SCHOOLS / "demo.yml")
WIDGET_KEYS = UI_KEYS + MAIL_KEYS + ("composer_translation_nl", "composer_translation_fr")


def _ctx(lang: str, school=SCHOOL) -> Context:
    paths = page_paths(MODEL, TEXTS, lang)
    return Context(lang, school, MODEL, TEXTS, page_link=lambda node: paths[node])


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]*>", " ", fragment)).split())


def _json(block: str) -> dict:
    return json.loads(re.fullmatch(r'<script type="application/json" id="hf-data">(.*)</script>', block, re.S)[1])


def test_data_block_cannot_be_closed_or_read_as_markup():
    evil = dataclasses.replace(SCHOOL, name='</script><script>alert(1)</script> & "Co"',
                               email="a&b@example.com")
    data = widget_data(_ctx("nl", evil), page_paths(MODEL, TEXTS, "nl"))
    block = data_block(data)
    inner = block.removeprefix('<script type="application/json" id="hf-data">').removesuffix("</script>")
    assert not re.search(r"[<>&]", inner)
    assert _json(block) == data
    assert data["email"] == "a&b@example.com"


def test_graph_mirrors_the_model():
    data = graph_data(MODEL)
    assert data["start"] == MODEL.start
    for route in MODEL.routes():
        node = data["start"]
        for question, answer in route.answers:
            node = data["next"][question][answer]
        assert node == route.outcome


@pytest.mark.parametrize("lang", SCHOOL.languages)
def test_widget_texts_are_the_models_in_plain_text(lang):
    data = widget_data(_ctx(lang), page_paths(MODEL, TEXTS, lang))
    for q in MODEL.questions.values():
        shown = data["questions"][q.id]
        assert shown["text"] == q.text[lang]
        assert [a["label"] for a in shown["answers"]] == [a.label[lang] for a in q.answers]
    assert set(data["mail"]) == {lang, SCHOOL.platform_language}
    assert data["ui"]["change"] == TEXTS["change"][lang]
    assert data["ui"]["translation"] == TEXTS[f"composer_translation_{SCHOOL.platform_language}"][lang]


def test_plain_fills_placeholders_without_markup():
    ctx = _ctx("fr")
    assert plain(ctx, "{school} : {email}") == f"{SCHOOL.name} : {SCHOOL.email}"
    assert "<" not in plain(ctx, "{label:forgot_password} *pas* de [lien]")


@pytest.mark.parametrize("lang", SCHOOL.languages)
def test_outcome_steps_are_the_outcome_pages_text(demo_site, lang):
    """The widget shows the same steps, notes and kind as the built outcome page."""
    paths = page_paths(MODEL, TEXTS, lang)
    links = {key: path.removesuffix(".md") + ".html" for key, path in paths.items()}
    ctx = Context(lang, SCHOOL, MODEL, TEXTS, page_link=lambda node: links[node])
    for outcome in MODEL.outcomes.values():
        widget_html = outcome_html(ctx, outcome, links)
        page = (demo_site / lang / links[outcome.id]).read_text(encoding="utf-8")
        article = page[page.index("<article"):page.index("</article>")]
        body = article[article.index("</h1>") + 5:]
        assert _text(widget_html) in _text(body)
        assert widget_html.count("<li>") == len(outcome.steps)
        assert re.findall(r'href="([^"]+)"', widget_html) == re.findall(
            r'href="([^"]+)"', body[:body.index("</ol>")])


def test_home_page_has_no_inline_script_or_handler_of_ours(demo_site):
    for lang in SCHOOL.languages:
        page = (demo_site / lang / "index.html").read_text(encoding="utf-8")
        article = page[page.index("<article"):page.index("</article>")]
        assert re.findall(r"<script[^>]*>", article) == ['<script type="application/json" id="hf-data">']
        assert not re.search(r"\son[a-z]+\s*=", article)
        assert 'id="hf-widget"' in article
        diagram = (demo_site / lang / links_for(lang)["diagram"]).read_text(encoding="utf-8")
        assert _json(re.search(r'<script type="application/json" id="hf-data">.*?</script>', diagram)[0]) == \
            graph_data(MODEL)
        for other in ("e-mailadres-opgegeven.html",) if lang == "nl" else ():
            assert "hf-data" not in (demo_site / lang / other).read_text(encoding="utf-8")


def links_for(lang: str) -> dict[str, str]:
    return {key: path.removesuffix(".md") + ".html" for key, path in page_paths(MODEL, TEXTS, lang).items()}


RAW_TEXTS = yaml.safe_load(UI.read_text(encoding="utf-8"))


@pytest.mark.parametrize("key", WIDGET_KEYS)
def test_widget_ui_texts_are_complete_and_french_is_typeset(key):
    """Checked in the source file: the loader currently folds U+202F into a plain space."""
    texts = RAW_TEXTS[key]
    assert set(texts) == {"nl", "fr", "en"} and all(texts.values())
    assert not re.search(r"[ \u00a0][?!:;]", texts["fr"]), "French wants U+202F before ? ! : ;"
    assert not re.search(r"\S[?!:;]", texts["fr"].replace("https:", "")), texts["fr"]
