"""Markdown's boxes, written by the libraries that define them, around HTML helpflow escaped.

Python-Markdown's ``admonition`` writes a note box (Material styles it), pymdown-extensions'
``details`` a box that opens at a click. The libraries write each box's frame once, from
Markdown that holds only its classes and two placeholder words; the plan's own HTML goes in
their place. No school or model string is ever read as Markdown, so none can become markup:
the escaping of #13 holds without ``attr_list`` or ``md_in_html``.
"""

from __future__ import annotations

import functools
import re

import markdown

_TITLE, _BODY = "hfblocktitle", "hfblockbody"
"""Placeholder words Markdown writes as they are."""
CLASS = re.compile(r"[a-z][a-z0-9-]*")
"""A class word the libraries take (their ``[\\w\\-]+``), and the plan's own names."""


@functools.lru_cache(maxsize=64)
def _frame(marker: str, classes: tuple[str, ...]) -> tuple[str, str, str]:
    """The box's HTML before its title, between its title and body, and after its body."""
    for word in classes:
        if not CLASS.fullmatch(word):
            raise ValueError(f"{word!r} is not a class word for a {marker} box")
    source = f'{marker} {" ".join(classes)} "{_TITLE}"\n    {_BODY}\n'
    written = _writer().reset().convert(source)
    before, rest = written.split(_TITLE)
    middle, after = rest.split(f"<p>{_BODY}</p>")
    return before.replace("\n", ""), middle.replace("\n", ""), after.replace("\n", "")


@functools.cache
def _writer() -> markdown.Markdown:
    """One Markdown for every frame: setting up its extensions costs more than a frame."""
    return markdown.Markdown(extensions=["admonition", "pymdownx.details"])


def _box(marker: str, classes: tuple[str, ...], title_html: str, body_html: str) -> str:
    before, middle, after = _frame(marker, classes)
    return f"{before}{title_html}{middle}{body_html}{after}"


def admonition(classes: tuple[str, ...], title_html: str, body_html: str) -> str:
    """A note box: its type first in ``classes`` (Material's colour and icon), its title, and
    ``body_html``, block HTML (a paragraph: ``<p>…</p>``)."""
    return _box("!!!", classes, title_html, body_html)


def details(classes: tuple[str, ...], summary_html: str, body_html: str) -> str:
    """A closed box that opens at the parent's click on ``summary_html``, holding ``body_html``
    (block HTML)."""
    return _box("???", classes, summary_html, body_html)
