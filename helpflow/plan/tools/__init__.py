"""The widget's tools as components: each folder here (or in ``HELPFLOW_TOOLS``) is one tool.

A tool folder holds, like a GOV.UK Frontend component folder::

    tool.yml      its declaration: heading, site texts (script's, fallback's), texts a flow gives (read by ``load``)
    __init__.py   data(ctx, flow): what its script needs, from the plan, JSON-ready;
                  fallback(ctx, flow): its help without JavaScript, as HTML
    script.js     an ES module whose default export is the tool's class (``docs/assets/widget/tools.js``
                  loads it when the parent opens the tool)
    style.css     its look, added to the site's one stylesheet

Adding a tool is adding a folder: the registry finds it, ``check`` knows its name and
texts, the pages give it a place and its fallback, the site ships its script and style.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType, ModuleType
from typing import Any

from helpflow.errors import HelpflowError, problem
from helpflow.load.tools import specs as tool_specs
from helpflow.load.tools import tool_folders, tool_name
from helpflow.model.flow import Flow
from helpflow.model.tools import ToolSpec
from helpflow.paths import TOOLS
from helpflow.plan.text import Context

SCRIPT, STYLE = "script.js", "style.css"
SITE_FOLDER = "assets/tools"
"""Where a language's site serves each tool's script: ``assets/tools/<name>.js``."""


@dataclass(frozen=True)
class Tool:
    spec: ToolSpec
    folder: Path
    data: Callable[[Context, Flow], dict[str, Any]]
    fallback: Callable[[Context, Flow], str]

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def site_script(self) -> str:
        return f"{SITE_FOLDER}/{self.name}.js"

    def page_data(self, ctx: Context, flow: Flow) -> dict[str, Any]:
        """Its texts in the reader's language, and its own data."""
        return {"ui": {key: ctx.plain(ctx.t(key)) for key in self.spec.script_texts}, **self.data(ctx, flow)}


def registry() -> Mapping[str, Tool]:
    """Tool name -> the tool, for the folders the environment names now."""
    return _registry(tool_folders())


@functools.lru_cache(maxsize=8)
def _registry(folders: tuple[Path, ...]) -> Mapping[str, Tool]:
    specs = tool_specs()
    found = {}
    for folder in folders:
        module = _module(folder)
        data, fallback = getattr(module, "data", None), getattr(module, "fallback", None)
        if not callable(data) or not callable(fallback) or not (folder / SCRIPT).is_file():
            raise HelpflowError(problem(folder, "", "a tool folder needs data() and fallback() in __init__.py "
                                        f"and a {SCRIPT}", "see helpflow/plan/tools/__init__.py"))
        found[tool_name(folder)] = Tool(specs[tool_name(folder)], folder, data, fallback)
    return MappingProxyType(found)


def _module(folder: Path) -> ModuleType:
    """A built-in tool is a subpackage (checked by mypy and the import contract like any
    module); another folder's code is loaded from its file, as MkDocs loads hooks."""
    if folder.parent == TOOLS:
        return importlib.import_module(f"{__name__}.{folder.name}")
    spec = importlib.util.spec_from_file_location(f"helpflow_tool_{folder.name}", folder / "__init__.py",
                                                  submodule_search_locations=[str(folder)])
    if spec is None or spec.loader is None:
        raise HelpflowError(problem(folder, "", "no __init__.py", "add one with data() and fallback()"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def used(flow: Flow) -> tuple[Tool, ...]:
    """The tools some outcome of ``flow`` names, in registry order."""
    named = {name for o in flow.outcomes.values() for name in o.all_tools}
    return tuple(tool for name, tool in registry().items() if name in named)


def page_data(ctx: Context, flow: Flow) -> dict[str, Any]:
    """Tool name -> what its script needs, for each tool ``flow`` uses."""
    return {tool.name: tool.page_data(ctx, flow) for tool in used(flow)}


def scripts() -> dict[str, bytes]:
    """Site path -> content of every tool's script: the files each language's site ships."""
    return {tool.site_script: (tool.folder / SCRIPT).read_bytes() for tool in registry().values()}


def css() -> str:
    """Every tool's style, for the site's one stylesheet."""
    return "".join(f"\n/* Tool: {tool.name} */\n{(tool.folder / STYLE).read_text(encoding='utf-8')}"
                   for tool in registry().values() if (tool.folder / STYLE).is_file())
