"""The theme's templates for MkDocs' Jinja environments: compiled once per machine, listed once per process.

MkDocs makes a fresh Jinja environment per build (and Material's search plugin a few more)
and would compile every template again: Material's thirty-odd templates cost more than
rendering a language's pages. Jinja compiles a template to Python code, as Python compiles a
module to bytecode; like Python's ``__pycache__``, the compiled templates are kept on disk
and every later build, in any process, loads them instead. Jinja keys each on the template's
name and its source's checksum, and refuses code compiled by another Python: a changed theme
or interpreter compiles again, never runs stale code.
"""

from __future__ import annotations

import os
import stat
from contextlib import suppress
from pathlib import Path
from typing import ClassVar

import jinja2

from helpflow.errors import HelpflowError
from helpflow.load.safefile import read_limited, write_file

CODE_LIMIT = 4 << 20
"""Bytes a compiled template may have: Material's largest is 60 KB."""
CACHE_FOLDER = "templates"
"""The compiled templates' folder in helpflow's cache folder (``cache_folder``)."""


def cache_folder() -> Path:
    """helpflow's folder in the user's cache (``$XDG_CACHE_HOME``, else ``~/.cache``), as pip's and mypy's."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "helpflow" / CACHE_FOLDER


class TemplateCache(jinja2.BytecodeCache):
    """Compiled templates in memory for the process (and the workers forked from it), and in
    ``folder`` for every later process.

    What is read from the folder runs as code: a folder another user could write to is not
    used (its owner must be this user, and no one else may write to it or to its parent).
    A folder that cannot be made or written leaves the cache to memory; a file that is not
    Jinja's code for this Python (another version's, cut short, written over) is compiled again."""

    def __init__(self, folder: Path) -> None:
        self.compiled: dict[str, bytes] = {}
        self.folder = folder
        self._checked: bool | None = None

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is None and self._usable():
            try:
                code = read_limited(self._file(bucket.key), CODE_LIMIT, "compiled template")
            except HelpflowError:  # not there yet, or no regular file: compiled again
                return
            self.compiled[bucket.key] = code
        if code is None:
            return
        try:
            bucket.bytecode_from_string(code)
        except Exception:  # a file cut short or written over (pickle, marshal): compiled again
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.compiled[bucket.key] = bucket.bytecode_to_string()
        if not self._usable():
            return
        file = self._file(bucket.key)
        with suppress(OSError):  # a full disk leaves the cache to memory
            write_file(file.parent, file.name, code, mode=stat.S_IRUSR | stat.S_IWUSR)

    def _file(self, key: str) -> Path:
        return self.folder / f"{key}.jinja"

    def _usable(self) -> bool:
        """Whether the folder is there, or could be made, and only this user can write to it."""
        if self._checked is None:
            self._checked = _private(self.folder)
        return self._checked


def _private(folder: Path) -> bool:
    try:
        folder.mkdir(mode=stat.S_IRWXU, parents=True, exist_ok=True)
    except OSError:
        return False
    return all(_owned(path) for path in (folder, folder.parent))


def _owned(path: Path) -> bool:
    try:
        info = os.lstat(path)
    except OSError:
        return False
    return (stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid()
            and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH))


TEMPLATE_CACHE = TemplateCache(cache_folder())


class ThemeLoader(jinja2.FileSystemLoader):
    """The theme's folders, their files listed once per process and without hidden folders.

    Each MkDocs build lists every file of the theme (``Files.add_files_from_theme``) and tests
    each name against its patterns, only to drop the hidden ones: Material's thousands of
    icons (``.icons``) made that a third of a language's build. Listings are kept per
    folder list: a file added to a theme folder while ``mkdocs serve`` runs shows after a restart.
    """

    listed: ClassVar[dict[tuple[str, ...], list[str]]] = {}

    def list_templates(self) -> list[str]:
        key = tuple(str(folder) for folder in self.searchpath)
        if key not in self.listed:
            found: set[str] = set()
            for folder in key:
                for path, dirs, files in os.walk(folder, followlinks=self.followlinks):
                    dirs[:] = [name for name in dirs if not name.startswith(".")]
                    base = Path(path).relative_to(folder).as_posix()
                    found.update(name if base == "." else f"{base}/{name}" for name in files if not name.startswith("."))
            self.listed[key] = sorted(found)
        return list(self.listed[key])
