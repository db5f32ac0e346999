"""The flow as a Graphviz diagram: DOT from the model, SVG from the real ``dot``.

The SVG depends on the model and the language only, never on the school, so a
school group's build renders it once per language.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import textwrap
from collections.abc import Callable

from .errors import HelpflowError
from .model import Flow

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


def dot_source(flow: Flow, lang: str, url: Callable[[str], str]) -> str:
    """DOT for ``flow`` in ``lang``; ``url`` gives each node's page address."""
    lines = [
        "digraph flow {",
        '  graph [rankdir=TB, bgcolor="transparent", nodesep=0.3, ranksep=0.45, pad=0.1];',
        '  node [fontname="DejaVu Sans", fontsize=13, margin="0.15,0.08", penwidth=1.5];',
        '  edge [fontname="DejaVu Sans", fontsize=13, penwidth=1.5, color="#555555", arrowsize=0.8];',
    ]
    for q in flow.questions.values():
        lines.append(f"  {_quote(q.id)} [id={_quote(node_id(q.id))}, class=\"hf-question\", "
                     f"label={_quote(_label(q.text[lang]))}, URL={_quote(url(q.id))}, "
                     f"tooltip={_quote(q.title[lang])}, {_STYLE['question']}];")
    for o in flow.outcomes.values():
        lines.append(f"  {_quote(o.id)} [id={_quote(node_id(o.id))}, class=\"hf-outcome hf-{o.kind}\", "
                     f"label={_quote(_label(_ICON[o.kind] + o.title[lang]))}, URL={_quote(url(o.id))}, "
                     f"tooltip={_quote(o.title[lang])}, {_STYLE[o.kind]}];")
    for q in flow.questions.values():
        for a in q.answers:
            lines.append(f"  {_quote(q.id)} -> {_quote(a.next)} [id={_quote(edge_id(q.id, a.key))}, "
                         f"class=\"hf-edge\", label={_quote(' ' + a.label[lang] + ' ')}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


@functools.lru_cache(maxsize=64)
def render_svg(dot: str, title: str, desc: str) -> str:
    """Run ``dot`` and make its SVG fit for inlining in an accessible HTML page."""
    if not shutil.which("dot"):
        raise HelpflowError("Graphviz's 'dot' command was not found; install Graphviz: "
                            "'apt-get install graphviz' (Debian/Ubuntu), 'brew install graphviz' (macOS), "
                            "'winget install graphviz' (Windows)")
    result = subprocess.run(["dot", "-Tsvg"], input=dot.encode(), capture_output=True, check=False)
    if result.returncode:
        raise HelpflowError(f"Graphviz failed: {result.stderr.decode(errors='replace').strip()}")
    return _inline_svg(result.stdout.decode(), title, desc)


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
