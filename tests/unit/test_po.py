"""Translators' PO files: every text out with its context, back in place without moving a byte
of anything else, and a bad file refused one line per problem before anything is written."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from helpflow.build.po_files import content_texts
from helpflow.load.content import load_content
from helpflow.load.languages import load_languages
from helpflow.load.po import read_po
from helpflow.load.translations import stale
from helpflow.paths import CONTENT

from helpers import in_process, snapshot

pytestmark = pytest.mark.any_worker

INTRO = "wachtwoord-vergeten/flow.yml:intro"
"""A folded paragraph (``>-``) with a placeholder-free text."""
WITH_EMAIL = "ui.yml:handout_secretariat"


def export(root: Path, lang: str, tmp_path: Path) -> Path:
    out = tmp_path / f"{lang}.po"
    result = in_process("po", "export", lang, "--out", str(out), "--content", str(root))
    assert result.returncode == 0, result.stderr
    return out


def set_msgstr(po: Path, context: str, text: str, poedit_wrap: bool = True) -> None:
    """Give one entry a new translation as Poedit saves it: long strings wrapped over lines."""
    body = text.replace("\\", "\\\\").replace('"', '\\"')
    if poedit_wrap and len(body) > 60:
        cut = body.rindex(" ", 0, 60) + 1
        literal = f'""\n"{body[:cut]}"\n"{body[cut:]}"'
    else:
        literal = f'"{body}"'
    pattern = re.compile(rf'(msgctxt "{re.escape(context)}"\nmsgid ".*"\nmsgstr )".*"')
    raw = po.read_text(encoding="utf-8")
    assert pattern.search(raw), context
    po.write_text(pattern.sub(lambda m: m[1] + literal, raw), encoding="utf-8")


def stale_of(root: Path, lang: str) -> list[tuple[str, str, str]]:
    content = load_content(root)
    return stale(content.sources(), content.lock, content.languages.source, (lang,))


def entry(po: Path, context: str):  # type: ignore[no-untyped-def]
    return next(e for e in read_po(po, po.read_text(encoding="utf-8")).entries if e.context == context)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_msgfmt_accepts_the_export_and_it_holds_every_text(lang, tmp_path, content):
    po = export(CONTENT, lang, tmp_path)
    checked = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], capture_output=True, text=True)
    assert checked.returncode == 0 and not checked.stderr, checked.stderr
    catalog = read_po(po, po.read_text(encoding="utf-8"))
    assert catalog.language == lang
    expected = {f"{file}:{key}": (texts[content.languages.source], texts[lang])
                for file, texts in content.sources().items() for key, texts in texts.items()}
    assert {e.context: (e.msgid, e.msgstr) for e in catalog.entries} == expected
    outdated = stale(content.sources(), content.lock, content.languages.source, (lang,))
    assert {e.context for e in catalog.entries if e.fuzzy} == {f"{file}:{key}" for file, key, _lang in outdated}


def test_the_reader_of_the_yaml_finds_what_the_loader_finds(content):
    sources, _where = content_texts(CONTENT, content.languages)
    assert {f: {k: dict(t) for k, t in texts.items()} for f, texts in sources.items()} == \
        {f: {k: dict(t) for k, t in texts.items()} for f, texts in content.sources().items()}


def test_an_entry_says_which_placeholders_to_keep_and_where_the_text_is(tmp_path):
    po = export(CONTENT, "fr", tmp_path)
    step = entry(po, "wachtwoord-vergeten/flow.yml:outcomes.mail-school.steps[1].text")
    assert any("{email}" in comment for comment in step.comments)
    assert any("outcome mail-school, step 1" in comment for comment in step.comments)
    assert step.references[0].startswith("flow/wachtwoord-vergeten/flow.yml:")
    line = int(step.references[0].rpartition(":")[2])
    assert "text:" in (CONTENT / "wachtwoord-vergeten/flow.yml").read_text().splitlines()[line - 1]


def test_a_translation_of_an_older_source_text_is_fuzzy(content_copy, tmp_path):
    flow = content_copy / "wachtwoord-vergeten/flow.yml"
    flow.write_text(flow.read_text(encoding="utf-8").replace("twee vragen en u ziet meteen",
                                                             "twee vragen en dan ziet u meteen"), encoding="utf-8")
    po = export(content_copy, "fr", tmp_path)
    before = {f"{file}:{key}" for file, key, _lang in stale_of(CONTENT, "fr")}
    assert INTRO not in before
    assert {e.context for e in read_po(po, po.read_text()).entries if e.fuzzy} == before | {INTRO}
    assert "#, fuzzy\nmsgctxt \"" + INTRO in po.read_text()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_round_trip_without_edits_changes_no_byte(lang, content_copy, tmp_path):
    before = snapshot(content_copy)
    po = export(content_copy, lang, tmp_path)
    result = in_process("po", "import", str(po), "--content", str(content_copy))
    assert result.returncode == 0, result.stderr
    assert snapshot(content_copy) == before


def test_one_edited_msgstr_changes_exactly_that_text_and_check_passes(content_copy, tmp_path):
    before = {name: data.decode() for name, data in snapshot(content_copy).items()}
    po = export(content_copy, "fr", tmp_path)
    new = ("Vous avez oublié le mot de passe de votre co-compte Smartschool ? Répondez à une ou deux "
           "questions : vous saurez aussitôt comment obtenir un nouveau mot de passe.")
    set_msgstr(po, INTRO, new)
    result = in_process("po", "import", str(po), "--content", str(content_copy))
    assert result.returncode == 0, result.stderr
    after = {name: data.decode() for name, data in snapshot(content_copy).items()}
    assert [name for name in before if before[name] != after[name]] == ["wachtwoord-vergeten/flow.yml"]
    old_lines, new_lines = before["wachtwoord-vergeten/flow.yml"].splitlines(), \
        after["wachtwoord-vergeten/flow.yml"].splitlines()
    start = next(i for i, (a, b) in enumerate(zip(old_lines, new_lines, strict=False)) if a != b)
    end = next(i for i in range(1, len(old_lines)) if old_lines[-i] != new_lines[-i]) - 1
    assert old_lines[start - 1] == new_lines[start - 1] == "  fr: >-"  # still a folded paragraph
    changed = new_lines[start:len(new_lines) - end]
    assert all(line.startswith("    ") for line in changed + old_lines[start:len(old_lines) - end])
    assert " ".join(line.strip() for line in changed) == new
    loaded = load_content(content_copy)
    assert loaded.flows["wachtwoord-vergeten"].intro["fr"] == new
    assert in_process("check", "--content", str(content_copy), "--schools", str(CONTENT.parent / "schools")
                      ).returncode == 0


@pytest.mark.parametrize(("context", "text", "line"), [
    ("ui.yml:start_again", 'Commencer : "ici" # maintenant', '  fr: "Commencer : \\"ici\\" # maintenant"'),
    ("ui.yml:home_heading", "Quelles étapes ?", '  fr: "Quelles étapes ?"'),
    ("labels.yml:forgot_password", "Mot de passe perdu ?", "  fr: Mot de passe perdu ?"),
    ("wachtwoord-vergeten/flow.yml:answers.no", "no", '    fr: "no"'),
])
def test_a_new_text_keeps_its_quoting_where_it_can_and_reads_back_as_written(context, text, line, content_copy,
                                                                           tmp_path):
    po = export(content_copy, "fr", tmp_path)
    set_msgstr(po, context, text, poedit_wrap=False)
    assert in_process("po", "import", str(po), "--content", str(content_copy)).returncode == 0
    file, _, key = context.partition(":")
    assert line in (content_copy / file).read_text(encoding="utf-8").splitlines()
    sources, _where = content_texts(content_copy, load_content(content_copy).languages)
    assert sources[file][key]["fr"] == text


def test_an_imported_translation_of_a_changed_source_is_recorded_up_to_date(content_copy, tmp_path):
    flow = content_copy / "wachtwoord-vergeten/flow.yml"
    flow.write_text(flow.read_text(encoding="utf-8").replace("twee vragen en u ziet meteen",
                                                             "twee vragen en dan ziet u meteen"), encoding="utf-8")
    po = export(content_copy, "fr", tmp_path)
    raw = po.read_text(encoding="utf-8")
    po.write_text(raw.replace(f'#, fuzzy\nmsgctxt "{INTRO}"', f'msgctxt "{INTRO}"'), encoding="utf-8")  # reviewed
    content = load_content(content_copy)
    assert ("wachtwoord-vergeten/flow.yml", "intro", "fr") in stale(
        content.sources(), content.lock, "nl", ("fr",))
    before = set(stale(content.sources(), content.lock, "nl", ("fr", "en")))
    assert in_process("po", "import", str(po), "--content", str(content_copy)).returncode == 0
    after = set(stale(content.sources(), content.lock, "nl", ("fr", "en")))
    assert before - after == {("wachtwoord-vergeten/flow.yml", "intro", "fr")}  # the English one still stale
    assert ("wachtwoord-vergeten/flow.yml", "intro", "en") in after and after <= before


def test_a_new_language_exports_empty_and_imports_into_new_lines(content_copy, tmp_path):
    registry = content_copy / "languages.yml"
    registry.write_text(registry.read_text(encoding="utf-8") + "  de: {name: Deutsch, english: German, theme: de}\n",
                        encoding="utf-8")
    po = export(content_copy, "de", tmp_path)
    catalog = read_po(po, po.read_text(encoding="utf-8"))
    assert catalog.entries and all(e.msgstr == "" for e in catalog.entries)
    set_msgstr(po, "labels.yml:forgot_password", "Passwort vergessen?", poedit_wrap=False)
    set_msgstr(po, INTRO, "Haben Sie das Passwort Ihres Smartschool-Co-Kontos vergessen? Beantworten Sie "
                          "ein oder zwei Fragen, und Sie sehen gleich, wie Sie ein neues bekommen.")
    assert in_process("po", "import", str(po), "--content", str(content_copy)).returncode == 0
    labels = (content_copy / "labels.yml").read_text(encoding="utf-8")
    assert "  en: Forgot password?\n  de: Passwort vergessen?\n  verified: [nl]\n" in labels
    sources, _where = content_texts(content_copy, load_languages(registry))
    assert sources["wachtwoord-vergeten/flow.yml"]["intro"]["de"].startswith("Haben Sie das Passwort")
    assert "de" not in sources["ui.yml"]["home_heading"]


@pytest.mark.parametrize(("change", "message"), [
    (lambda po: po.replace('"Language: fr\\n"', '"Language: xx\\n"'),
     r"\.po: Language: the header's Language 'xx' is not in the language registry \(languages\.yml\)"),
    (lambda po: po.replace('"Language: fr\\n"', '"Language: nl\\n"'), r"'nl' is the source language"),
    (lambda po: po.replace('msgctxt "ui.yml:home_heading"', 'msgctxt "ui.yml:begin"'),
     r'\.po:\d+: msgctxt "ui\.yml:begin": no such text in the content; did you mean'),
    (lambda po: re.sub(
        r'(msgctxt "wachtwoord-vergeten/flow.yml:outcomes.mail-school.steps\[1\].text"\nmsgid ".*"\nmsgstr ").*"',
        lambda m: m[1] + 'Écrivez au {Email} de l’école."', po),
     r'\.po:\d+: msgctxt "wachtwoord-vergeten/flow\.yml:outcomes\.mail-school\.steps\[1\]\.text": placeholders differ '
     r"from the msgid \(missing \{email\}; not in the Dutch text: \{Email\}\)"),
    (lambda po: po.replace('msgid "Opnieuw beginnen"', 'msgid "Opnieuw"'),
     r"the Dutch text \(msgid\) is not the content's any more; export the PO file again"),
])
def test_a_bad_po_file_is_refused_in_one_line_and_nothing_is_written(change, message, content_copy, tmp_path):
    po = export(content_copy, "fr", tmp_path)
    po.write_text(change(po.read_text(encoding="utf-8")).replace(
        'msgstr "Commencer par la première question"', 'msgstr "Commencer ici"'), encoding="utf-8")
    before = snapshot(content_copy)
    result = in_process("po", "import", str(po), "--content", str(content_copy))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert re.search(message, lines[0]), lines[0]
    assert snapshot(content_copy) == before


def test_po_text_as_translators_tools_write_it_is_read(tmp_path):
    po = tmp_path / "x.po"
    po.write_text('# translator\nmsgid ""\nmsgstr ""\n"Language: fr\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  '#. note\n#: flow/ui.yml:3\n#, fuzzy, python-brace-format\n#| msgid "old"\nmsgctxt "ui.yml:a"\n'
                  'msgid ""\n"Long \\"quoted\\" "\n"text"\nmsgstr "Un\\ttab \\\\ et"\n" suite"\n\n'
                  '#~ msgctxt "ui.yml:gone"\n#~ msgid "weg"\n#~ msgstr "parti"\n', encoding="utf-8")
    catalog = read_po(po, po.read_text(encoding="utf-8"))
    assert catalog.language == "fr"
    (only,) = catalog.entries
    assert (only.context, only.msgid, only.msgstr) == ("ui.yml:a", 'Long "quoted" text', "Un\ttab \\ et suite")
    assert only.fuzzy and only.comments == ("note",) and only.line == 7


def test_an_unreadable_line_names_its_line(content_copy, tmp_path):
    po = export(content_copy, "fr", tmp_path)
    po.write_text(po.read_text(encoding="utf-8").replace('msgctxt "ui.yml:home_heading"', 'msgctx "ui.yml:home_heading"'),
                  encoding="utf-8")
    result = in_process("po", "import", str(po), "--content", str(content_copy))
    assert result.returncode == 1
    assert re.fullmatch(r"error: \S+fr\.po:\d+: cannot read this line: msgctx .*; a PO line is .*\n", result.stderr)


# A msgstr is held to the rules of every model text (those of a school's text, and TEXT_MAX):
# an import that wrote one would leave a content that check refuses or the build crashes on.
FRENCH_INTRO = "Vous avez oublié le mot de passe ? Répondez à une ou deux questions."
GOOD_CONTEXT, GOOD_TEXT = "ui.yml:start_again", "Commencer ici"
"""A good change beside the bad one: it is not written either."""
COPIED = "; type the text again without it (it may come from a copied text)"
BAD_MSGSTR = {
    "NUL": ("Vous\0avez", "'Vous\\x00avez' holds the control character U+0000, which a page cannot show" + COPIED),
    "ESC": ("Vous\x1b[31m", "holds the control character U+001B, which a page cannot show" + COPIED),
    "BEL": ("Vous\aavez", "holds the control character U+0007"),
    "escaped BEL": ("Vous\\aavez", "holds the control character U+0007"),  # PO's own escape: \a
    "right-to-left override": (f"Vous \u202e{FRENCH_INTRO}", "holds the invisible direction control U+202E, "
                               "which reverses how the line reads" + COPIED),
    "right-to-left isolate": (f"Vous \u2067{FRENCH_INTRO}", "holds the invisible direction control U+2067"),
    "zero-width space": (f"Vous\u200b{FRENCH_INTRO}", "holds the invisible character U+200B, which hides text"),
    "byte-order mark inside": (f"Vous\ufeff{FRENCH_INTRO}", "holds the invisible character U+FEFF"),
    "tag character": (f"Vous\U000e0041{FRENCH_INTRO}", "holds the invisible character U+E0041"),
    "line separator": (f"Vous\u2028{FRENCH_INTRO}", "holds U+2028, a line separator"),  # one line of the file
    "next line": (f"Vous\u0085{FRENCH_INTRO}", "holds the control character U+0085"),
    "form feed": (f"Vous\x0c{FRENCH_INTRO}", "holds the control character U+000C"),
    "private use": (f"Vous\ue000{FRENCH_INTRO}", "holds U+E000, a private character no font shows"),
    "no-break spaces only": ("\u00a0\u00a0", "empty text; write the French text"),
    "zero-width only": ("\u200b\u2060", "empty text; write the French text"),
    "2001 characters": ("a" * 2001, "is 2001 characters long, more than 2000"),
    "50,000 {": ("{" * 50_000, "is 50000 characters long, more than 2000"),
    "1,500 {": ("{" * 1500, "has brackets nested more than 50 levels deep"),
    "1,500 [ after words": ("Vous " + "[" * 1500, "has brackets nested more than 50 levels deep"),
}


@pytest.fixture(scope="module")
def french_po(tmp_path_factory) -> str:
    """The real content's French PO file, exported once for the tests that spoil it."""
    return export(CONTENT, "fr", tmp_path_factory.mktemp("po")).read_text(encoding="utf-8")


def spoiled(po_text: str, tmp_path: Path, texts: dict[str, str]) -> Path:
    """``po_text`` with the msgstr of each context replaced (written as is: no wrap, no escape)."""
    for context, text in texts.items():
        pattern = re.compile(rf'(msgctxt "{re.escape(context)}"\nmsgid ".*"\nmsgstr )".*"')
        assert pattern.search(po_text), context
        po_text = pattern.sub(lambda m: m[1] + f'"{text}"', po_text)
    po = tmp_path / "fr.po"
    po.write_text(po_text, encoding="utf-8")
    return po


def refused(po: Path, content_copy: Path) -> list[str]:
    """The import's error lines; it must exit 1, without a traceback and without writing a byte."""
    before = snapshot(content_copy)
    result = in_process("po", "import", str(po), "--content", str(content_copy))
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert snapshot(content_copy) == before
    return result.stderr.splitlines()


@pytest.mark.parametrize("case", list(BAD_MSGSTR))
def test_a_msgstr_the_content_would_refuse_is_refused_in_one_line_before_anything_is_written(
        case, french_po, content_copy, tmp_path):
    text, message = BAD_MSGSTR[case]
    po = spoiled(french_po, tmp_path, {GOOD_CONTEXT: GOOD_TEXT, INTRO: text})
    (line,) = refused(po, content_copy)
    assert line.startswith(f'error: {po}:{entry(po, INTRO).line}: msgctxt "{INTRO}", msgstr: ') and message in line, line


def test_every_bad_msgstr_has_its_own_line_fuzzy_ones_too(french_po, content_copy, tmp_path):
    po = spoiled(french_po, tmp_path, {INTRO: "Vous\0avez", "ui.yml:home_heading": "a" * 2001,
                                       "labels.yml:forgot_password": "\u202eMot de passe", GOOD_CONTEXT: GOOD_TEXT})
    po.write_text(po.read_text(encoding="utf-8").replace('msgctxt "labels.yml:forgot_password"',
                                                         '#, fuzzy\nmsgctxt "labels.yml:forgot_password"'),
                  encoding="utf-8")
    lines = refused(po, content_copy)
    assert sorted(re.sub(r"^error: .*?\.po:\d+: msgctxt \"(.*?)\", msgstr: .*", r"\1", line) for line in lines) == \
        ["labels.yml:forgot_password", "ui.yml:home_heading", INTRO]


def test_line_breaks_and_tabs_in_a_msgstr_are_spaces(french_po, content_copy, tmp_path):
    po = spoiled(french_po, tmp_path, {INTRO: f"Vous avez\\n\\toublié\\r\\n{FRENCH_INTRO[10:]}"})
    assert in_process("po", "import", str(po), "--content", str(content_copy)).returncode == 0
    assert load_content(content_copy).flows["wachtwoord-vergeten"].intro["fr"] == f"Vous avez oublié {FRENCH_INTRO[10:]}"


def test_an_import_that_would_make_a_file_too_big_to_read_writes_nothing(french_po, content_copy, tmp_path):
    ui = content_copy / "ui.yml"
    ui.write_text(ui.read_text(encoding="utf-8") + f"# {'x' * (1_999_000 - ui.stat().st_size)}\n", encoding="utf-8")
    po = spoiled(french_po, tmp_path, {"ui.yml:home_heading": "\U0001f600" * 2000})
    (line,) = refused(po, content_copy)
    assert line == (f"error: {ui}: with these translations the file would be more than 2,000,000 bytes, which "
                    "helpflow does not read; shorten the longest translations")


def test_a_po_file_that_starts_with_a_byte_order_mark_is_read(french_po, content_copy, tmp_path):
    po = spoiled(french_po, tmp_path, {GOOD_CONTEXT: GOOD_TEXT})
    po.write_bytes(b"\xef\xbb\xbf" + po.read_bytes())
    result = in_process("po", "import", str(po), "--content", str(content_copy))
    assert result.returncode == 0, result.stderr
    assert "  fr: Commencer ici\n" in (content_copy / "ui.yml").read_text(encoding="utf-8")


@pytest.mark.parametrize(("change", "message"), [
    (lambda po: po.replace(f'msgstr "{GOOD_TEXT}"', f'msgstr "{GOOD_TEXT}"\nmsgstr "Recommencer"'),
     r":(\d+): a second msgstr in one entry \(the first is on line (\d+)\); keep one msgstr per entry"),
    (lambda po: po.replace('msgctxt "ui.yml:home_heading"', 'msgid "x"\nmsgstr "y"\n\nmsgctxt "ui.yml:home_heading"')
     + '\nmsgid "x"\nmsgstr "z"\n',
     r':(\d+): msgid "x": the same entry as on line (\d+); keep one of the two'),
    (lambda po: po + '\n' + re.search(r'msgctxt "ui\.yml:home_heading"\nmsgid ".*"\nmsgstr ".*"\n', po)[0],
     r':(\d+): msgctxt "ui\.yml:home_heading": the same entry as on line (\d+); keep one of the two'),
    (lambda po: po + '\nmsgctxt "ui.yml:home_heading"\nmsgid "Welke stappen?"\nmsgstr "Quelles étapes ?"\n',
     r':(\d+): msgctxt "ui\.yml:home_heading": this text is in the file twice \(first on line (\d+)\); keep one'),
])
def test_a_doubled_msgstr_or_entry_is_refused_naming_both_lines(change, message, french_po, content_copy,
                                                                tmp_path):
    po = spoiled(french_po, tmp_path, {GOOD_CONTEXT: GOOD_TEXT})
    po.write_text(change(po.read_text(encoding="utf-8")), encoding="utf-8")
    lines = refused(po, content_copy)
    found = [match for line in lines if (match := re.search(message, line))]
    assert len(found) == 1 and int(found[0][1]) > int(found[0][2]) > 0, lines
