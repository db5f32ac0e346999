"""The JSON Schema of school files says what `check` says, and comes from the same declarations.

An editor with the YAML language server checks a school file against the schema as the
secretary types; `helpflow check` checks it before a build. A file one accepts and the
other refuses would teach the secretary to ignore one of them, so every good and bad
school file the tests know is given to both, except where a check is beyond what a JSON
Schema can say (each such file is listed with the reason).
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field, fields
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from helpflow.errors import HelpflowError
from helpflow.load.options import Field, LocalText, Text
from helpflow.load.school import load_school
from helpflow.load.school_fields import SCHOOL_FILE, Declarations
from helpflow.load.school_schema import fields_table, schema_text, school_schema
from helpflow.load.yamlfile import read_yaml
from helpflow.model.school import School
from helpflow.paths import CONTENT, SCHEMA_FILE, SCHOOLS

from helpers import FIXTURES, HOSTILE, in_process

pytestmark = pytest.mark.any_worker

BEYOND = {
    "school-utf16.yml": "the encoding: helpflow reads UTF-8 only, an editor reads UTF-16 too",
    "school-logo-fake-png.yml": "the logo file's content (a PNG that is not one)",
    "school-logo-script.yml": "the logo file's content (an SVG of scripts only)",
    "school-logo-missing.yml": "whether the logo file exists beside the school file",
}
"""Fixtures whose verdict a JSON Schema cannot give, and why."""


@pytest.fixture(scope="module")
def validator(content) -> Draft202012Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def check_verdict(path: Path, content) -> bool:
    try:
        load_school(path, content)
    except HelpflowError:
        return False
    return True


def schema_verdict(validator: Draft202012Validator, path: Path) -> bool:
    """The schema's verdict on the file as an editor reads it: a plain YAML parser (which
    reads an unquoted ``#`` as a comment, and refuses what is not YAML, as the editor says)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError):
        return False
    return validator.is_valid(data)


def test_the_committed_schema_is_the_one_the_declarations_make(content):
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(content), "run: helpflow schema"
    assert in_process("schema", "--check").returncode == 0


def test_schema_check_fails_in_one_line_when_the_flows_changed(tmp_path):
    """A flow more or less changes what ``flows`` and ``texts`` allow: the committed schema is then stale."""
    copy = Path(shutil.copytree(CONTENT, tmp_path / "flow"))
    shutil.rmtree(sorted(p.parent for p in copy.glob("*/flow.yml"))[-1])
    result = in_process("schema", "--check", "--content", str(copy))
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert result.returncode == 1 and len(errors) == 1, result.stderr
    assert "out of date" in errors[0] and "run: helpflow schema" in errors[0]


def test_the_schema_is_draft_2020_12_with_help_in_three_languages(validator):
    schema = validator.schema
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    for key in ("name", "email", "contact"):
        description = schema["properties"][key]["description"]
        assert "\n\nnl: " in description and "\n\nfr: " in description, description
        assert schema["properties"][key]["examples"]
    assert set(schema["required"]) == {f.name for f in SCHOOL_FILE.fields if f.required}
    assert schema["properties"]["contact"]["dependentRequired"] == {"hours": ["phone"]}


def test_the_demo_school_names_the_schema_on_its_first_line():
    first = (SCHOOLS / "demo.yml").read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    assert (SCHOOLS / first.split("$schema=", 1)[1]).resolve() == SCHEMA_FILE.resolve()


SHIPPED = sorted(SCHOOLS.glob("*.yml")) + sorted((FIXTURES / "schools").glob("*.yml"))
BAD = sorted(p for p in HOSTILE.glob("school-*.yml") if p.name not in BEYOND)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_school_file_is_valid_for_both(validator, content, path):
    assert check_verdict(path, content)
    assert schema_verdict(validator, path), [e.message for e in validator.iter_errors(read_yaml(path))]


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.name)
def test_every_hostile_school_file_gets_the_same_verdict_from_both(validator, content, path):
    assert schema_verdict(validator, path) == check_verdict(path, content)


def test_the_files_beyond_the_schema_are_still_refused_by_check(content):
    for name in BEYOND:
        if (HOSTILE / name).exists():
            assert not check_verdict(HOSTILE / name, content), name


@dataclass(frozen=True)
class MottoSchool(School):
    """A school value with one fact more: what a new fact adds to the model."""

    motto: dict[str, str] = field(default_factory=dict)


MOTTO = Field("motto", LocalText(Text(most=60, word=20)), "The school's motto, under its name.", '"Samen leren"',
              default={}, nl="Het motto van de school.", fr="La devise de l'école.")
WITH_MOTTO = Declarations(MottoSchool, (*SCHOOL_FILE.fields, MOTTO))
"""The declarations as they would be with the new fact: the only line a new fact needs."""


def test_a_new_fact_is_one_declaration(content, tmp_path):
    demo = (SCHOOLS / "demo.yml").read_text(encoding="utf-8").replace("logo: demo-logo.svg", "")
    path = tmp_path / "motto.yml"
    # Loaded, per language, as every free text
    path.write_text(demo + 'motto: {nl: "Samen leren", fr: "Apprendre ensemble", en: "Learning together"}\n',
                    encoding="utf-8")
    school = load_school(path, content, WITH_MOTTO)
    assert isinstance(school, MottoSchool) and school.motto["fr"] == "Apprendre ensemble"
    # Keyed: a language's site sees its own text only
    assert WITH_MOTTO.shown(school, "nl")["motto"] == {"nl": "Samen leren"}
    # Validated, in one line naming the key, with the checks every text gets
    for bad, says in (('"Samen\\u202eleren"', "direction control U+202E"), ('""', "must be a non-empty text"),
                      ('{nl: "Samen leren", fr: "Apprendre"}', "motto.en: missing text in this school's language"),
                      ('"' + "x" * 30 + '"', "has a word of 30 characters"), ("[a, b]", "must be one text")):
        path.write_text(demo + f"motto: {bad}\n", encoding="utf-8")
        with pytest.raises(HelpflowError) as caught:
            load_school(path, content, WITH_MOTTO)
        assert len(caught.value.problems) == 1 and ": motto" in caught.value.problems[0], caught.value.problems
        assert says in caught.value.problems[0], caught.value.problems
    # Refused by the real declarations: nothing else knows it
    path.write_text(demo + 'motto: "Samen leren"\n', encoding="utf-8")
    with pytest.raises(HelpflowError, match="motto: unknown key"):
        load_school(path, content)
    # In the schema and the README's table, with its help
    schema = school_schema(content, WITH_MOTTO)
    assert "Het motto van de school." in schema["properties"]["motto"]["description"]
    assert Draft202012Validator(schema).is_valid({**_demo_data(), "motto": {"nl": "Samen leren"}})
    assert not Draft202012Validator(schema).is_valid({**_demo_data(), "motto": "Samen\u202eleren"})
    assert "| `motto` |" in fields_table(WITH_MOTTO)


def _demo_data() -> dict[str, object]:
    return dict(json.loads(json.dumps(read_yaml(SCHOOLS / "demo.yml"))))


def test_every_attribute_of_the_school_is_declared_or_known_not_to_be(content):
    """A School attribute no declaration fills would be missing from the sites' keys."""
    school = load_school(SCHOOLS / "demo.yml", content)
    assert set(SCHOOL_FILE.shown(school, "nl")) == {f.name for f in fields(School)} - {"source", "notes"}


def test_the_readme_table_has_every_key_with_its_help_in_three_languages():
    table = fields_table()
    for key in ("name", "colors.primary", "username.format", "contact.hours", "texts"):
        row = next(line for line in table.splitlines() if line.startswith(f"| `{key}` |"))
        assert row.count(" | ") == 6, row


def test_the_readmes_table_of_school_fields_is_the_one_the_declarations_make():
    """A secretary reads the README: its table must say what the loader does (`helpflow schema --fields`)."""
    readme = (CONTENT.parent / "README.md").read_text(encoding="utf-8")
    assert fields_table().strip() in readme, "paste `helpflow schema --fields` into README.md's table of school fields"
    assert "| `statistics` | true or false | `false` |" in fields_table()
