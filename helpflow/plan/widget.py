"""The decision widget's data, computed from the plan's texts (plain Python, no MkDocs).

The widget script (``docs/assets/widget.js``) reads everything it shows from a
non-executable JSON block, so that a strict Content-Security-Policy can allow our
code by file, and so that a school's strings never become code.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from helpflow.model import tools
from helpflow.model.flow import Flow
from helpflow.plan.pages import DIAGRAM, html_name, outcome_html
from helpflow.plan.text import Context, mailto

DATA_ID = "hf-data"
MOUNT_ID = "hf-widget"
WIDGET_UI = ("your_answers", "change", "start_again", "previous_answer", "see_route", "outcome_page")
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


def graph_data(flow: Flow) -> dict[str, Any]:
    """The tree's shape only: enough to follow answers and highlight a route."""
    return {"start": flow.start,
            "next": {q.id: {a.key: a.next for a in q.answers} for q in flow.questions.values()}}


def widget_data(ctx: Context, flow: Flow, paths: Mapping[str, str]) -> dict[str, Any]:
    """Everything the widget shows in ``ctx.lang``, as JSON-ready plain data.

    ``paths`` are the flow's page sources (``slug.md``); the widget sits on the flow's
    home page, beside them, so it links to the built ``slug.html``.
    """
    lang = ctx.lang
    data = tool_data(ctx, flow)
    data["ui"] |= {key: ctx.plain(ctx.t(key)) for key in WIDGET_UI}
    return {
        **data,
        **graph_data(flow),
        "diagram": html_name(paths[DIAGRAM]),
        "questions": {q.id: {"title": ctx.plain(q.title[lang]),
                             "text": ctx.plain(q.text[lang]),
                             "hint": ctx.plain(q.hint[lang]) if q.hint else "",
                             "answers": [{"key": a.key, "label": ctx.plain(a.label[lang])} for a in q.answers]}
                      for q in flow.questions.values()},
        "outcomes": {o.id: {"kind": o.kind,
                            "title": ctx.plain(o.title[lang]),
                            "html": outcome_html(ctx, o, flow),
                            "page": html_name(paths[o.id]),
                            "tools": list(o.all_tools)}
                     for o in flow.outcomes.values()},
    }


def tool_data(ctx: Context, flow: Flow) -> dict[str, Any]:
    """What the flow's tools need, for the widget and for an outcome page that shows them."""
    used = {tool for o in flow.outcomes.values() for tool in o.all_tools}
    data: dict[str, Any] = {
        "lang": ctx.lang,
        "email": ctx.school.email,
        "mailto": mailto(ctx.school.email),
        "ui": {key: ctx.plain(ctx.t(key)) for tool in tools.NAMES if tool in used for key in tools.UI_TEXTS[tool]},
    }
    if "mail-composer" in used:
        data["mail"] = _mail_data(ctx, flow)
    if "username-helper" in used:
        data["username"] = ctx.school.username.as_data()
    return data


def _mail_data(ctx: Context, flow: Flow) -> dict[str, Any]:
    """The mail's lines in the platform's language, and in the reader's to show beside it."""
    platform = ctx.school.platform_language
    texts = {}
    for lang in dict.fromkeys((platform, ctx.lang)):
        there = replace(ctx, lang=lang)
        texts[lang] = {key: there.plain(there.t(key)) for key in tools.MAIL_TEXTS} | {
            key: there.plain(flow.tool_texts[key][lang]) for key in tools.FLOW_TEXTS["mail-composer"]}
    return {"platformLanguage": platform, "texts": texts,
            "translation": ctx.plain(ctx.t(f"composer_translation_{platform}"))}


def data_block(data: Mapping[str, Any]) -> str:
    """``data`` as a non-executable JSON block; ``<``, ``>`` and ``&`` escaped so that
    no string can close the element or be read as markup."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    text = re.sub(r"[<>&]", lambda m: _JSON_ESCAPES[m[0]], text)
    return f'<script type="application/json" id="{DATA_ID}">{text}</script>'


def home_block(start_button: str, svg: str, data: Mapping[str, Any]) -> str:
    """The home page's widget: a mount holding the no-JavaScript start link, the compact
    diagram for wide screens, and the data block. Raw HTML for the page's Markdown."""
    return (f'<div class="hf-widget-area"><div id="{MOUNT_ID}" class="hf-widget"><p>{start_button}</p></div>'
            f'<div class="hf-route-diagram">\n{svg}</div></div>\n\n{data_block(data)}')
