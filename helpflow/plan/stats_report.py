"""The HTML report of ``helpflow stats``: one page, each flow's pages as bars, no script.

A file the school opens from its disk or mails on: everything is inside it (an SVG drawn
here, a few style rules), it asks nothing of any other origin, and every name in it (a
page's address comes from the site, a flow's slug from its folder) is escaped for where it
lands. The numbers are in a table too, which a screen reader reads as one.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

BAR_WIDTH = 360
ROW = 22
LABEL_WIDTH = 260
COLOURS = {"visits": "#1f4e8c", "helped_yes": "#2e7d32", "helped_no": "#b34700"}


@dataclass(frozen=True)
class Row:
    page: str
    visits: int
    helped_yes: int
    helped_no: int


@dataclass(frozen=True)
class FlowRows:
    language: str
    flow: str
    rows: tuple[Row, ...]


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def flow_svg(group: FlowRows, longest: int) -> str:
    """One flow's pages as horizontal bars: visits, and under them the answers yes and no,
    each scaled to ``longest`` (the most visits of any page), so flows compare."""
    height = len(group.rows) * ROW * 2 + 8
    width = LABEL_WIDTH + BAR_WIDTH + 80
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="t-{_e(group.language)}-{_e(group.flow)}">',
             f'<title id="t-{_e(group.language)}-{_e(group.flow)}">{_e(_flow_name(group))}: visits and answers '
             f"per page</title>"]
    scale = BAR_WIDTH / max(longest, 1)
    for i, row in enumerate(group.rows):
        y = 4 + i * ROW * 2
        parts.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end">{_e(row.page)}</text>')
        visits = row.visits * scale
        parts.append(f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{visits:.1f}" height="16" '
                     f'fill="{COLOURS["visits"]}"/>')
        parts.append(f'<text x="{LABEL_WIDTH + visits + 6:.1f}" y="{y + 15}">{row.visits}</text>')
        yes, no = row.helped_yes * scale, row.helped_no * scale
        if row.helped_yes or row.helped_no:
            parts.append(f'<rect x="{LABEL_WIDTH}" y="{y + ROW + 1}" width="{yes:.1f}" height="10" '
                         f'fill="{COLOURS["helped_yes"]}"/>')
            parts.append(f'<rect x="{LABEL_WIDTH + yes:.1f}" y="{y + ROW + 1}" width="{no:.1f}" height="10" '
                         f'fill="{COLOURS["helped_no"]}"/>')
            parts.append(f'<text x="{LABEL_WIDTH + yes + no + 6:.1f}" y="{y + ROW + 10}" class="small">'
                         f"yes {row.helped_yes} · no {row.helped_no}</text>")
    parts.append("</svg>")
    return "\n".join(parts)


def _flow_name(group: FlowRows) -> str:
    return f"{group.language} · {group.flow or '(pages of no flow)'}"


def report_html(title: str, groups: Sequence[FlowRows], summary: Sequence[str]) -> str:
    """The whole report: a heading, what was read, and per flow its bars and its table."""
    longest = max((row.visits for group in groups for row in group.rows), default=0)
    sections = []
    for group in groups:
        table = "".join(f"<tr><th scope=\"row\">{_e(r.page)}</th><td>{r.visits}</td><td>{r.helped_yes}</td>"
                        f"<td>{r.helped_no}</td></tr>" for r in group.rows)
        sections.append(
            f"<section>\n<h2>{_e(_flow_name(group))}</h2>\n<figure>{flow_svg(group, longest)}</figure>\n"
            f'<table><thead><tr><th scope="col">page</th><th scope="col">visits</th><th scope="col">helped: yes'
            f'</th><th scope="col">helped: no</th></tr></thead><tbody>{table}</tbody></table>\n</section>')
    legend = " ".join(f'<span class="key" style="--c:{colour}">{name.replace("_", ": ")}</span>'
                      for name, colour in COLOURS.items())
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{_e(title)}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem; color: #1a1a1a; }}
svg text {{ font: 13px system-ui, sans-serif; fill: #1a1a1a; }} svg text.small {{ font-size: 11px; }}
table {{ border-collapse: collapse; margin-bottom: 2rem; }} th, td {{ padding: .2rem .6rem; text-align: right; }}
th[scope="row"] {{ text-align: left; font-weight: normal; }} figure {{ margin: 0; overflow-x: auto; }}
.key::before {{ content: ""; display: inline-block; width: .8em; height: .8em; margin-right: .3em;
  background: var(--c); }}
</style>
</head>
<body>
<main>
<h1>{_e(title)}</h1>
<p>{"<br>".join(_e(line) for line in summary)}</p>
<p>{legend}</p>
{chr(10).join(sections)}
</main>
</body>
</html>
"""
