"""The printable handout: one A4 page per school, flow and language, made from the same plan.

The successor of the paper sheet schools hand out today: the school's name and logo,
the decision diagram, every outcome's steps (the very HTML of the outcome pages), the
platform address and the secretariat written out, and a QR code that opens the flow
on the site in the same language.

``handout_plan`` decides what the sheet shows (pure); ``write_handout`` lays it out
with WeasyPrint, shrinking the type a little if a long school name or translation
would spill onto a second page. Layout is most of a build's time, so the sheet is
measured once on a page with room for everything and the type size guessed from how
far it overflows, instead of laid out at every size in turn. The PDF engine may fetch
nothing but ``data:`` URLs, so the handout never asks anything of another origin.
"""

from __future__ import annotations

import base64
import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import segno

from helpflow.errors import HelpflowError
from helpflow.model.flow import Flow
from helpflow.model.school import School
from helpflow.plan.branding import accessible
from helpflow.plan.diagram import SVG, flow_svg, node_id, parse_svg
from helpflow.plan.pages import handout_filename, html_name, outcome_html
from helpflow.plan.text import Context, Link, attr, mailto

if TYPE_CHECKING:
    from weasyprint import Document

SCALES = (1.0, 0.97, 0.94, 0.91, 0.88, 0.85, 0.82, 0.79, 0.76, 0.73, 0.7)
"""Type sizes a handout may have, largest first: it gets the largest that fits one page."""

A4_MM = (210, 297)
MARGINS_MM = (11, 12, 10)
"""The page's top, side and bottom margins."""

ROOM_PX = (A4_MM[1] - MARGINS_MM[0] - MARGINS_MM[2]) * 96 / 25.4
"""The height an A4 page has for the handout, in WeasyPrint's CSS pixels (96 to the inch)."""

MEASURE_MM = 1000
"""The height of the page a handout is measured on, so that its content is laid out in one
piece: far more than any sheet that fits A4 in the smallest type needs."""

GROWTH = 1.5
"""How a handout's height follows its type size: between linearly (margins, borders and the
QR code keep their size) and squared (text rewraps in columns of a fixed width). On the
demo and test schools it guesses the right scale or one step off: one step too large costs
no extra layout, one too small costs one."""

MAX_PAGES = 8
"""More than this is no handout any more, and most likely a pasted text."""

FONT_PT = 10
"""Body text size at scale 1: readable at arm's length on paper."""

DIAGRAM_PT_SCALE = 0.8
"""Graphviz draws labels at 13 pt; printed at 0.8 they are a little larger than the body text."""

DIAGRAM_MAX_MM = (118, 86)
"""Largest width and height of the diagram at scale 1, beside the QR code."""


@dataclass(frozen=True)
class Handout:
    """What the printed one-page handout of one flow shows; ``write_handout`` lays it out."""

    flow: str
    path: str
    """Where the PDF goes, relative to the language's site root."""
    title: str
    site_url: str
    """The flow's home page on the site, for the QR code."""
    body_html: str
    """Everything below the header: diagram, hints, facts and the outcomes, as HTML."""
    diagram_box: tuple[float, float]
    """The diagram's width and height in points, to size it on paper."""


def qr_svg_data_uri(url: str) -> str:
    """A QR code of ``url`` as an SVG ``data:`` URI, with the standard quiet zone."""
    return segno.make(url, error="m", micro=False).svg_data_uri(scale=1, border=4, dark="#000", light="#fff")


def _viewbox(svg: str) -> tuple[float, float]:
    """The diagram's width and height in points, as its ``viewBox`` gives them."""
    _, _, width, height = (float(n) for n in parse_svg(svg).get("viewBox", "0 0 390 280").split())
    return width, height


def _diagram_width_mm(box: tuple[float, float], scale: float) -> float:
    """The diagram's printed width: its labels about as large as the text around them,
    and never wider or taller than its place on the page, whatever the graph's shape."""
    width_pt, height_pt = box
    width = width_pt * DIAGRAM_PT_SCALE * scale * 25.4 / 72
    return round(min(width, DIAGRAM_MAX_MM[0] * scale, DIAGRAM_MAX_MM[1] * scale * width_pt / height_pt), 1)


def _place(svg: ET.Element, node: str) -> tuple[float, float] | None:
    """Where the diagram draws ``node`` (x, y of its first text line), or None if it leaves it out."""
    drawn = next((e for e in svg.iter() if e.get("id") == node_id(node)), None)
    text = drawn.find(f".//{{{SVG}}}text") if drawn is not None else None
    return (float(text.get("x", "0")), float(text.get("y", "0"))) if text is not None else None


def outcome_columns(svg: str, weights: Mapping[str, int]) -> tuple[list[str], list[str]]:
    """The outcomes in two columns in the diagram's left-to-right order, split where the
    columns come out most even: a parent following an arrow down finds the boxes in the
    order of the arrows. An outcome the diagram leaves out (a page only a link reaches)
    goes to the end of the shorter column. ``weights`` is each outcome's length."""
    root = parse_svg(svg)
    places = {node: _place(root, node) for node in weights}
    drawn = [node for node in sorted(weights, key=lambda n: places[n] or (0, 0)) if places[node]]

    def load(nodes: list[str]) -> int:
        return sum(weights[node] for node in nodes)

    split = min(range(len(drawn) + 1), key=lambda k: max(load(drawn[:k]), load(drawn[k:])))
    columns = (drawn[:split], drawn[split:])
    for node in weights:
        if not places[node]:
            min(columns, key=load).append(node)
    return columns


def handout_plan(base: Context, flow: Flow, paths: Mapping[str, str], site_url: str, folder: str) -> Handout:
    """The handout of ``flow``: outcome steps on the sheet itself, any other page on the site."""
    lang, school = base.lang, base.school

    def page(node: str) -> tuple[str, str]:
        href = f"#hf-{node}" if node in flow.outcomes else site_url + html_name(paths[node])
        return href, flow.node(node).title[lang]

    ctx = Context(lang, school, base.ui, base.labels, page)
    svg = flow_svg(ctx, flow, {node: site_url + html_name(path) for node, path in paths.items()})
    hints = "".join(f"<p><b>{ctx.html(q.text[lang])}</b> {ctx.html(q.hint[lang])}</p>"
                    for q in flow.questions.values() if q.hint)
    boxes = {o.id: f'<section class="outcome {o.kind}" id="hf-{attr(o.id)}"><h2>{ctx.html(o.title[lang])}</h2>'
                   f"{outcome_html(ctx, o)}</section>" for o in flow.outcomes.values()}
    columns = outcome_columns(svg, {node: len(re.sub(r"<[^>]+>", "", box)) for node, box in boxes.items()})
    outcomes = "\n".join(f'<div class="column">{"".join(boxes[node] for node in column)}</div>'
                         for column in columns if column)
    phone = ""
    if school.phone:
        tel = Link(school.phone_url, (school.phone,))
        phone = f"<div><dt>{ctx.html(ctx.t('handout_phone'))}</dt><dd>{ctx.html('{phone}', phone=tel)}</dd></div>"
    body = f"""<p class="intro">{ctx.html(ctx.t("handout_intro"))}</p>
<div class="top">
  <figure class="diagram">{svg}<figcaption>{hints}</figcaption></figure>
  <aside class="qr-box">
    <img class="qr" alt="" src="{qr_svg_data_uri(site_url)}">
    <p class="qr-text">{ctx.html(ctx.t("handout_qr"))}</p>
    <p class="url"><a href="{attr(site_url)}">{html.escape(site_url.removeprefix("https://"))}</a></p>
  </aside>
</div>
<dl class="facts">
  <div><dt>{ctx.html(ctx.t("handout_platform"))}</dt>
    <dd><a href="{attr(school.platform_url)}/">{html.escape(school.platform_url)}</a></dd></div>
  <div><dt>{ctx.html(ctx.t("handout_secretariat"))}</dt>
    <dd><a href="{attr(mailto(school.email))}">{html.escape(school.email)}</a></dd></div>
  {phone}
</dl>
<div class="outcomes">
{outcomes}
</div>
"""
    return Handout(flow.slug, folder + handout_filename(lang), ctx.plain(flow.title[lang]), site_url, body,
                   _viewbox(svg))


def _logo_html(school: School) -> str:
    if not school.logo:
        return ""
    data = base64.b64encode(school.logo.data).decode("ascii")
    return f'<img class="logo" alt="" src="data:{school.logo.media_type};base64,{data}">'


def handout_html(school: School, lang: str, handout: Handout, scale: float = 1.0,
                 page_height_mm: float = A4_MM[1]) -> str:
    """The handout as one self-contained HTML document at type ``scale``; a taller page
    than A4 only to measure it."""
    name, title = html.escape(school.name), html.escape(handout.title)
    css = _css(accessible(school.primary), scale, _diagram_width_mm(handout.diagram_box, scale), page_height_mm)
    return f"""<!doctype html>
<html lang="{attr(lang)}">
<head>
<meta charset="utf-8">
<title>{title} - {name}</title>
<meta name="author" content="{attr(school.name)}">
<style>{css}</style>
</head>
<body>
<header>
  {_logo_html(school)}
  <div class="names">
    <p class="school">{name}</p>
    <h1>{title}</h1>
  </div>
</header>
{handout.body_html}</body>
</html>
"""


def _css(primary: str, scale: float, diagram_width: float, page_height_mm: float) -> str:
    size = round(FONT_PT * scale, 2)
    top, side, bottom = MARGINS_MM
    return f"""
@page {{ size: {A4_MM[0]}mm {page_height_mm}mm; margin: {top}mm {side}mm {bottom}mm; }}
* {{ box-sizing: border-box; }}
html {{ font-family: "DejaVu Sans", sans-serif; font-size: {size}pt; line-height: 1.32; color: #000; }}
body {{ margin: 0; }}
a {{ color: inherit; text-decoration: none; }}
b {{ font-weight: bold; }}
header {{ display: flex; align-items: center; gap: 4mm; padding-bottom: 2.5mm;
          border-bottom: 1.2mm solid {primary}; }}
header .logo {{ height: 15mm; width: auto; max-width: 40mm; flex: none; }}
header .names {{ flex: 1; min-width: 0; }}
.school {{ margin: 0; font-size: 1.2em; font-weight: bold; line-height: 1.2; }}
h1 {{ margin: 0.5mm 0 0; font-size: 2em; line-height: 1.15; color: {primary}; }}
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
.outcomes {{ display: flex; gap: 4mm; align-items: flex-start; }}
.column {{ flex: 1; min-width: 0; }}
.outcome {{ border: 0.4mm solid #000; border-radius: 2mm; padding: 2.5mm 3mm 1mm; margin-bottom: 3mm;
            break-inside: avoid; }}
.outcome.self-service {{ border-width: 0.8mm; border-style: double; }}
.outcome.contact-school {{ border-style: dashed; }}
h2 {{ margin: 0 0 1mm; font-size: 1.2em; line-height: 1.2; color: {primary}; }}
.admonition p {{ margin: 0; }}
.hf-kind {{ display: none; }}
ol {{ margin: 0; padding-left: 5mm; }}
.outcome li {{ margin-bottom: 1.4mm; }}
li > p {{ margin: 0; }}
.hf-note {{ margin: 0.8mm 0 0; font-size: 0.9em; padding-left: 2mm; border-left: 0.5mm solid #000; }}
.hf-note .admonition-title {{ display: none; }}
.hf-note > p::before {{ font-weight: bold; }}
.hf-note-info > p::before {{ content: "i "; }}
.hf-note-tip > p::before {{ content: "✓ "; }}
.hf-note-warning > p::before {{ content: "! "; }}
.hf-note-warning {{ border-left-width: 1.2mm; }}
.hf-contact {{ margin-top: 1mm; font-size: 0.9em; }}
.hf-contact .admonition-title {{ font-weight: bold; display: inline; }}
.hf-contact .admonition-title + p {{ display: inline; margin-left: 1mm; }}
"""


def _fetch_data_only():  # type: ignore[no-untyped-def]
    """WeasyPrint's URL fetcher, allowed ``data:`` URLs only: no request leaves the machine."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"})


def _height(document: Document) -> float:
    """How tall the laid-out content is, in CSS pixels; infinite if it ran onto a second page.

    The public API has no such measure, so this reads WeasyPrint's layout tree (pinned in
    pyproject.toml). A wrong measure costs layouts, at worst scale 1 for 0.97, never a
    second page."""
    if len(document.pages) > 1:
        return float("inf")
    page = document.pages[0]._page_box
    root = page.children[0]
    return root.position_y + root.margin_height() - page.content_box_y()


def _guess(height: float) -> int:
    """The index in ``SCALES`` of the largest scale at which content ``height`` tall at
    scale 1 should fit one page, or of the smallest scale."""
    return next((i for i, scale in enumerate(SCALES) if height * scale**GROWTH <= ROOM_PX), len(SCALES) - 1)


def _fitted(render: Callable[[float], Document], guess: int) -> Document | None:
    """The layout at the largest of ``SCALES`` that fits one page, or None if none does.

    From the guess, up while the next larger scale fits, or down until one fits: two or
    three layouts instead of one per scale from the top. Scale 1 is tried only when it is
    the guess: the measure, at scale 1, has shown whether it fits."""
    document = render(SCALES[guess])
    if len(document.pages) > 1:
        for scale in SCALES[guess + 1:]:
            document = render(scale)
            if len(document.pages) == 1:
                return document
        return None
    while guess > 1 and len((larger := render(SCALES[guess - 1])).pages) == 1:
        document, guess = larger, guess - 1
    return document


def write_handout(school: School, lang: str, handout: Handout, path: Path) -> int:
    """Write the handout PDF to ``path``; return its number of pages.

    One page, in type as large as fits; a flow too big for one page even in small type
    gets its pages at full size. Raises HelpflowError past ``MAX_PAGES`` (an absurdly
    long name or translation).
    """
    try:
        from weasyprint import HTML
        from weasyprint.text.fonts import FontConfiguration
    except OSError as exc:  # WeasyPrint loads Pango when imported
        raise HelpflowError(f"the handout's PDF engine (WeasyPrint) needs Pango: {exc}; "
                            "install it: 'apt-get install libpango-1.0-0 libpangoft2-1.0-0 "
                            "libharfbuzz-subset0' (Debian/Ubuntu), or run `make site`") from None
    fetcher, fonts = _fetch_data_only(), FontConfiguration()  # one font cache for every layout

    def render(scale: float, page_height_mm: float = A4_MM[1]) -> Document:
        page = handout_html(school, lang, handout, scale, page_height_mm)
        return HTML(string=page, url_fetcher=fetcher).render(font_config=fonts)

    guess = _guess(_height(render(1.0, MEASURE_MM)))
    # A flow with many outcomes: in readable type, on as many pages as it needs.
    document = _fitted(render, guess) or render(1.0)
    if len(document.pages) > MAX_PAGES:
        raise HelpflowError(f"{school.source}: the {lang} handout of '{handout.flow}' would take "
                            f"{len(document.pages)} pages; shorten the school's name or the flow's texts")
    path.parent.mkdir(parents=True, exist_ok=True)
    document.write_pdf(path)
    return len(document.pages)
