"""Gettext PO files, the format translators' tools (Poedit, Weblate) read and write.

Only what a translator's round trip needs: entries with a context (``msgctxt``), comments
for the translator (``#.``), references (``#:``), flags (``#, fuzzy``) and the header's
``Language``. Poedit and Weblate rewrap long strings over several lines and may add
``#|`` previous strings or ``#~`` obsolete entries: all of that is read; plural forms,
which no helpflow text has, are refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from helpflow.errors import HelpflowError, printable, problem

FUZZY = "fuzzy"
_KEYWORD = re.compile(r'^(msgctxt|msgid|msgstr)\s+(".*")\s*$')
_STRING = re.compile(r'^(".*")\s*$')
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


@dataclass(frozen=True)
class Entry:
    context: str
    msgid: str
    msgstr: str
    comments: tuple[str, ...] = ()
    """Extracted comments (``#.``): what the translator should know."""
    references: tuple[str, ...] = ()
    flags: frozenset[str] = frozenset()
    line: int = 0
    """Where the entry starts in the file it was read from (0 for a new one)."""

    @property
    def fuzzy(self) -> bool:
        return FUZZY in self.flags


@dataclass(frozen=True)
class Catalog:
    language: str
    headers: dict[str, str]
    entries: tuple[Entry, ...]
    preamble: tuple[str, ...] = field(default=())
    """Translator comments (``# ``) above the header, written as they are."""


def quote(text: str) -> str:
    """A PO string literal: the C escapes gettext reads, on one line."""
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\t", "\\t").replace("\r", "\\r"))
    return f'"{escaped}"'


def write_po(catalog: Catalog) -> str:
    """The catalog as PO text, UTF-8, one entry per block, strings on one line each."""
    lines = [f"# {comment}" if comment else "#" for comment in catalog.preamble]
    header = "".join(f"{name}: {value}\n" for name, value in catalog.headers.items())
    lines += ['msgid ""', 'msgstr ""', *(quote(line + "\n") for line in header.splitlines())]
    for entry in catalog.entries:
        lines.append("")
        lines += [f"#. {comment}" for comment in entry.comments]
        lines += [f"#: {reference}" for reference in entry.references]
        if entry.flags:
            lines.append("#, " + ", ".join(sorted(entry.flags)))
        lines += [f"msgctxt {quote(entry.context)}", f"msgid {quote(entry.msgid)}", f"msgstr {quote(entry.msgstr)}"]
    return "\n".join(lines) + "\n"


def read_po(path: Path, text: str) -> Catalog:
    """Parse PO text; raise HelpflowError naming the line of anything it cannot read.

    A byte-order mark at the start (Notepad writes one) is not part of the first line."""
    entries: list[Entry] = []
    headers: dict[str, str] | None = None
    problems: list[str] = []
    first: dict[tuple[str | None, str], int] = {}
    for block in _blocks(path, text.removeprefix("\ufeff"), problems):
        if "msgid" not in block.fields:
            continue
        entry_id = (block.fields.get("msgctxt"), block.fields["msgid"])
        if entry_id in first:  # msgfmt refuses it too: which one would count is a guess
            where = f'msgctxt "{printable(entry_id[0])}"' if entry_id[0] is not None else \
                f'msgid "{printable(entry_id[1], 40)}"'
            problems.append(problem(path, where, f"the same entry as on line {first[entry_id]}",
                                    "keep one of the two", block.line))
            continue
        first[entry_id] = block.line
        if block.plural:
            problems.append(problem(path, printable(block.fields.get("msgctxt", "")), "plural forms (msgid_plural)",
                                    "helpflow's texts have none: export the file again", block.line))
            continue
        if block.fields["msgid"] == "" and "msgctxt" not in block.fields:
            headers = _headers(block.fields.get("msgstr", ""))
            continue
        entries.append(Entry(block.fields.get("msgctxt", ""), block.fields["msgid"], block.fields.get("msgstr", ""),
                             tuple(block.comments), tuple(block.references), frozenset(block.flags), block.line))
    if problems:
        raise HelpflowError(problems)
    if headers is None:
        raise HelpflowError(problem(path, "", "no PO header (the entry with an empty msgid)",
                                    "export the file again with: helpflow po export LANG --out FILE.po"))
    return Catalog(headers.get("Language", "").strip(), headers, tuple(entries))


@dataclass
class _Block:
    line: int
    fields: dict[str, str] = field(default_factory=dict)
    comments: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    plural: bool = False
    lines: dict[str, int] = field(default_factory=dict)
    """The line of each field's keyword."""


_LINE_END = re.compile(r"\r\n|\r|\n")


def _lines(text: str) -> list[str]:
    """The PO file's lines, ended by LF, CRLF or CR only (``str.splitlines`` also ends one at
    U+2028, U+0085 or a form feed, which a translation may hold, and the text check names)."""
    return _LINE_END.split(text.removesuffix("\n").removesuffix("\r")) if text else []


def _blocks(path: Path, text: str, problems: list[str]) -> Iterator[_Block]:
    """The file's entries, each as its fields with continuation lines joined."""
    block: _Block | None = None
    last = ""
    for number, raw in enumerate(_lines(text), 1):
        line = raw.strip()
        if not line or line.startswith("#~"):  # an obsolete entry is no longer in the catalog
            continue
        if block is not None and line.startswith(("#", "msgctxt", "msgid")) and "msgstr" in block.fields:
            yield block
            block = None
        if block is None:
            block = _Block(number)
        if line.startswith("#."):
            block.comments.append(line[2:].strip())
        elif line.startswith("#:"):
            block.references += line[2:].split()
        elif line.startswith("#,"):
            block.flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
        elif line.startswith("#"):
            continue  # translator comments, previous strings (#|)
        elif line.startswith(("msgid_plural", "msgstr[")):
            block.plural, last = True, ""
            block.fields.setdefault("msgstr", "")
        elif match := _KEYWORD.match(line):
            last = match[1]
            if last in block.lines:  # not the last one silently winning
                problems.append(problem(path, "", f"a second {last} in one entry (the first is on line "
                                        f"{block.lines[last]})", f"keep one {last} per entry", number))
            block.lines[last] = number
            block.fields[last] = _unquote(path, match[2], number, problems)
        elif match := _STRING.match(line):
            if last in block.fields:
                block.fields[last] += _unquote(path, match[1], number, problems)
        else:
            problems.append(problem(path, "", f"cannot read this line: {printable(line, 60)}",
                                    "a PO line is a # comment, msgctxt, msgid, msgstr or a quoted string", number))
    if block is not None:
        yield block


def _unquote(path: Path, literal: str, line: int, problems: list[str]) -> str:
    body = literal[1:-1]
    out: list[str] = []
    i = 0
    while i < len(body):
        char = body[i]
        if char == "\\" and i + 1 < len(body) and body[i + 1] in _ESCAPES:
            out.append(_ESCAPES[body[i + 1]])
            i += 2
            continue
        if char in '\\"':
            problems.append(problem(path, "", f"a bare {char} inside a string", f'write it as \\{char}', line))
            return ""
        out.append(char)
        i += 1
    return "".join(out)


def _headers(text: str) -> dict[str, str]:
    headers = {}
    for line in text.splitlines():
        name, sep, value = line.partition(":")
        if sep:
            headers[name.strip()] = value.strip()
    return headers


def entries_by_context(entries: Iterable[Entry]) -> dict[str, Entry]:
    return {entry.context: entry for entry in entries}
