"""Every mistake in a school file gets its own one-line error from the real command, never a traceback."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from helpflow.errors import HelpflowError
from helpflow.load.logo import MAX_BYTES as LOGO_MAX_BYTES
from helpflow.load.school import load_school
from helpflow.model.usernames import UsernameRule

from helpers import in_process

pytestmark = pytest.mark.any_worker

"""The installed console script, as a school runs it."""

GOOD = {
    "name": "Sint-Jozefscollege",
    "smartschool": "sintjozef",
    "email": "secretariaat@sintjozef.be",
    "site_url": "https://help.sintjozef.be/",
    "platform_language": "nl",
    "languages": "[nl, fr, en]",
    "colors": '{primary: "#0b5fff", accent: "#ff6d00"}',
}
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>'
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
"""A PNG's signature and nothing a decoder can read."""


def school_file(folder: Path, drop: tuple[str, ...] = (), **values: str) -> Path:
    """A school file: the good values, some replaced (``None`` drops a key), extra keys added."""
    lines = [f"{key}: {value}" for key, value in {**GOOD, **values}.items() if key not in drop]
    path = folder / "school.yml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_build(school: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return in_process("build", "--school", str(school), "--out", str(out))


# (case, extra files, school values, keys to drop, the line and key of the error, what it says)
CASES = [
    ("smartschool-space", {}, {"smartschool": "sint jozef"}, (), "2: smartschool",
     "'sint jozef' is not a platform name"),
    ("smartschool-hyphen-end", {}, {"smartschool": "sintjozef-"}, (), "2: smartschool", "no hyphen first or last"),
    ("smartschool-too-long", {}, {"smartschool": "a" * 64}, (), "2: smartschool", "1 to 63 characters"),
    ("smartschool-other-host", {}, {"smartschool": "https://sintjozef.be/"}, (), "2: smartschool",
     "is not a platform name"),
    ("email", {}, {"email": "secretariaat.sintjozef.be"}, (), "3: email",
     "'secretariaat.sintjozef.be' is not an e-mail address; for example: email: secretariaat@sintjozef.be"),
    ("site-url-http", {}, {"site_url": "http://help.sintjozef.be/"}, (), "4: site_url",
     "is not an https:// address; for example: site_url: https://help.sintjozef.be/"),
    ("site-url-relative", {}, {"site_url": "help.sintjozef.be"}, (), "4: site_url", "is not an https:// address"),
    ("site-url-query", {}, {"site_url": "https://help.sintjozef.be/?a=1"}, (), "4: site_url",
     "is not a plain web address"),
    ("site-url-quote", {}, {"site_url": "'https://help.sintjozef.be/\"x'"}, (), "4: site_url",
     "is not a plain web address"),
    ("platform-language", {}, {"platform_language": "en"}, (), "5: platform_language",
     "'en' is not a Smartschool language; expected one of: fr, nl"),
    ("languages-empty", {}, {"languages": "[]"}, (), "6: languages", "must be a list of languages"),
    ("languages-unknown", {}, {"languages": "[nl, de]"}, (), "6: languages", "'de' is not available; expected one of: en, fr, nl"),
    ("languages-twice", {}, {"languages": "[nl, fr, nl]"}, (), "6: languages", "a language is listed twice"),
    ("languages-not-list", {}, {"languages": "nl"}, (), "6: languages", "must be a list of languages"),
    ("color-word", {}, {"colors": '{primary: blue}'}, (), "7: colors.primary",
     "'blue' is not a colour like #rgb or #rrggbb; for example: colors.primary: \"#0b5fff\""),
    ("color-five-digits", {}, {"colors": '{accent: "#12345"}'}, (), "7: colors.accent", "'#12345' is not a colour"),
    ("color-unknown-key", {}, {"colors": '{primari: "#0b5fff"}'}, (), "7: colors.primari",
     "unknown key; did you mean 'primary'?"),
    ("colors-not-mapping", {}, {"colors": '"#0b5fff"'}, (), "7: colors", "must be a mapping"),
    ("logo-outside", {}, {"logo": "../logo.svg"}, (), "8: logo", "is not a file in"),
    ("logo-gif", {"logo.gif": b"GIF89a"}, {"logo": "logo.gif"}, (), "8: logo", "'logo.gif' is not an .svg or .png file"),
    ("logo-missing", {}, {"logo": "logo.svg"}, (), "8: logo", "'logo.svg' does not exist in"),
    ("logo-too-big", {"logo.png": PNG + b"\0" * LOGO_MAX_BYTES}, {"logo": "logo.png"}, (), "logo.png",
     f"more than {LOGO_MAX_BYTES}"),
    ("logo-png-not-png", {"logo.png": SVG}, {"logo": "logo.png"}, (), "logo.png: logo", "not really a PNG image"),
    ("logo-png-broken", {"logo.png": PNG}, {"logo": "logo.png"}, (), "logo.png: logo", "not really a PNG image"),
    ("logo-svg-not-svg", {"logo.svg": PNG}, {"logo": "logo.svg"}, (), "logo.svg: logo", "not really an SVG image"),
    ("logo-svg-only-script", {"logo.svg": SVG.replace(b'<rect width="10" height="10"/>',
                                                      b"<script>alert(1)</script>")},
     {"logo": "logo.svg"}, (), "logo.svg: logo", "nothing left to draw"),
    ("unknown-key", {}, {"emial": "x@sintjozef.be"}, (), "8: emial", "unknown key; did you mean 'email'?"),
    ("name-missing", {}, {}, ("name",), ": name", "missing; add a line 'name: ...'"),
    ("name-empty", {}, {"name": '""'}, (), "1: name", "must be a non-empty text"),
    ("name-too-long", {}, {"name": "x" * 200}, (), "1: name", "200 characters long, more than 120"),
    ("yaml-syntax", {}, {"name": "Sint: Jozef"}, (), "school.yml:1", "YAML syntax error"),
    ("duplicate-key", {}, {"smartschool": "sintjozef\nsmartschool: other"}, (), "3: smartschool",
     "duplicate key 'smartschool' (first on line 2)"),
    ("flows-unknown", {}, {"flows": "[wachtwoord-vergten]"}, (), "8: flows",
     "'wachtwoord-vergten' is not a flow; did you mean 'wachtwoord-vergeten'?"),
    ("flows-twice", {}, {"flows": "[wachtwoord-vergeten, wachtwoord-vergeten]"}, (), "8: flows",
     "a flow is listed twice"),
    ("username-accents", {}, {"username": "{accents: none}"}, (), "8: username.accents",
     "'none' is not a choice; expected one of: keep, strip"),
    ("username-format", {}, {"username": '{format: "{first}@{last}"}'}, (), "8: username.format",
     "is not a username format"),
    ("username-unknown-key", {}, {"username": "{acents: strip}"}, (), "8: username.acents",
     "unknown key; did you mean 'accents'?"),
    ("contact-phone", {}, {"contact": '{phone: "bel ons"}'}, (), "8: contact.phone", "is not a phone number"),
    ("contact-hours-alone", {}, {"contact": '{hours: "8-16"}'}, (), "8: contact.hours",
     "given without phone; add contact.phone, or remove hours"),
    ("email-given", {}, {"email_given": "at-birth"}, (), "8: email_given", "'at-birth' is not a choice"),
    ("texts-unknown-flow", {}, {"texts": "{wachtwoord: {title: {nl: a, fr: b, en: c}}}"}, (), "8: texts.wachtwoord",
     "not one of this school's flows; did you mean 'wachtwoord-vergeten'?"),
    ("texts-unknown-key", {}, {"texts": "{wachtwoord-vergeten: {'outcomes.self-reset.step[2].text': "
                                        "{nl: a, fr: b, en: c}}}"}, (),
     "8: texts.wachtwoord-vergeten.outcomes.self-reset.step[2].text",
     "unknown text key; did you mean 'outcomes.self-reset.steps[2].text'?"),
    ("texts-missing-language", {}, {"texts": "{wachtwoord-vergeten: {title: {nl: a, fr: b}}}"}, (),
     "8: texts.wachtwoord-vergeten.title.en", "missing text in this school's language"),
    ("texts-foreign-language", {}, {"languages": "[nl, fr]", "texts": "{wachtwoord-vergeten: {title: "
                                                                      "{nl: a, fr: b, en: c}}}"}, (),
     "8: texts.wachtwoord-vergeten.title.en", "not one of this school's languages"),
    ("texts-unknown-placeholder", {}, {"texts": "{wachtwoord-vergeten: {title: {nl: '{schol}', fr: b, en: c}}}"},
     (), "8: texts.wachtwoord-vergeten.title", "unknown placeholder '{schol}'; did you mean 'school'?"),
    ("texts-unknown-page", {}, {"texts": "{wachtwoord-vergeten: {title: {nl: '{page:self-rest}', fr: b, en: c}}}"},
     (), "8: texts.wachtwoord-vergeten.title", "placeholder '{page:self-rest}' names no page; did you mean "
                                               "'self-reset'?"),
]


@pytest.mark.parametrize(("files", "values", "drop", "where", "what"), [case[1:] for case in CASES],
                         ids=[case[0] for case in CASES])
def test_each_mistake_gets_its_own_line_from_the_command(tmp_path, files, values, drop, where, what):
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    school = school_file(tmp_path, drop, **values)
    result = run_build(school, tmp_path / "site")
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith(f"error: {tmp_path}/"), errors[0]  # the school file, or its logo
    assert f"{where}: " in errors[0] and what in errors[0], errors[0]
    assert not (tmp_path / "site").exists()


def test_a_pasted_platform_address_is_reduced_to_its_name(content, tmp_path):
    school = load_school(school_file(tmp_path, smartschool="https://SintJozef.smartschool.be/login?x=1"), content)
    assert school.smartschool == "sintjozef"
    assert school.platform_url == "https://sintjozef.smartschool.be"
    assert any("reduced to 'sintjozef'" in note for note in school.notes)


def test_capitals_in_the_platform_name_are_lowered_with_a_note(content, tmp_path):
    result = load_school(school_file(tmp_path, smartschool="SintJozef"), content)
    assert result.smartschool == "sintjozef"
    assert result.notes == (f"{tmp_path / 'school.yml'}: smartschool: 'SintJozef' written in lower case; "
                            "platform names are lower case",)


@pytest.mark.parametrize("site_url", ["http://localhost:8000/", "https://help.sintjozef.be", "https://x.be/help/"])
def test_good_site_addresses_pass_and_end_in_a_slash(content, tmp_path, site_url):
    assert load_school(school_file(tmp_path, site_url=site_url), content).site_url == site_url.rstrip("/") + "/"


def test_good_logos_and_short_colours_are_accepted(content, tmp_path):
    (tmp_path / "Logo.SVG").write_bytes(b"\xef\xbb\xbf<?xml version='1.0'?>\n" + SVG)
    school = load_school(school_file(tmp_path, logo="Logo.SVG", colors='{primary: "#0AF"}'), content)
    assert school.logo is not None and school.logo.media_type == "image/svg+xml"
    assert (school.primary, school.accent) == ("#00aaff", "#b34700")


def test_every_problem_of_a_file_is_listed_at_once(content, tmp_path):
    with pytest.raises(HelpflowError) as caught:
        load_school(school_file(tmp_path, email="nope", platform_language="de", languages="[xx]"), content)
    assert [line.split(": ")[1] for line in caught.value.problems] == ["email", "platform_language", "languages"]


def test_a_school_that_says_nothing_gets_the_seed_schools_practice_and_every_flow(content, tmp_path):
    school = load_school(school_file(tmp_path), content)
    assert school.flows == tuple(content.flows)
    assert school.username == UsernameRule()
    assert (school.email_given, school.phone, school.hours, school.texts) == ("first-login", "", {}, {})


def test_a_schools_own_practice_is_read(content, tmp_path):
    school = load_school(school_file(tmp_path, flows="[co-account-activeren]", email_given="enrolment",
                                     username='{format: "{last}{first}", accents: strip, special: drop}',
                                     contact='{phone: "+32 9 123 45 67", hours: "ma-vr 8-16 u"}'), content)
    assert school.flows == ("co-account-activeren",)
    assert school.username.apply("Zoë", "D'Hondt-Dupré") == "dhondtduprezoe"
    assert (school.email_given, school.phone) == ("enrolment", "+32 9 123 45 67")
    assert school.hours == {"nl": "ma-vr 8-16 u", "fr": "ma-vr 8-16 u", "en": "ma-vr 8-16 u"}  # one text for all


@pytest.mark.parametrize(("accents", "special", "says", "never"), [
    ("strip", "keep", "Accenten vallen weg: Chloë Van De Velde wordt chloe.vandevelde.", "speciale tekens"),
    ("keep", "drop", "Koppeltekens, apostrofs en andere speciale tekens vallen weg: Marie-Lou D'Hondt wordt "
                     "marielou.dhondt.", "Accenten"),
    ("strip", "drop", "Accenten en speciale tekens vallen weg: Chloë D'Hondt-Van De Velde wordt "
                      "chloe.dhondtvandevelde.", "Koppeltekens"),
    ("keep", "keep", "Bij voor- en achternaam worden eventuele spaties weggelaten.", "vallen weg"),
])
def test_the_username_text_says_exactly_what_the_rule_leaves_out(content, tmp_path, accents, special, says, never):
    from helpflow.plan.text import Context

    school = load_school(school_file(tmp_path, username=f"{{accents: {accents}, special: {special}}}"), content)
    text = Context("nl", school, content.ui, content.labels).plain("{username_rule}")
    assert says in text and never not in text, text
