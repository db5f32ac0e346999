"""Changing one text of a content file in place, leaving every other byte as it was.

A translator's import must not reflow a file people edit by hand: its comments, its
quoting and its folded paragraphs stay. PyYAML's composer gives each value's start and
end in the text; only that span is rewritten, in the style it had (plain, quoted or a
folded ``>-`` paragraph), and the result is read back to prove that nothing else moved.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from helpflow.errors import HelpflowError, problem
from helpflow.model.placeholders import fold_space

_INDEX = re.compile(r"^\[(\d+)\]")
WIDTH = 100
"""A new folded paragraph's lines, when the old one gives no width."""


def compose(text: str) -> yaml.Node | None:
    """The file's node tree, with marks. PyYAML's own parser: its marks count characters."""
    return yaml.compose(text, Loader=yaml.BaseLoader)


def texts_node(root: yaml.Node | None, key: str) -> yaml.MappingNode | None:
    """The mapping of languages for a text key (``title``, ``outcomes.x.steps[2].text``)."""
    node = root
    rest = key
    while rest:
        if isinstance(node, yaml.MappingNode):
            names = [k.value for k, _v in node.value if isinstance(k, yaml.ScalarNode)
                     and (rest == k.value or rest.startswith((k.value + ".", k.value + "[")))]
            if not names:
                return None
            name = max(names, key=len)
            node = next(v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == name)
            rest = rest[len(name):].removeprefix(".")
        elif isinstance(node, yaml.SequenceNode) and (match := _INDEX.match(rest)):
            index = int(match[1]) - 1
            if not 0 <= index < len(node.value):
                return None
            node = node.value[index]
            rest = rest[match.end():].removeprefix(".")
        else:
            return None
    return node if isinstance(node, yaml.MappingNode) else None


def localized_nodes(root: yaml.Node | None, codes: tuple[str, ...], source: str) -> dict[str, yaml.MappingNode]:
    """Every text of a content file by key, as the loaders name them (``title``,
    ``outcomes.x.steps[2].text``, a label's id): each mapping that has the source
    language and no key but languages (and a label's ``verified``), in file order."""
    found: dict[str, yaml.MappingNode] = {}
    allowed = {*codes, "verified"}
    todo: list[tuple[str, yaml.Node]] = [("", root)] if root is not None else []
    while todo:
        key, node = todo.pop()
        if isinstance(node, yaml.MappingNode):
            names = [k.value for k, _v in node.value if isinstance(k, yaml.ScalarNode)]
            if key and source in names and set(names) <= allowed:
                found[key] = node
                continue
            todo += reversed([(f"{key}.{k.value}" if key else str(k.value), v) for k, v in node.value])
        elif isinstance(node, yaml.SequenceNode):
            todo += reversed([(f"{key}[{i}]", v) for i, v in enumerate(node.value, 1)])
    return found


def text_of(node: yaml.MappingNode, lang: str) -> str | None:
    """One language's text, as the loader reads it (whitespace folded), or None."""
    value = _value(node, lang)
    return fold_space(value.value) if isinstance(value, yaml.ScalarNode) else None


def _value(node: yaml.MappingNode, lang: str) -> yaml.Node | None:
    return next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == lang), None)


def replace_texts(path: Path, text: str, changes: Mapping[tuple[str, str], str]) -> str:
    """``text`` with each (key, language) set to its new text; unchanged texts keep every byte.

    Raises HelpflowError if a key is not in the file, or if the edited file does not read
    back as the old one with exactly those texts changed."""
    root = compose(text)
    edits: list[tuple[int, int, str]] = []
    for (key, lang), new in changes.items():
        node = texts_node(root, key)
        if node is None:
            raise HelpflowError(problem(path, key, "no such text in the file", "export the PO file again"))
        if text_of(node, lang) == fold_space(new):
            continue
        edits.append(_edit(text, node, lang, new))
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    _check_read_back(path, root, compose(text), changes)
    return text


def _edit(text: str, node: yaml.MappingNode, lang: str, new: str) -> tuple[int, int, str]:
    """(start, end, replacement) in ``text`` that sets ``lang``'s text in ``node``."""
    value = _value(node, lang)
    if isinstance(value, yaml.ScalarNode):
        start, end = value.start_mark.index, value.end_mark.index
        end = start + len(text[start:end].rstrip())  # a block scalar's span takes the blank lines after it
        column = _indent_of(node)
        return start, end, _scalar(new, value.style, node.flow_style, column, text[start:end])
    if node.flow_style:  # {nl: ..., fr: ...}: before the closing brace
        close = node.end_mark.index - 1
        return close, close, f", {lang}: {json.dumps(new, ensure_ascii=False)}"
    # after the last language (a label's ``verified`` stays last), in the source text's style
    last = [v for k, v in node.value if k.value != "verified"][-1]
    end = last.start_mark.index + len(text[last.start_mark.index:last.end_mark.index].rstrip())
    column = _indent_of(node)
    model = node.value[0][1]
    old = text[model.start_mark.index:model.end_mark.index].rstrip() if isinstance(model, yaml.ScalarNode) else ""
    style = model.style if isinstance(model, yaml.ScalarNode) else None
    return end, end, "\n" + " " * column + f"{lang}: " + _scalar(new, style, False, column, old)


def _indent_of(node: yaml.MappingNode) -> int:
    """The column of the mapping's keys: a new language's line starts there."""
    first_key = node.value[0][0]
    return int(first_key.start_mark.column)


def _scalar(new: str, style: str | None, flow: bool, column: int, old: str) -> str:
    """``new`` written in the old value's style where that style can hold it."""
    if style in (">", "|"):
        lines = old.splitlines()[1:]
        width = max((len(line) for line in lines), default=WIDTH) or WIDTH
        indent = " " * (len(lines[0]) - len(lines[0].lstrip())) if lines else " " * (column + 2)
        wrapped = textwrap.wrap(new, width=max(width - len(indent), 20), break_long_words=False,
                                break_on_hyphens=False)
        return ">-\n" + "\n".join(indent + line for line in wrapped)
    if style == "'" and "\n" not in new:
        return "'" + new.replace("'", "''") + "'"
    if style in (None, "") and _plain_reads_back(new, flow):
        return new
    return json.dumps(new, ensure_ascii=False)


def _plain_reads_back(new: str, flow: bool) -> bool:
    """Whether ``new`` unquoted reads as itself, as a text, in every YAML reader."""
    probe = f"{{k: {new}}}" if flow else f"k: {new}"
    try:
        loaded = yaml.safe_load(probe)
    except yaml.YAMLError:
        return False
    return isinstance(loaded, dict) and loaded.get("k") == new and new == new.strip()


def _check_read_back(path: Path, before: yaml.Node | None, after: yaml.Node | None,
                     changes: Mapping[tuple[str, str], str]) -> None:
    """The edited file must read as the old one with only the changed texts changed
    (the changed keys' texts compared as the loader reads them: whitespace folded)."""
    expected, got = _data(before), _data(after)
    try:
        for key, lang in changes:
            for data in (expected, got):
                texts = _texts_in(data, key)
                texts.update({name: fold_space(value) for name, value in texts.items() if isinstance(value, str)})
            _texts_in(expected, key)[lang] = fold_space(changes[key, lang])
    except (KeyError, IndexError, TypeError, ValueError):
        got = None
    if got != expected:
        raise HelpflowError(problem(path, "", "helpflow could not write the translations without changing other "
                                    "texts", "please report this, with the PO file"))


def _data(node: yaml.Node | None) -> Any:
    if isinstance(node, yaml.MappingNode):
        return {k.value: _data(v) for k, v in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [_data(v) for v in node.value]
    return node.value if isinstance(node, yaml.ScalarNode) else None


def _texts_in(data: Any, key: str) -> dict[str, Any]:
    """The languages' mapping for ``key`` in plain data, found as ``texts_node`` finds it."""
    rest = key
    while rest:
        if isinstance(data, dict):
            name = max((k for k in data if rest == k or rest.startswith((k + ".", k + "["))), key=len)
            data, rest = data[name], rest[len(name):].removeprefix(".")
        else:
            match = _INDEX.match(rest)
            if match is None:
                raise KeyError(rest)
            data, rest = data[int(match[1]) - 1], rest[match.end():].removeprefix(".")
    if not isinstance(data, dict):
        raise TypeError(key)
    return data
