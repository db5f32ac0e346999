"""The school file described for people and editors, from the same declarations the loader
walks: a JSON Schema (draft 2020-12) that VS Code's YAML extension reads from a school
file's ``# yaml-language-server: $schema=`` line, and the README's table of fields.

The schema names what the content folder offers (its languages, flows, text keys), so it
is generated from both and committed; ``helpflow schema`` writes it again, and
``helpflow schema --check`` (and a test) fails when the committed file is out of date.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from helpflow.load.options import Field, Group, object_schema
from helpflow.load.school_fields import SCHOOL_FILE, Declarations

if TYPE_CHECKING:
    from helpflow.load.content import Content


DRAFT = "https://json-schema.org/draft/2020-12/schema"


def school_schema(content: Content, declared: Declarations = SCHOOL_FILE) -> dict[str, Any]:
    """The JSON Schema of a school file: every declared field with its help and an example."""
    return {
        "$schema": DRAFT,
        "title": "helpflow school file",
        "description": "One school's facts for its help site (schools/<slug>.yml). `helpflow check` checks "
                       "more than this schema can: a logo's content, placeholders in texts, and that a text "
                       "per language gives each of the school's languages.",
    } | object_schema(declared.fields, content)


def schema_text(content: Content, declared: Declarations = SCHOOL_FILE) -> str:
    """The schema as the committed file holds it: stable key order, UTF-8, one final newline."""
    return json.dumps(school_schema(content, declared), ensure_ascii=False, indent=2) + "\n"


def _shown_default(default: object) -> str:
    """A constant default as a school would write it (``7``, ``false``, ``"first-login"``), or "none"."""
    if isinstance(default, bool):
        return f"`{str(default).lower()}`"
    if isinstance(default, int) or (isinstance(default, str) and default):
        return f"`{default}`"
    return "none"


def fields_table(declared: Declarations = SCHOOL_FILE) -> str:
    """The README's table of school fields, in Markdown: key, required or default, help in
    English, Dutch and French, and an example."""
    rows = ["| Key | Kind | Required / default | What it is | Nederlands | Français | Example |",
            "|---|---|---|---|---|---|---|"]
    for key, f in _rows(declared.fields, ""):
        default = "required" if f.required else f.default_help or _shown_default(f.default)
        cells = [f"`{key}`", f.option.kind, default, f.help, f.nl, f.fr, f"`{f.example}`"]
        rows.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(rows) + "\n"


def _rows(fields: tuple[Field[Any], ...], prefix: str) -> list[tuple[str, Field[Any]]]:
    found: list[tuple[str, Field[Any]]] = []
    for f in fields:
        found.append((prefix + f.name, f))
        if isinstance(f.option, Group):
            found += _rows(f.option.fields, f"{prefix}{f.name}.")
    return found
