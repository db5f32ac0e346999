"""Each way a model can be wrong gives its own one-line error naming file, key and fix."""

from __future__ import annotations

import copy
import datetime
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from helpflow.cli import main
from helpflow.errors import HelpflowError
from helpflow.load.flowfile import check_rules, freshness_warning, load_flow

SLUG = "test-flow"


def text(nl: str) -> dict:
    return {"nl": nl, "fr": f"{nl} (fr)", "en": f"{nl} (en)"}


GOOD = {
    "title": text("Titel"),
    "summary": text("Samenvatting"),
    "intro": text("Intro"),
    "start": "q1",
    "answers": {"yes": text("Ja"), "no": text("Nee")},
    "questions": {"q1": {"title": text("Vraag"), "text": text("Vraag een?"),
                         "answers": {"yes": "done", "no": "mail"}}},
    "outcomes": {
        "done": {"kind": "self-service", "title": text("Klaar"), "summary": text("Sam"),
                 "steps": [{"text": text("Stap {email}")}]},
        "mail": {"kind": "contact-school", "title": text("Mail"), "summary": text("Sam"),
                 "steps": [{"text": text("Mail {page:done}")}]},
    },
}


def write(folder: Path, model: dict | str) -> Path:
    """``model`` as the flow.yml of a new flow folder in ``folder``; returns the flow.yml."""
    path = folder / SLUG / "flow.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(model if isinstance(model, str) else yaml.safe_dump(model, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    return path


def load(content, path: Path):  # type: ignore[no-untyped-def]
    return load_flow(path.parent, content.languages, content.labels)


def errors_of(content, tmp_path: Path, model: dict | str) -> list[str]:
    with pytest.raises(HelpflowError) as caught:
        load(content, write(tmp_path, model))
    return caught.value.problems


def changed(change) -> dict:
    model = copy.deepcopy(GOOD)
    change(model)
    return model


def test_good_model_loads(content, tmp_path):
    flow = load(content, write(tmp_path, GOOD))
    assert [r.outcome for r in flow.routes()] == ["done", "mail"]


def test_a_page_link_makes_an_outcome_reachable_without_an_answer(content, tmp_path):
    """A page a parent comes back to (no e-mail arrived?) needs no answer leading to it."""
    model = changed(lambda m: (m["outcomes"].update(later=copy.deepcopy(m["outcomes"]["mail"])),
                               m["outcomes"]["done"]["steps"][0]["text"].update(nl="Geen mail? {page:later}")))
    flow = load(content, write(tmp_path, model))
    assert "later" in flow.outcomes and [r.outcome for r in flow.routes()] == ["done", "mail"]


def test_unquoted_yes_and_no_stay_answer_keys(content, tmp_path):
    raw = yaml.safe_dump(GOOD, sort_keys=False).replace("'yes'", "yes").replace("'no'", "no")
    assert "\n  yes:" in raw
    flow = load(content, write(tmp_path, raw))
    assert [a.key for a in flow.questions["q1"].answers] == ["yes", "no"]


BAD = {
    "yaml syntax": ("title:\n  nl: ok\n   fr: bad indent\nintro: x\n", "flow.yml:3: YAML syntax error"),
    "unknown key": (changed(lambda m: m["questions"]["q1"].update(titel=text("x"))),
                    "questions.q1.titel: unknown key; did you mean 'title'?"),
    "unknown next node": (changed(lambda m: m["questions"]["q1"]["answers"].update(no="mial")),
                          "questions.q1.answers.no: unknown next node 'mial'; did you mean 'mail'?"),
    "unreachable node": (changed(lambda m: m["outcomes"].update(lost=copy.deepcopy(m["outcomes"]["done"]))),
                         "outcomes.lost: unreachable: no answer or page link leads here"),
    "cycle": (changed(lambda m: (m["questions"].update(q2={"title": text("Twee"), "text": text("Twee?"),
                                                            "answers": {"yes": "q1", "no": "done"}}),
                                 m["questions"]["q1"]["answers"].update(yes="q2"))),
              "questions: cycle q1 -> q2 -> q1"),
    "one answer": (changed(lambda m: m["questions"]["q1"].update(answers={"yes": "done"})),
                   "questions.q1.answers: a question needs at least two answers, found 1"),
    "duplicate node id": (changed(lambda m: m["outcomes"].update(q1=copy.deepcopy(m["outcomes"]["done"]))),
                          "outcomes.q1: duplicate node id 'q1' (also a question)"),
    "duplicate answer key": (yaml.safe_dump(GOOD, sort_keys=False).replace("      'no': mail\n", "      'no': mail\n      'no': done\n"),
                             "no: duplicate key 'no' (first on line"),
    "unknown answer": (changed(lambda m: m["questions"]["q1"]["answers"].update(maybe="done")),
                       "questions.q1.answers.maybe: unknown answer"),
    "outcome without steps": (changed(lambda m: m["outcomes"]["done"].update(steps=[])),
                              "outcomes.done.steps: an outcome needs at least one step"),
    "missing text": (changed(lambda m: m["questions"]["q1"].pop("text")),
                     "questions.q1.text: missing text"),
    "pasted text": (changed(lambda m: m["outcomes"]["done"]["steps"][0]["text"].update(en="**a** " * 40_000)),
                    "outcomes.done.steps[1].text.en: is 240000 characters long, more than 2000; split it over steps"),
    "empty text": (changed(lambda m: m["questions"]["q1"]["title"].update(nl="  ")),
                   "questions.q1.title.nl: empty text; write the Dutch text"),
    "missing translation": (changed(lambda m: m["outcomes"]["mail"]["title"].pop("fr")),
                            "outcomes.mail.title.fr: missing translation; add the French text"),
    "unknown placeholder": (changed(lambda m: m["outcomes"]["done"]["steps"][0]["text"].update(nl="{emial}")),
                            "unknown placeholder '{emial}'; did you mean 'email'?"),
    "unknown start": (changed(lambda m: m.update(start="q9")), "start: 'q9' is not a question"),
    "unknown tool": (changed(lambda m: m["outcomes"]["mail"].update(tools=["mail-composr"])),
                     "outcomes.mail.tools: unknown tool 'mail-composr'; did you mean 'mail-composer'?"),
    "tool without its texts": (changed(lambda m: m["outcomes"]["mail"].update(tools=["mail-composer"])),
                               "mail_subject: missing text for the tool 'mail-composer' of outcomes.mail"),
    "unknown label": (changed(lambda m: m["outcomes"]["done"]["steps"][0]["text"].update(nl="{label:forgot_pasword}")),
                      "placeholder '{label:forgot_pasword}' names no label; did you mean 'forgot_password'?"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_model_gives_its_own_error(content, tmp_path, case):
    model, expected = BAD[case]
    problems = errors_of(content, tmp_path, model)
    assert any(expected in line for line in problems), problems
    assert all(line.startswith(str(tmp_path / SLUG)) and "\n" not in line for line in problems)


@pytest.mark.parametrize("case", ["yaml syntax", "cycle", "unknown tool", "missing translation"])
def test_check_exits_1_with_one_line_per_error(content_copy, tmp_path, capsys, case):
    write(content_copy, BAD[case][0])
    assert main(["check", "--content", str(content_copy), "--schools", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert BAD[case][1] in err
    assert all(line.startswith("error: ") for line in err.splitlines())


def test_check_command_never_shows_a_traceback(content_copy, tmp_path):
    path = write(content_copy, BAD["cycle"][0])
    result = subprocess.run([sys.executable, "-m", "helpflow.cli", "check", "--content", str(content_copy),
                             "--schools", str(tmp_path)], capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [f"error: {path}: questions: cycle q1 -> q2 -> q1; "
                                                  "every route must end in an outcome"]


def test_real_model_and_schools_pass_check(capsys):
    assert main(["check"]) == 0


# What every flow owes a parent (``check`` only: a sound tree still loads and builds).
TODAY = datetime.date(2026, 12, 2)
KEPT = changed(lambda m: (
    m.update(sources=[{"url": "https://www.dbsp.gent/smartschool-co-account", "title": "Smartschool co-account"}],
             checked="2026-11-30"),
    m["answers"].update(unknown={"nl": "Ik weet het niet", "fr": "Je ne sais pas", "en": "I don't know"}),
    m["questions"]["q1"]["answers"].update(unknown="done"),
    m["outcomes"]["done"].update(way_on="mail"),
    m["outcomes"]["done"]["steps"][0]["text"].update(nl="Geen mail? {page:mail}")))
"""GOOD, with everything the rules ask: "I don't know", a way on, sources and a date."""


def rule_problems(content, tmp_path: Path, model: dict) -> list[str]:
    path = write(tmp_path, model)
    return check_rules(load(content, path), yaml.safe_load(path.read_text(encoding="utf-8")),
                       content.ui["answer_unknown"], TODAY)


def test_a_flow_that_keeps_the_rules_has_no_problem(content, tmp_path):
    assert rule_problems(content, tmp_path, KEPT) == []


def test_a_reason_stands_in_for_i_dont_know(content, tmp_path):
    model = copy.deepcopy(KEPT)
    del model["questions"]["q1"]["answers"]["unknown"]
    assert any("no 'I don't know' answer" in line for line in rule_problems(content, tmp_path, model))
    model["questions"]["q1"]["cannot_be_unknown"] = "Every parent knows whether they have a child at school."
    assert rule_problems(content, tmp_path, model) == []


RULES = {
    "no I don't know": (lambda m: m["questions"]["q1"]["answers"].pop("unknown"),
                        "questions.q1.answers: no 'I don't know' answer; add '\"unknown\": <node>'"),
    "I don't know named otherwise": (lambda m: m["answers"]["unknown"].update(fr="Je sais pas"),
                                     "answers.unknown.fr: 'Je sais pas' is not how every flow names it; "
                                     "write 'Je ne sais pas'"),
    "no way on": (lambda m: m["outcomes"]["done"].pop("way_on"),
                  "outcomes.done.way_on: a self-service outcome without a way on to the school; add 'way_on:"),
    "way on to self-service": (lambda m: m["outcomes"]["done"].update(way_on="done"),
                               "outcomes.done.way_on: 'done' is not a contact-school outcome"),
    "way on not linked": (lambda m: m["outcomes"]["done"]["steps"][0]["text"].update(nl="Stap"),
                          "outcomes.done.way_on: no text of the outcome links to 'mail'; add {page:mail}"),
    "no sources": (lambda m: m.pop("sources"), "sources: the flow names no public source; list the pages"),
    "no date": (lambda m: m.pop("checked"), "checked: missing; add 'checked: YYYY-MM-DD'"),
    "date to come": (lambda m: m.update(checked="2027-01-05"), "checked: 2027-01-05 is after today"),
}


@pytest.mark.parametrize("case", list(RULES))
def test_a_broken_rule_gives_one_line_naming_file_key_and_fix(content, tmp_path, case):
    change, expected = RULES[case]
    model = copy.deepcopy(KEPT)
    change(model)
    problems = rule_problems(content, tmp_path, model)
    assert len(problems) == 1 and expected in problems[0], problems
    assert problems[0].startswith(str(tmp_path / SLUG / "flow.yml")) and "\n" not in problems[0]


LOAD = {
    "source not https": (lambda m: m["sources"][0].update(url="http://x.be/a b"),
                         "sources[1].url: 'http://x.be/a b' is not a public https address"),
    "source without title": (lambda m: m["sources"][0].pop("title"), "sources[1].title: missing key"),
    "date not a date": (lambda m: m.update(checked="30/11/2026"), "checked: '30/11/2026' is not a date like"),
    "unknown fact": (lambda m: m.update(assumes={"email_givn": ["enrolment"]}),
                     "assumes.email_givn: not a school fact a flow may assume; did you mean 'email_given'?"),
    "fact without values": (lambda m: m.update(assumes={"email_given": "enrolment"}),
                            "assumes.email_given: expected a list of the values the flow holds for"),
}


@pytest.mark.parametrize("case", list(LOAD))
def test_a_malformed_practice_source_or_date_is_a_load_error(content, tmp_path, case):
    change, expected = LOAD[case]
    model = copy.deepcopy(KEPT)
    change(model)
    problems = errors_of(content, tmp_path, model)
    assert any(expected in line for line in problems), problems


def test_check_errors_on_a_broken_rule_and_warns_on_an_old_date(content_copy, tmp_path, capsys):
    """``check`` holds a new flow to the rules; a date more than 12 months old is a warning only."""
    model = copy.deepcopy(KEPT)
    model["outcomes"]["done"].pop("way_on")
    path = write(content_copy, model)
    assert main(["check", "--content", str(content_copy), "--schools", str(tmp_path)]) == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and errors[0].startswith(f"error: {path}:")
    assert ": outcomes.done.way_on: a self-service outcome without a way on to the school; add" in errors[0]
    old = (datetime.date.today() - datetime.timedelta(days=400)).isoformat()
    path = write(content_copy, {**copy.deepcopy(KEPT), "checked": old})
    assert main(["check", "--content", str(content_copy), "--schools", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    line = next(line for line in err.splitlines() if str(path) in line)
    assert line.startswith(f"warning: {path}:") and f"checked: last checked against its sources on {old}" in line
    assert "set 'checked:' to that day" in line and "error: " not in err


def test_freshness_is_counted_in_months(content, tmp_path):
    flow = load(content, write(tmp_path, KEPT))  # checked 2026-11-30
    assert freshness_warning(flow, {}, datetime.date(2027, 11, 29)) == ""
    assert "12 months ago" in freshness_warning(flow, {}, datetime.date(2027, 11, 30))


def test_the_real_flows_keep_every_rule_and_are_fresh(content):
    today = datetime.date.today()
    assert content.rule_problems(today) == [] and content.freshness_warnings(today) == []


# Every text of the model meets the rules of a school's text, so that no flow, site text or
# label publishes what a school file may not hold (and the build never crashes on it).
COPIED = "; type the text again without it (it may come from a copied text)"
UNFIT = {
    "NUL": ("Stap\0een", "'Stap\\x00een' holds the control character U+0000, which a page cannot show" + COPIED),
    "ESC": ("Stap\x1b[31m", "holds the control character U+001B, which a page cannot show" + COPIED),
    "BEL": ("Stap\aeen", "holds the control character U+0007"),
    "DEL": ("Stap\x7feen", "holds the control character U+007F"),
    "right-to-left override": ("Stap \u202eeen", "holds the invisible direction control U+202E, which reverses "
                               "how the line reads" + COPIED),
    "right-to-left isolate": ("Stap \u2067een", "holds the invisible direction control U+2067"),
    "zero-width space": ("Stap\u200been", "holds the invisible character U+200B, which hides text"),
    "byte-order mark inside": ("Stap\ufeffeen", "holds the invisible character U+FEFF"),
    "tag character": ("Stap\U000e0041", "holds the invisible character U+E0041"),
    "no-break spaces only": ("\u00a0\u202f", "empty text; write the French text"),
    "zero-width only": ("\u200b\u2060", "empty text; write the French text"),
    "braille blank only": ("\u2800", "empty text; write the French text"),
    "2001 characters": ("a" * 2001, "is 2001 characters long, more than 2000; split it over steps"),
    "1,500 {": ("{" * 1500, "has brackets nested more than 50 levels deep"),
    "60 [ after words": ("Stap " + "[" * 60 + "]" * 60, "has brackets nested more than 50 levels deep"),
}


@pytest.mark.parametrize("case", list(UNFIT))
def test_a_flow_text_a_school_file_could_not_hold_is_refused_with_its_file_and_key(content, tmp_path, case):
    bad, message = UNFIT[case]
    model = changed(lambda m: m["outcomes"]["done"]["steps"][0]["text"].update(fr=bad))
    (line,) = errors_of(content, tmp_path, model)
    assert re.fullmatch(rf"{re.escape(str(tmp_path / SLUG / 'flow.yml'))}:\d+: outcomes\.done\.steps\[1\]\.text\.fr: "
                        rf".*{re.escape(message)}.*", line), line


def test_brackets_a_text_needs_are_fine(content, tmp_path):
    model = changed(lambda m: m["outcomes"]["done"]["steps"][0]["text"].update(fr="[[" * 25 + "]]" * 25 + " {email}"))
    assert load(content, write(tmp_path, model)).outcomes["done"].steps[0].text["fr"].endswith("]] {email}")


def test_a_source_title_with_a_direction_control_is_refused(content, tmp_path):
    model = changed(lambda m: m.update(sources=[{"url": "https://www.dbsp.gent/a", "title": "Co\u202eaccount"}]))
    (line,) = errors_of(content, tmp_path, model)
    assert ": sources[1].title: 'Co\\u202eaccount' holds the invisible direction control U+202E" in line


@pytest.mark.parametrize(("file", "key", "bad", "message"), [
    ("ui.yml", "diagram_title", "Sch\0éma", "holds the control character U+0000"),
    ("labels.yml", "forgot_password", "Mot de passe\u202e perdu", "holds the invisible direction control U+202E"),
    ("wachtwoord-vergeten/texts.yml", "mail_subject", "Mot\u200bde passe", "holds the invisible character U+200B"),
])
def test_check_refuses_a_site_text_label_or_tool_text_a_school_file_could_not_hold(content_copy, tmp_path, capsys,
                                                                                     file, key, bad, message):
    path = content_copy / file
    raw = path.read_text(encoding="utf-8")
    start = raw.index(f"\n{key}:\n")
    fr = raw.index("\n  fr: ", start) + len("\n  fr: ")
    path.write_text(raw[:fr] + json.dumps(bad) + raw[raw.index("\n", fr):], encoding="utf-8")
    assert main(["check", "--content", str(content_copy), "--schools", str(tmp_path)]) == 1
    errors = capsys.readouterr().err.splitlines()
    assert len(errors) == 1 and errors[0].startswith(f"error: {path}:"), errors
    assert f": {key}.fr: " in errors[0] and message in errors[0] and errors[0].endswith(COPIED[2:]), errors
