"""The decision widget's data, computed from the plan's texts (plain Python, no MkDocs).

The widget's script (``docs/assets/widget/``) reads everything it shows from a
non-executable JSON block, so that a strict Content-Security-Policy can allow our
code by file, and so that a school's strings never become code.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from helpflow.model.flow import Flow
from helpflow.plan import material, tools
from helpflow.plan.pages import DIAGRAM, html_name
from helpflow.plan.text import Context

DATA_ID = "hf-data"
MOUNT_ID = "hf-widget"
WIDGET_UI = ("your_answers", "change", "start_again", "previous_answer", "see_route", "outcome_page")
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


def graph_data(flow: Flow) -> dict[str, Any]:
    """Every route's beginning and where it stands, by ``Flow.follow``: the script follows the
    answers in the address by looking routes up here, never by its own walk of the tree."""
    routes = {route_key(()): flow.start}
    for route in flow.routes():
        for depth in range(1, len(route.answers) + 1):
            taken = route.answers[:depth]
            routes[route_key(taken)] = flow.follow(dict(taken))[0]
    return {"routes": routes}


def route_key(answers: tuple[tuple[str, str], ...]) -> str:
    """A route's answers as one key, ``question=answer&…`` (``docs/assets/widget/route.js`` joins them alike)."""
    return "&".join(f"{question}={answer}" for question, answer in answers)


def widget_data(ctx: Context, flow: Flow, paths: Mapping[str, str], bodies: Mapping[str, str],
                tools_data: Mapping[str, Any]) -> dict[str, Any]:
    """Everything the widget shows in ``ctx.lang``, as JSON-ready plain data.

    ``paths`` are the flow's page sources (``slug.md``); the widget sits on the flow's
    home page, beside them, so it links to the built ``slug.html``. ``bodies`` are the
    outcomes' HTML (``pages.outcome_bodies``) and ``tools_data`` the tools' (``tool_data``),
    as the outcome pages have them.
    """
    lang = ctx.lang
    return {
        **tools_data,
        **graph_data(flow),
        "ui": {key: ctx.plain(ctx.t(key)) for key in WIDGET_UI},
        "diagram": html_name(paths[DIAGRAM]),
        "questions": {q.id: {"title": ctx.plain(q.title[lang]),
                             "text": ctx.plain(q.text[lang]),
                             "hint": ctx.plain(q.hint[lang]) if q.hint else "",
                             "answers": [{"key": a.key, "label": ctx.plain(a.label[lang])} for a in q.answers]}
                      for q in flow.questions.values()},
        "outcomes": {o.id: {"kind": o.kind,
                            "title": ctx.plain(o.title[lang]),
                            "html": bodies[o.id],
                            "page": html_name(paths[o.id]),
                            "tools": list(o.all_tools)}
                     for o in flow.outcomes.values()},
    }


def tool_data(ctx: Context, flow: Flow) -> dict[str, Any]:
    """What the flow's tools need (each tool's own ``data``), for the widget and for an
    outcome page that shows them."""
    return {"lang": ctx.lang, "tools": tools.page_data(ctx, flow)}


def only_tools(data: Mapping[str, Any], names: Iterable[str]) -> dict[str, Any]:
    """``tool_data`` cut to the tools ``names``, some of those it holds: an outcome page carries
    only the data of the tools it has a place for (a tool's script skips a place without data)."""
    return {**data, "tools": {name: data["tools"][name] for name in names}}


def data_block(data: Mapping[str, Any]) -> str:
    """``data`` as a non-executable JSON block; ``<``, ``>`` and ``&`` escaped so that
    no string can close the element or be read as markup."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    text = re.sub(r"[<>&]", lambda m: _JSON_ESCAPES[m[0]], text)
    return f'<script type="application/json" id="{DATA_ID}">{text}</script>'


def first_step(ctx: Context, flow: Flow, paths: Mapping[str, str]) -> str:
    """What the widget's mount holds before its script runs, and without one: the flow's first
    question (a flow starts with one: ``flowfile``) as the script draws it
    (``docs/assets/widget/widget.js``, ``questionView``: the same elements, classes and plain
    texts), each answer a link to where it leads. The script then draws the same question in
    the same room, so nothing below it moves, whatever the question's length."""
    q = flow.questions[flow.start]
    lang = ctx.lang
    hint = f'<p class="hf-hint">{html.escape(ctx.plain(q.hint[lang]))}</p>' if q.hint else ""
    answers = "".join(material.button(html_name(paths[a.next]), html.escape(ctx.plain(a.label[lang])))
                      for a in q.answers)
    return (f'<div class="hf-view hf-still"><div class="hf-step hf-question"><h3 class="hf-heading">'
            f'{html.escape(ctx.plain(q.text[lang]))}</h3>{hint}<div class="hf-buttons">{answers}</div></div></div>')


def home_block(first: str, svg: str, data: Mapping[str, Any]) -> str:
    """The home page's widget: a mount holding its ``first_step``, the compact diagram for wide
    screens, and the data block. Raw HTML for the page's Markdown."""
    return (f'<div class="hf-widget-area"><div id="{MOUNT_ID}" class="hf-widget">{first}</div>'
            f'<div class="hf-route-diagram">\n{svg}</div></div>\n\n{data_block(data)}')
