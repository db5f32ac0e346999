"""The printable handout: one A4 page per school and language, made from the same model.

The successor of the paper sheet schools hand out today: the school's name and logo,
the decision diagram, both outcomes' steps, the platform address and the secretariat
written out, and a QR code that opens the help site in the same language.

``handout_html`` is a pure function of the model, the school, the site texts and the
language; ``write_handout`` turns that HTML into a PDF with WeasyPrint, shrinking the
type a little if a long school name or translation would spill onto a second page.
Every string from a model or school file is escaped for HTML (through ``text.Context``,
exactly as on the site), and the PDF engine may fetch nothing but ``data:`` URLs, so
the handout never asks anything of another origin.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Mapping
from pathlib import Path

import markdown
import segno

from .branding import accessible
from .errors import HelpflowError
from .model import Flow, Outcome
from .pages import diagram_svg, handout_filename, page_paths
from .school import School
from .text import Context, attr, html_path, mailto

UI = Mapping[str, Mapping[str, str]]

SCALES = (1.0, 0.97, 0.94, 0.91, 0.88, 0.85, 0.82, 0.79, 0.76)
"""Type sizes tried, largest first, until the handout fits one page."""

FONT_PT = 10
"""Body text size at scale 1: readable at arm's length on paper."""

DIAGRAM_PT_SCALE = 0.8
"""Graphviz draws labels at 13 pt; printed at 0.8 they are a little larger than the body text."""

DIAGRAM_MAX_MM = (118, 86)
"""Largest width and height of the diagram at scale 1, beside the QR code."""

_NOTE_MARK = {"info": "i", "tip": "✓", "warning": "!"}


def qr_svg_data_uri(url: str) -> str:
    """A QR code of ``url`` as an SVG ``data:`` URI, with the standard quiet zone."""
    return segno.make(url, error="m", micro=False).svg_data_uri(scale=1, border=4, dark="#000", light="#fff")


def _inline(ctx: Context, text: str) -> str:
    """A model text as inline HTML: Context makes it safe Markdown, Markdown makes it HTML."""
    return _inline_markdown(ctx.render(text))


def _ui(ctx: Context, key: str) -> str:
    """One of the site's own texts as inline HTML, placeholders filled in as on the site."""
    return _inline_markdown(ctx.t(key))


def _inline_markdown(text: str) -> str:
    return re.sub(r"^<p>|</p>$", "", markdown.markdown(text).strip())


def _absolute_node_links(svg: str, base: str) -> str:
    """The diagram's node links, made absolute so a click in the PDF opens the site's page."""
    return re.sub(r'((?:xlink:)?href)="([^":#/]+\.html)"', lambda m: f'{m[1]}="{attr(base + m[2])}"', svg)


def _diagram_width_mm(svg: str, scale: float) -> float:
    """The diagram's printed width: its labels about as large as the text around them,
    and never wider or taller than its place on the page, whatever the graph's shape."""
    box = re.search(r'viewBox="[\d.-]+ [\d.-]+ ([\d.]+) ([\d.]+)"', svg)
    width_pt, height_pt = (float(box[1]), float(box[2])) if box else (390.0, 280.0)
    width = width_pt * DIAGRAM_PT_SCALE * scale * 25.4 / 72
    return round(min(width, DIAGRAM_MAX_MM[0] * scale, DIAGRAM_MAX_MM[1] * scale * width_pt / height_pt), 1)


def _logo_html(school: School) -> str:
    if not school.logo:
        return ""
    data = base64.b64encode(school.logo.data).decode("ascii")
    return f'<img class="logo" alt="" src="data:{school.logo.media_type};base64,{data}">'


def _outcome_html(ctx: Context, outcome: Outcome) -> str:
    lang = ctx.lang
    items = []
    for step in outcome.steps:
        item = _inline(ctx, step.text[lang])
        if step.note:
            note = step.note
            item += (f'<p class="note note-{note.kind}"><span class="mark" aria-hidden="true">'
                     f'{_NOTE_MARK[note.kind]}</span> {_inline(ctx, note.text[lang])}</p>')
        items.append(f"<li>{item}</li>")
    return f"""<section class="outcome {outcome.kind}" id="hf-{attr(outcome.id)}">
  <h2>{_inline(ctx, outcome.title[lang])}</h2>
  <p class="kind">{_ui(ctx, "kind_" + outcome.kind)}</p>
  <ol>
    {"".join(items)}
  </ol>
</section>"""


def _hints_html(ctx: Context, flow: Flow) -> str:
    """The questions' hints, which the diagram leaves out, as a caption under it."""
    lang = ctx.lang
    return "".join(f"<p><b>{_inline(ctx, q.text[lang])}</b> {_inline(ctx, q.hint[lang])}</p>"
                   for q in flow.questions.values() if q.hint)


def handout_html(flow: Flow, school: School, ui: UI, lang: str, scale: float = 1.0) -> str:
    """The handout of ``school`` in ``lang`` as one self-contained HTML document."""
    site_url = school.language_url(lang)
    paths = page_paths(flow, ui, lang)

    def page_link(node: str) -> str:
        """An outcome's steps are on the sheet itself; any other page is on the site."""
        return f"#hf-{node}" if node in flow.outcomes else site_url + html_path(paths[node])

    ctx = Context(lang, school, flow, ui, page_link=page_link)
    svg = _absolute_node_links(diagram_svg(flow, ui, lang), site_url)
    diagram_width = _diagram_width_mm(svg, scale)
    name = html.escape(school.name)
    title = html.escape(flow.title[lang])
    email = html.escape(school.email)
    platform = html.escape(school.platform_url)
    outcomes = "\n".join(_outcome_html(ctx, o) for o in flow.outcomes.values())
    return f"""<!doctype html>
<html lang="{attr(lang)}">
<head>
<meta charset="utf-8">
<title>{title} - {name}</title>
<meta name="author" content="{attr(school.name)}">
<style>{_css(school, scale, diagram_width)}</style>
</head>
<body>
<header>
  {_logo_html(school)}
  <div class="names">
    <p class="school">{name}</p>
    <h1>{title}</h1>
  </div>
</header>
<p class="intro">{_ui(ctx, "handout_intro")}</p>
<div class="top">
  <figure class="diagram">{svg}<figcaption>{_hints_html(ctx, flow)}</figcaption></figure>
  <aside class="qr-box">
    <img class="qr" alt="" src="{qr_svg_data_uri(site_url)}">
    <p class="qr-text">{_ui(ctx, "handout_qr")}</p>
    <p class="url"><a href="{attr(site_url)}">{html.escape(site_url.removeprefix("https://"))}</a></p>
  </aside>
</div>
<dl class="facts">
  <div><dt>{_ui(ctx, "handout_platform")}</dt>
    <dd><a href="{attr(school.platform_url)}/">{platform}</a></dd></div>
  <div><dt>{_ui(ctx, "handout_secretariat")}</dt>
    <dd><a href="{attr(mailto(school.email))}">{email}</a></dd></div>
</dl>
<div class="outcomes">
{outcomes}
</div>
</body>
</html>
"""


def _css(school: School, scale: float, diagram_width: float) -> str:
    size = round(FONT_PT * scale, 2)
    return f"""
@page {{ size: A4 portrait; margin: 11mm 12mm 10mm; }}
* {{ box-sizing: border-box; }}
html {{ font-family: "DejaVu Sans", sans-serif; font-size: {size}pt; line-height: 1.32; color: #000; }}
body {{ margin: 0; }}
a {{ color: inherit; text-decoration: none; }}
b {{ font-weight: bold; }}
header {{ display: flex; align-items: center; gap: 4mm; padding-bottom: 2.5mm;
          border-bottom: 1.2mm solid {accessible(school.primary)}; }}
header .logo {{ height: 15mm; width: auto; max-width: 40mm; flex: none; }}
header .names {{ flex: 1; min-width: 0; }}
.school {{ margin: 0; font-size: 1.2em; font-weight: bold; line-height: 1.2; }}
h1 {{ margin: 0.5mm 0 0; font-size: 2em; line-height: 1.15; color: {accessible(school.primary)}; }}
.intro {{ margin: 2mm 0 1mm; }}
.top {{ display: flex; align-items: center; gap: 5mm; }}
.diagram {{ flex: 1; margin: 0; text-align: center; }}
.diagram svg {{ width: {diagram_width}mm; height: auto; }}
.diagram figcaption {{ font-size: 0.9em; text-align: left; }}
.diagram figcaption p {{ margin: 0.5mm 0 0; }}
.qr-box {{ flex: none; width: 58mm; border: 0.4mm solid #000; border-radius: 2mm; padding: 3mm 2.5mm;
           text-align: center; }}
.qr {{ width: {round(36 * max(scale, 0.85), 1)}mm; height: auto; display: block; margin: 0 auto 1.5mm; }}
.qr-text {{ margin: 0; font-size: 0.92em; }}
.url {{ margin: 1mm 0 0; font-size: 0.95em; font-weight: bold; overflow-wrap: anywhere; }}
.facts {{ display: flex; gap: 4mm; margin: 2.5mm 0; padding: 1.5mm 0; border-top: 0.3mm solid #000;
          border-bottom: 0.3mm solid #000; }}
.facts div {{ flex: 1; }}
.facts dt {{ font-size: 0.9em; }}
.facts dd {{ margin: 0; font-size: 1.1em; font-weight: bold; overflow-wrap: anywhere; }}
a[href^="#"] {{ font-weight: bold; }}
.outcomes {{ display: flex; gap: 4mm; align-items: flex-start; break-inside: avoid; }}
.outcome {{ flex: 1; border: 0.4mm solid #000; border-radius: 2mm; padding: 2.5mm 3mm 1mm; }}
.outcome.self-service {{ flex: 1.5; border-width: 0.8mm; border-style: double; }}
.outcome.contact-school {{ border-style: dashed; }}
h2 {{ margin: 0; font-size: 1.2em; line-height: 1.2; color: {accessible(school.primary)}; }}
.kind {{ margin: 0.5mm 0 1.5mm; font-size: 0.9em; font-style: italic; }}
ol {{ margin: 0; padding-left: 5mm; }}
.outcome li {{ margin-bottom: 1.4mm; }}
.note {{ margin: 0.8mm 0 0; font-size: 0.9em; padding-left: 2mm; border-left: 0.5mm solid #000; }}
.note-warning {{ border-left-width: 1.2mm; }}
.note .mark {{ font-weight: bold; }}
"""


def _fetch_data_only():  # type: ignore[no-untyped-def]
    """WeasyPrint's URL fetcher, allowed ``data:`` URLs only: no request leaves the machine."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"})


def write_handout(flow: Flow, school: School, ui: UI, lang: str, path: Path) -> float:
    """Write the one-page handout PDF of ``school`` in ``lang`` to ``path``.

    Returns the type scale used. Raises HelpflowError if even the smallest scale
    needs a second page (an absurdly long name or translation).
    """
    try:
        from weasyprint import HTML
    except OSError as exc:  # WeasyPrint loads Pango when imported
        raise HelpflowError(f"the handout's PDF engine (WeasyPrint) needs Pango: {exc}; "
                            "install it: 'apt-get install libpango-1.0-0 libpangoft2-1.0-0 "
                            "libharfbuzz-subset0' (Debian/Ubuntu), or run `make site`") from None
    fetcher = _fetch_data_only()
    for scale in SCALES:
        document = HTML(string=handout_html(flow, school, ui, lang, scale), url_fetcher=fetcher).render()
        if len(document.pages) == 1:
            path.parent.mkdir(parents=True, exist_ok=True)
            document.write_pdf(path)
            return scale
    raise HelpflowError(f"{school.source}: the {lang} handout does not fit on one A4 page, even in small "
                        "type; shorten the school's name or the model's texts")


def write_handouts(school: School, flow: Flow, ui: UI, site_dir: Path) -> list[Path]:
    """Write ``site_dir/<lang>/handout-<lang>.pdf`` for each of the school's languages."""
    written = []
    for lang in school.languages:
        path = Path(site_dir) / lang / handout_filename(lang)
        write_handout(flow, school, ui, lang, path)
        written.append(path)
    return written
