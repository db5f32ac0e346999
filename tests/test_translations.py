"""Missing translations fail, stale ones are reported, and screen labels are quoted as the platform shows them."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import yaml

from helpflow.cli import FLOW, LOCK, UI, main
from helpflow.flowfile import load_flow, load_ui
from helpflow.pages import build_pages
from helpflow.school import load_school
from helpflow.translations import stale

ROOT = Path(__file__).resolve().parent.parent


def model_copy(tmp_path: Path, edit) -> Path:
    """A copy of the real model, with the same file name, edited in its raw text."""
    path = tmp_path / FLOW.name
    path.write_text(edit(FLOW.read_text(encoding="utf-8")), encoding="utf-8")
    return path


def test_the_committed_translations_are_all_up_to_date():
    sources = {FLOW.name: load_flow(FLOW).texts, UI.name: load_ui(UI)}
    assert stale(sources, LOCK) == []


def test_removing_a_french_string_fails_check_naming_it(tmp_path, capsys):
    path = model_copy(tmp_path, lambda raw: raw.replace("      fr: Écrivez à l’école\n", ""))
    assert main(["check", "--flow", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"error: {path}:" in err and "outcomes.mail-school.title.fr: missing translation" in err


def test_removing_a_french_string_fails_the_build(tmp_path, capsys):
    path = model_copy(tmp_path, lambda raw: raw.replace("      fr: Écrivez à l’école\n", ""))
    out = tmp_path / "site"
    assert main(["build", "--flow", str(path), "--out", str(out)]) == 1
    assert "outcomes.mail-school.title.fr: missing translation" in capsys.readouterr().err
    assert not out.exists()


def test_editing_a_dutch_string_marks_its_translations_stale(tmp_path, capsys):
    path = model_copy(tmp_path, lambda raw: raw.replace("nl: Mail naar de school", "nl: Mail de school"))
    sources = {FLOW.name: load_flow(path).texts, UI.name: load_ui(UI)}
    assert stale(sources, LOCK) == [(FLOW.name, "outcomes.mail-school.title", "fr"),
                                    (FLOW.name, "outcomes.mail-school.title", "en")]
    assert main(["check", "--flow", str(path)]) == 0
    err = capsys.readouterr().err
    assert "warning:" in err and "outcomes.mail-school.title.fr: stale translation" in err
    assert "helpflow translated wachtwoord-vergeten.yml outcomes.mail-school.title fr" in err
    assert main(["check", "--strict", "--flow", str(path)]) == 1
    assert "error:" in capsys.readouterr().err


def test_marking_a_translation_done_clears_only_that_warning(tmp_path, monkeypatch):
    lock = tmp_path / "translations.lock"
    shutil.copyfile(LOCK, lock)
    monkeypatch.setattr("helpflow.cli.LOCK", lock)
    path = model_copy(tmp_path, lambda raw: raw.replace("nl: Mail naar de school", "nl: Mail de school"))
    monkeypatch.setattr("helpflow.cli.FLOW", path)
    assert main(["translated", FLOW.name, "outcomes.mail-school.title", "fr"]) == 0
    sources = {FLOW.name: load_flow(path).texts, UI.name: load_ui(UI)}
    assert stale(sources, lock) == [(FLOW.name, "outcomes.mail-school.title", "en")]


def school_with(tmp_path: Path, **changes: str) -> Path:
    raw = yaml.safe_load((ROOT / "schools" / "demo.yml").read_text(encoding="utf-8"))
    raw.update(changes)
    raw.pop("logo")
    path = tmp_path / "school.yml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def step_text(school_path: Path, lang: str, step: int) -> str:
    pages = build_pages(load_flow(FLOW), load_school(school_path), load_ui(UI), lang)
    markdown = next(p.markdown for p in pages if p.key == "self-reset")
    line = next(line for line in markdown.splitlines() if line.startswith(f"{step}.  "))
    return html.unescape(re.sub(r"<[^>]+>|\\", "", line[4:]))


def test_dutch_platform_labels_are_quoted_with_the_readers_translation(tmp_path):
    school = school_with(tmp_path, platform_language="nl")
    assert step_text(school, "nl", 2) == "Kies onderaan voor Wachtwoord vergeten?."
    assert step_text(school, "fr", 2) == "En bas de la page, choisissez Wachtwoord vergeten? (Mot de passe oublié\u202f?)."
    assert step_text(school, "en", 4) == ("When the fields are filled in, click the button "
                                          "Wachtwoord aanvragen (Request password).")


def test_unverified_french_labels_keep_the_dutch_one_beside_them(tmp_path):
    school = school_with(tmp_path, platform_language="fr")
    assert step_text(school, "fr", 2) == ("En bas de la page, choisissez Mot de passe oublié\u202f? "
                                          "(en néerlandais\u202f: Wachtwoord vergeten?).")
    assert step_text(school, "en", 2) == ("At the bottom of the page, choose Mot de passe oublié\u202f? "
                                          "(Forgot password?; in Dutch: Wachtwoord vergeten?).")
    assert step_text(school, "nl", 2) == "Kies onderaan voor Mot de passe oublié\u202f? (Wachtwoord vergeten?)."
