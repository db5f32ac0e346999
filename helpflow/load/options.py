"""The kinds of value a school file holds, each a small object with its own check.

Like MkDocs' ``config_options`` (``Type``, ``Choice``, ``SubConfig``): a school fact is
declared with one of these (``helpflow.load.school_fields``), and the same object reads
the value, says what its JSON Schema is, and what a language's site sees of it. What is
true of every string a school writes is checked once (``characters.unfit``): no control,
direction or hidden character ever reaches a page, and blank means blank whatever the space.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import yaml

from helpflow.errors import LISTED, did_you_mean, printable, problem
from helpflow.load.characters import blank, controls_schema, unfit, visible_schema
from helpflow.load.yamlfile import line_of

if TYPE_CHECKING:
    from helpflow.load.content import Content

T = TypeVar("T")
Choices = Callable[["Content"], Sequence[str]]
"""The choices a key allows, from the content folder (its languages, flows, ui texts)."""

UNBREAKABLE = re.compile(r"[^\s/]+")
"""A run a line cannot break in: no space, no slash (a line may break after one)."""

class Reading:
    """One school file being read: where it is, what it says, the values so far, what is wrong."""

    def __init__(self, path: Path, raw: Mapping[str, Any], content: Content) -> None:
        self.path, self.raw, self.content = path, raw, content
        self.values: dict[str, Any] = {}
        """The School's attributes read so far, by name: a later key may depend on an earlier one."""
        self.problems: list[str] = []
        self.notes: list[str] = []

    def line(self, at: Sequence[str]) -> int | None:
        """The line of the deepest key of ``at`` the file knows."""
        found: int | None = None
        mapping: Any = self.raw
        for key in at:
            found = line_of(mapping, key) or found
            mapping = mapping.get(key) if isinstance(mapping, Mapping) else None
        return found

    def fail(self, at: Sequence[str], what: str, fix: str) -> None:
        self.problems.append(problem(self.path, dotted(at), what, fix, self.line(at)))

    def note(self, at: Sequence[str], what: str, fix: str) -> None:
        self.notes.append(problem(self.path, dotted(at), what, fix))

    @property
    def languages(self) -> tuple[str, ...]:
        """The school's languages, as far as they are known (read before any per-language text)."""
        return tuple(self.values.get("languages", ()))


def dotted(at: Sequence[str]) -> str:
    return ".".join(printable(str(key), 60) for key in at)


class Option(Generic[T]):
    """One kind of value. ``read`` returns the value, or None after recording the problem."""

    kind = "value"
    """What the README's table calls this kind of value."""

    def read(self, value: object, at: tuple[str, ...], r: Reading, example: str) -> T | None:
        raise NotImplementedError

    def schema(self, content: Content) -> dict[str, Any]:
        raise NotImplementedError

    def in_language(self, value: T, lang: str) -> object:
        """What a ``lang`` site sees of the value: all of it, but for per-language texts."""
        return value


def for_example(at: Sequence[str], example: str) -> str:
    return f"for example: {dotted(at)}: {example}"


@dataclass(frozen=True)
class Text(Option[str]):
    """A text a school writes, on one line: spaces of any kind collapse to one, and it may
    not hold a control or direction character, nor be longer than ``most`` or have a word
    longer than ``word``: a run with no space and no slash (after which a line may break,
    on a page as in the handout), which would run past the edge of a phone or a column."""

    most: int = 120
    word: int = 40
    collapse: bool = True
    """False for values that must be exact, like a colour: surrounding spaces are then wrong."""
    kind = "text"

    def read(self, value: object, at: tuple[str, ...], r: Reading, example: str) -> str | None:
        if not isinstance(value, str):
            r.fail(at, f"must be one text, not a {'list' if isinstance(value, list) else 'mapping'}",
                   for_example(at, example))
            return None
        if blank(value):
            r.fail(at, "must be a non-empty text", for_example(at, example))
            return None
        wrong = unfit(value)
        if wrong:
            r.fail(at, f"'{printable(value, 40)}' {wrong}", "type the text again without it (it may come from a "
                   "copied text)")
            return None
        text = " ".join(value.split()) if self.collapse else value
        if len(text) > self.most:
            r.fail(at, f"is {len(text)} characters long, more than {self.most}", "keep it short: "
                   + for_example(at, example))
            return None
        longest = max(UNBREAKABLE.findall(text), key=len, default="")
        if len(longest) > self.word:
            r.fail(at, f"has a word of {len(longest)} characters ('{printable(longest, 30)}'), more than "
                   f"{self.word}: it cannot wrap and would run past the page's edge", "put spaces between words")
            return None
        return self.check(text, at, r, example)

    def check(self, text: str, at: tuple[str, ...], r: Reading, example: str) -> str | None:
        """What a kind of text checks beyond ``read``: nothing for free text."""
        return text

    def schema(self, content: Content) -> dict[str, Any]:
        return {"type": "string", "minLength": 1, "maxLength": self.most,
                "allOf": [{"pattern": controls_schema()}, {"pattern": visible_schema()},
                          {"pattern": f"^(?![\\s\\S]*[^\\s/]{{{self.word + 1}}})"}]}



@dataclass(frozen=True)
class Pattern(Text):
    """A text of a fixed shape, like an e-mail address or a colour."""

    pattern: str = ""
    what: str = "is not valid"
    """Completes "'<value>' ...": the message when the shape is wrong."""

    def check(self, text: str, at: tuple[str, ...], r: Reading, example: str) -> str | None:
        if not re.fullmatch(self.pattern, text):
            r.fail(at, f"'{printable(text)}' {self.what}", for_example(at, example))
            return None
        return text

    def schema(self, content: Content) -> dict[str, Any]:
        """The shape, around spaces ``read`` takes away; none at all for an exact value (whose
        ``(?!...\\s)`` also stops Python's ``$``, unlike ECMA-262's, matching before a final newline)."""
        shape = super().schema(content)
        around = r"\s*" if self.collapse else ""
        shape["allOf"].append({"pattern": f"^{around}(?:{self.pattern}){around}$"})
        if not self.collapse:
            shape["allOf"].append({"pattern": r"^(?![\s\S]*\s)"})
        return shape


@dataclass(frozen=True)
class LocalText(Option[Mapping[str, str]]):
    """A free text in one string for every language, or per language ``{nl: ..., fr: ...}``
    giving each of the school's languages. Read as language -> text, for every language."""

    text: Text = Text()
    kind = "text, or per language {nl: …, fr: …}"

    def read(self, value: object, at: tuple[str, ...], r: Reading,
             example: str) -> Mapping[str, str] | None:
        languages = r.languages
        if not isinstance(value, Mapping):
            one = self.text.read(value, at, r, one_text(example, ""))
            return None if one is None else MappingProxyType(dict.fromkeys(languages, one))
        given: dict[str, str] = {}
        for lang, text in value.items():
            if lang not in languages:
                r.fail((*at, lang), "not one of this school's languages", did_you_mean(lang, languages))
            else:
                read = self.text.read(text, (*at, lang), r, one_text(example, lang))
                if read is not None:
                    given[lang] = read
        missing = [lang for lang in languages if lang not in value]
        for lang in missing:
            r.fail((*at, lang), "missing text in this school's language",
                   f"add '{lang}:' with the text, or give one text for every language")
        return MappingProxyType(given) if len(given) == len(languages) and not missing else None

    def schema(self, content: Content) -> dict[str, Any]:
        one = self.text.schema(content)
        return {"anyOf": [one, {"type": "object", "minProperties": 1, "additionalProperties": False,
                                "properties": {lang: one for lang in content.languages}}]}

    def in_language(self, value: Mapping[str, str], lang: str) -> object:
        return {lang: value[lang]} if lang in value else {}


@dataclass(frozen=True)
class Choice(Option[str]):
    """One of a few words: from a fixed list, or from the content folder."""

    choices: Choices
    noun: str = "a choice"
    kind = "word"

    def read(self, value: object, at: tuple[str, ...], r: Reading, example: str) -> str | None:
        choices = tuple(self.choices(r.content))
        if not isinstance(value, str):
            r.fail(at, "must be one word: " + " or ".join(choices), for_example(at, example))
        elif unfit(value):
            r.fail(at, f"'{printable(value, 40)}' {unfit(value)}", did_you_mean(value, choices))
        elif value.strip() not in choices:
            r.fail(at, f"'{printable(value)}' is not {self.noun}", did_you_mean(value, choices))
        else:
            return value.strip()
        return None

    def schema(self, content: Content) -> dict[str, Any]:
        return {"type": "string", "enum": list(self.choices(content))}


@dataclass(frozen=True)
class Flag(Option[bool]):
    """``true`` or ``false``: a school turns something on."""

    kind = "true or false"

    def read(self, value: object, at: tuple[str, ...], r: Reading, example: str) -> bool | None:
        if isinstance(value, str) and unfit(value):
            r.fail(at, f"'{printable(value, 40)}' {unfit(value)}", for_example(at, example))
            return None
        if isinstance(value, str) and value.strip() in ("true", "false"):
            return value.strip() == "true"
        r.fail(at, "must be true or false", for_example(at, example))
        return None

    def schema(self, content: Content) -> dict[str, Any]:
        return {"type": "boolean"}


@dataclass(frozen=True)
class Number(Option[int]):
    """A whole number from ``least`` to ``most``."""

    least: int
    most: int
    kind = "number"

    def read(self, value: object, at: tuple[str, ...], r: Reading, example: str) -> int | None:
        if isinstance(value, str) and unfit(value):
            r.fail(at, f"'{printable(value, 40)}' {unfit(value)}", for_example(at, example))
            return None
        text = value.strip() if isinstance(value, str) else ""
        if text.isascii() and text.isdigit() and self.least <= int(text) <= self.most:
            return int(text)
        r.fail(at, f"must be a whole number from {self.least} to {self.most}", for_example(at, example))
        return None

    def schema(self, content: Content) -> dict[str, Any]:
        return {"type": "integer", "minimum": self.least, "maximum": self.most}


@dataclass(frozen=True)
class Items(Option[tuple[str, ...]]):
    """A list of choices, each once, at least one."""

    choices: Choices
    noun: str
    unknown: str
    """Completes "'<value>' ...": what a word outside the choices is not."""
    kind = "list"

    def read(self, value: object, at: tuple[str, ...], r: Reading,
             example: str) -> tuple[str, ...] | None:
        choices = tuple(self.choices(r.content))
        if not isinstance(value, list) or not value:
            r.fail(at, f"must be a list of {self.noun}s", for_example(at, example))
            return None
        before = len(r.problems)
        # Each wrong item once, the first few by name: a pasted list of thousands costs no more.
        wrong = list(dict.fromkeys(item if isinstance(item, str) else None for item in value
                                   if not isinstance(item, str) or item not in choices))
        for item in wrong[:LISTED]:
            shown = "a list or mapping" if item is None else printable(item)
            r.fail(at, f"'{shown}' {self.unknown}", did_you_mean(item or "", choices))
        if len(wrong) > LISTED:
            r.fail(at, f"{len(wrong) - LISTED} more items that are no {self.noun}", did_you_mean("", choices))
        if len(set(map(str, value))) != len(value):
            r.fail(at, f"a {self.noun} is listed twice", for_example(at, example))
        return tuple(value) if len(r.problems) == before else None

    def schema(self, content: Content) -> dict[str, Any]:
        return {"type": "array", "minItems": 1, "uniqueItems": True,
                "items": {"type": "string", "enum": list(self.choices(content))}}


@dataclass(frozen=True)
class Field(Generic[T]):
    """One key of a school file: its kind, default and help. It fills the School's attribute
    of its name; a ``Group`` without ``make`` fills one attribute per field of its own instead
    (``colors.primary`` is ``School.primary``)."""

    name: str
    option: Option[T]
    help: str
    """What the key is for, in English: the schema's description and the README's table."""
    example: str
    """A right value as a school writes it in YAML, for messages, the schema and the README."""
    default: Any = None
    """The value when the key is absent: a constant, or a function of the content folder."""
    default_help: str = ""
    """The default in words, when it is not a constant (``every language``)."""
    required: bool = False
    nl: str = ""
    fr: str = ""
    """The help in Dutch and French, for the README and the editor's hover."""

    def default_value(self, content: Content) -> Any:
        return self.default(content) if callable(self.default) else self.default


@dataclass(frozen=True)
class Group(Option[Any]):
    """A mapping of fields of its own (``colors``, ``contact``, ``username``), like MkDocs'
    ``SubConfig``. ``needs`` names a field that only makes sense with another one."""

    fields: tuple[Field[Any], ...]
    make: Callable[..., Any] | None = None
    """Builds one value of the fields (a ``UsernameRule``); without it each fills its own attribute."""
    needs: Mapping[str, str] = field(default_factory=dict)
    kind = "mapping"

    def read(self, value: object, at: tuple[str, ...], r: Reading, example: str) -> Any:
        if not isinstance(value, Mapping):
            r.fail(at, "must be a mapping", for_example(at, example))
            value = {}
        names = [f.name for f in self.fields]
        for key in value:
            if key not in names:
                r.fail((*at, key), "unknown key", did_you_mean(str(key), names))
        for key, other in self.needs.items():
            if key in value and other not in value:
                r.fail((*at, key), f"given without {other}", f"add {dotted((*at, other))}, or remove {key}")
        read = read_fields(self.fields, value, at, r)
        return self.make(**read) if self.make else read

    def schema(self, content: Content) -> dict[str, Any]:
        shape = object_schema(self.fields, content)
        if self.needs:
            shape["dependentRequired"] = {key: [other] for key, other in self.needs.items()}
        return shape


def read_field(f: Field[Any], mapping: Mapping[str, Any], at: tuple[str, ...], r: Reading) -> Any:
    """The field's value from ``mapping``: its default when absent or wrong (a group absent
    is read as empty, so that its own fields' defaults apply)."""
    if f.name not in mapping:
        group = isinstance(f.option, Group)
        return f.option.read({}, (*at, f.name), r, f.example) if group else f.default_value(r.content)
    read = f.option.read(mapping[f.name], (*at, f.name), r, f.example)
    return f.default_value(r.content) if read is None else read


def read_fields(fields: Sequence[Field[Any]], mapping: Mapping[str, Any], at: tuple[str, ...],
                r: Reading) -> dict[str, Any]:
    """The attributes ``fields`` fill, read from ``mapping`` in their order."""
    values: dict[str, Any] = {}
    for f in fields:
        value = read_field(f, mapping, at, r)
        values.update(value if spread(f) else {f.name: value})
    return values


def spread(f: Field[Any]) -> bool:
    """True for a group whose fields each fill an attribute of their own (``colors``)."""
    return isinstance(f.option, Group) and f.option.make is None


def leaves(fields: Sequence[Field[Any]]) -> list[Field[Any]]:
    """The fields that fill one attribute each, groups opened."""
    return [leaf for f in fields for leaf in (leaves(f.option.fields) if spread(f) else [f])]  # type: ignore[attr-defined]


def object_schema(fields: Sequence[Field[Any]], content: Content) -> dict[str, Any]:
    """The JSON Schema of a mapping of ``fields``: no other key, the required ones present."""
    shape: dict[str, Any] = {"type": "object", "additionalProperties": False,
                             "properties": {f.name: field_schema(f, content) for f in fields}}
    required = [f.name for f in fields if f.required]
    if required:
        shape["required"] = required
    return shape


def field_schema(f: Field[Any], content: Content) -> dict[str, Any]:
    shape = {"description": describe(f)} | f.option.schema(content)
    if isinstance(f.default, str) and f.default and not f.default_help:
        shape["default"] = f.default
    example = example_value(f.example)
    if example is not None:
        shape["examples"] = [example]
    return shape


def describe(f: Field[Any]) -> str:
    """The help an editor shows on hover: English, then Dutch and French."""
    lines = [f.help]
    lines += [f"{lang}: {text}" for lang, text in (("nl", f.nl), ("fr", f.fr)) if text]
    return "\n\n".join(lines)


def one_text(example: str, lang: str) -> str:
    """One text of a per-language example (``lang``'s, or the first), as YAML writes it."""
    value = example_value(example)
    if not isinstance(value, Mapping) or not value:
        return example
    return json.dumps(str(value.get(lang, next(iter(value.values())))), ensure_ascii=False)


def example_value(example: str) -> Any:
    """The example as data (it is written as YAML, the way a school types it)."""
    try:
        return yaml.safe_load(example)
    except yaml.YAMLError:
        return None
