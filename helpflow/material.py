"""Everything helpflow knows about Material for MkDocs, in one place.

Class names of its buttons and admonitions, its palette's CSS variables, the theme
settings a school's site needs, and the fixes to its HTML. Plain Python: the core
writes Material's markup as text and never imports MkDocs or Material. When the
theme changes (or goes), this module is the one to change.
"""

from __future__ import annotations

import re

from collections.abc import Mapping
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


_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog"'
"""The search dialog's start tag but its ``>``: matched with it, so that a dialog already named
(Zensical's, from the same template) keeps its one name."""
_ENGLISH_LANDMARKS = {"landmark_header": 'aria-label="Header"'}
"""Material names this landmark in English whatever the page's language (its nl and fr
translations say "Header")."""


def name_page_parts(html: str, labels: Mapping[str, str]) -> str:
    """The header landmark named in the page's language, and the search dialog
    given a name (Material gives it none)."""
    for key, english in _ENGLISH_LANDMARKS.items():
        html = html.replace(english, f'aria-label="{attr(labels[key])}"', 1)
    return html.replace(_SEARCH_DIALOG + ">", f'{_SEARCH_DIALOG} aria-label="{attr(labels["search_dialog"])}">', 1)


def fix_html(html: str, labels: Mapping[str, str]) -> str:
    """Every fix to Material's pages, in order; ``labels`` name its parts in the page's language."""
    return name_page_parts(drop_checkbox_autocomplete(html), labels)


PAGE_ALTERNATES = "alternate"
"""The front matter key of a page's counterparts in the other languages."""
PAGE_META = {"hide": ["toc"]}
"""Material's page settings for every planned page: one heading, so no table of contents."""

_ALTERNATE_PARTIAL = """{#- helpflow: Material's partials/alternate.html, listing the page's own counterparts
  (front matter `alternate`), so the switch lands on the same page; none on the 404 page, as in
  the normal build (its text links to each language). -#}
{%- if page and page.meta and page.meta.alternate -%}
<div class="md-header__option">
  <div class="md-select">
    {% set icon = config.theme.icon.alternate or "material/translate" %}
    <button class="md-header__button md-icon" aria-label="{{ lang.t('select.language') }}">
      {% include ".icons/" ~ icon ~ ".svg" %}
    </button>
    <div class="md-select__inner">
      <ul class="md-select__list">
        {% for alt in page.meta.alternate %}
          <li class="md-select__item">
            <a href="{{ alt.link | url }}" hreflang="{{ alt.lang }}" class="md-select__link">
              {{ alt.name }}
            </a>
          </li>
        {% endfor %}
      </ul>
    </div>
  </div>
</div>
{%- endif %}
"""


EXPORT_THEME = {"variant": "classic"}
"""An exported project's theme settings beside the normal build's: Zensical's ``classic``
look, which is Material's, the one our CSS is written for (Material ignores the key)."""


def override_templates() -> dict[str, str]:
    """Template overrides an exported project adds to the normal build's (path -> text):
    without the hook, each page's language switch reads its counterparts from the page."""
    return {"partials/alternate.html": _ALTERNATE_PARTIAL}
