"""Strict YAML reading: every scalar stays a string, duplicate keys are errors.

PyYAML's safe loader turns an unquoted ``no`` into ``False`` and silently keeps
the last of two equal keys; both would corrupt a decision tree, so neither happens here.
Files come from outside, so they are read by ``read_limited``, anchors and aliases
(billion laughs) are refused, nesting is bounded before PyYAML's recursion is, and
whatever PyYAML raises becomes one line with no character that could forge another.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Protocol

import yaml

from helpflow.errors import HelpflowError, printable, printable_path, problem
from helpflow.load.safefile import read_limited


class Mapping(dict[str, Any]):
    """A YAML mapping that remembers the line of each key, for error messages."""

    lines: dict[str, int]


_BARE_COLOUR = re.compile(r"(?<![\w-])([\w-]+)[ \t]*:[ \t]+(#(?:[0-9A-Fa-f]{6}|[0-9A-Fa-f]{3}))(?![\w-])")
"""``primary: #0b5fff`` unquoted: YAML reads the ``#`` as the start of a comment. A key starts
where no word goes on before it: tried from inside a word too, a line of one long word took
time as the square of its length (20,000 characters: 3 s)."""

MAX_BYTES = 2_000_000
MAX_DEPTH = 50
"""School and model files nest a few levels; far deeper is an attack on PyYAML's recursion."""


def _check_events(text: str, loader: type) -> None:
    """Refuse anchors, aliases and deep nesting in one pass over the parser's events, before
    anything is composed: libyaml composes recursively in C, where no check can run."""
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        # Refused, not budgeted: no school or model file needs them, and an alias makes
        # one node count many times over for every walk after loading ("billion laughs").
        anchor = getattr(event, "anchor", None)
        if isinstance(event, yaml.AliasEvent) or anchor is not None:
            name = printable(anchor or "", 40)
            raise _Refused(event.start_mark, "", f"YAML anchors and aliases (&{name}, *{name}) are not allowed",
                           "write the value out in full")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _Refused(event.start_mark, "", f"nested more than {MAX_DEPTH} levels deep",
                               "is this the right file?")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


class _Strict(yaml.constructor.BaseConstructor):
    """Every value a string, every mapping a ``Mapping`` without duplicate keys."""

    def construct_mapping(self, node: yaml.Node, deep: bool = False) -> Mapping:  # type: ignore[override]
        if not isinstance(node, yaml.MappingNode):  # a text or list tagged !!map
            raise _Refused(node.start_mark, "", f"the tag '{printable(node.tag)}' does not fit this value",
                           "remove the tag (the word after the !)")
        result = Mapping()
        result.lines = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                raise _Refused(key_node.start_mark, printable(str(key)), "a key must be a plain word",
                               "write the key as one word before the colon")
            if key in result:
                shown, first = printable(key), result.lines[key]
                raise _Refused(key_node.start_mark, shown, f"duplicate key '{shown}' (first on line {first})",
                               "keep one of them")
            result[key] = self.construct_object(value_node, deep=True)
            result.lines[key] = key_node.start_mark.line + 1
        return result


class _StrictLoader(_Strict, yaml.BaseLoader):
    """PyYAML's own parser: slow, but its messages name the character at fault."""


class _FastLoader(_Strict, getattr(yaml, "CBaseLoader", yaml.BaseLoader)):  # type: ignore[misc]
    """libyaml's parser where PyYAML has it: a 10,000-question file in a second, not tens."""


for _loader in (_StrictLoader, _FastLoader):
    yaml.add_constructor("tag:yaml.org,2002:map", _Strict.construct_mapping, Loader=_loader)


def _load(text: str) -> Any:
    """The file's data, read fast; a file libyaml refuses is read again by PyYAML's own
    parser, whose message says more ("found character '\\t'", not "cannot start any token")."""
    try:
        _check_events(text, _FastLoader)
        return yaml.load(text, Loader=_FastLoader)
    except yaml.YAMLError:
        _check_events(text, _StrictLoader)
        return yaml.load(text, Loader=_StrictLoader)


class _Mark(Protocol):
    line: int


class _Refused(Exception):
    """A problem found while loading, with where it is and how to fix it."""

    def __init__(self, mark: _Mark | None, key: str, what: str, fix: str) -> None:
        super().__init__(what)
        self.line, self.key, self.what, self.fix = (mark.line + 1 if mark else None), key, what, fix


def read_yaml(path: Path) -> Any:
    """Read one YAML file strictly, or raise a one-line HelpflowError naming the line."""
    raw = read_limited(path, MAX_BYTES, "YAML file")
    shown = printable_path(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise HelpflowError(problem(shown, "", f"not UTF-8 text (byte {exc.start})",
                                    "save the file as UTF-8")) from None
    lost = _bare_colours(text)
    if lost:
        raise HelpflowError(problem(shown, printable(key, 40), "an unquoted # starts a comment in YAML, so the colour "
                                    "is lost", f'put the colour in quotes: {printable(key, 40)}: "{colour}"', line)
                            for line, key, colour in lost)
    try:
        return _load(text)
    except _Refused as exc:
        raise HelpflowError(problem(shown, exc.key, exc.what, exc.fix, exc.line)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = f"YAML syntax error: {printable(str(exc.problem or exc.context), 160)}"
        raise HelpflowError(problem(shown, "", what,
                                    "check indentation, colons and quotes on that line", line)) from None
    except yaml.YAMLError as exc:  # e.g. a character YAML does not allow, anywhere in the file
        raise HelpflowError(problem(shown, "", f"YAML error: {printable(' '.join(str(exc).split()), 160)}",
                                    "save the file as plain text")) from None
    except Exception as exc:
        raise HelpflowError(problem(shown, "", f"YAML error ({type(exc).__name__}): {printable(str(exc), 120)}",
                                    "check the file's syntax")) from None


def _bare_colours(text: str) -> list[tuple[int, str, str]]:
    """(line, key, colour) of each colour written without quotes, as in ``{primary: #0b5fff}``.

    Found before parsing: in a flow mapping the comment swallows the closing brace, and
    PyYAML reports a syntax error lines later, where the school would never look."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        if "#" not in line:
            continue
        for match in _BARE_COLOUR.finditer(line):
            before = line[:match.start()]
            if before.count('"') % 2 == 0 and before.count("'") % 2 == 0 and not re.search(r"(^|\s)#", before):
                found.append((number, match[1], match[2]))
    return found


def line_of(mapping: Any, key: str) -> int | None:
    """The line of ``key`` in a mapping read by read_yaml, when known."""
    return getattr(mapping, "lines", {}).get(key)
