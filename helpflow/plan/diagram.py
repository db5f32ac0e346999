"""The flow as a Graphviz diagram: DOT from a plan's nodes and edges, SVG from the real ``dot``.

The texts arrive written out (placeholders filled in by ``text.Context``), so the
diagram reads like the pages; the same texts give the same SVG, rendered once. The
``graphviz`` package writes the DOT (its quoting, not ours), and an XML parser, not
text matching, makes ``dot``'s SVG fit for an accessible page.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

import graphviz

from helpflow.errors import HelpflowError, printable
from helpflow.model.flow import Flow
from helpflow.plan.branding import DiagramColors, diagram_colors
from helpflow.plan.text import Context

WRAP = 18
"""Characters per label line: keeps the diagram about 400 px wide, so on a 360 px phone its
13 pt text still shows at about 14 px."""

_GRAPH = {"rankdir": "TB", "bgcolor": "transparent", "nodesep": "0.3", "ranksep": "0.45", "pad": "0.1"}
_NODE = {"fontname": "DejaVu Sans", "fontsize": "13", "margin": "0.15,0.08", "penwidth": "1.5"}
_EDGE = {"fontname": "DejaVu Sans", "fontsize": "13", "penwidth": "1.5", "color": "#555555", "arrowsize": "0.8"}
_STYLE = {
    "question": {"shape": "box", "style": "rounded,filled"},
    "self-service": {"shape": "box", "style": "rounded,filled,bold", "fillcolor": "#e3f4e6", "color": "#1b6e2e",
                     "peripheries": "2"},
    "contact-school": {"shape": "box", "style": "filled,dashed,bold", "fillcolor": "#fdeedd", "color": "#9a4300"},
}
_ICON = {"self-service": "✓ ", "contact-school": "✉ "}
DEFAULT_COLORS = DiagramColors("#1f4e8c", "#eef3fb")
"""A diagram drawn for no school in particular (tests, tools)."""


MIN_TEXT_SCALE = 0.7
"""Below this the 13 pt labels fall under 12 px: a wider diagram scrolls sideways in its
own box on a phone rather than shrink past reading."""


def _size(width_pt: float) -> str:
    """The diagram's largest width (its natural size) and, for the page's CSS, its smallest."""
    width = width_pt * 4 / 3
    return f"max-width: {round(width)}px; --hf-min-width: {round(width * MIN_TEXT_SCALE)}px"


def node_id(node: str) -> str:
    return f"hf-node-{node}"


def edge_id(question: str, answer: str) -> str:
    return f"hf-edge-{question}-{answer}"


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


def _colors(kind: str, colors: DiagramColors) -> dict[str, str]:
    """A node's colours: a question's are the school's; an outcome's say what kind it is."""
    return {"color": colors.question_line, "fillcolor": colors.question_fill} if kind == "question" else {}


def dot_source(nodes: tuple[Node, ...], edges: tuple[Edge, ...], colors: DiagramColors = DEFAULT_COLORS) -> str:
    """DOT for a flow's nodes and edges, top to bottom, every node a link to its page;
    question boxes in ``colors``.

    Every string goes through ``graphviz.escape``: a backslash or ``<...>`` in a text
    stays text, never a DOT escape or an HTML-like label. A text shown (label, tooltip) has
    its ``&`` written ``&amp;`` too: Graphviz reads ``&#x202E;`` or ``&#27;`` in one as the
    character it names.
    """
    esc: Callable[[str], str] = graphviz.escape  # a str that the graphviz package never reads as HTML

    def shown(text: str) -> str:
        return esc(text.replace("&", "&amp;"))

    graph = graphviz.Digraph("flow", graph_attr=_GRAPH, node_attr=_NODE, edge_attr=_EDGE)
    for n in nodes:
        classes = "hf-question" if n.kind == "question" else f"hf-outcome hf-{n.kind}"
        graph.node(esc(n.id), shown(_label(_ICON.get(n.kind, "") + n.label)),
                   _attributes={"id": esc(node_id(n.id)), "class": esc(classes), "URL": esc(n.url),
                                "tooltip": shown(n.tooltip), **_STYLE[n.kind], **_colors(n.kind, colors)})
    for e in edges:
        graph.edge(esc(e.source), esc(e.target), shown(f" {e.label} "),
                   _attributes={"id": esc(edge_id(e.source, e.answer)), "class": "hf-edge"})
    return str(graph.source)


def flow_svg(ctx: Context, flow: Flow, url: Mapping[str, str]) -> str:
    """The flow's diagram in the reader's language and the school's colours, its texts written
    out as on the pages; ``url`` gives each node's address.

    ``dot`` draws it with a stand-in for each address (an address moves nothing in the
    drawing), so the site's diagram and the handout's (whose addresses are the school's
    own) are drawn once, and so are those of every school with the same texts."""
    dot, nodes = _flow_graph(ctx, flow)
    return render_svg(dot, ctx.plain(ctx.t("diagram_title")), ctx.plain(ctx.t("diagram_desc")),
                      {_slot(n.id): url[n.id] for n in nodes})


def flow_dot(ctx: Context, flow: Flow) -> str:
    """The DOT source ``flow_svg`` has ``dot`` draw (for ``draw``, ahead of it)."""
    return _flow_graph(ctx, flow)[0]


def _flow_graph(ctx: Context, flow: Flow) -> tuple[str, tuple[Node, ...]]:
    lang = ctx.lang
    nodes = tuple(Node(q.id, "question", ctx.plain(q.text[lang]), ctx.plain(q.title[lang]), _slot(q.id))
                  for q in flow.questions.values())
    answered = flow.answered()  # a page only a link leads to is no part of the decision tree
    nodes += tuple(Node(o.id, o.kind, ctx.plain(o.title[lang]), ctx.plain(o.title[lang]), _slot(o.id))
                   for o in flow.outcomes.values() if o.id in answered)
    edges = tuple(Edge(q.id, a.next, a.key, ctx.plain(a.label[lang]))
                  for q in flow.questions.values() for a in q.answers)
    return dot_source(nodes, edges, diagram_colors(ctx.school)), nodes


def _slot(node: str) -> str:
    """A node's address while ``dot`` draws: one no page has, that ``dot`` writes as it is."""
    return f"hf-slot-{node}"


DOT_TIMEOUT = 30
"""Seconds: a flow's diagram takes well under one; a 'dot' that hangs must not hang the build."""


def render_svg(dot: str, title: str, desc: str, urls: Mapping[str, str] | None = None) -> str:
    """Run ``dot`` (once per drawing) and make its SVG fit for inlining in an accessible HTML
    page, each address in ``urls`` (stand-in -> address) put in its stand-in's place."""
    svg = draw([dot])[0]
    for slot, url in (urls or {}).items():
        svg = svg.replace(f"xlink:href={quoteattr(slot)}", f"xlink:href={quoteattr(url)}")
    return _inline_svg(svg, title, desc)


DRAWINGS_KEPT = 64
"""Drawings kept for the process (and the workers it forks): a school group's flows, languages and colours."""
_DRAWINGS: dict[str, str] = {}
"""DOT source -> ``dot``'s SVG, the latest ``DRAWINGS_KEPT``."""
_DOCUMENT = re.compile(r"(?=<\?xml )")
"""Where one of ``dot``'s SVG documents begins in its output (a label's ``<`` is written ``&lt;``)."""
_PAGE_ID = re.compile(r'(<g id=")page0,\d+_graph0(" class="graph")')
"""The id ``dot`` gives a drawing's group after its input's first (``page0,1_graph0``): as drawn alone, ``graph0``."""


def draw(sources: Iterable[str]) -> list[str]:
    """``dot``'s SVG of each DOT source of ``sources``: those not drawn yet in one run, as ``dot``
    draws each graph of its input in turn. A run costs ``dot`` 11 ms before it draws anything,
    and a school's site has a drawing per flow and language: one run for them all. Output that
    does not split into as many drawings (a graph ``dot`` refused) is drawn again graph by graph,
    and the one that fails says why."""
    sources = list(sources)
    todo = [dot for dot in dict.fromkeys(sources) if dot not in _DRAWINGS]
    if len(todo) > 1:
        result = _run_dot("\n".join(todo))
        output = _PAGE_ID.sub(r"\1graph0\2", result.stdout.decode(errors="replace")) if result.returncode == 0 else ""
        drawn = _DOCUMENT.split(output)[1:]
        if len(drawn) == len(todo) and all("</svg>" in svg for svg in drawn):
            _keep(dict(zip(todo, drawn)))
    found = {dot: _DRAWINGS.get(dot) or _svg(_run_dot(dot)) for dot in dict.fromkeys(sources)}
    _keep(found)
    return [found[dot] for dot in sources]


def _keep(drawings: Mapping[str, str]) -> None:
    _DRAWINGS.update(drawings)
    for old in list(_DRAWINGS)[:max(0, len(_DRAWINGS) - DRAWINGS_KEPT)]:
        del _DRAWINGS[old]


_CHECK = "check that Graphviz works ('dot -V'), or reinstall it"


def _run_dot(dot: str) -> subprocess.CompletedProcess[bytes]:
    """One run of ``dot`` over ``dot`` (one graph or more), however it ended; raises when
    ``dot`` cannot be found or started, or hangs."""
    if not shutil.which("dot"):
        raise HelpflowError("Graphviz's 'dot' command was not found; install Graphviz: "
                            "'apt-get install graphviz' (Debian/Ubuntu), 'brew install graphviz' (macOS), "
                            "'winget install graphviz' (Windows)")
    try:
        return subprocess.run(["dot", "-Tsvg"], input=dot.encode(), capture_output=True, check=False,
                              timeout=DOT_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise HelpflowError(f"Graphviz's 'dot' drew no diagram in {DOT_TIMEOUT} s and was stopped; {_CHECK}") from None
    except OSError as exc:  # found on PATH, but not a program this system can run
        raise HelpflowError(f"Graphviz's 'dot' could not be started ({exc.strerror}); {_CHECK}") from None


def _svg(result: subprocess.CompletedProcess[bytes]) -> str:
    """The SVG of a run of ``dot`` over one graph; raises, saying why, when it drew none."""
    svg = result.stdout.decode(errors="replace")
    if result.returncode or "<svg" not in svg:
        how = (f"killed by signal {-result.returncode}" if result.returncode < 0
               else f"exit status {result.returncode}" if result.returncode else "no SVG in its output")
        said = " ".join(result.stderr.decode(errors="replace").split())
        raise HelpflowError(f"Graphviz's 'dot' failed ({how}){': ' + printable(said, 160) if said else ''}; {_CHECK}")
    return svg


SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"


def parse_svg(svg: str) -> ET.Element:
    """An SVG as an element tree (comments, XML declaration and doctype dropped)."""
    return ET.fromstring(svg)


def _inline_svg(svg: str, title: str, desc: str) -> str:
    try:
        root = parse_svg(svg)
    except ET.ParseError as exc:
        raise HelpflowError(f"Graphviz's 'dot' wrote an SVG that cannot be read ({exc}); "
                            "check that Graphviz works ('dot -V'), or reinstall it") from None
    # Graphviz titles are DOT ids ("a->b"), noise to a screen reader; the labels speak.
    for parent in list(root.iter()):
        for old in parent.findall(f"{{{SVG}}}title"):
            parent.remove(old)
    # Names written as inline SVG in HTML has them (svg, xlink:href): ElementTree's own
    # prefixes come from a registry any other library may change.
    for element in root.iter():
        element.tag = element.tag.removeprefix(f"{{{SVG}}}")
        element.attrib = {name.replace(f"{{{XLINK}}}", "xlink:"): value for name, value in element.attrib.items()}
        if "xlink:href" in element.attrib:  # browsers' accessibility trees and link checkers read plain href
            element.attrib = {"href": element.attrib["xlink:href"], **element.attrib}
        element.text = "\n" if element.text is not None and not element.text.strip() else element.text
        element.tail = "\n" if element.tail is not None and not element.tail.strip() else element.tail
    width_pt = float(root.get("width", "0pt").removesuffix("pt"))
    root.attrib = {"class": "hf-diagram", "role": "group", "aria-labelledby": "hf-diagram-title",
                   "aria-describedby": "hf-diagram-desc", "style": _size(width_pt),
                   **{k: v for k, v in root.attrib.items() if k not in ("width", "height")},
                   "xmlns": SVG, "xmlns:xlink": XLINK}
    head_title = ET.Element("title", id="hf-diagram-title")
    head_title.text, head_title.tail = title, "\n"
    head_desc = ET.Element("desc", id="hf-diagram-desc")
    head_desc.text, head_desc.tail = desc, "\n"
    root[:0] = [head_title, head_desc]
    root.text = "\n"
    return ET.tostring(root, encoding="unicode").strip() + "\n"
