"""The HTML blocks of a page's Markdown, kept out of Python-Markdown's way and put back.

Most of a page's Markdown is HTML the plan wrote: an outcome's steps, the widget, the diagram.
Python-Markdown reads such a raw HTML block tag by tag to find where it ends, then passes it
through as it is: about half of its time on helpflow's pages. A block it would pass through
whole is set aside before MkDocs reads the page, a comment in its place, and put back in the
HTML the conversion gave, before any plugin reads it: the page, its table of contents and its
search entry are byte for byte what they were.
"""

from __future__ import annotations

import re

from markdown.util import BLOCK_LEVEL_ELEMENTS

MARK = "<!--helpflow-html-{}-->"
"""What stands in for the n-th block set aside: a comment, which Python-Markdown passes through
as a block of its own, where the block was."""
_START = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)[\s/>]")
_BLANK = re.compile(r"\n[ \t]*\n")


def set_aside(markdown: str) -> tuple[str, tuple[str, ...]]:
    """``markdown`` with each whole HTML block in a comment's place, and the blocks in order.

    A block is set aside only when Python-Markdown would keep it whole as raw HTML: it stands
    alone between blank lines, starts a line with a block-level tag, and that element ends where
    the block ends. Anything else (a paragraph that starts with ``<b>``, two elements side by
    side) stays where it is, for Python-Markdown. A page that holds a mark already is left whole."""
    if "<!--helpflow-html-" in markdown:
        return markdown, ()
    blocks: list[str] = []
    pieces = markdown.split("\n\n")
    for i, piece in enumerate(pieces):
        block = piece.rstrip()
        if _whole_element(block):
            pieces[i] = MARK.format(len(blocks)) + piece[len(block):]
            blocks.append(block)
    return "\n\n".join(pieces), tuple(blocks)


def put_back(html: str, blocks: tuple[str, ...]) -> str:
    """The converted page with each block where its mark stood."""
    for n, block in enumerate(blocks):
        html = html.replace(MARK.format(n), block, 1)
    return html


def _whole_element(block: str) -> bool:
    """Whether ``block`` is one element with a block-level tag, from its first character to its
    last, holding no blank line (Markdown would end the block there)."""
    start = _START.match(block)
    if not start or start[1].lower() not in BLOCK_LEVEL_ELEMENTS or _BLANK.search(block):
        return False
    name = start[1]
    if not block.endswith(f"</{name}>"):
        return False
    depth = 0
    for tag in re.finditer(rf"<(/?){name}(?=[\s/>])", block):
        depth += -1 if tag[1] else 1
        if depth == 0:
            return tag.end() + 1 == len(block)
    return False
