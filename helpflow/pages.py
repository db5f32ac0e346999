"""The pages of one language's site, as Markdown generated from the model.

Each page has a language-neutral key (``home``, a node id, ``diagram``) so that the
language switch can land on the same page in another language, whatever its slug.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass

from . import diagram, widget
from .model import Flow, Outcome, Question
from .school import School
from .text import Context, attr, html_path, md_escape, slugify

HOME, DIAGRAM = "home", "diagram"
_ADMONITION = {"info": "info", "warning": "warning", "tip": "tip"}
_KIND_ADMONITION = {"self-service": "success", "contact-school": "warning"}


@dataclass(frozen=True)
class Page:
    key: str
    path: str
    title: str
    markdown: str


def page_paths(flow: Flow, ui: Mapping[str, Mapping[str, str]], lang: str) -> dict[str, str]:
    """Page key -> source path (``slug.md``) in ``lang``; slugs are localized and unique."""
    titles = {**{q.id: q.title[lang] for q in flow.questions.values()},
              **{o.id: o.title[lang] for o in flow.outcomes.values()},
              DIAGRAM: ui["diagram_title"][lang]}
    paths = {HOME: "index.md"}
    for key, title in titles.items():
        slug = slugify(title)
        if f"{slug}.md" in paths.values() or slug == "index":
            slug = f"{slug}-{key}"
        paths[key] = f"{slug}.md"
    return paths


def page_titles(flow: Flow, ui: Mapping[str, Mapping[str, str]], lang: str) -> dict[str, str]:
    """Page key -> short plain-text title, for navigation and the browser tab."""
    return {HOME: flow.title[lang],
            **{q.id: q.title[lang] for q in flow.questions.values()},
            **{o.id: o.title[lang] for o in flow.outcomes.values()},
            DIAGRAM: ui["diagram_title"][lang]}


def diagram_svg(flow: Flow, ui: Mapping[str, Mapping[str, str]], lang: str) -> str:
    """The inline SVG diagram of ``flow`` in ``lang``; every node links to its page."""
    paths = page_paths(flow, ui, lang)
    dot = diagram.dot_source(flow, lang, lambda node: html_path(paths[node]))
    return diagram.render_svg(dot, ui["diagram_title"][lang], ui["diagram_desc"][lang])


def build_pages(flow: Flow, school: School, ui: Mapping[str, Mapping[str, str]], lang: str) -> list[Page]:
    """Every page of the ``lang`` site for ``school``, in navigation order."""
    paths = page_paths(flow, ui, lang)
    titles = page_titles(flow, ui, lang)
    ctx = Context(lang, school, flow, ui, page_link=lambda node: paths[node])
    svg = diagram_svg(flow, ui, lang)
    markdown = {HOME: _home(ctx, paths, svg),
                **{q.id: _question(ctx, q, paths) for q in flow.questions.values()},
                **{o.id: _outcome(ctx, o, paths) for o in flow.outcomes.values()},
                DIAGRAM: _diagram(ctx, svg)}
    return [Page(key, paths[key], titles[key], markdown[key]) for key in paths]


def _link_button(text: str, target: str, primary: bool = False) -> str:
    classes = ".md-button .md-button--primary" if primary else ".md-button"
    return f"[{text}]({target}){{ {classes} }}"


def _home(ctx: Context, paths: Mapping[str, str], svg: str) -> str:
    flow, lang = ctx.flow, ctx.lang
    outcomes = "\n".join(
        f"- [{md_escape(o.title[lang])}]({paths[o.id]}): {ctx.t('kind_' + o.kind)}"
        for o in flow.outcomes.values())
    return "\n\n".join([
        f"# {ctx.render(flow.title[lang])}",
        ctx.render(flow.intro[lang]),
        f"## {ctx.t('home_heading')}",
        widget.home_block(ctx, paths, _link_button(ctx.t("start"), paths[flow.start], primary=True), svg),
        ctx.t("home_outcomes"),
        outcomes,
        f"[{ctx.t('see_diagram')}]({paths[DIAGRAM]}){{ .hf-keep-hash }}",
        handout_link_markdown(ctx.ui, lang),
    ]) + "\n"


def _question(ctx: Context, q: Question, paths: Mapping[str, str]) -> str:
    parts = [f"# {ctx.render(q.text[ctx.lang])}"]
    if q.hint:
        parts.append(ctx.render(q.hint[ctx.lang]))
    parts.append(" ".join(_link_button(md_escape(a.label[ctx.lang]), paths[a.next]) for a in q.answers)
                 + "\n{ .hf-answers }")
    parts.append(f"[{ctx.t('start_again')}]({paths[HOME]}) · [{ctx.t('see_diagram')}]({paths[DIAGRAM]})")
    return "\n\n".join(parts) + "\n"


def _admonition(kind: str, title: str, body: str, indent: str = "") -> str:
    title = title.replace('"', "&quot;")
    return f'{indent}!!! {kind} "{title}"\n\n{indent}    {body}'


def outcome_body(ctx: Context, o: Outcome) -> str:
    """An outcome's kind, summary and numbered steps with their notes, as Markdown.

    The outcome page and the widget both show this, so their wording never drifts apart.
    """
    lang = ctx.lang
    steps = []
    for number, step in enumerate(o.steps, 1):
        item = f"{number}.  {ctx.render(step.text[lang])}"
        if step.note:
            item += "\n\n" + _admonition(_ADMONITION[step.note.kind], ctx.render(step.note.title[lang]),
                                         ctx.render(step.note.text[lang]), indent="    ")
        steps.append(item)
    kind = _admonition(f"{_KIND_ADMONITION[o.kind]} hf-kind hf-{o.kind}", ctx.t("kind_" + o.kind),
                       ctx.render(o.summary[lang]))
    return kind + "\n\n" + "\n\n".join(steps)


def handout_filename(lang: str) -> str:
    """The printable handout's file name in the ``lang`` folder of a built site."""
    return f"handout-{lang}.pdf"


def handout_link_markdown(ui: Mapping[str, Mapping[str, str]], lang: str) -> str:
    """A paragraph linking to this language's handout, for the home and outcome pages.

    Raw HTML rather than a Markdown link: the PDF is written after MkDocs' build, so
    MkDocs' link validation (strict mode) would not find it among the docs files.
    """
    return (f'<p class="hf-handout-link"><a href="{attr(handout_filename(lang))}" '
            f'type="application/pdf">{html.escape(ui["handout_link"][lang])}</a></p>')


def _outcome(ctx: Context, o: Outcome, paths: Mapping[str, str]) -> str:
    return "\n\n".join([
        f"# {ctx.render(o.title[ctx.lang])}",
        outcome_body(ctx, o),
        handout_link_markdown(ctx.ui, ctx.lang),
        f"[{ctx.t('start_again')}]({paths[HOME]}) · [{ctx.t('see_diagram')}]({paths[DIAGRAM]})",
    ]) + "\n"


def _diagram(ctx: Context, svg: str) -> str:
    return "\n\n".join([
        f"# {ctx.t('diagram_title')}",
        ctx.t("diagram_intro"),
        f'<div class="hf-diagram-wrap">\n{svg}</div>',
        widget.diagram_block(ctx.flow),
    ]) + "\n"


def language_index_html(school: School, ui: Mapping[str, Mapping[str, str]], title: Mapping[str, str]) -> str:
    """The site's root page: the school's languages as plain links, default first."""
    default = school.languages[0]
    items = "\n".join(
        f'      <li><a href="{lang}/index.html" hreflang="{lang}" lang="{lang}">'
        f'{html.escape(ui["language_name"][lang])}</a></li>' for lang in school.languages)
    name = html.escape(school.name)
    return f"""<!doctype html>
<html lang="{default}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{html.escape(title[default])} - {name}</title>
  <link rel="canonical" href="{html.escape(school.site_url)}">
  <link rel="stylesheet" href="helpflow-root.css">
  <script src="helpflow-root.js" defer></script>
</head>
<body>
  <main>
    <h1>{name}</h1>
    <p>{" · ".join(html.escape(title[lang]) for lang in school.languages)}</p>
    <ul class="languages" aria-label="{html.escape(ui['language_choice'][default])}">
{items}
    </ul>
  </main>
</body>
</html>
"""
