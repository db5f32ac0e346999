"""The mail composer: the parent's mail to the secretariat, with the lines the school needs.

The mail is written in the school's platform language (the secretariat's), whatever the
reader's. Its lines are decided here once, as data: the script fills in what the parent
types, and without JavaScript the same lines open in the mail app with their labels and
nothing after them, for the parent to fill in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from helpflow.model.flow import Flow
from helpflow.plan import material
from helpflow.plan.text import Context, mailto

RELATIONS = ("mother", "father", "guardian", "other")
"""What the parent is to the child, in the order the choice lists them."""
FIELDS = (("pupils", "mail_pupils"), ("parent", "mail_parent"), ("relation", "mail_relation"),
          ("address", "mail_address"))
"""The lines to fill in (what the school needs to find the account and link the address),
each as the field the parent fills and the site text labelling it in the mail."""


def mail(there: Context, flow: Flow) -> dict[str, Any]:
    """The mail in ``there.lang``: its subject, its lines (a text, or a label and the field
    that follows it), and the relations as the mail names them."""
    texts = {key: there.plain(flow.tool_texts[key][there.lang]) for key in ("mail_subject", "mail_request")}
    lines: list[dict[str, str]] = [{"text": there.plain(there.t("mail_greeting"))}, {"text": ""},
                                   {"text": texts["mail_request"]}, {"text": ""}]
    lines += [{"label": there.plain(there.t(label)), "field": field} for field, label in FIELDS]
    lines += [{"text": ""}, {"text": there.plain(there.t("mail_thanks"))}, {"field": "parent"}]
    return {"subject": texts["mail_subject"], "lines": lines,
            "relations": {key: there.plain(there.t(f"relation_{key}")) for key in RELATIONS}}


def body(written: Mapping[str, Any], values: Mapping[str, str]) -> str:
    """The mail's text with ``values`` (field -> what the parent typed, a relation by its key)
    filled in; a label with no value stays, to fill in by hand. ``script.js`` writes a line
    the same way: the label, a space, the value."""
    lines = []
    for line in written["lines"]:
        value = values.get(line.get("field", ""), "")
        if line.get("field") == "relation":
            value = written["relations"].get(value, "")
        lines.append(line["text"] if "text" in line else f"{line['label']} {value}" if "label" in line else value)
    return "\r\n".join(lines).rstrip("\r\n")


def data(ctx: Context, flow: Flow) -> dict[str, Any]:
    """The mail in the platform's language, and in the reader's to show beside it."""
    platform = ctx.school.platform_language
    return {"email": ctx.school.email, "mailto": mailto(ctx.school.email), "platformLanguage": platform,
            "lang": ctx.lang,
            "relations": list(RELATIONS),
            "mail": {lang: mail(replace(ctx, lang=lang), flow) for lang in dict.fromkeys((platform, ctx.lang))},
            "language": ctx.plain(ctx.t(_why_language(ctx))) if _why_language(ctx) else ""}


def fallback(ctx: Context, flow: Flow) -> str:
    """Without JavaScript: why the mail is in the platform's language, then the mail opened in
    the mail app with its labelled lines to fill in."""
    there = replace(ctx, lang=ctx.school.platform_language)
    written = mail(there, flow)
    href = mailto(ctx.school.email, written["subject"], body(written, {}))
    why = _why_language(ctx)
    return ((f'<p class="hf-mail-language">{ctx.html(ctx.t(why))}</p>' if why else "")
            + f"<p>{ctx.html(ctx.t('composer_fill_in'))}</p>"
            + f'<p>{material.button(href, ctx.html(ctx.t("composer_send")), primary=True)}</p>')


def _why_language(ctx: Context) -> str:
    """The site text saying, in the reader's language, why the mail is in another one
    ("" when the mail is in the reader's language)."""
    platform = ctx.school.platform_language
    return "" if platform == ctx.lang else f"composer_translation_{platform}"
