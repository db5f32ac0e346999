"""Everything one language's site of one school needs, computed without MkDocs.

The MkDocs hook copies these values into MkDocs' structures; another site
generator could do the same.
"""

from __future__ import annotations

import functools
import html
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .branding import school_css
from .errors import HelpflowError
from .flowfile import load_flow, load_ui
from .model import Flow
from .pages import Page, build_pages, page_paths
from .school import Logo, School, load_school
from .text import attr, html_path, mailto


@dataclass(frozen=True)
class Alternate:
    lang: str
    name: str
    link: str
    """The counterpart page, relative to this language's site root."""


@dataclass(frozen=True)
class LanguageSite:
    lang: str
    school: School
    flow: Flow
    pages: tuple[Page, ...]
    alternates: Mapping[str, tuple[Alternate, ...]]
    """Page key -> the same page in each of the school's languages."""
    css: str
    copyright_html: str

    @property
    def logo(self) -> Logo | None:
        return self.school.logo

    def page_for(self, src_uri: str) -> Page | None:
        return next((p for p in self.pages if p.path == src_uri), None)


def _cached_by_mtime(loader):  # type: ignore[no-untyped-def]
    """Cache a file loader per (path, modification time): a school group's build loads the
    model once, and a live-reloading preview sees every edit."""
    cached = functools.lru_cache(maxsize=256)(lambda path, _mtime: loader(path))

    @functools.wraps(loader)
    def load(path: Path):  # type: ignore[no-untyped-def]
        try:
            mtime = os.stat(path).st_mtime_ns
        except OSError:
            mtime = 0
        return cached(Path(path), mtime)

    return load


load_flow_cached = _cached_by_mtime(load_flow)
load_ui_cached = _cached_by_mtime(load_ui)
load_school_cached = _cached_by_mtime(load_school)


def language_site(flow_path: Path, ui_path: Path, school_path: Path, lang: str) -> LanguageSite:
    """Load (or reuse) the inputs and compute the ``lang`` site of one school."""
    flow, ui, school = load_flow_cached(flow_path), load_ui_cached(ui_path), load_school_cached(school_path)
    if lang not in school.languages:
        raise HelpflowError(f"{school_path}: languages: '{lang}' is not one of this school's languages "
                            f"({', '.join(school.languages)}); add it to 'languages' or build another")
    pages = tuple(build_pages(flow, school, ui, lang))
    paths = {other: page_paths(flow, ui, other) for other in school.languages}
    alternates = {
        page.key: tuple(Alternate(other, ui["language_name"][other],
                                  f"../{other}/{html_path(paths[other][page.key])}")
                        for other in school.languages)
        for page in pages
    }
    copyright_html = (f'{html.escape(school.name)} · <a href="{attr(mailto(school.email))}">'
                      f"{html.escape(school.email)}</a>")
    return LanguageSite(lang, school, flow, pages, alternates, school_css(school), copyright_html)

