"""Fixes to Material's built HTML, so every page is valid HTML and accessible.

Applied to each page's final HTML by the MkDocs hook (``on_post_page`` and, for
404.html, ``on_post_template``). Plain string work: the core never imports MkDocs.
"""

from __future__ import annotations

import re

_INPUT = re.compile(r"<input\b[^>]*>", re.I)
_CHECKBOX = re.compile(r"""\btype\s*=\s*["']?checkbox\b""", re.I)
_AUTOCOMPLETE = re.compile(r"""\s+autocomplete\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""", re.I)


def drop_checkbox_autocomplete(html: str) -> str:
    """Remove ``autocomplete`` from checkboxes, where HTML does not allow it.

    Material puts ``autocomplete="off"`` on its drawer and search toggles (to stop
    Firefox restoring their state on reload); the Nu Html Checker flags it as an error
    on every page. Material's script resets those toggles on load anyway.
    """
    def fix(match: re.Match[str]) -> str:
        tag = match[0]
        return _AUTOCOMPLETE.sub("", tag) if _CHECKBOX.search(tag) else tag

    return _INPUT.sub(fix, html)


def fix_html(html: str) -> str:
    """Every fix, in order; the identity on markup that needs none."""
    return drop_checkbox_autocomplete(html)
