"""A flow, a school and a language are data: a new help topic and a fourth language build
from files alone, with no change to the code (the fixture lives in tests/fixtures/)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from helpflow.cli import main
from helpflow.load.content import load_content
from helpflow.paths import CONTENT

from helpers import FIXTURES

FIXTURE = FIXTURES / "fourth-language"


def _with_german(source: Path, target: Path) -> None:
    """A copy of a site-text file with a German text beside each English one (marked, so a
    page shows which texts came from where)."""
    raw = yaml.safe_load(source.read_text(encoding="utf-8"))
    for texts in raw.values():
        texts["de"] = f"{texts['en']} [de]" if isinstance(texts.get("en"), str) else texts.get("en")
    target.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def german(tmp_path_factory) -> Path:
    """A content folder with the fixture's registry (nl, fr, en, de) and flow, and the real
    site texts and labels with German added."""
    root = tmp_path_factory.mktemp("german") / "flow"
    shutil.copytree(FIXTURE, root)
    for name in ("ui.yml", "labels.yml"):
        _with_german(CONTENT / name, root / name)
    return root


@pytest.fixture(scope="module")
def german_site(german: Path, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("german-school")
    school = folder / "schule.yml"
    school.write_text("name: Grundschule Eupen\nsmartschool: gs-eupen\nemail: sekretariat@gs-eupen.be\n"
                      "site_url: https://hilfe.gs-eupen.be/\nlanguages: [de, nl]\n", encoding="utf-8")
    assert main(["build", "--content", str(german), "--school", str(school), "--out", str(folder / "site")]) == 0
    return folder / "site"


def test_the_fourth_language_needs_no_code(german: Path):
    content = load_content(german)
    assert content.languages.codes == ("nl", "fr", "en", "de")
    assert list(content.flows) == ["fietsslot"]
    assert content.flows["fietsslot"].title["de"] == "Fahrradschloss verloren?"


def test_a_fourth_language_and_a_new_flow_build_a_site(german_site: Path):
    home = (german_site / "de" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="de"' in home and "Fahrradschloss verloren?" in home
    assert 'placeholder="Suche"' in home, "Material speaks the registry's theme language"
    question = next(p for p in (german_site / "de").glob("*.html") if 'class="hf-answers"' in p.read_text())
    text = question.read_text(encoding="utf-8")
    assert "Haben Sie den Schlüssel noch?" in text and ">Ja</a>" in text and ">Nein</a>" in text
    assert (german_site / "de" / "handout-de.pdf").stat().st_size > 5_000
    assert sorted(p.name for p in german_site.iterdir() if p.is_dir() and p.name != "assets") == ["de", "nl"]
    root = (german_site / "index.html").read_text(encoding="utf-8")
    assert 'hreflang="de"' in root and "Deutsch" in root


def test_a_language_missing_in_one_text_is_named(german: Path, tmp_path: Path, capsys):
    root = Path(shutil.copytree(german, tmp_path / "flow"))
    flow = root / "fietsslot" / "flow.yml"
    flow.write_text(flow.read_text(encoding="utf-8").replace(", de: Eine Frage.", ""), encoding="utf-8")
    assert main(["check", "--content", str(root), "--schools", str(tmp_path)]) == 1
    assert f"{flow}:4: intro.de: missing translation; add the German text" in capsys.readouterr().err


def test_a_language_the_registry_lacks_is_refused_with_the_list(tmp_path: Path, capsys):
    (tmp_path / "school.yml").write_text("name: X\nsmartschool: x\nemail: a@x.be\nsite_url: https://x.be/\n"
                                         "languages: [nl, de]\n", encoding="utf-8")
    assert main(["check", "--schools", str(tmp_path)]) == 1
    assert "languages: 'de' is not available; expected one of: en, fr, nl" in capsys.readouterr().err
