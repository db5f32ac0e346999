"""The decision widget's data and mount, computed from the model (plain Python, no MkDocs).

The widget script (``docs/assets/widget.js``) reads everything it shows from a
non-executable JSON block, so that a strict Content-Security-Policy can allow our
code by file, and so that a school's strings never become code.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import markdown

from .model import Flow, Outcome
from .text import Context, fold_space, html_path, mailto

DATA_ID = "hf-data"
MOUNT_ID = "hf-widget"
MARKDOWN_EXTENSIONS = ("admonition", "attr_list", "md_in_html")
"""The subset of mkdocs.yml's extensions that outcome steps use."""

MAIL_KEYS = ("mail_subject", "mail_greeting", "mail_request", "mail_pupils", "mail_address", "mail_thanks")
UI_KEYS = ("your_answers", "change", "start_again", "previous_answer", "see_route", "outcome_page",
           "composer_heading", "composer_intro", "composer_pupils", "composer_address", "composer_reminder",
           "composer_send", "composer_preview", "username_heading", "username_first", "username_last",
           "username_result", "username_plain", "username_help")
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}
_TAG = re.compile(r"<[^>]*>")


def _html(text: str) -> str:
    return markdown.markdown(text, extensions=list(MARKDOWN_EXTENSIONS))


def plain(ctx: Context, text: str) -> str:
    """A model text as plain text with placeholders filled in, for the widget's textContent.

    Rendered through the pages' own Markdown path, so a placeholder reads the same as on
    the question pages; the tags are then dropped and entities decoded.
    """
    rendered = _html(ctx.render(text))
    return fold_space(html.unescape(_TAG.sub("", rendered)))


def _html_paths(paths: Mapping[str, str]) -> dict[str, str]:
    return {key: html_path(path) for key, path in paths.items()}


def outcome_html(ctx: Context, outcome: Outcome, paths: Mapping[str, str]) -> str:
    """The outcome page's body (kind, summary, numbered steps and notes) as escaped HTML.

    The same Markdown as the outcome page's body, so the widget shows the same text.
    """
    from .pages import outcome_body  # pages imports this module for the home page

    return _html(outcome_body(ctx, outcome))


def graph_data(flow: Flow) -> dict[str, Any]:
    """The tree's shape only: enough to follow answers and highlight a route."""
    return {"start": flow.start,
            "next": {q.id: {a.key: a.next for a in q.answers} for q in flow.questions.values()}}


def widget_data(ctx: Context, paths: Mapping[str, str]) -> dict[str, Any]:
    """Everything the widget shows in ``ctx.lang``, as JSON-ready plain data.

    ``paths`` are the pages' source paths (``slug.md``); the widget links to the built
    ``slug.html`` beside the home page.
    """
    flow, lang, school = ctx.flow, ctx.lang, ctx.school
    links = _html_paths(paths)
    html_ctx = Context(lang, school, flow, ctx.ui, page_link=lambda node: links[node])
    mail_langs = dict.fromkeys((school.platform_language, lang))
    return {
        **graph_data(flow),
        "lang": lang,
        "platformLanguage": school.platform_language,
        "email": school.email,
        "mailto": mailto(school.email),
        "diagram": links["diagram"],
        "questions": {q.id: {"title": plain(ctx, q.title[lang]),
                             "text": plain(ctx, q.text[lang]),
                             "hint": plain(ctx, q.hint[lang]) if q.hint else "",
                             "answers": [{"key": a.key, "label": plain(ctx, a.label[lang])} for a in q.answers]}
                      for q in flow.questions.values()},
        "outcomes": {o.id: {"kind": o.kind,
                            "title": plain(ctx, o.title[lang]),
                            "html": outcome_html(html_ctx, o, links),
                            "page": links[o.id]}
                     for o in flow.outcomes.values()},
        "ui": {key: _ui_text(ctx, key, lang) for key in UI_KEYS}
              | {"translation": _ui_text(ctx, f"composer_translation_{school.platform_language}", lang)},
        "mail": {mail_lang: {key: _ui_text(ctx, key, mail_lang) for key in MAIL_KEYS} for mail_lang in mail_langs},
    }


def _ui_text(ctx: Context, key: str, lang: str) -> str:
    """A UI text of ours as plain text, with {school} and the like filled in."""
    return plain(replace(ctx, lang=lang), ctx.ui[key][lang])


def data_block(data: Mapping[str, Any]) -> str:
    """``data`` as a non-executable JSON block; ``<``, ``>`` and ``&`` escaped so that
    no string can close the element or be read as markup."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    text = re.sub(r"[<>&]", lambda m: _JSON_ESCAPES[m[0]], text)
    return f'<script type="application/json" id="{DATA_ID}">{text}</script>'


def home_block(ctx: Context, paths: Mapping[str, str], fallback: str, svg: str) -> str:
    """The home page's widget: a mount holding the no-JavaScript start link, the compact
    diagram for wide screens, and the data block. Markdown with raw HTML (md_in_html)."""
    return "\n\n".join([
        '<div class="hf-widget-area" markdown="1">',
        f'<div id="{MOUNT_ID}" class="hf-widget" markdown="1">',
        fallback,
        "</div>",
        f'<div class="hf-route-diagram">\n{svg}</div>',
        "</div>",
        data_block(widget_data(ctx, paths)),
    ])


def diagram_block(flow: Flow) -> str:
    """The diagram page's data: the tree's shape, so the script can highlight the route
    given in the address (``#email-given=yes``)."""
    return data_block(graph_data(flow))
