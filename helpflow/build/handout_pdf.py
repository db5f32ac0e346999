"""The handout plan typeset as one A4 PDF page, by Typst, in this process.

``handout_typst`` writes the plan (``helpflow.plan.handout.Handout``) as a Typst document:
every school and model string goes through the Typst writer of ``plan.text``, so none
of them can be markup. The document picks its own layout in one compile: it measures the
parts of the sheet in the sizes and arrangements it tries, adds them up, and typesets the
first layout that fits one page, largest type first. It measures only what can still decide
(a part's least height rules it out unmeasured; Typst remembers every measure), and only in
Typst's first layout of the document: the second, which the links to boxes need, takes the
layout the first chose, and is the first to fill the boxes in. When the sheet does
not fit, the layout changes, never the type below 9 pt: a smaller diagram, three columns of
steps, the QR code beside the school's addresses, DejaVu Sans Condensed, and last a box
going on in the next column. A flow too big for every layout gets its pages at 10 pt.

Fonts come from Debian's DejaVu folder only, never the machine's font list: the same sheet
on every machine. The document reads no file but those handed to Typst in memory.

Typst and segno are imported with the first sheet: a build whose handouts are all up to date
loads neither (segno alone pulls in ``urllib.request``, ``ssl`` and ``email``).
"""

from __future__ import annotations

import base64
import functools
import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING

from helpflow.errors import HelpflowError, printable
from helpflow.load.logo import intrinsic_size
from helpflow.load.safefile import write_file
from helpflow.model.school import Logo, School
from helpflow.plan.diagram import SVG, XLINK, parse_svg
from helpflow.plan.handout import Handout, SheetOutcome
from helpflow.plan.text import Link, address_pieces, to_typst, typst_address, typst_escape, typst_string

if TYPE_CHECKING:
    import typst

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
"""Debian's DejaVu fonts: the same DejaVu Sans the diagram is drawn for."""
FONTS = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansCondensed.ttf", "DejaVuSansCondensed-Bold.ttf")
"""The files the sheet is typeset in: fonts-dejavu-core's regular and bold, fonts-dejavu-extra's
condensed (for a sheet that fits one page no other way, and an address wider than its line)."""

A4_MM = (210, 297)
MARGINS_MM = (11, 12, 10)
"""The page's top, side and bottom margins."""

BODIES = ((10, 100), (9.5, 100), (9, 100), (9, 87.5))
"""The steps' type (size in points, width in percent), largest first; notes and captions are
0.9 of it, so at least 8.1 pt. Last, DejaVu Sans Condensed: narrower, never smaller."""
LABEL_PT = (10, 9, 8)
"""The diagram's label sizes: Graphviz draws them at ``DOT_PT``, the sheet scales them."""
DOT_PT = 13
COLUMNS = (2, 3)
"""Columns of outcome boxes; more than two only for as many outcomes."""

MAX_PAGES = 8
"""More than this is no handout any more, and most likely a pasted text."""

TOO_LONG = "helpflow-handout-too-long"
"""What the document panics with when it would take more than ``MAX_PAGES`` pages (Typst
knows the page count only once the sheet is laid out)."""


def qr_svg(url: str) -> bytes:
    """A QR code of ``url`` as SVG, with the standard quiet zone."""
    import segno

    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(out, kind="svg", scale=1, border=4, dark="#000", light="#fff",
                                                 xmldecl=False)
    return out.getvalue()


def _numbers(shape: ET.Element) -> list[float]:
    return [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", shape.get("points") or shape.get("d") or "")]


def diagram_links(svg: str) -> list[tuple[str, float, float, float, float]]:
    """Each linked box of the diagram: its address and its x, y, width and height in the
    diagram's own units (Typst draws an SVG's links as nothing: the sheet lays them over it)."""
    root = parse_svg(svg)
    box = [float(n) for n in root.get("viewBox", "0 0 0 0").split()]
    graph = root.find(f"{{{SVG}}}g")
    moved = re.search(r"translate\(\s*(-?[\d.]+)[ ,]+(-?[\d.]+)\s*\)", graph.get("transform", "") if graph is not None else "")
    dx, dy = (float(moved[1]), float(moved[2])) if moved else (0.0, 0.0)
    found = []
    for link in root.iter(f"{{{SVG}}}a"):
        href = link.get("href") or link.get(f"{{{XLINK}}}href") or ""
        points = [n for shape in link if shape.tag in (f"{{{SVG}}}path", f"{{{SVG}}}polygon") for n in _numbers(shape)]
        if not href or len(points) < 4:
            continue
        xs, ys = points[0::2], points[1::2]
        found.append((href, min(xs) + dx - box[0], min(ys) + dy - box[1], max(xs) - min(xs), max(ys) - min(ys)))
    return found


def _array(items: list[str]) -> str:
    """A Typst array of ``items`` (a one-item array needs its trailing comma, an empty one none)."""
    return f"({', '.join(items)},)" if items else "()"


def _outcome(outcome: SheetOutcome) -> str:
    """An outcome's box content as Typst markup: title, numbered steps with their notes, phone line."""
    steps = []
    for step in outcome.steps:
        note = f"#note({typst_string(step.note.kind)})[{to_typst(step.note.text)}]" if step.note else ""
        steps.append(f"[{to_typst(step.text)}{note}]")
    contact = f"#contact[{to_typst(outcome.contact)}]" if outcome.contact else ""
    return (f"(kind: {typst_string(outcome.kind)}, drawn: {'true' if outcome.drawn else 'false'}, "
            f"label: label({typst_string('hf-' + outcome.id)}), "
            f"title: [{typst_escape(outcome.title)}], steps: {_array(steps)}, contact: [{contact}])")


LOGO_FILE = "logo.svg"


def logo_svg(logo: Logo) -> bytes:
    """The logo as an SVG file for Typst: an SVG logo as it is (``clean_logo``'s output), a
    PNG one inside an SVG as a ``data:`` image of its own size. typst-py hands Typst files
    given in memory as text only, so a PNG's bytes cannot be given as they are."""
    if logo.media_type == "image/svg+xml":
        return logo.data
    width, height = intrinsic_size(logo.data, logo.name) or (1.0, 1.0)
    data = base64.b64encode(logo.data).decode("ascii")
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:g}" height="{height:g}" '
            f'viewBox="0 0 {width:g} {height:g}"><image width="{width:g}" height="{height:g}" '
            f'href="data:image/png;base64,{data}"/></svg>').encode("ascii")


def handout_typst(handout: Handout) -> str:
    """The handout as one Typst document: the data written out, then the layout."""
    width, height = (float(n) for n in parse_svg(handout.diagram).get("viewBox", "0 0 1 1").split()[2:])
    facts = [f"(label: [{to_typst(f.label)}], address: [{to_typst((Link(f.href, (f.address,)),))}], "
             f"pieces: {_array([f'[{typst_escape(p)}]' for p in address_pieces(f.address)])})" for f in handout.facts]
    hints = "".join(f"#hint[#strong[{to_typst(q)}] {to_typst(h)}]" for q, h in handout.hints)
    links = [f"({typst_string(href)}, {x}, {y}, {w}, {h})" for href, x, y, w, h in diagram_links(handout.diagram)]
    logo = typst_string(LOGO_FILE) if handout.logo else "none"
    shown_url = handout.site_url.removeprefix("https://")
    top, side, bottom = MARGINS_MM
    data = f"""#let school = [{typst_escape(handout.school)}]
#let title = [{typst_escape(handout.title)}]
#let logo = {logo}
#let primary = rgb({typst_string(handout.colour)})
#let intro = [{to_typst(handout.intro)}]
#let qr-text = [{to_typst(handout.qr_text)}]
#let site = link({typst_string(handout.site_url)})[{typst_address(shown_url)}]
#let site-pieces = {_array([f'[{typst_escape(p)}]' for p in address_pieces(shown_url)])}
#let facts = {_array(facts)}
#let hints = [{hints}]
#let diagram = (width: {width}pt, height: {height}pt, links: {_array(links)})
#let outcomes = {_array([_outcome(o) for o in handout.outcomes])}
#let checked = [{to_typst(handout.checked)}]
#let bodies = {_array([f"(size: {pt}pt, stretch: {stretch}%)" for pt, stretch in BODIES])}
#let labels = {_array([f"{pt}pt" for pt in LABEL_PT])}
#let column-counts = {_array([str(k) for k in COLUMNS])}
#let page-size = (width: {A4_MM[0] - 2 * side}mm, height: {A4_MM[1] - top - bottom}mm)
#let max-pages = {MAX_PAGES}
#let too-long = {typst_string(TOO_LONG)}
#let dot-pt = {DOT_PT}pt
"""
    setup = f"""#set document(title: {typst_string(f"{handout.title} - {handout.school}")},
  author: {typst_string(handout.school)}, date: none)
#set page(paper: "a4", margin: (top: {top}mm, x: {side}mm, bottom: {bottom}mm))
#set text(font: "DejaVu Sans", lang: {typst_string(handout.lang)}, hyphenate: false)
"""
    return setup + HELPERS + data + LAYOUT


HELPERS = r"""
#set par(leading: 0.42em, spacing: 0.55em)
// A piece of an address (``to_typst`` boxes each, breakable nowhere) as wide as its line
// at most: as it is, else in DejaVu Sans Condensed, else scaled down to the line.
#let fit(piece) = box(layout(room => {
  let natural = measure(piece).width
  if natural <= room.width { return piece }
  let narrow = text(stretch: 87.5%, piece)
  let width = measure(narrow).width
  if width <= room.width { narrow } else { scale(room.width / width * 100%, reflow: true, narrow) }
}))
#show link: it => {
  let parts = if it.body.func() == box { (it.body,) } else if it.body.has("children") { it.body.children } else { () }
  let bodies = parts.map(part => if part.func() == box { part.fields().at("body", default: none) })
  let fitted = it.at("label", default: none) == <hf-fitted>
  let address = not fitted and parts.len() > 0 and bodies.all(b => b != none)
  let shown = if address { [#link(it.dest, bodies.map(fit).join())<hf-fitted>] } else { it }
  if type(it.dest) == label { strong(shown) } else { shown }
}

#let note(kind, body) = {
  let mark = (info: "i", tip: "✓", warning: "!").at(kind, default: "i")
  block(above: 0.3em, below: 0.2em, inset: (left: 2mm), stroke: (left: (if kind == "warning" { 1.2mm } else { 0.5mm }) + black),
    text(size: 0.9em)[#strong(mark) #body])
}
#let contact(body) = block(above: 0.6em, text(size: 0.9em, body))
#let hint(body) = block(above: 0.35em, body)

"""
"""What comes before the data: paragraph spacing, the rule that keeps addresses whole, and
the marks the data uses (notes, phone lines, hints)."""

LAYOUT = r"""
#let qr-width = 60mm
#let gap = 4mm

// An outcome's box, or the part of it from step ``from`` to step ``to`` (its title on the
// first part, its phone line on the last, and no line where it goes on in the next column).
#let box-of(o, breakable, from: 0, to: none) = {
  let to = if to == none { o.steps.len() } else { to }
  let (first, last) = (from == 0, to == o.steps.len())
  let edge(s, r) = (stroke: (x: s, top: if first { s } else { none }, bottom: if last { s } else { none }),
    radius: (top: if first { r } else { 0pt }, bottom: if last { r } else { 0pt }))
  let line = if o.kind == "contact-school" { (paint: black, thickness: 0.4mm, dash: "dashed") } else { 0.4mm + black }
  let inner(body) = block(width: 100%, breakable: breakable, inset: (x: 2.6mm, top: 2mm, bottom: 1.6mm),
    ..edge(line, 2mm), body)
  let body = {
    if first { block(below: 0.45em, text(size: 1.2em, weight: "bold", fill: primary, o.title)) }
    set enum(indent: 0pt, body-indent: 0.45em, spacing: 0.42em)
    enum(start: from + 1, ..o.steps.slice(from, to))
    if last { o.contact }
  }
  if o.kind == "self-service" {
    block(width: 100%, breakable: breakable, inset: 0.6mm, ..edge(0.3mm + black, 2.6mm), inner(body))
  } else { inner(body) }
}

// The outcomes the diagram draws in contiguous columns, in its order, as even in height as
// they can be (the smallest tallest column over every way to cut the list); then each one
// it leaves out in the shortest column. Returns the tallest column and the columns' indices.
#let cut(heights, k) = {
  if k == 1 { return (heights.sum(default: 0pt), (range(heights.len()),)) }
  let best = none
  for i in range(heights.len() + 1) {
    let (rest, groups) = cut(heights.slice(i), k - 1)
    let tallest = calc.max(heights.slice(0, i).sum(default: 0pt), rest)
    if best == none or tallest < best.at(0) { best = (tallest, (range(i),) + groups.map(g => g.map(n => n + i))) }
  }
  best
}
#let split(heights, k) = {
  let drawn = outcomes.filter(o => o.drawn).len()
  let (_, groups) = cut(heights.slice(0, drawn), k)
  let load(g) = g.map(i => heights.at(i)).sum(default: 0pt)
  for i in range(drawn, heights.len()) {
    let shortest = range(k).sorted(key: c => load(groups.at(c))).first()
    groups.at(shortest).push(i)
  }
  (calc.max(..groups.map(load)), groups)
}

#let header = context {
  let names = {
    text(size: 1.2em, weight: "bold", school)
    v(0.6mm, weak: true)
    block(text(size: 1.8em, weight: "bold", fill: primary, title))
  }
  let mark = if logo == none { none } else {
    let tall = image(logo, height: 13mm)
    if measure(tall).width > 40mm { image(logo, width: 40mm) } else { tall }
  }
  block(width: 100%, inset: (bottom: 2.5mm), stroke: (bottom: 1.2mm + primary),
    if mark == none { names } else { grid(columns: (auto, 1fr), column-gutter: 4mm, align: horizon, mark, names) })
}

// The diagram with its labels at ``label``; without its links to measure (placed, they take
// no room).
#let drawing(label, links: true) = {
  let scale = label / dot-pt
  let (w, h) = (diagram.width * scale, diagram.height * scale)
  box(width: w, height: h, {
    image("diagram.svg", width: w, height: h)
    for (href, x, y, bw, bh) in if links { diagram.links } else { () } {
      let at(n) = n * scale * 1pt
      place(top + left, dx: at(x), dy: at(y), link(href, box(width: at(bw), height: at(bh))))
    }
  })
}

#let qr-box = block(width: qr-width, inset: (x: 2.5mm, y: 2.5mm), radius: 2mm, stroke: 0.4mm + black, align(center, {
  image("qr.svg", width: 32mm)
  block(above: 1mm, text(size: 0.92em, qr-text))
  block(above: 1mm, text(size: 0.95em, weight: "bold", site))
}))
// The QR code with its text beside it, for a narrow column.
#let qr-side = block(width: 100%, inset: 2mm, radius: 2mm, stroke: 0.4mm + black, {
  grid(columns: (26mm, 1fr), column-gutter: 2.5mm, align: horizon, image("qr.svg", width: 26mm), text(size: 0.92em, qr-text))
  block(above: 1.5mm, text(size: 0.95em, weight: "bold", site))
})

#let address(it, size: 1.1em) = text(size: size, weight: "bold", it)
#let fact(f, size: 1.1em) = [#text(size: 0.9em, f.label) \ #address(f.address, size: size)]

// The school's addresses in one row when each fits its share, else one line each.
#let fact-row(width, with-qr) = {
  let room = if with-qr { width - qr-width - 5mm } else { width }
  let each = (room - (facts.len() - 1) * gap) / facts.len()
  let row = if facts.all(f => measure(address(f.address)).width <= each) {
    grid(columns: (1fr,) * facts.len(), column-gutter: gap, ..facts.map(fact))
  } else {
    grid(columns: (auto, 1fr), column-gutter: 3mm, row-gutter: 0.55em, align: (left + bottom, left + bottom),
      ..facts.map(f => (text(size: 0.9em, f.label), address(f.address))).flatten())
  }
  let ruled = block(width: 100%, inset: (y: 1.5mm), stroke: (top: 0.3mm + black, bottom: 0.3mm + black), row)
  if with-qr { grid(columns: (1fr, qr-width), column-gutter: 5mm, align: horizon, ruled, qr-box) } else { ruled }
}

// The row under the header in one of three arrangements: ``side``, the QR code and the
// addresses in a column beside the diagram; ``beside``, the QR code beside the diagram and
// the addresses in a row below; ``under``, the diagram alone, then the addresses and QR code.
#let top-row(width, pic, mode) = {
  let drawn = align(center, pic) + hints
  if mode == "side" {
    grid(columns: (pic.width, 1fr), column-gutter: 5mm, align: horizon, drawn,
      stack(spacing: 2.5mm, qr-side, ..facts.map(f => fact(f, size: 1em))))
  } else if mode == "beside" {
    grid(columns: (1fr, qr-width), column-gutter: 5mm, align: horizon, drawn, qr-box)
    v(2.5mm)
    fact-row(width, false)
  } else {
    drawn
    v(2.5mm)
    fact-row(width, true)
  }
}

// The arrangements ``top-row`` can give ``pic`` in ``width``: ``side`` when every piece of
// every address fits the column beside the diagram whole.
#let modes(width, pic) = {
  let room = width - pic.width - 5mm
  let pieces = facts.map(f => f.pieces).flatten().map(p => address(p, size: 1em)) + site-pieces.map(p => text(size: 0.95em, weight: "bold", p))
  let side = room >= 50mm and pieces.all(p => measure(p).width <= room - 4mm)
  (if side { ("side",) } else { () }) + (if room >= qr-width { ("beside",) } else { () }) + ("under",)
}

#let foot = if checked == [] { none } else { text(size: 0.9em, checked) }

// The height of ``it`` in type ``body`` in a block ``width`` wide. A link to a box is measured
// as it prints once the box is there: in the first layout, the only one that measures, it is not.
#let tall(width, body, it) = measure(block(width: width, {
  set text(..body)
  show link: l => if type(l.dest) == label { strong(link("#", l.body)) } else { l }
  it
})).height

// The sheet's parts in one layout, as a stack with the spaces between them. ``columns``
// holds, for each column, its parts of boxes: (outcome, first step, step after the last).
// The first layout leaves the boxes empty: it is not printed, and its boxes would be laid out
// again once the links to them are known.
#let sheet(width, body, label, mode, columns) = {
  set text(..body)
  let pic = drawing(label)
  let part((i, from, to)) = {
    let o = outcomes.at(i)
    let filled = context if query(<hf-layout>).len() > 0 { box-of(o, false, from: from, to: to) }
    if from == 0 [#filled#o.label] else { filled }
  }
  let boxes = grid(columns: (1fr,) * columns.len(), column-gutter: gap, ..columns.map(c => stack(spacing: 3mm, ..c.map(part))))
  let parts = (header, 2mm, intro, 1.5mm, top-row(width, pic, mode), 3mm, boxes)
  if foot != none { parts += (2mm, foot) }
  stack(..parts.map(p => if type(p) == length { p } else { block(width: width, p) }))
}

// The height of the header, intro, gaps and foot in type ``body``: every layout has them.
#let fixed-height(width, body) = {
  let part(it) = tall(width, body, it)
  part(header) + 2mm + part(intro) + 1.5mm + 3mm + (if foot == none { 0pt } else { 2mm + part(foot) })
}

// A height the row under the header in ``mode`` cannot be below: the diagram's (a hair less:
// its line's height is summed from parts); beside it the QR code's box and, under both, the
// addresses' row; or under it the QR code's box.
#let top-bound(width, body, label, mode) = {
  let pic = diagram.height * (label / dot-pt) - 0.01pt
  if mode == "side" { pic } else if mode == "beside" {
    calc.max(pic, tall(width, body, qr-box)) + tall(width, body, fact-row(width, false))
  } else { pic + tall(width, body, qr-box) }
}

// The lowest arrangement of the row under the header with the diagram's labels at ``label``,
// the first of the lowest, as (mode, height); with ``fits``, none unless its height passes.
// An arrangement is measured only if its bound passes and is below the lowest so far.
#let top-of(width, body, label, fits: h => true) = {
  let pic = drawing(label, links: false)
  let best = none
  for mode in modes(width, pic) {
    let low = top-bound(width, body, label, mode)
    if not fits(low) or (best != none and low >= best.height) { continue }
    let height = tall(width, body, top-row(width, pic, mode))
    if best == none or height < best.height { best = (mode: mode, height: height) }
  }
  if best != none and fits(best.height) { best }
}

// Whether some arrangement of that row has a height that passes ``fits``.
#let top-fits(width, body, label, fits) = {
  let pic = drawing(label, links: false)
  modes(width, pic).any(mode => fits(top-bound(width, body, label, mode))
    and fits(tall(width, body, top-row(width, pic, mode))))
}

// Whole boxes in ``cols`` columns, as even as they can be, and the tallest column's height.
#let whole-columns(width, body, cols) = {
  let colw = (width - (cols - 1) * gap) / cols
  let heights = outcomes.map(o => tall(colw, body, box-of(o, false)) + 3mm)
  let (tallest, groups) = split(heights, cols)
  (tallest - 3mm, groups.map(g => g.map(i => (i, 0, none))))
}

// The boxes in reading order filling ``cols`` columns of height ``room`` one after the
// other, a box that does not fit going on in the next column between two steps; or none.
#let flowing-columns(width, body, cols, room) = {
  let colw = (width - (cols - 1) * gap) / cols
  let height(i, from, to) = tall(colw, body, box-of(outcomes.at(i), false, from: from, to: to))
  let columns = ((),)
  let used = 0pt
  for i in range(outcomes.len()) {
    let n = outcomes.at(i).steps.len()
    let from = 0
    while from < n {
      let left = room - used - (if columns.last().len() > 0 { 3mm } else { 0pt })
      let to = range(n, from, step: -1).find(t => height(i, from, t) <= left)
      if to == none or (from == 0 and to < n and to < 2) {
        if columns.len() == cols or columns.last().len() == 0 { return none }
        columns.push(())
        used = 0pt
        continue
      }
      used += (if columns.last().len() > 0 { 3mm } else { 0pt }) + height(i, from, to)
      columns.at(-1).push((i, from, to))
      from = to
    }
  }
  columns
}

// The sheet in type ``body`` with whole boxes: fewer columns first, then a larger diagram;
// none if the header, foot and lowest row with the smallest diagram take more than the page
// (asked once a layout fits).
#let whole-sheet(width, height, body) = {
  let fixed = fixed-height(width, body)
  let lowest = top-bound(width, body, labels.last(), "side")
  let order = range(outcomes.len())
  for cols in column-counts.filter(k => k <= calc.max(outcomes.len(), 1)) {
    let colw = (width - (cols - 1) * gap) / cols
    let box-height(i) = tall(colw, body, box-of(outcomes.at(i), false))
    // One box too tall even under the smallest diagram (its height summed as in the columns)
    // rules the columns out: the tallest in fewer columns is measured first.
    if order.any(i => fixed + lowest + (box-height(i) + 3mm - 3mm) > height) { continue }
    order = order.sorted(key: i => -box-height(i))
    let (tallest, columns) = whole-columns(width, body, cols)
    for label in labels {
      let top = top-of(width, body, label, fits: h => fixed + h + tallest <= height)
      if top != none {
        let room = top-fits(width, body, labels.last(), h => fixed + h <= height)
        return if room { (body: body, label: label, mode: top.mode, columns: columns) }
      }
    }
  }
  none
}

// The sheet in type ``body`` with boxes going on in the next column where they must.
#let flowing-sheet(width, height, body) = {
  let fixed = fixed-height(width, body)
  for cols in column-counts {
    for label in labels {
      let top = top-of(width, body, label)
      let columns = flowing-columns(width, body, cols, height - fixed - top.height)
      if columns != none { return (body: body, label: label, mode: top.mode, columns: columns) }
    }
  }
  none
}

// ``attempt`` at the largest of ``sizes`` (largest first) where it fits, or none: each size
// in turn. (Trying the smallest second, to give up after two attempts when none fits, costs
// a third attempt whenever a size between fits, as it does more often than none.)
#let largest-fitting(sizes, attempt) = {
  for size in sizes {
    let found = attempt(size)
    if found != none { return found }
  }
  none
}

// The first layout that fits one page, as ``sheet``'s type, labels, row and columns: whole
// boxes before boxes going on in the next column, the regular type before the condensed,
// larger type first; or none.
#let choose(width, height) = {
  let groups = (bodies.filter(b => b.stretch == 100%), bodies.filter(b => b.stretch != 100%))
  for attempt in (whole-sheet, flowing-sheet) {
    for sizes in groups {
      let found = largest-fitting(sizes, body => attempt(width, height, body))
      if found != none { return found }
    }
  }
  none
}

// A flow too big for every layout: in full-size type, on as many pages as it needs.
#let long-sheet(width) = {
  set text(..bodies.first())
  block(header)
  block(above: 2mm, intro)
  block(above: 1.5mm, below: 3mm, top-row(width, drawing(labels.first()), "under"))
  for o in outcomes { block(below: 3mm, [#box-of(o, true)#o.label]) }
  foot
}

// Typst lays the document out twice (a link to a box needs the box's place): the second
// layout takes the layout the first chose instead of measuring again.
#context {
  let known = query(<hf-layout>)
  let chosen = if known.len() > 0 { known.first().value } else { choose(page-size.width, page-size.height) }
  [#metadata(chosen)<hf-layout>]
  if chosen == none { long-sheet(page-size.width) } else {
    sheet(page-size.width, chosen.body, chosen.label, chosen.mode, chosen.columns)
  }
}

#context if here().page() > max-pages { panic(too-long + " " + str(here().page())) }
"""


@functools.cache
def _compiler() -> typst.Compiler:
    """One Typst compiler for the process, its fonts read once (a forked worker inherits it): Debian's
    DejaVu folder alone, not Typst's own fonts too (reading their tables was two thirds of it)."""
    import typst

    missing = [name for name in FONTS if not (FONT_DIR / name).is_file()]
    if missing:
        raise HelpflowError(f"the handout's fonts ({', '.join(missing)}) were not found in {FONT_DIR}; install "
                            "them: 'apt-get install fonts-dejavu-core fonts-dejavu-extra' (Debian/Ubuntu), or run `make site`")
    return typst.Compiler(font_paths=typst.Fonts(include_system_fonts=False, include_embedded_fonts=False,
                                                 font_paths=[str(FONT_DIR)]))


def load_typesetter() -> None:
    """Import Typst and segno, starting nothing (Typst's threads start with its first compiler):
    ``build --all`` does it once before it forks, so no school's worker imports them again."""
    import segno  # noqa: F401
    import typst  # noqa: F401


def handout_pdf(school: School, handout: Handout) -> bytes:
    """The handout as PDF bytes: one A4 page, or more in full-size type for a flow too big
    for one. Raises HelpflowError past ``MAX_PAGES`` (an absurdly long name or translation)."""
    import typst

    files = {"main.typ": handout_typst(handout).encode("utf-8"), "diagram.svg": handout.diagram.encode("utf-8"),
             "qr.svg": qr_svg(handout.site_url)}
    if handout.logo:
        files[LOGO_FILE] = logo_svg(handout.logo)
    where = f"{school.source}: the {handout.lang} handout of '{handout.flow}'"
    try:  # the stubs leave out the documented input of files in memory
        pdf, warnings = _compiler().compile_with_warnings(input=files, format="pdf")  # type: ignore[type-var]
    except typst.TypstError as exc:
        if TOO_LONG in str(exc):
            raise HelpflowError(f"{where} would take more than {MAX_PAGES} pages; "
                                "shorten the school's name or the flow's texts") from None
        raise HelpflowError(f"{where} could not be typeset ({printable(str(exc), 160)}); if the school has a "
                            "logo, save it again as a plain SVG or PNG") from None
    if any("unknown font family" in str(warning) for warning in warnings):  # a sheet in a fallback font
        raise HelpflowError(f"the handout's font (DejaVu Sans) could not be read from {FONT_DIR}; reinstall it: "
                            "'apt-get install --reinstall fonts-dejavu-core fonts-dejavu-extra' (Debian/Ubuntu)")
    if not isinstance(pdf, bytes):
        raise TypeError("Typst gave no PDF")
    return pdf


def write_handout(school: School, handout: Handout, path: Path) -> None:
    """Write the handout PDF to ``path``, typeset whole in memory first: a sheet that fails
    leaves no file."""
    pdf = handout_pdf(school, handout)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_file(path.parent, path.name, pdf)
