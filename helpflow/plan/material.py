"""Everything helpflow knows about Material for MkDocs, in one place.

Class names of its buttons and admonition types (``blocks`` writes the boxes), its palette's
CSS variables, the theme settings a school's site needs, and the fixes to its HTML. Plain
Python: the core never imports MkDocs or Material. When the theme changes (or goes), this
module is the one to change.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from helpflow.errors import HelpflowError
from helpflow.plan.text import attr

ADMONITION = {"info": "info", "warning": "warning", "tip": "tip"}
"""A step note's kind -> Material's admonition type."""
OUTCOME_ADMONITION = {"self-service": "success", "contact-school": "warning"}
"""An outcome's kind -> the admonition type of its summary box."""
CONTACT_ADMONITION = "tip"
"""The admonition type of the school's phone line."""
SCOPE = "scope"
"""Material's ``extra.scope``: the URL path its stored settings are keyed under, and the one
value its inline script in every page's ``<head>`` takes from the page
(``partials/javascripts/base.html``). Left to Material, it is the page's way to its language's
root (``.``, ``..``, ``/nl/`` on a 404 page): one script, and one hash in the
Content-Security-Policy of every response, per folder depth and language. Set to the site's
own path, it is one script on every page."""


def button(href: str, html_text: str, primary: bool = False, extra: str = "") -> str:
    """A link that looks like Material's button."""
    classes = "md-button md-button--primary" if primary else "md-button"
    return f'<a class="{classes}{" " + extra if extra else ""}" href="{attr(href)}">{html_text}</a>'


def palette_css(primary: str, primary_dark: str, accent: str, phone_logo: bool,
                logo_size: tuple[float, float] | None) -> str:
    """Material's custom palette variables for the school's colours (validated hex only), and the
    logo's shape (``logo_size``, its width and height in any unit) when it is known."""
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
""" + (_PHONE_LOGO if phone_logo else "") + (_logo_shape(*logo_size) if logo_size else "")


def _logo_shape(width: float, height: float) -> str:
    """Material sizes the logo by its height alone (``width: auto``), so the header's title
    moves aside once the image has loaded (a layout shift); its shape, known before, keeps
    its place from the start."""
    return f".md-logo img {{ aspect-ratio: {_css_number(width)} / {_css_number(height)}; }}\n"


def _css_number(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")


_PHONE_LOGO = """@media screen and (max-width: 76.234375em) {
  /* Material keeps the logo for wide screens; parents on a phone should see their school's too. */
  .md-header__button.md-logo { display: inline-block; }
}
"""


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
  (its `alternate`: set by the hook, or an export's front matter), so the switch lands on the same
  page; none on the 404 page (its text links to each language). -#}
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


_COPYRIGHT_PARTIAL = """{#- helpflow: Material's partials/copyright.html, the footer's line: the school, and on
  every page (the 404 page too) the link to the accessibility statement, relative to the page
  (MkDocs' url filter); its text is a plan label. No "Made with" line. -#}
<div class="md-copyright">
  {%- if config.copyright %}<div class="md-copyright__highlight">{{ config.copyright }}</div>{% endif %}
  <a class="hf-statement-link" href="{{ 'accessibility.html' | url }}">{{ config.extra.helpflow.labels.a11y_link | e }}</a>
</div>
"""


def override_templates() -> dict[str, str]:
    """Material's partials as helpflow has them (path -> text), in both builds: the hook puts
    them before the theme's, an export writes them into its overrides. The language switch
    reads each page's own counterparts from the page, so the ``<head>``'s hreflang links
    (``extra.alternate``) can name them in full, as search engines want them."""
    return {"partials/alternate.html": _ALTERNATE_PARTIAL, "partials/copyright.html": _COPYRIGHT_PARTIAL}


BUNDLE = "assets/javascripts/bundle.*.min.js"
"""Material's script in a built site (its name hashed per release)."""
_LAZY_WORKER = ("function __helpflowLazyWorker(url){let worker,listeners=[];return{"
                "addEventListener(...args){worker?worker.addEventListener(...args):listeners.push(args)},"
                "removeEventListener(...args){worker?worker.removeEventListener(...args):"
                "listeners=listeners.filter(([type,listener])=>type!==args[0]||listener!==args[1])},"
                "postMessage(message){if(!worker){worker=new Worker(url);"
                "for(const args of listeners)worker.addEventListener(...args)}worker.postMessage(message)}}}")
"""A stand-in for Material's search worker that starts the real one with the first message."""
_BUNDLE_PATCHES = {
    # Material starts its search worker (then lunr) as every page loads...
    "function Mn(e,t=new Worker(e)){": _LAZY_WORKER + "function Mn(e,t=__helpflowLazyWorker(e)){",
    # ...and sends it the search index at once, but on file: pages, where it waits for the
    # search box to open: wait for it everywhere, so nothing loads until the parent searches.
    'L($(location.protocol!=="file:"),Je("search"))': 'Je("search")',
    # It fetches sitemap.xml beside each <head> language link, so that its language switch can
    # keep the page; ours names each page's own counterparts already.
    "ui({document$:ct});": "",
}


WORKER = "assets/javascripts/workers/search.*.min.js"
"""Material's search worker in a built site (its name hashed per release)."""
_STEMMED_QUERY = "`${r}* ${r}`)"
_WORKER_PATCHES = {
    # The worker makes every word of a query a prefix search ("wachtwoorden*", for search as you
    # type), which lunr never stems: against the stemmed index ("wachtwoord") an inflected word
    # finds nothing. Each word is asked for twice: as a prefix, as typed, and whole, stemmed in the
    # page's language like the index ("wachtwoorden", "activer", "activating" find their pages).
    ".map(r=>/(^[+-]|[~^]\\d+$)/.test(r)?r:`${r}*`)": ".map(r=>/(^[+-]|[~^]\\d+$)/.test(r)?r:" + _STEMMED_QUERY,
}


def _patched(script: str, name: str, patches: Mapping[str, str], what: str) -> str:
    for old, new in patches.items():
        if (found := script.count(old)) != 1:
            raise HelpflowError(f"{name}: Material's {what} has '{old}' {found} times, not once: check "
                                "material.patch_bundle against this version (tests/test_mkdocs_pins.py)")
        script = script.replace(old, new)
    return script


def patched_bundle(script: str, name: str) -> str:
    """Material's script (``name``) made to load nothing for search or sitemaps before the parent
    opens search; a one-line error when a part it changes is not there exactly once."""
    return _patched(script, name, _BUNDLE_PATCHES, "script")


def patched_worker(script: str, name: str) -> str:
    """Material's search worker (``name``) made to stem the words of a query as it stems the index."""
    return _patched(script, name, _WORKER_PATCHES, "search worker")


def has_materials_bundle(site: Path) -> bool:
    """Whether a built language's script is Material's (any of the parts ``patch_bundle`` changes is
    in it): another theme's script of the same name (Zensical's) is not patched. Material's with a
    part missing is, and ``patch_bundle`` then says which part."""
    found = sorted(site.glob(BUNDLE))
    return len(found) == 1 and any(old in found[0].read_text(encoding="utf-8") for old in _BUNDLE_PATCHES)


def patch_bundle(site: Path) -> None:
    """Patch Material's script (``patched_bundle``) and search worker (``patched_worker``) in a built
    site in place; a copy an earlier build patched (``mkdocs serve --dirty`` keeps it) is left as it is."""
    for pattern, patch, marker in ((BUNDLE, patched_bundle, _LAZY_WORKER), (WORKER, patched_worker, _STEMMED_QUERY)):
        found = sorted(site.glob(pattern))
        if len(found) != 1:
            raise HelpflowError(f"{site}: {len(found)} files match Material's {pattern}, not one: "
                                "check material.patch_bundle against this version")
        script = found[0].read_text(encoding="utf-8")
        if marker not in script:
            found[0].write_text(patch(script, found[0].name), encoding="utf-8")


THEME_ASSETS = ("assets/javascripts", "assets/stylesheets")
"""Material's own folders in a language's build, byte for byte the same in every language:
a site keeps one copy of them, at its root (``theme_assets.share``)."""
SEARCH_INDEX = "search/search_index.json"
"""A language's search index, in its folder; its ``config.lang`` names the languages its search stems."""
LUNR = "assets/javascripts/lunr"
"""The search worker's language files, found relative to the worker itself."""
_SOURCE_MAP = re.compile(r"\n?(?://# sourceMappingURL=[^\n]*|/\*# sourceMappingURL=[^\n]*?\*/)\s*\Z")
LINKED = r'="(?:(?<=href=")(?<![\w-]href=")|(?<=src=")(?<![\w-]src="))'
"""What comes before a link's or a source's address in a page (``href="``, ``src="``, an SVG's
``xlink:href="``; not ``data-src="``): a pattern that starts with a written-out ``="`` is
scanned for by Python's ``re`` as a string, 20 times faster than one that starts with a name."""
_SEARCH_WORKER = re.compile(r'(?P<before>"search":\s*")(?P<url>[^"]*)"')
"""The search worker's address in Material's ``__config``."""


def search_languages(index: str) -> tuple[str, ...]:
    """The languages a search index (the text of ``SEARCH_INDEX``) is stemmed in."""
    lang = json.loads(index).get("config", {}).get("lang", [])
    return tuple(lang) if isinstance(lang, list) else ()


def lunr_files(languages: Iterable[str]) -> set[str]:
    """The files (in ``LUNR``) Material's search worker loads for one site searched in
    ``languages``, as its ``setupSearchLanguages`` picks them: a stemmer per language but
    English, the word splitters of Japanese, Hindi and Thai, ``multi`` for more than one
    language, and the stemmers' support."""
    languages = list(languages)
    files = {f"min/lunr.{lang}.min.js" for lang in languages if lang != "en"}
    files |= {"tinyseg.js" for lang in languages if lang == "ja"}
    files |= {"wordcut.js" for lang in languages if lang in ("hi", "th")}
    if len(languages) > 1:
        files.add("min/lunr.multi.min.js")
    return files | {"min/lunr.stemmer.support.min.js"} if files else set()


def without_source_map(code: str) -> str:
    """A script or style sheet without its closing ``sourceMappingURL`` comment: the
    site has no source maps, and a browser's developer tools would ask for them."""
    return _SOURCE_MAP.sub("\n", code)


def theme_asset_urls(html: str, page: str, shared: Iterable[str] = THEME_ASSETS) -> str:
    """``html`` of the page ``page`` (its path in the site: ``nl/flow/x.html``), its references
    to the ``shared`` folders of its language's theme files leading to the site root's copy:
    ``../assets/javascripts/…`` one folder further up, ``/nl/assets/…`` (the 404 page's,
    from the host's root) without the language. The search worker's address in ``__config``
    too: it finds its language files relative to itself."""
    folder, lang = posixpath.dirname(page), page.split("/", 1)[0]
    moved = tuple(f"{lang}/{name}/" for name in shared)
    names = "|".join(map(re.escape, shared))
    absolute = re.compile(rf"(/(?:[^?#]*/)?){re.escape(lang)}/((?:{names})/[^?#]+)")

    def move(match: re.Match[str]) -> str:
        url = match["url"]
        if url.startswith("/"):
            found = absolute.fullmatch(url) if not url.startswith("//") else None
            new = f"{found[1]}{found[2]}" if found else url
        elif ":" in url.split("/", 1)[0] or url.startswith("#"):
            new = url
        else:
            target = posixpath.normpath(posixpath.join(folder, url))
            new = posixpath.relpath(target.split("/", 1)[1], folder) if target.startswith(moved) else url
        return f'{match[0][:match.start("url") - match.start()]}{new}"'

    linked = re.compile(rf'{LINKED}(?P<url>[^"]*(?:{names})/[^"]*)"')
    return _SEARCH_WORKER.sub(move, linked.sub(move, html))
