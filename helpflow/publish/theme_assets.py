"""The files every page of a site loads, theme's and ours: one copy at the site's root for every
language, named by their content, and only what browsers load.

MkDocs copies Material's scripts and style sheets into each language's folder: identical
copies, each with Material's source maps (which the servers refuse to hand out anyway,
``headers.HIDDEN``) and the search stemmers of some thirty languages. A site keeps one
copy, at its root, that every language's pages point at; no source map; and only the
language files its search worker loads. What it knows of Material comes from ``material``.

Ours (each language's ``assets/`` but Material's folders: our style sheet with the school's
colours, our scripts, the school's logo) go to the root likewise, scripts and style sheets
minified, each named by its content like Material's (``main.1f2e3d4c5b.js``): a browser keeps
them for a year (``headers.FINGERPRINTED``), and a language switch loads nothing again.
"""

from __future__ import annotations

import filecmp
import hashlib
import os
import posixpath
import re
import shutil
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import rcssmin
import rjsmin

from helpflow.errors import HelpflowError
from helpflow.plan import material
from helpflow.publish.built_pages import BuiltPages
from helpflow.publish.output import SHARED_ASSETS, files_under

ASSETS_URL = f"{SHARED_ASSETS}/"
"""What every link to one of our files has in it (``../assets/…``, ``/nl/assets/…``): others are left unread."""
HASH_LENGTH = 10
"""Hex digits of the content hash in a file's name: headers.FINGERPRINTED reads 8 to 64."""
_URL = re.compile(rf'{material.LINKED}(?P<url>[^"]*{re.escape(ASSETS_URL)}[^"]*)"')
"""A link or source to one of the site's own files: the only addresses read or changed here."""
_SPECIFIER = re.compile(r"""(?P<before>\b(?:from|import)\s*\(?\s*)(?P<quote>["'])(?P<url>\.{1,2}/[^"'\s]+)(?P=quote)""")
"""A script's module specifier written out (``import … from "./dom.js"``, ``import("./route.js")``):
what the browser fetches, which fingerprinting renames. A computed one (``new URL(`../tools/${name}.js`,
import.meta.url)``) cannot be renamed: the files it reaches keep their names (and are revalidated)."""


def share(site: Path, languages: Sequence[str], fresh: Iterable[str], pages: BuiltPages) -> None:
    """Give the languages of ``site`` one copy of the theme's files, at its root; the pages'
    links change in ``pages`` (the caller writes them).

    The languages in ``fresh`` were just built, each with its own copy or (``helpflow build``
    copies the theme into the first only) none: the first one's becomes the root's, the others'
    go (or stay, pages and all, should theirs differ).
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
                if root.is_dir():  # built without its own copy: the root has the first language's
                    shared.append(folder)
                continue
            if not root.exists():
                root.parent.mkdir(parents=True, exist_ok=True)
                own.rename(root)
            elif _same(own, root):
                shutil.rmtree(own)
            else:
                continue
            shared.append(folder)
        _point_pages(site, lang, shared, pages)
    _trim(site, needed)


def share_ours(site: Path, fresh: Iterable[str]) -> None:
    """Our files of each language in ``fresh`` (its ``assets/`` but Material's folders), minified and
    named by their content, once at the root of ``site``; the language's pages point at them.
    (``share`` does this too, with Material's files.)

    A script's written-out module specifiers follow the names of the files they import, so a
    script's name covers what it imports too. A file no page nor script names literally keeps
    its name (a computed import still finds it beside the others); it must then be the same in
    every language."""
    pages = BuiltPages(site)
    for lang in fresh:
        _point_pages(site, lang, [], pages)
    pages.write()


def _point_pages(site: Path, lang: str, shared: list[str], pages: BuiltPages) -> None:
    """Move our files of ``lang`` to the root (``_move_ours``), and its pages' links to them and to
    the ``shared`` folders of Material's files."""
    texts = {name: pages.text(name) for name in pages.names(lang)}
    moved = _move_ours(site, lang, texts)
    for name, text in texts.items():
        new = material.theme_asset_urls(text, name, shared) if shared else text
        pages.put(name, _moved_urls(new, name, moved) if moved else new)


def _move_ours(site: Path, lang: str, pages: Mapping[str, str]) -> dict[str, str]:
    """Our files of ``lang`` at the site's root, minified, those the ``pages`` (path in the site ->
    text) or our scripts name literally named by their content; return their moves (old path ->
    new path, both in the site)."""
    names = [name for name in files_under(site, f"{lang}/{SHARED_ASSETS}")
             if not name.startswith(tuple(f"{lang}/{folder}/" for folder in material.THEME_ASSETS))]
    if not names:
        return {}
    data = {name.split("/", 1)[1]: _minified(name, (site / name).read_bytes()) for name in names}
    literal = {_resolve(page, url) for page, text in pages.items() for url in _urls(text, _URL)}
    renamed = _fingerprint(data, {path.split("/", 1)[1] for path in literal if path.startswith(f"{lang}/")})
    for path, content in data.items():
        _put(site, lang, renamed.get(path, path), content)
        (site / lang / path).unlink()
    _prune_empty(site / lang / SHARED_ASSETS)
    return {f"{lang}/{path}": renamed.get(path, path) for path in data}


def _minified(name: str, data: bytes) -> bytes:
    """Our scripts and style sheets without comments and indentation; other files as they are."""
    if name.endswith(".js"):
        return str(rjsmin.jsmin(data.decode("utf-8"))).encode("utf-8")
    if name.endswith(".css"):
        return str(rcssmin.cssmin(data.decode("utf-8"))).encode("utf-8")
    return data


def _fingerprint(data: dict[str, bytes], literal: set[str]) -> dict[str, str]:
    """New names (path -> path) of the files of ``data`` some page or script names literally, each
    with its content's hash; their scripts' specifiers (in ``data``) follow the new names. A
    script is named after the files it imports; scripts that import each other in a cycle are
    named together (one hash of all of them)."""
    imports = {path: {_resolve(path, url) for url in _urls(content.decode("utf-8"), _SPECIFIER)} & data.keys()
               for path, content in data.items() if path.endswith(".js")}
    literal |= {target for targets in imports.values() for target in targets}
    renamed: dict[str, str] = {}
    pending = sorted(path for path in data if path in literal)
    while pending:
        ready = [path for path in pending if not imports.get(path, set()) - renamed.keys() - {path}]
        for group in [[path] for path in ready] or [pending]:  # none ready: a cycle, all that is left together
            for path in group:
                if path in imports:
                    data[path] = _renamed_imports(data[path], path, renamed)
            digest = hashlib.sha256(b"".join(data[path] for path in group)).hexdigest()[:HASH_LENGTH]
            renamed |= {path: _with_hash(path, digest) for path in group}
            if not ready:
                for path in group:  # the cycle's own specifiers, now that its names are known
                    data[path] = _renamed_imports(data[path], path, renamed)
        pending = [path for path in pending if path not in renamed]
    for path in imports.keys() - renamed.keys():  # a script that keeps its name imports the new ones too
        data[path] = _renamed_imports(data[path], path, renamed)
    return renamed


def _with_hash(path: str, digest: str) -> str:
    """``assets/widget/main.js`` as ``assets/widget/main.<digest>.js``."""
    folder, name = posixpath.split(path)
    stem, dot, ext = name.rpartition(".")
    return posixpath.join(folder, f"{stem}.{digest}.{ext}" if dot and stem else f"{name}.{digest}")


def _renamed_imports(content: bytes, path: str, renamed: Mapping[str, str]) -> bytes:
    """The script ``content`` (at ``path``) importing the files of ``renamed`` by their new names."""

    def follow(match: re.Match[str]) -> str:
        target = _resolve(path, match["url"])
        if target not in renamed:
            return match[0]
        new = posixpath.relpath(renamed[target], posixpath.dirname(path))
        return f'{match["before"]}{match["quote"]}{new if new.startswith(".") else "./" + new}{match["quote"]}'

    return _SPECIFIER.sub(follow, content.decode("utf-8")).encode("utf-8")


def _urls(text: str, pattern: re.Pattern[str]) -> list[str]:
    return [match["url"] for match in pattern.finditer(text)]


def _resolve(path: str, url: str) -> str:
    """The path in the site (or in a language's folder) that ``url`` in the file ``path`` leads to;
    "" for a URL elsewhere (another host, an address from the host's root, a fragment)."""
    if not url or url.startswith(("/", "#")) or ":" in url.split("/", 1)[0]:
        return ""
    return posixpath.normpath(posixpath.join(posixpath.dirname(path), url.split("#")[0].split("?")[0]))


def _put(site: Path, lang: str, path: str, content: bytes) -> None:
    """``content`` at ``path`` of the site's root, unless there already (the same name, fingerprinted
    or checked equal)."""
    target = site / path
    if target.exists():
        if target.read_bytes() != content:
            raise HelpflowError(f"{lang}/{path}: differs from another language's copy, and no page names it "
                                "literally to give it a name of its own (please report this)")
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)


def _moved_urls(html: str, page: str, moved: Mapping[str, str]) -> str:
    """``html`` of the page ``page`` (its path in the site), its links to the files of ``moved``
    (old path -> new path at the root) leading to the new ones: relative ones, and those from
    the host's root (``/nl/assets/…``, the 404 page's)."""
    folder = posixpath.dirname(page)

    def move(match: re.Match[str]) -> str:
        url = match["url"]
        rest = url[len(url.split("#")[0].split("?")[0]):]
        if url.startswith("/") and not url.startswith("//"):
            path = url[:len(url) - len(rest)]
            for old, new in moved.items():
                if path.endswith("/" + old):
                    return f'="{path[:-len(old)]}{new}{rest}"'
            return match[0]
        target = _resolve(page, url)
        if target not in moved:
            return match[0]
        return f'="{posixpath.relpath(moved[target], folder)}{rest}"'

    return _URL.sub(move, html)


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
