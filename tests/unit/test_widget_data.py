"""The widget's data, computed from the plan without a browser: escaping, wording, tools, texts."""

from __future__ import annotations

import dataclasses
import html
import json
import re
from pathlib import Path

import pytest
import yaml

from helpflow.load import tools
from helpflow.paths import CONTENT
from helpflow.plan.pages import DIAGRAM, html_name, outcome_bodies, outcome_html, page_sources
from helpflow.plan.site import flow_folder, plan_site
from helpflow.plan.text import Context, to_plain
from helpflow.plan.widget import data_block, graph_data, route_key, tool_data, widget_data

pytestmark = pytest.mark.any_worker

_DATA = re.compile(r'<script type="application/json" id="hf-data">(.*?)</script>', re.S)


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]*>", " ", fragment)).split())


def _json(block: str) -> dict:
    return json.loads(_DATA.fullmatch(block)[1])


def _data(content, school, flow, lang: str) -> dict:
    """The widget data of ``flow`` as the plan puts it on the flow's home page."""
    plan = plan_site(content, school, lang)
    home = next(p for p in plan.pages if p.key == f"{flow.slug}/index")
    return json.loads(_DATA.search(home.markdown)[1])


def _flows(content):
    return list(content.flows.values())


def test_data_block_cannot_be_closed_or_read_as_markup(content, demo):
    evil = dataclasses.replace(demo, name='</script><script>alert(1)</script> & "Co"', email="a&b@example.com")
    flow = content.flows["wachtwoord-vergeten"]
    paths = page_sources(flow, content.ui, "nl")
    ctx = Context("nl", evil, content.ui, content.labels, lambda node: (html_name(paths[node]), node))
    data = widget_data(ctx, flow, paths, outcome_bodies(ctx, flow), tool_data(ctx, flow))
    block = data_block(data)
    inner = block.removeprefix('<script type="application/json" id="hf-data">').removesuffix("</script>")
    assert not re.search(r"[<>&]", inner)
    assert _json(block) == data
    assert data["tools"]["mail-composer"]["email"] == "a&b@example.com"


def test_the_routes_the_script_looks_up_are_the_models(content):
    """Each route's beginning stands where Flow.follow says; nothing else is a route."""
    for flow in _flows(content):
        routes = graph_data(flow)["routes"]
        assert routes[""] == flow.start
        beginnings = {route.answers[:depth] for route in flow.routes() for depth in range(len(route.answers) + 1)}
        assert set(routes) == {route_key(taken) for taken in beginnings}
        for taken in beginnings:
            assert routes[route_key(taken)] == flow.follow(dict(taken))[0]
        for route in flow.routes():
            assert routes[route_key(route.answers)] == route.outcome


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_widget_texts_are_the_models_in_plain_text(content, demo, lang):
    for flow in content.flows_of(demo):
        data = _data(content, demo, flow, lang)
        for q in flow.questions.values():
            shown = data["questions"][q.id]
            assert "{" not in shown["text"] and "<" not in shown["text"]
            assert [a["label"] for a in shown["answers"]] == [a.label[lang] for a in q.answers]
        assert data["ui"]["change"] == content.ui["change"][lang]


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_tools_are_the_ones_each_outcome_names(content, demo, lang):
    """Nothing is chosen by an outcome's kind: the model's list is what the widget gets."""
    for flow in content.flows_of(demo):
        data = _data(content, demo, flow, lang)
        for outcome in flow.outcomes.values():
            assert data["outcomes"][outcome.id]["tools"] == list(outcome.all_tools)
            slots = re.findall(r'class="hf-tool-slot hf-tool-slot--([a-z-]+)"', data["outcomes"][outcome.id]["html"])
            assert slots == [t for step in outcome.steps for t in step.tools] + list(outcome.tools)
        named = {tool for o in flow.outcomes.values() for tool in o.all_tools}
        assert set(data["tools"]) == named
        for tool in named:
            assert set(tools.specs()[tool].script_texts) == set(data["tools"][tool]["ui"])
        if "mail-composer" in named:
            mail = data["tools"]["mail-composer"]
            assert set(mail["mail"]) == {lang, demo.platform_language}
            assert flow.tool_texts["mail_request"][lang] in [line.get("text") for line in mail["mail"][lang]["lines"]]
            why = content.ui[f"composer_translation_{demo.platform_language}"][lang]
            assert mail["language"] == ("" if lang == demo.platform_language else why)


def test_the_two_flows_write_different_mails(content, demo):
    mails = {flow.slug: _data(content, demo, flow, "nl")["tools"]["mail-composer"]["mail"]["nl"]["lines"]
             for flow in content.flows_of(demo)}
    assert len({json.dumps(lines) for lines in mails.values()}) == len(mails) == 2


def test_plain_fills_placeholders_without_markup(content, demo):
    ctx = Context("fr", demo, content.ui, content.labels)
    assert ctx.plain("{school} : {email}") == f"{demo.name} : {demo.email}"
    assert "<" not in ctx.plain("{label:forgot_password} *pas* de [lien]")
    assert ctx.plain("{username}") == "prénom.nom"


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_outcome_steps_are_the_outcome_pages_text(content, demo, demo_site, lang):
    """The widget shows the same steps, notes and kind as the built outcome page: one HTML for both."""
    flows = content.flows_of(demo)
    for flow in flows:
        folder = demo_site / lang / flow_folder(flows, flow)
        data = _data(content, demo, flow, lang)
        paths = page_sources(flow, content.ui, lang)
        for outcome in flow.outcomes.values():
            widget_html = data["outcomes"][outcome.id]["html"]
            page = (folder / html_name(paths[outcome.id])).read_text(encoding="utf-8")
            article = page[page.index("<article"):page.index("</article>")]
            assert widget_html in article
            assert widget_html.count("<li>") == len(outcome.steps)


def test_home_pages_have_no_inline_script_or_handler_of_ours(content, demo, demo_site):
    flows = content.flows_of(demo)
    for lang in demo.languages:
        for flow in flows:
            folder = demo_site / lang / flow_folder(flows, flow)
            page = (folder / "index.html").read_text(encoding="utf-8")
            article = page[page.index("<article"):page.index("</article>")]
            assert re.findall(r"<script[^>]*>", article) == ['<script type="application/json" id="hf-data">']
            assert not re.search(r"\son[a-z]+\s*=", article)
            assert 'id="hf-widget"' in article
            diagram = (folder / html_name(page_sources(flow, content.ui, lang)[DIAGRAM])).read_text(encoding="utf-8")
            assert json.loads(_DATA.search(diagram)[1]) == graph_data(flow)
            question = (folder / html_name(page_sources(flow, content.ui, lang)[flow.start])).read_text(
                encoding="utf-8")
            assert "hf-data" not in question


def test_one_outcome_html_for_page_widget_and_handout(content, demo):
    """The outcome's steps are one text: the handout prints the same steps as the page shows."""
    plan = plan_site(content, demo, "nl")
    for handout in plan.handouts:
        flow = content.flows[handout.flow]
        printed = {o.id: [_text(to_plain(step.text)) for step in o.steps] for o in handout.outcomes}
        for outcome in flow.outcomes.values():
            sheet_ctx = Context("nl", demo, content.ui, content.labels, lambda node: ("#x", flow.node(node).title["nl"]))
            shown = [_text(re.sub(r"<[^>]*>", "", step)) for step in re.findall(r"<li><p>(.*?)</p>",
                                                                                outcome_html(sheet_ctx, outcome, flow))]
            assert shown == printed[outcome.id]


def _ui_keys() -> list[str]:
    return sorted(tools.site_texts())


RAW_TEXTS = yaml.safe_load((CONTENT / "ui.yml").read_text(encoding="utf-8"))
TOOL_TEXTS = {f"{folder.name}/{key}": texts for folder in Path(CONTENT).iterdir() if (folder / "texts.yml").exists()
              for key, texts in yaml.safe_load((folder / "texts.yml").read_text(encoding="utf-8")).items()}


@pytest.mark.parametrize("key", _ui_keys() + sorted(TOOL_TEXTS))
def test_widget_texts_are_complete_and_french_is_typeset(key):
    """Checked in the source files, where a translator would fix them."""
    texts = TOOL_TEXTS.get(key) or RAW_TEXTS[key]
    assert set(texts) == {"nl", "fr", "en"} and all(texts.values())
    assert not re.search(r"[ \u00a0][?!:;]", texts["fr"]), "French wants U+202F before ? ! : ;"
    assert not re.search(r"\S[?!:;]", texts["fr"].replace("https:", "")), texts["fr"]
