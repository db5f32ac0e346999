"""The theme's own files in a built site: one copy for every language, and only what browsers load.

MkDocs copies Material's scripts and style sheets into each language's folder: identical
copies, each with Material's source maps (which the servers refuse to hand out anyway,
``headers.HIDDEN``) and the search stemmers of some thirty languages. A site keeps one
copy, at its root, that every language's pages point at; no source map; and only the
language files its search worker loads. What it knows of Material comes from ``material``.
"""

from __future__ import annotations

import filecmp
import os
import shutil
from collections.abc import Iterable, Sequence
from pathlib import Path

from helpflow.plan import material
from helpflow.publish.output import files_under


def share(site: Path, languages: Sequence[str], fresh: Iterable[str]) -> None:
    """Give the languages of ``site`` one copy of the theme's files, at its root.

    The languages in ``fresh`` were just built, each with its own copy: the first one's
    becomes the root's, the others' go (or stay, pages and all, should theirs differ).
    The other languages, taken from the previous site, point at the root already; when no
    language is fresh the caller put the previous site's root copy in place. Files taken
    from the previous site are only ever removed or replaced whole here, never changed.
    """
    needed: set[str] = set()
    for lang in languages:
        index = site / lang / material.SEARCH_INDEX
        if index.is_file():
            needed |= material.lunr_files(material.search_languages(index.read_text(encoding="utf-8")))
    for lang in fresh:
        _trim(site / lang, needed)
        shared = []
        for folder in material.THEME_ASSETS:
            own, root = site / lang / folder, site / folder
            if not own.is_dir():
                continue
            if not root.exists():
                root.parent.mkdir(parents=True, exist_ok=True)
                own.rename(root)
            elif _same(own, root):
                shutil.rmtree(own)
            else:
                continue
            shared.append(folder)
        for page in (site / lang).rglob("*.html"):
            text = page.read_text(encoding="utf-8")
            moved = material.theme_asset_urls(text, page.relative_to(site).as_posix(), shared)
            if moved != text:
                page.write_text(moved, encoding="utf-8")
    _trim(site, needed)


def _trim(home: Path, needed: set[str]) -> None:
    """The theme's files in ``home`` (a language's folder or the site's root) without source
    maps, nor the search languages no page of the site uses."""
    for folder in material.THEME_ASSETS:
        for name in files_under(home, folder):
            path = home / name
            if name.endswith(".map"):
                path.unlink()
            elif name.endswith((".js", ".css")) and "sourceMappingURL" in (text := path.read_text(encoding="utf-8")):
                _replace(path, material.without_source_map(text))
    lunr = home / material.LUNR
    for name in files_under(home, material.LUNR):
        if name.removeprefix(material.LUNR + "/") not in needed:
            (home / name).unlink()
    if lunr.is_dir():
        _prune_empty(lunr)


def _replace(path: Path, text: str) -> None:
    """Write ``path`` as a new file: it may be a link to the previous site's."""
    spare = path.with_name(f".{path.name}.helpflow-new")
    spare.write_text(text, encoding="utf-8")
    os.replace(spare, path)


def _same(one: Path, other: Path) -> bool:
    """Whether two folders hold the same files, byte for byte."""
    names = [name.split("/", 1)[1] for name in files_under(one.parent, one.name)]
    if sorted(names) != sorted(name.split("/", 1)[1] for name in files_under(other.parent, other.name)):
        return False
    return all(filecmp.cmp(one / name, other / name, shallow=False) for name in names)


def _prune_empty(folder: Path) -> None:
    """Remove the empty folders in ``folder``, and ``folder`` when it ends up empty."""
    for path in sorted((p for p in folder.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
        if not any(path.iterdir()):
            path.rmdir()
    if not any(folder.iterdir()):
        folder.rmdir()
