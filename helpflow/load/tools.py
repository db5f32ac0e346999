"""The widget tools' declarations, read from each tool folder's ``tool.yml``.

Tool folders are found in ``helpflow/plan/tools/`` and in each folder of the
``HELPFLOW_TOOLS`` environment variable (paths separated like ``PATH``): a school group's
own tools, or a test's. A folder is a tool when it holds a ``tool.yml``; adding one is
adding a folder, and nothing else names it.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from helpflow.errors import HelpflowError, problem
from helpflow.load.yamlfile import read_yaml
from helpflow.model.tools import ToolSpec
from helpflow.paths import TOOLS

TOOL_FILE = "tool.yml"
ENVIRONMENT = "HELPFLOW_TOOLS"
PACKAGE_NAME = re.compile(r"[a-z][a-z0-9_]*")
"""A tool folder's name: a Python package's, so its tool name is a class word on a page."""
LISTS = ("ui", "fallback", "flow_texts")
"""A declaration's lists of text keys (``ToolSpec``'s fields of the same names)."""


def tool_folders() -> tuple[Path, ...]:
    """Every tool folder, built-in ones first, each name once (a later folder cannot replace one)."""
    roots = [TOOLS, *(Path(p) for p in os.environ.get(ENVIRONMENT, "").split(os.pathsep) if p)]
    found: dict[str, Path] = {}
    for root in roots:
        for folder in sorted(root.iterdir()) if root.is_dir() else ():
            if (folder / TOOL_FILE).is_file():
                if not PACKAGE_NAME.fullmatch(folder.name):
                    raise HelpflowError(problem(folder, "", "a tool folder's name is not a Python package's name",
                                                "rename it to lower-case letters, digits and _, like mail_composer"))
                found.setdefault(tool_name(folder), folder)
    return tuple(found.values())


def tool_name(folder: Path) -> str:
    """A folder's tool name: ``mail_composer`` (a Python package's name) is ``mail-composer``."""
    return folder.name.replace("_", "-")


def specs() -> Mapping[str, ToolSpec]:
    """Tool name -> its declaration, for the folders the environment names now."""
    return _specs(tool_folders())


@functools.lru_cache(maxsize=8)
def _specs(folders: tuple[Path, ...]) -> Mapping[str, ToolSpec]:
    found = {}
    problems: list[str] = []
    for folder in folders:
        try:
            found[tool_name(folder)] = _spec(folder / TOOL_FILE, read_yaml(folder / TOOL_FILE))
        except HelpflowError as exc:
            problems += exc.problems
    if problems:
        raise HelpflowError(problems)
    return MappingProxyType(found)


def _spec(path: Path, raw: Any) -> ToolSpec:
    example = "for example: heading: composer_heading"
    if not isinstance(raw, dict):
        raise HelpflowError(problem(path, "", "expected a mapping", example))
    unknown = sorted(set(raw) - {"heading", *LISTS})
    if unknown:
        raise HelpflowError(problem(path, str(unknown[0]), "unknown key", "use heading, " + ", ".join(LISTS)))
    heading = raw.get("heading")
    if not isinstance(heading, str):
        raise HelpflowError(problem(path, "heading", "expected the key of a site text (ui.yml)", example))
    lists = {}
    for key in LISTS:
        value = raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise HelpflowError(problem(path, key, "expected a list of text keys", f"for example: {key}: [mail_subject]"))
        lists[key] = tuple(value)
    return ToolSpec(tool_name(path.parent), heading, **lists)


def names() -> tuple[str, ...]:
    return tuple(specs())


def site_texts() -> tuple[str, ...]:
    """Every site text some tool shows: ``check`` asks ``ui.yml`` for each."""
    return tuple(dict.fromkeys(key for spec in specs().values() for key in spec.site_texts))
