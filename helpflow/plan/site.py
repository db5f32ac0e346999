"""One school's site in one language, decided in full before anything is written.

``plan_site`` is a pure function of the content, the school and the language. It
returns an immutable ``SitePlan``: every page with its address and Markdown, the
navigation, the language switch's counterparts, the school's CSS and logo, and the
input of each printable handout. Writers (the MkDocs hook, the handout printer, an
export) only read a plan; none of them decides anything.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit

from helpflow.errors import HelpflowError
from helpflow.load.content import Content, load_content
from helpflow.load.school import load_school
from helpflow.model.flow import Flow
from helpflow.model.school import Logo, School
from helpflow.plan import diagram, feedback, material, pages, statement, tools, widget
from helpflow.plan.branding import school_css
from helpflow.plan.handout import Handout, handout_plan
from helpflow.plan.text import Context, attr, mailto

HELP_CENTRE = "index"
"""The page key of a language's home when it lists several flows."""
STATEMENT = "accessibility"
"""The page key of the accessibility statement; ``feedback-<answer>`` those of the answers' pages."""


@dataclass(frozen=True)
class Page:
    key: str
    """Language-neutral: ``<flow>/<node id>``, ``<flow>/index``, ``<flow>/diagram`` or ``index``."""
    path: str
    """Source path in the language's site (``wachtwoord-vergeten/mail-naar-de-school.md``)."""
    title: str
    markdown: str
    description: str
    """One plain sentence for search engines and link previews."""


@dataclass(frozen=True)
class Alternate:
    lang: str
    name: str
    link: str
    """The counterpart page, relative to this language's site root."""


@dataclass(frozen=True)
class SitePlan:
    lang: str
    theme_language: str
    school: School
    pages: tuple[Page, ...]
    nav: tuple[tuple[str, str | tuple[tuple[str, str], ...]], ...]
    """(title, path) or (section title, ((title, path), ...)), in reading order."""
    alternates: Mapping[str, tuple[Alternate, ...]]
    """Page key -> the same page in each of the school's languages."""
    css: str
    copyright_html: str
    handouts: tuple[Handout, ...]
    not_found_html: str
    """The 404 page's body: the way to this language's home and to the other languages'."""
    labels: Mapping[str, str]
    """Names of the theme's page parts in ``lang`` (``material.fix_html`` puts them in), and the
    404 template's title and description (``overrides/404.html``)."""
    scripts: Mapping[str, bytes] = field(default_factory=lambda: MappingProxyType({}))
    """Site path -> content of the scripts the plan adds (each widget tool's, ``plan.tools``); the
    core scripts are mkdocs.yml's ``extra_javascript``."""

    @property
    def logo(self) -> Logo | None:
        return self.school.logo

    @property
    def site_url(self) -> str:
        return self.school.language_url(self.lang)

    @property
    def site_path(self) -> str:
        """The URL path of the school's site, every language's: ``/``, or ``/help/`` for a site in
        a folder (its characters need no escaping anywhere: ``school_options.URL_PATH``)."""
        return urlsplit(self.school.site_url).path

    def page_for(self, src_uri: str) -> Page | None:
        return next((p for p in self.pages if p.path == src_uri), None)

    def mkdocs_nav(self, entries: tuple[tuple[str, Any], ...] | None = None) -> list[dict[str, Any]]:
        """The navigation as ``mkdocs.yml``'s ``nav`` writes it, titles HTML-escaped: the
        theme prints them as they are. For the hook and the export alike."""
        return [{attr(title): self.mkdocs_nav(target) if isinstance(target, tuple) else target}
                for title, target in (self.nav if entries is None else entries)]


def flow_folder(flows: tuple[Flow, ...], flow: Flow) -> str:
    """Where a flow's pages live in a language's site: at its root when the school has
    one flow (as the paper sheet was), else in a folder named by the flow's slug."""
    return "" if len(flows) == 1 else f"{flow.slug}/"


def page_paths(content: Content, school: School, lang: str) -> dict[str, str]:
    """Page key -> source path, for every page of the school's site in ``lang``."""
    return _paths(content, content.flows_of(school), lang)


def _paths(content: Content, flows: tuple[Flow, ...], lang: str) -> dict[str, str]:
    paths = {} if len(flows) == 1 else {HELP_CENTRE: "index.md"}
    for flow in flows:
        folder = flow_folder(flows, flow)
        for key, source in pages.page_sources(flow, content.ui, lang).items():
            paths[f"{flow.slug}/{key}"] = folder + source
    paths[STATEMENT] = statement.STATEMENT
    paths |= {f"feedback-{answer}": feedback.answer_page(answer) for answer in feedback.ANSWERS}
    return paths


def plan_sites(content: Content, school: School) -> list[SitePlan]:
    """The plan of each of ``school``'s languages, their diagrams drawn first in one run of ``dot``."""
    flows = content.flows_of(school)
    diagram.draw(diagram.flow_dot(_flow_context(content, Context(lang, school, content.ui, content.labels), flow)[1],
                                  flow) for lang in school.languages for flow in flows)
    return [plan_site(content, school, lang) for lang in school.languages]


def plan_site(content: Content, school: School, lang: str) -> SitePlan:
    """Everything the ``lang`` site of ``school`` shows, decided once."""
    flows = content.flows_of(school)
    ctx = Context(lang, school, content.ui, content.labels)
    site_pages: list[Page] = []
    nav: list[tuple[str, str | tuple[tuple[str, str], ...]]] = []
    handouts = []
    if len(flows) > 1:
        homes = {f.slug: f"{f.slug}/index.md" for f in flows}
        title = ctx.plain(ctx.t("help_centre_title"))
        site_pages.append(Page(HELP_CENTRE, "index.md", title, pages.help_centre_markdown(ctx, flows, homes),
                               ctx.plain(ctx.t("help_centre_intro"))))
        nav.append((title, "index.md"))
    for flow in flows:
        folder = flow_folder(flows, flow)
        flow_pages, handout = _flow_pages(content, ctx, flow, folder)
        site_pages += flow_pages
        handouts.append(handout)
        entries = tuple((p.title, p.path) for p in flow_pages)
        nav += list(entries) if len(flows) == 1 else [(ctx.plain(flow.title[lang]), entries)]
    # In every page's footer (the statement) or after an answer (its page): in no menu.
    site_pages.append(Page(STATEMENT, statement.STATEMENT, ctx.plain(ctx.t("a11y_title")),
                           statement.statement_markdown(ctx, statement.built_on()), ctx.plain(ctx.t("a11y_desc"))))
    site_pages += [Page(f"feedback-{answer}", feedback.answer_page(answer), ctx.plain(ctx.t("feedback_title")),
                        feedback.thanks_markdown(ctx, answer), ctx.plain(ctx.t("feedback_desc")))
                   for answer in feedback.ANSWERS]
    paths = {other: _paths(content, flows, other) for other in school.languages}  # the flows read once
    alternates = {
        page.key: tuple(Alternate(other, content.languages[other].name,
                                  f"../{other}/{pages.html_name(paths[other][page.key])}")
                        for other in school.languages)
        for page in site_pages
    }
    copyright_html = (f'{html.escape(school.name)} · <a href="{attr(mailto(school.email))}">'
                      f"{html.escape(school.email)}</a>")
    labels = MappingProxyType({key: ctx.plain(ctx.t(key))
                               for key in ("landmark_header", "search_dialog", "not_found_page_title",
                                           "not_found_desc", "a11y_link")})
    return SitePlan(lang, content.languages[lang].theme, school, tuple(site_pages), tuple(nav),
                    MappingProxyType(alternates), school_css(school) + tools.css(), copyright_html, tuple(handouts),
                    _not_found_html(content, ctx), labels,
                    MappingProxyType({**tools.scripts(), **({feedback.REACHED: b"1\n"} if school.statistics else {})}))


def _not_found_html(content: Content, ctx: Context) -> str:
    """The 404 page's body. Its links start at the host's root (the site's own path), as the
    page answers for any address, at any depth."""
    base = urlsplit(ctx.school.site_url).path
    others = [f'<li><a href="{attr(base)}{other}/index.html" hreflang="{other}" lang="{other}">'
              f"{html.escape(content.languages[other].name)}</a></li>"
              for other in ctx.school.languages if other != ctx.lang]
    return (f"<h1>{ctx.html(ctx.t('not_found_title'))}</h1>\n<p>{ctx.html(ctx.t('not_found_text'))}</p>\n"
            f"<p>{material.button(f'{base}{ctx.lang}/index.html', html.escape(ctx.school.name), primary=True)}</p>\n"
            + (f"<p>{ctx.html(ctx.t('not_found_other'))}</p>\n<ul>{''.join(others)}</ul>\n" if others else ""))


def _flow_context(content: Content, ctx: Context, flow: Flow) -> tuple[dict[str, str], Context]:
    """The flow's page sources (node -> path), and ``ctx`` with ``{page:ID}`` pointing at those
    pages, from a page beside them: what the flow's pages, and its diagram, are written with."""
    paths = pages.page_sources(flow, content.ui, ctx.lang)

    def page(node: str) -> tuple[str, str]:
        return pages.html_name(paths[node]), flow.node(node).title[ctx.lang]

    return paths, Context(ctx.lang, ctx.school, ctx.ui, ctx.labels, page)


def _flow_pages(content: Content, base: Context, flow: Flow, folder: str) -> tuple[list[Page], Handout]:
    lang = base.lang
    paths, ctx = _flow_context(content, base, flow)
    titles = pages.page_titles(flow, content.ui, lang)
    svg = diagram.flow_svg(ctx, flow, {node: pages.html_name(path) for node, path in paths.items()})
    bodies = pages.outcome_bodies(ctx, flow)
    tool_data = widget.tool_data(ctx, flow)
    data = widget.widget_data(ctx, flow, paths, bodies, tool_data)
    start = widget.home_block(widget.first_step(ctx, flow, paths), svg, data)
    markdown = {pages.HOME: pages.home_markdown(ctx, flow, paths, start),
                **{q.id: pages.question_markdown(ctx, flow, q, paths) for q in flow.questions.values()},
                **{o.id: pages.outcome_markdown(ctx, flow, o, paths, bodies[o.id],
                                                widget.data_block(widget.only_tools(tool_data, o.all_tools)))
                   for o in flow.outcomes.values()},
                pages.DIAGRAM: pages.diagram_markdown(ctx, svg, widget.data_block(widget.graph_data(flow)))}
    to_root = "../" * folder.count("/")
    for o in flow.outcomes.values():
        markdown[o.id] += "\n" + feedback.feedback_html(ctx, to_root, flow.slug, o.id) + "\n"
    if ctx.school.statistics:
        outcome_pages = {o.id: pages.html_name(paths[o.id]) for o in flow.outcomes.values()}
        markdown[pages.HOME] += "\n" + feedback.reached_block(to_root, flow, outcome_pages) + "\n"
    foot = pages.sources_html(ctx, flow)  # on every page of the flow: when checked, against what
    markdown = {key: f"{text}\n{foot}\n" if foot else text for key, text in markdown.items()}
    descriptions = {pages.HOME: ctx.plain(flow.summary[lang]),
                    **{q.id: ctx.plain(q.hint[lang] if q.hint else q.text[lang]) for q in flow.questions.values()},
                    **{o.id: ctx.plain(o.summary[lang]) for o in flow.outcomes.values()},
                    pages.DIAGRAM: ctx.plain(ctx.t("diagram_desc"))}
    result = [Page(f"{flow.slug}/{key}", folder + paths[key], ctx.plain(titles[key]), markdown[key],
                   descriptions[key]) for key in paths]
    site_url = base.school.language_url(lang) + folder
    return result, handout_plan(base, flow, paths, site_url, folder)


def root_index_html(content: Content, school: School) -> str:
    """The site's root page: the school's languages as plain links, default first."""
    default = school.languages[0]
    flows = content.flows_of(school)
    title = ({lang: flows[0].title[lang] for lang in school.languages} if len(flows) == 1
             else {lang: content.ui["help_centre_title"][lang] for lang in school.languages})
    items = "\n".join(
        f'      <li><a href="{lang}/index.html" hreflang="{lang}" lang="{lang}">'
        f'{html.escape(content.languages[lang].name)}</a></li>' for lang in school.languages)
    name = html.escape(school.name)
    statements = " · ".join(
        f'<a href="{lang}/{pages.html_name(statement.STATEMENT)}" hreflang="{lang}" lang="{lang}">'
        f'{html.escape(content.ui["a11y_link"][lang])}</a>' for lang in school.languages)
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
    <p>{" · ".join(f'<span lang="{lang}">{html.escape(title[lang])}</span>' for lang in school.languages)}</p>
    <ul class="languages" aria-label="{html.escape(content.ui['language_choice'][default])}">
{items}
    </ul>
  </main>
  <footer>
    <p>{statements}</p>
  </footer>
</body>
</html>
"""


def plan_files(content_root: Path, school_path: Path, lang: str | None = None) -> SitePlan:
    """Load the content and a school file and plan one language (the school's first by
    default): what a live preview needs, from the files alone."""
    content = load_content(content_root)
    school = load_school(school_path, content)
    lang = lang or school.languages[0]
    if lang not in school.languages:
        raise HelpflowError(f"{school_path}: languages: '{lang}' is not one of this school's languages "
                            f"({', '.join(school.languages)}); add it to 'languages' or preview another")
    return plan_site(content, school, lang)
