"""Everything helpflow knows about Material for MkDocs, in one place.

Class names of its buttons and admonitions, its palette's CSS variables, the theme
settings a school's site needs, and the fixes to its HTML. Plain Python: the core
writes Material's markup as text and never imports MkDocs or Material. When the
theme changes (or goes), this module is the one to change.
"""

from __future__ import annotations

import re

from typing import TYPE_CHECKING

from .text import attr

if TYPE_CHECKING:
    from .plan import SitePlan

ADMONITION = {"info": "info", "warning": "warning", "tip": "tip"}
"""A step note's kind -> Material's admonition type."""
OUTCOME_ADMONITION = {"self-service": "success", "contact-school": "warning"}
"""An outcome's kind -> the admonition type of its summary box."""


def button(href: str, html_text: str, primary: bool = False, extra: str = "") -> str:
    """A link that looks like Material's button."""
    classes = "md-button md-button--primary" if primary else "md-button"
    return f'<a class="{classes}{" " + extra if extra else ""}" href="{attr(href)}">{html_text}</a>'


def admonition(kind: str, title_html: str, body_html: str, extra: str = "") -> str:
    """Material's admonition box, as its ``admonition`` Markdown extension would write it."""
    classes = f"admonition {kind}" + (f" {extra}" if extra else "")
    return (f'<div class="{classes}"><p class="admonition-title">{title_html}</p>'
            f"<p>{body_html}</p></div>")


def palette_css(primary: str, primary_dark: str, accent: str, phone_logo: bool) -> str:
    """Material's custom palette variables for the school's colours (validated hex only)."""
    return f""":root, [data-md-color-scheme="default"] {{
  --md-primary-fg-color: {primary};
  --md-primary-fg-color--light: {primary};
  --md-primary-fg-color--dark: {primary_dark};
  --md-primary-bg-color: #ffffff;
  --md-accent-fg-color: {accent};
  --md-accent-fg-color--transparent: {accent}1a;
  --md-typeset-a-color: {primary};
  --hf-primary: {primary};
  --hf-accent: {accent};
}}
""" + (_PHONE_LOGO if phone_logo else "")


_PHONE_LOGO = """@media screen and (max-width: 76.234375em) {
  /* Material keeps the logo for wide screens; parents on a phone should see their school's too. */
  .md-header__button.md-logo { display: inline-block; }
}
"""

def sitemap_folders(plan: SitePlan) -> list[str]:
    """Folders below a language's root that need a copy of its ``sitemap.xml``.

    Material's script fetches ``sitemap.xml`` beside each page's language alternates
    (``new URL("sitemap.xml", alternate)``), so a page in a flow's folder asks for one
    there; without a copy every such page logs a 404.
    """
    return sorted({page.path.rsplit("/", 1)[0] for page in plan.pages if "/" in page.path})


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
    """Every fix to Material's pages, in order; the identity on markup that needs none."""
    return drop_checkbox_autocomplete(html)
