"""Missing translations fail, stale ones are reported, and screen labels are quoted as the platform shows them."""

from __future__ import annotations

import html
import re
from pathlib import Path

import yaml

from helpflow.cli import main
from helpflow.load.content import load_content
from helpflow.load.school import load_school
from helpflow.load.translations import stale
from helpflow.paths import ROOT
from helpflow.plan.site import plan_site
from helpflow.plan.text import Context

FLOW = "wachtwoord-vergeten/flow.yml"


def edit(content_copy: Path, change) -> Path:  # type: ignore[no-untyped-def]
    """The copied content with the password flow's raw text changed by ``change``."""
    path = content_copy / FLOW
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    return content_copy


def stale_of(folder: Path) -> list[tuple[str, str, str]]:
    content = load_content(folder)
    return stale(content.sources(), content.lock, content.languages.source, content.languages.targets)


def test_the_committed_translations_are_all_up_to_date():
    assert stale_of(ROOT / "flow") == []


def test_removing_a_french_string_fails_check_naming_it(content_copy, tmp_path, capsys):
    edit(content_copy, lambda raw: raw.replace("      fr: Écrivez à l’école\n", ""))
    assert main(["check", "--content", str(content_copy), "--schools", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert f"error: {content_copy / FLOW}:" in err and "outcomes.mail-school.title.fr: missing translation" in err


def test_removing_a_french_string_fails_the_build(content_copy, tmp_path, capsys):
    edit(content_copy, lambda raw: raw.replace("      fr: Écrivez à l’école\n", ""))
    out = tmp_path / "site"
    assert main(["build", "--content", str(content_copy), "--out", str(out)]) == 1
    assert "outcomes.mail-school.title.fr: missing translation" in capsys.readouterr().err
    assert not out.exists()


def test_editing_a_dutch_string_marks_its_translations_stale(content_copy, tmp_path, capsys):
    edit(content_copy, lambda raw: raw.replace("nl: Mail naar de school", "nl: Mail de school"))
    assert stale_of(content_copy) == [(FLOW, "outcomes.mail-school.title", "fr"),
                                      (FLOW, "outcomes.mail-school.title", "en")]
    assert main(["check", "--content", str(content_copy), "--schools", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert "warning:" in err and "outcomes.mail-school.title.fr: stale translation" in err
    assert f"helpflow translated {FLOW} outcomes.mail-school.title fr" in err
    assert main(["check", "--strict", "--content", str(content_copy), "--schools", str(tmp_path)]) == 1
    assert "error:" in capsys.readouterr().err


def test_marking_a_translation_done_clears_only_that_warning(content_copy):
    edit(content_copy, lambda raw: raw.replace("nl: Mail naar de school", "nl: Mail de school"))
    assert main(["translated", "--content", str(content_copy), FLOW, "outcomes.mail-school.title", "fr"]) == 0
    assert stale_of(content_copy) == [(FLOW, "outcomes.mail-school.title", "en")]


def school_with(tmp_path: Path, **changes: str) -> Path:
    raw = yaml.safe_load((ROOT / "schools" / "demo.yml").read_text(encoding="utf-8"))
    raw.update(changes)
    raw.pop("logo")
    path = tmp_path / "school.yml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def label_in_step(school_path: Path, lang: str, label: str) -> str:
    """How the self-service page shows a Smartschool screen label to a ``lang`` reader, checked
    to stand in the step that names it: the label's words, not the sentence around them."""
    content = load_content(ROOT / "flow")
    school = load_school(school_path, content)
    shown = Context(lang, school, content.ui, content.labels).plain(f"{{label:{label}}}")
    plan = plan_site(content, school, lang)
    markdown = next(p.markdown for p in plan.pages if p.key == "wachtwoord-vergeten/self-reset")
    steps = [html.unescape(re.sub(r"<[^>]+>|\\", "", step)) for step in re.findall(r"<li><p>(.*?)</p>", markdown)]
    assert any(shown in step for step in steps), (shown, steps)
    return shown


def test_dutch_platform_labels_are_quoted_with_the_readers_translation(tmp_path):
    """Dutch screens: the label as on the screen, then the reader's words for it."""
    school = school_with(tmp_path, platform_language="nl")
    nl, fr, en = (label_in_step(school, lang, "forgot_password") for lang in ("nl", "fr", "en"))
    assert nl == "Wachtwoord vergeten?"
    assert fr == "Wachtwoord vergeten? (Mot de passe oublié\u202f?)"
    assert en == "Wachtwoord vergeten? (Forgot password?)"
    assert label_in_step(school, "en", "request_password") == "Wachtwoord aanvragen (Request password)"


def test_unverified_french_labels_also_give_the_one_seen_on_a_real_screen(tmp_path):
    """French screens were never seen: the page gives both, then the reader's words."""
    school = school_with(tmp_path, platform_language="fr")
    assert label_in_step(school, "fr", "forgot_password") == "Mot de passe oublié\u202f? ou Wachtwoord vergeten?"
    assert label_in_step(school, "en", "forgot_password") == ("Mot de passe oublié\u202f? or Wachtwoord vergeten? "
                                                              "(Forgot password?)")
    assert label_in_step(school, "nl", "forgot_password") == "Mot de passe oublié\u202f? of Wachtwoord vergeten?"


def test_a_schools_own_text_goes_stale_when_the_model_text_under_it_changes(content_copy, tmp_path, capsys):
    schools = tmp_path / "schools"
    schools.mkdir()
    school = school_with(schools, texts={"wachtwoord-vergeten": {"outcomes.self-reset.steps[2].text": {
        "nl": "Klik op {label:forgot_password}.", "fr": "Cliquez sur {label:forgot_password}.",
        "en": "Click {label:forgot_password}."}}})
    check = ["check", "--content", str(content_copy), "--schools", str(schools)]
    assert main(check) == 0
    assert "texts.wachtwoord-vergeten.outcomes.self-reset.steps[2].text: the model's text" in capsys.readouterr().err
    assert main(["translated", "--content", str(content_copy), str(school)]) == 0
    capsys.readouterr()
    assert main(check) == 0
    assert "warning" not in capsys.readouterr().err
    edit(content_copy, lambda raw: raw.replace("nl: Kies onderaan voor {label:forgot_password}.",
                                               "nl: Kies helemaal onderaan voor {label:forgot_password}."))
    assert main(check) == 0
    err = capsys.readouterr().err
    assert f"warning: {school}: texts.wachtwoord-vergeten.outcomes.self-reset.steps[2].text" in err
    assert f"helpflow translated {school}" in err
