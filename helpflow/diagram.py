"""The flow as a Graphviz diagram: DOT from a plan's nodes and edges, SVG from the real ``dot``.

The texts arrive written out (placeholders filled in by ``text.Context``), so the
diagram reads like the pages; the same texts give the same SVG, rendered once.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass

from .errors import HelpflowError, printable
from .model import Flow
from .text import Context

WRAP = 18
"""Characters per label line: keeps the diagram about 400 px wide, so on a 360 px phone its
13 pt text still shows at about 14 px."""

_STYLE = {
    "question": 'shape=box, style="rounded,filled", fillcolor="#eef3fb", color="#1f4e8c"',
    "self-service": 'shape=box, style="rounded,filled,bold", fillcolor="#e3f4e6", color="#1b6e2e", peripheries=2',
    "contact-school": 'shape=box, style="filled,dashed,bold", fillcolor="#fdeedd", color="#9a4300"',
}
_ICON = {"self-service": "✓ ", "contact-school": "✉ "}


def node_id(node: str) -> str:
    return f"hf-node-{node}"


def edge_id(question: str, answer: str) -> str:
    return f"hf-edge-{question}-{answer}"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _label(text: str) -> str:
    return "\n".join(textwrap.wrap(text, WRAP)) or " "


@dataclass(frozen=True)
class Node:
    id: str
    kind: str
    """``question``, or an outcome's kind: how the node is drawn."""
    label: str
    tooltip: str
    url: str


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    answer: str
    label: str


def dot_source(nodes: tuple[Node, ...], edges: tuple[Edge, ...]) -> str:
    """DOT for a flow's nodes and edges, top to bottom, every node a link to its page."""
    lines = [
        "digraph flow {",
        '  graph [rankdir=TB, bgcolor="transparent", nodesep=0.3, ranksep=0.45, pad=0.1];',
        '  node [fontname="DejaVu Sans", fontsize=13, margin="0.15,0.08", penwidth=1.5];',
        '  edge [fontname="DejaVu Sans", fontsize=13, penwidth=1.5, color="#555555", arrowsize=0.8];',
    ]
    for n in nodes:
        classes = "hf-question" if n.kind == "question" else f"hf-outcome hf-{n.kind}"
        lines.append(f"  {_quote(n.id)} [id={_quote(node_id(n.id))}, class={_quote(classes)}, "
                     f"label={_quote(_label(_ICON.get(n.kind, '') + n.label))}, URL={_quote(n.url)}, "
                     f"tooltip={_quote(n.tooltip)}, {_STYLE[n.kind]}];")
    for e in edges:
        lines.append(f"  {_quote(e.source)} -> {_quote(e.target)} [id={_quote(edge_id(e.source, e.answer))}, "
                     f"class=\"hf-edge\", label={_quote(' ' + e.label + ' ')}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def flow_svg(ctx: Context, flow: Flow, url: Mapping[str, str]) -> str:
    """The flow's diagram in the reader's language, its texts written out as on the pages;
    ``url`` gives each node's address."""
    lang = ctx.lang
    nodes = tuple(Node(q.id, "question", ctx.plain(q.text[lang]), ctx.plain(q.title[lang]), url[q.id])
                  for q in flow.questions.values())
    answered = flow.answered()  # a page only a link leads to is no part of the decision tree
    nodes += tuple(Node(o.id, o.kind, ctx.plain(o.title[lang]), ctx.plain(o.title[lang]), url[o.id])
                   for o in flow.outcomes.values() if o.id in answered)
    edges = tuple(Edge(q.id, a.next, a.key, ctx.plain(a.label[lang]))
                  for q in flow.questions.values() for a in q.answers)
    return render_svg(dot_source(nodes, edges), ctx.plain(ctx.t("diagram_title")),
                              ctx.plain(ctx.t("diagram_desc")))


DOT_TIMEOUT = 30
"""Seconds: a flow's diagram takes well under one; a 'dot' that hangs must not hang the build."""


@functools.lru_cache(maxsize=64)
def render_svg(dot: str, title: str, desc: str) -> str:
    """Run ``dot`` and make its SVG fit for inlining in an accessible HTML page."""
    if not shutil.which("dot"):
        raise HelpflowError("Graphviz's 'dot' command was not found; install Graphviz: "
                            "'apt-get install graphviz' (Debian/Ubuntu), 'brew install graphviz' (macOS), "
                            "'winget install graphviz' (Windows)")
    check = "check that Graphviz works ('dot -V'), or reinstall it"
    try:
        result = subprocess.run(["dot", "-Tsvg"], input=dot.encode(), capture_output=True, check=False,
                                timeout=DOT_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise HelpflowError(f"Graphviz's 'dot' drew no diagram in {DOT_TIMEOUT} s and was stopped; {check}") from None
    except OSError as exc:  # found on PATH, but not a program this system can run
        raise HelpflowError(f"Graphviz's 'dot' could not be started ({exc.strerror}); {check}") from None
    svg = result.stdout.decode(errors="replace")
    if result.returncode or "<svg" not in svg:
        how = (f"killed by signal {-result.returncode}" if result.returncode < 0
               else f"exit status {result.returncode}" if result.returncode else "no SVG in its output")
        said = " ".join(result.stderr.decode(errors="replace").split())
        raise HelpflowError(f"Graphviz's 'dot' failed ({how}){': ' + printable(said, 160) if said else ''}; {check}")
    return _inline_svg(svg, title, desc)


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _inline_svg(svg: str, title: str, desc: str) -> str:
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"<!--.*?-->\n?", "", svg, flags=re.S)
    # Graphviz writes every hyphen as &#45; (for its comments); ids and text read better plain.
    svg = svg.replace("&#45;", "-")
    # Graphviz titles are DOT ids ("a->b"), noise to a screen reader; the labels speak.
    svg = re.sub(r"<title>.*?</title>\n?", "", svg)
    width = re.search(r'width="([\d.]+)pt"', svg)
    max_width = round(float(width[1]) * 4 / 3) if width else 0
    svg = re.sub(r'<svg width="[\d.]+pt" height="[\d.]+pt"',
                 f'<svg class="hf-diagram" role="group" aria-labelledby="hf-diagram-title" '
                 f'aria-describedby="hf-diagram-desc" style="max-width: {max_width}px"', svg, count=1)
    head = f'<title id="hf-diagram-title">{_xml_text(title)}</title>\n<desc id="hf-diagram-desc">{_xml_text(desc)}</desc>'
    svg = re.sub(r"(<svg[^>]*>)", lambda m: f"{m[1]}\n{head}", svg, count=1)
    # Browsers' accessibility trees and link checkers read plain href, not xlink:href.
    svg = re.sub(r'<a xlink:href="([^"]*)"', r'<a href="\1" xlink:href="\1"', svg)
    return svg.strip() + "\n"
