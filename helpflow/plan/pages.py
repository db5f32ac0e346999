"""The Markdown of each page of one flow in one language, and the HTML every writer shares.

An outcome's body (its kind, summary, steps and notes, and the school's phone line
where the parent is sent to the school) is written once as HTML by ``outcome_html``:
the outcome page, the widget and the printed handout all show that same HTML.
Pages carry it as raw HTML inside Markdown, so no Markdown extension is needed and
none can reinterpret a school's or a model's string.
"""

from __future__ import annotations

import datetime
import html
from collections.abc import Mapping

from babel.core import UnknownLocaleError
from babel.dates import format_date

from helpflow.model.flow import Flow, Outcome, Question
from helpflow.paths import STATEMENT_PAGE
from helpflow.plan import blocks, material, tools
from helpflow.plan.text import Context, Link, md_escape, slugify

HOME, DIAGRAM = "index", "diagram"
"""Page keys of a flow's home page and its diagram page; every other page's key is a node id."""


def page_sources(flow: Flow, ui: Mapping[str, Mapping[str, str]], lang: str) -> dict[str, str]:
    """Page key -> file name in the flow's folder (``slug.md``); slugs localized and unique."""
    titles = page_titles(flow, ui, lang)
    paths = {HOME: "index.md"}
    for key, title in titles.items():
        if key == HOME:
            continue
        slug = shortened(slugify(title), NAME_LIMIT)
        if f"{slug}.md" in paths.values() or slug in TAKEN:
            slug = f"{shortened(slug, NAME_LIMIT - len(key) - 1)}-{key}"
        paths[key] = f"{slug}.md"
    return paths


TAKEN = frozenset({"index", "404", STATEMENT_PAGE.removesuffix(".md")})
"""Names a page from a title never gets: the folder's home, and the language's own pages
beside a school's one flow (MkDocs makes a page named 404 the site's page for a lost address)."""
NAME_LIMIT = 60
"""Characters of a page's name made from its title, at most: a school's title may be a
thousand characters long, a file name no more than 255 bytes (and an address stays readable)."""


def shortened(slug: str, limit: int) -> str:
    """``slug`` cut to at most ``limit`` characters, after a whole word where one ends in them."""
    if len(slug) <= limit:
        return slug
    words = slug[:limit + 1].rsplit("-", 1)[0]
    return (words if 0 < len(words) <= limit else slug[:max(limit, 1)]).strip("-") or "page"


def page_titles(flow: Flow, ui: Mapping[str, Mapping[str, str]], lang: str) -> dict[str, str]:
    """Page key -> the model's short title, for navigation, slugs and the browser tab."""
    return {HOME: flow.title[lang],
            **{q.id: q.title[lang] for q in flow.questions.values()},
            **{o.id: o.title[lang] for o in flow.outcomes.values()},
            DIAGRAM: ui["diagram_title"][lang]}


def html_name(source: str) -> str:
    """The built page's address (``slug.html``) of a generated page's source (``slug.md``)."""
    return source.removesuffix(".md") + ".html"


def handout_filename(lang: str) -> str:
    """The printable handout's file name, beside the flow's home page."""
    return f"handout-{lang}.pdf"


def handout_link(ctx: Context) -> str:
    """A paragraph linking to the flow's handout, for its home and outcome pages.

    Raw HTML rather than a Markdown link: the PDF is written after the site's build, so
    the site generator's link validation would not find it among the docs files.
    """
    return (f'<p class="hf-handout-link"><a href="{handout_filename(ctx.lang)}" '
            f'type="application/pdf">{ctx.html(ctx.t("handout_link"))}</a></p>')


def outcome_html(ctx: Context, o: Outcome, flow: Flow) -> str:
    """An outcome's kind, summary, numbered steps with their notes, its tools' places
    (``tool_slots``) and the school's phone line where the parent is sent to the school: one
    HTML block for the outcome's page and the widget."""
    lang = ctx.lang
    kind = blocks.admonition((material.OUTCOME_ADMONITION[o.kind], "hf-kind", f"hf-{o.kind}"),
                             ctx.html(ctx.t("kind_" + o.kind)), f"<p>{ctx.html(o.summary[lang])}</p>")
    steps = []
    for step in o.steps:
        note = ""
        if step.note:
            note = blocks.admonition((material.ADMONITION[step.note.kind], "hf-note", f"hf-note-{step.note.kind}"),
                                     ctx.html(step.note.title[lang]), f"<p>{ctx.html(step.note.text[lang])}</p>")
        steps.append(f"<li><p>{ctx.html(step.text[lang])}</p>{note}{tool_slots(ctx, flow, step.tools)}</li>")
    contact = contact_html(ctx) if o.kind == "contact-school" else ""
    return (f'<div class="hf-outcome-body">{kind}<ol class="hf-steps">{"".join(steps)}</ol>'
            f"{tool_slots(ctx, flow, o.tools)}{contact}</div>")


def outcome_bodies(ctx: Context, flow: Flow) -> dict[str, str]:
    """Outcome id -> its ``outcome_html``: written once for its page and the widget."""
    return {o.id: outcome_html(ctx, o, flow) for o in flow.outcomes.values()}


def tool_slots(ctx: Context, flow: Flow, names: tuple[str, ...]) -> str:
    """Each tool's place: closed, its summary the tool's start, holding what works without
    JavaScript (the tool's own ``fallback``); the script puts the tool inside. It opens only
    at the parent's click, so nothing below it moves while the parent reads. The place's
    second class names its tool (``hf-tool-slot--mail-composer``) for the script."""
    if not names:  # most steps: no need to look for the tool folders again
        return ""
    found = tools.registry()
    return "".join(blocks.details(("hf-tool-slot", f"hf-tool-slot--{name}"),
                                  ctx.html(ctx.t(found[name].spec.heading)), found[name].fallback(ctx, flow))
                   for name in names)


def contact_html(ctx: Context) -> str:
    """The secretariat's phone line and hours, when the school gives them."""
    school = ctx.school
    if not school.phone:
        return ""
    body = ctx.html(ctx.t("contact_phone"), phone=Link(school.phone_url, (school.phone,)))
    if ctx.lang in school.hours:
        body += " " + ctx.html(ctx.t("contact_hours"), hours=school.hours[ctx.lang])
    return blocks.admonition((material.CONTACT_ADMONITION, "hf-contact"), ctx.html(ctx.t("contact_heading")),
                             f"<p>{body}</p>")


def home_markdown(ctx: Context, flow: Flow, paths: Mapping[str, str], widget_html: str) -> str:
    """The flow's home page: the widget (its first question, answered by links without
    JavaScript), a way straight to each outcome, the diagram and the handout."""
    lang = ctx.lang
    outcomes = "\n".join(
        f"- [{md_escape(o.title[lang])}]({paths[o.id]})<br>\n  {ctx.markdown(o.summary[lang])}"
        for o in flow.outcomes.values())
    diagram = html_name(paths[DIAGRAM])
    return "\n\n".join([
        f"# {ctx.markdown(flow.title[lang])}",
        ctx.markdown(flow.intro[lang]),
        f"## {ctx.markdown(ctx.t('home_heading'))}",
        widget_html,
        ctx.markdown(ctx.t("home_outcomes")),
        outcomes,
        f'<p><a class="hf-keep-hash" href="{diagram}">{ctx.html(ctx.t("see_diagram"))}</a></p>',
        handout_link(ctx),
    ]) + "\n"


def _way_back(ctx: Context, flow: Flow, node: str, paths: Mapping[str, str]) -> str:
    """Back to the question (or questions) whose answer leads here, then the start and the
    diagram: the tree's own way back, never a "next" that would answer for the parent."""
    before = [q for q in flow.questions.values() if any(a.next == node for a in q.answers)]
    links = [f'<a class="hf-back" href="{html_name(paths[q.id])}">{ctx.html(ctx.t("back_to"), question=q.title[ctx.lang])}</a>'
             for q in before]
    links += [f'<a href="{html_name(paths[HOME])}">{ctx.html(ctx.t("start_again"))}</a>',
              f'<a href="{html_name(paths[DIAGRAM])}">{ctx.html(ctx.t("see_diagram"))}</a>']
    return f'<nav class="hf-way-back" aria-label="{ctx.plain(ctx.t("way_back"))}"><p>{" · ".join(links)}</p></nav>'


def question_markdown(ctx: Context, flow: Flow, q: Question, paths: Mapping[str, str]) -> str:
    """A question and its answers as links: the widget's route without JavaScript."""
    parts = [f"# {ctx.markdown(q.text[ctx.lang])}"]
    if q.hint:
        parts.append(ctx.markdown(q.hint[ctx.lang]))
    answers = " ".join(material.button(html_name(paths[a.next]), html.escape(a.label[ctx.lang])) for a in q.answers)
    parts.append(f'<p class="hf-answers">{answers}</p>')
    parts.append(_way_back(ctx, flow, q.id, paths))
    return "\n\n".join(parts) + "\n"


def outcome_markdown(ctx: Context, flow: Flow, o: Outcome, paths: Mapping[str, str], body: str,
                     tool_block: str) -> str:
    """An outcome's page: its ``outcome_html`` (``body``), with its tools' data when it names any."""
    return "\n\n".join(part for part in [
        f"# {ctx.markdown(o.title[ctx.lang])}",
        body,
        tool_block if o.all_tools else "",
        handout_link(ctx),
        _way_back(ctx, flow, o.id, paths),
    ] if part) + "\n"


def diagram_markdown(ctx: Context, svg: str, data_block: str) -> str:
    """The diagram page: the drawing, and the way back to the flow's home (beside it: the
    questions and the steps), which a phone's reader would otherwise look for in a menu."""
    return "\n\n".join([
        f"# {ctx.markdown(ctx.t('diagram_title'))}",
        ctx.markdown(ctx.t("diagram_intro")),
        f'<div class="hf-diagram-wrap">\n{svg}</div>',
        f'<p class="hf-way-back"><a class="hf-back" href="index.html">{ctx.html(ctx.t("diagram_back"))}</a></p>',
        data_block,
    ]) + "\n"


def help_centre_markdown(ctx: Context, flows: tuple[Flow, ...], homes: Mapping[str, str]) -> str:
    """The language home of a school with several flows: each flow's title and one line."""
    items = "\n".join(f"- [{md_escape(f.title[ctx.lang])}]({homes[f.slug]})<br>\n  {ctx.markdown(f.summary[ctx.lang])}"
                      for f in flows)  # the line on its own: no colon to typeset in each language
    return "\n\n".join([
        f"# {ctx.markdown(ctx.t('help_centre_title'))}",
        ctx.markdown(ctx.t("help_centre_intro")),
        items,
    ]) + "\n"


def long_date(day: datetime.date, lang: str) -> str:
    """``day`` as a reader of ``lang`` writes it ("2 december 2026", "December 2, 2026"),
    from Babel's locale data, so a new language needs no code; ISO for a locale it lacks."""
    try:
        return format_date(day, format="long", locale=lang)
    except (UnknownLocaleError, ValueError):
        return day.isoformat()


def sources_html(ctx: Context, flow: Flow) -> str:
    """The foot of every flow page: the day its steps were last checked against their public
    sources, as a ``<time>`` in the reader's language, and the sources. Smartschool changes
    its screens: a parent, and the school, can tell a current page from a stale one."""
    parts = []
    if flow.checked is not None:
        day = flow.checked.isoformat()
        parts.append(f'<p>{ctx.html(ctx.t("sources_checked"))} <time datetime="{day}">'
                     f"{html.escape(long_date(flow.checked, ctx.lang))}</time>.</p>")
    if flow.sources:
        items = "".join(f'<li><a href="{html.escape(s.url, quote=True)}">{html.escape(s.title)}</a></li>'
                        for s in flow.sources)
        parts.append(f'<p>{ctx.html(ctx.t("sources_heading"))}</p>\n<ul>{items}</ul>')
    return f'<footer class="hf-sources">\n{"".join(parts)}\n</footer>' if parts else ""
