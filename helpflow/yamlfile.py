"""Strict YAML reading: every scalar stays a string, duplicate keys are errors.

PyYAML's safe loader turns an unquoted ``no`` into ``False`` and silently keeps
the last of two equal keys; both would corrupt a decision tree, so neither happens here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import HelpflowError, problem


class Mapping(dict):
    """A YAML mapping that remembers the line of each key, for error messages."""

    lines: dict[str, int]


class _StrictLoader(yaml.BaseLoader):
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> Mapping:  # type: ignore[override]
        result = Mapping()
        result.lines = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if not isinstance(key, str):
                raise _KeyError(line, str(key), "a key must be a plain word")
            if key in result:
                raise _KeyError(line, key, f"duplicate key '{key}' (first on line {result.lines[key]})")
            result[key] = self.construct_object(value_node, deep=True)
            result.lines[key] = line
        return result


_StrictLoader.add_constructor("tag:yaml.org,2002:map", _StrictLoader.construct_mapping)


class _KeyError(Exception):
    def __init__(self, line: int, key: str, what: str) -> None:
        super().__init__(what)
        self.line, self.key, self.what = line, key, what


MAX_BYTES = 2_000_000


def read_yaml(path: Path) -> Any:
    """Read one YAML file strictly, or raise a one-line HelpflowError naming the line."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise HelpflowError(problem(path, "", f"cannot read the file ({exc.strerror})",
                                    "check the path")) from None
    if len(raw) > MAX_BYTES:
        raise HelpflowError(problem(path, "", f"file is {len(raw)} bytes, more than {MAX_BYTES}",
                                    "is this the right file?")) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise HelpflowError(problem(path, "", f"not UTF-8 text (byte {exc.start})",
                                    "save the file as UTF-8")) from None
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a BaseLoader, builds strings only
    except _KeyError as exc:
        raise HelpflowError(problem(path, exc.key, exc.what, "keep one of them", exc.line)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = f"YAML syntax error: {exc.problem or exc.context}"
        raise HelpflowError(problem(path, "", what,
                                    "check indentation, colons and quotes on that line", line)) from None
    except yaml.YAMLError as exc:
        raise HelpflowError(problem(path, "", f"YAML error: {exc}".replace("\n", " "))) from None


def line_of(mapping: Any, key: str) -> int | None:
    """The line of ``key`` in a mapping read by read_yaml, when known."""
    return getattr(mapping, "lines", {}).get(key)
