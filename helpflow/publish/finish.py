"""What a site's pages go through after the engine built them, in one fixed order: the one
way ``helpflow build`` (MkDocs and the hook) and ``helpflow assemble`` (any engine) finish a site.

Each step rewrites the built files of the languages the engine just built, the pages in
memory (``BuiltPages``: each page read once and written once, with the security policy). The
security headers are no step: ``finish_site`` writes them itself, after every step, because
their Content-Security-Policy lists the hash of every inline script in the pages as they are
served, and a step after them would change a page under its hash. No caller can put a
step after them, nor forget them.

To add a step, write a function ``step(site: Built, pages: BuiltPages) -> None`` and add it to
``STEPS`` in its place: one line. A step may rename files and change pages; it must not add an
inline script (an engine's site lets run only those ``engine_scripts`` knows).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from helpflow.errors import HelpflowError, printable, problem
from helpflow.plan import material
from helpflow.publish import engine_scripts, theme_assets
from helpflow.publish.built_pages import BuiltPages
from helpflow.publish.headers import can_hold_policy, inline_scripts, write_security_headers
from helpflow.publish.whitespace import squeeze


@dataclass(frozen=True)
class Built:
    """A site whose pages an engine wrote, and what finishing it needs to know."""

    site: Path
    languages: tuple[str, ...]
    """Every language folder of the site."""
    fresh: tuple[str, ...]
    """The languages the engine just built; the others were taken, finished, from the previous site."""
    default_lang: str | None = None
    """The school's first language (its 404 page answers outside the language folders); None: the root page's."""
    base_path: str | None = None
    """The site's URL path (``/``, ``/help/``); None: the root page's canonical link's."""
    labels: Mapping[str, Mapping[str, str]] | None = None
    """Per language, the names of Material's page parts, for an engine that ran without helpflow's
    hook (``assemble``); None when the hook fixed and squeezed the pages as MkDocs wrote them."""
    engine_built: Callable[[str], Path] | None = None
    """When another engine wrote the pages (``assemble``), where it wrote each (from its path in the
    site): then only the inline scripts it is known to write may run, and a refusal names the page."""


Step = Callable[[Built, BuiltPages], None]


def fix_material(built: Built, pages: BuiltPages) -> None:
    """Material's HTML fixed (``material.fix_html``) where no hook fixed it as it was written."""
    if built.labels is None:
        return
    for lang in built.fresh:
        for name in pages.names(lang):
            pages.put(name, material.fix_html(pages.text(name), built.labels[lang]))


def patch_search(built: Built, pages: BuiltPages) -> None:
    """Material's script and search worker patched (``material.patch_bundle``): search loads when
    the parent opens it and stems what the parent types, as it stems the index. The hook patches
    as MkDocs writes; this gives an export built by another engine with Material (ProperDocs)
    the same. A theme without Material's script (Zensical's) is left as it is."""
    for lang in built.fresh:
        if material.has_materials_bundle(built.site / lang):
            material.patch_bundle(built.site / lang)


def squeeze_pages(built: Built, pages: BuiltPages) -> None:
    """The templates' indentation out of every page (``whitespace``), where no hook squeezed it
    as it was written."""
    if built.labels is None:
        return
    for lang in built.fresh:
        for name in pages.names(lang):
            pages.put(name, squeeze(pages.text(name)))


def share_theme(built: Built, pages: BuiltPages) -> None:
    """One copy of the theme's files at the site's root (``theme_assets``)."""
    theme_assets.share(built.site, built.languages, built.fresh, pages)


STEPS: tuple[Step, ...] = (fix_material, patch_search, squeeze_pages, share_theme)
"""The steps, in order; the security headers follow the last."""


def finish_site(built: Built) -> dict[str, str]:
    """Run the ``STEPS`` over ``built``, then write its security headers; return them.

    The site's root page and every file helpflow writes itself must be in place: the
    headers take the site's address from the root page and hash the scripts of every page."""
    pages = BuiltPages(built.site)
    for step in STEPS:
        step(built, pages)
    if built.engine_built:
        refuse_unknown_scripts(pages, built.engine_built)
    return write_security_headers(built.site, default_lang=built.default_lang, base_path=built.base_path,
                                  pages=pages)


def refuse_unknown_scripts(pages: BuiltPages, shown: Callable[[str], Path]) -> None:
    """A one-line error naming the first page holding an inline script that no known engine
    writes (it would be hashed into the policy, and run), or no ``<head>`` to hold the policy,
    where the engine wrote it."""
    for name in pages.names():
        if not can_hold_policy(pages.text(name)):
            raise HelpflowError(problem(shown(name), "", "this page has no <head> to hold the site's security policy",
                                        "build this language again with the engine alone (README, Engines)"))
        for script in inline_scripts(pages.text(name)):
            if not engine_scripts.known(script):
                raise HelpflowError(problem(
                    shown(name), "", "an inline script no known engine writes "
                    f"({printable(' '.join(script.split()), 60)}) would run with the site's policy",
                    "build this language again with the engine alone, and change nothing in its output "
                    "(README, Engines)"))
