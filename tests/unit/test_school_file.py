"""Every mistake in a school file gets its own one-line error from the real command, never a traceback."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from helpflow.errors import HelpflowError
from helpflow.load.logo import MAX_BYTES as LOGO_MAX_BYTES
from helpflow.load.school import load_school
from helpflow.load.yamlfile import read_yaml
from helpflow.model.usernames import UsernameRule
from helpflow.paths import SCHEMA_FILE

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
    ("email-dots", {}, {"email": "..a..@sintjozef.be"}, (), "3: email", "is not an e-mail address"),
    ("email-dot-last", {}, {"email": "secretariaat.@sintjozef.be"}, (), "3: email", "is not an e-mail address"),
    ("email-long-name", {}, {"email": "s" * 65 + "@sintjozef.be"}, (), "3: email", "is not an e-mail address"),
    ("site-url-http", {}, {"site_url": "http://help.sintjozef.be/"}, (), "4: site_url",
     "is not an https:// address; for example: site_url: https://help.sintjozef.be/"),
    ("site-url-relative", {}, {"site_url": "help.sintjozef.be"}, (), "4: site_url", "is not an https:// address"),
    ("site-url-query", {}, {"site_url": "https://help.sintjozef.be/?a=1"}, (), "4: site_url",
     "is not a plain web address"),
    ("site-url-quote", {}, {"site_url": "'https://help.sintjozef.be/\"x'"}, (), "4: site_url",
     "has the path '/\"x'"),
    # A path whose every folder lands as it is in a page, a sitemap and a server's config
    ("site-url-double-slash", {}, {"site_url": "https://help.sintjozef.be//evil.example/"}, (), "4: site_url",
     "has the path '//evil.example/'; give folder names of letters"),
    ("site-url-percent", {}, {"site_url": "https://help.sintjozef.be/a%20b/"}, (), "4: site_url",
     "has the path '/a%20b/'"),
    ("site-url-dot-dot", {}, {"site_url": "https://help.sintjozef.be/../x/"}, (), "4: site_url", "has the path '/../x/'"),
    ("site-url-dot", {}, {"site_url": "https://help.sintjozef.be/x/./y"}, (), "4: site_url", "has the path '/x/./y'"),
    ("site-url-empty-query", {}, {"site_url": "https://help.sintjozef.be/x?"}, (), "4: site_url",
     "is not a plain web address"),
    ("site-url-empty-fragment", {}, {"site_url": "https://help.sintjozef.be/#"}, (), "4: site_url",
     "is not a plain web address"),
    ("site-url-encoded-dots", {}, {"site_url": "https://help.sintjozef.be/%2e%2e/"}, (), "4: site_url",
     "without '%', '.' or '..'"),
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
    ("logo-dangling-link", {"logo.svg": None}, {"logo": "logo.svg"}, (), "8: logo",
     "'logo.svg' is a link to a file that does not exist in"),
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
    ("texts-unknown-page", {}, {"texts": "{wachtwoord-vergeten: {'outcomes.self-reset.steps[2].text': "
                                          "{nl: '{page:self-rest}', fr: b, en: c}}}"},
     (), "8: texts.wachtwoord-vergeten.outcomes.self-reset.steps[2].text", "placeholder '{page:self-rest}' names no page; did you mean "
                                               "'self-reset'?"),
    # Every key's type (issue 22, class 5): a wrong shape is one line, never a silent default
    ("username-format-list", {}, {"username": '{format: ["{first}", "{last}"]}'}, (), "8: username.format",
     "must be one text, not a list"),
    ("username-accents-list", {}, {"username": "{accents: [strip]}"}, (), "8: username.accents",
     "must be one word: keep or strip"),
    ("username-special-mapping", {}, {"username": "{special: {drop: yes}}"}, (), "8: username.special",
     "must be one word: keep or drop"),
    ("username-not-mapping", {}, {"username": '"{first}.{last}"'}, (), "8: username", "must be a mapping"),
    ("name-list", {}, {"name": "[Sint, Jozef]"}, (), "1: name", "must be one text, not a list"),
    ("email-mapping", {}, {"email": "{a: b}"}, (), "3: email", "must be one text, not a mapping"),
    ("color-list", {}, {"colors": '{primary: ["#0b5fff"]}'}, (), "7: colors.primary", "must be one text"),
    ("email-given-list", {}, {"email_given": "[enrolment]"}, (), "8: email_given", "must be one word"),
    ("platform-language-mapping", {}, {"platform_language": "{nl: fr}"}, (), "5: platform_language",
     "must be one word"),
    ("contact-not-mapping", {}, {"contact": '"+32 9 123 45 67"'}, (), "8: contact", "must be a mapping"),
    ("texts-value-list", {}, {"texts": "{wachtwoord-vergeten: {title: [a, b]}}"}, (),
     "8: texts.wachtwoord-vergeten.title", "must be one text, not a list"),
    # Every free text's length, and its longest word (a run that cannot wrap)
    ("username-format-8000", {}, {"username": '{format: "{first}.' + "x" * 8000 + '"}'}, (), "8: username.format",
     "is 8008 characters long, more than 40"),
    ("hours-too-long", {}, {"contact": '{phone: "+32 9 123 45 67", hours: "' + "ma tot vr " * 13 + '"}'}, (),
     "8: contact.hours", "more than 120"),
    ("hours-unbreakable", {}, {"contact": '{phone: "+32 9 123 45 67", hours: "' + "8-16u," * 20 + '"}'}, (),
     "8: contact.hours", "has a word of 120 characters"),
    ("hours-long-address", {}, {"contact": '{phone: "+32 9 123 45 67", hours: "zie '
                                           'www.sint-jozefscollege-sint-lievens-houtem.be"}'}, (),
     "8: contact.hours", "has a word of 45 characters"),
    ("name-unbreakable", {}, {"name": "Sint-Jozefscollege-Sint-Lievens-Houtem-Zottegem"}, (), "1: name",
     "has a word of 47 characters"),
    ("texts-unbreakable", {}, {"texts": "{wachtwoord-vergeten: {title: '" + "w" * 41 + "'}}"}, (),
     "8: texts.wachtwoord-vergeten.title", "has a word of 41 characters"),
    ("texts-long-address-part", {}, {"texts": "{wachtwoord-vergeten: {title: 'zie https://www.sint-jozefscollege-"
                                              "sint-lievens-houtem.be/'}}"}, (),
     "8: texts.wachtwoord-vergeten.title", "has a word of 45 characters"),
    ("texts-too-long", {}, {"texts": "{wachtwoord-vergeten: {title: {nl: '" + "woord " * 200 + "', fr: b, en: c}}}"},
     (), "8: texts.wachtwoord-vergeten.title.nl", "is 1199 characters long, more than 1000"),
    ("texts-title-links", {}, {"texts": "{wachtwoord-vergeten: {outcomes.mail-school.title: 'Zie {page:self-reset}'}}"},
     (), "8: texts.wachtwoord-vergeten.outcomes.mail-school.title", "a title cannot link to a page ({page:…})"),
    # Phone numbers: enough digits to ring, not more than E.164 allows
    ("phone-dashes", {}, {"contact": '{phone: "1-----"}'}, (), "8: contact.phone", "has 1 digit, not 8 to 15"),
    ("phone-short", {}, {"contact": '{phone: "09 123 45"}'}, (), "8: contact.phone", "has 7 digits"),
    ("phone-long", {}, {"contact": '{phone: "+32 9 123 45 67 89 01 23"}'}, (), "8: contact.phone", "has 16 digits, not 8 to 15"),
    ("phone-brackets-only", {}, {"contact": '{phone: "0(((((((("}'}, (), "8: contact.phone", "has 1 digit,"),
    # Blank means blank, whatever the space (NBSP, em space, zero-width, word joiner, BOM)
    ("name-nbsp", {}, {"name": '"\\u00a0\\u00a0"'}, (), "1: name", "must be a non-empty text"),
    ("name-zero-width", {}, {"name": '"\\u200b\\u200b\\u200b"'}, (), "1: name",
     "must be a non-empty text"),
    ("name-invisible-mix", {}, {"name": '"\\u2060\\ufeff\\u3000\\u200d\\u2003"'}, (), "1: name",
     "must be a non-empty text"),
    ("hours-invisible", {}, {"contact": '{phone: "+32 9 123 45 67", hours: "\\u2003\\u200b"}'}, (),
     "8: contact.hours", "must be a non-empty text"),
    ("texts-invisible", {}, {"texts": '{wachtwoord-vergeten: {title: {nl: a, fr: "\\u00a0", en: c}}}'}, (),
     "8: texts.wachtwoord-vergeten.title.fr", "must be a non-empty text"),
    ("name-hangul-filler", {}, {"name": '"\\u3164"'}, (), "1: name", "must be a non-empty text"),
    ("name-braille-blank", {}, {"name": '"\\u2800\\u2800"'}, (), "1: name", "must be a non-empty text"),
    ("name-jamo-fillers", {}, {"name": '"\\u115f\\u1160"'}, (), "1: name", "must be a non-empty text"),
    ("name-soft-hyphen-joiner", {}, {"name": '"\\u00ad\\u034f\\ufe0f"'}, (), "1: name", "must be a non-empty text"),
    ("hours-halfwidth-filler", {}, {"contact": '{phone: "+32 9 123 45 67", hours: "\\uffa0"}'}, (),
     "8: contact.hours", "must be a non-empty text"),
    # Characters that hide text inside a visible one: refused, naming the character
    ("name-zero-width-inside", {}, {"name": '"Sint\\u200bJozef"'}, (), "1: name", "invisible character U+200B"),
    ("name-bom-inside", {}, {"name": '"Sint-Jozef\\ufeff"'}, (), "1: name", "invisible character U+FEFF"),
    ("name-word-joiner", {}, {"name": '"Sint\\u2060Jozef"'}, (), "1: name", "invisible character U+2060"),
    ("texts-invisible-times", {}, {"texts": '{wachtwoord-vergeten: {title: "Titel\\u2062x"}}'}, (),
     "8: texts.wachtwoord-vergeten.title", "invisible character U+2062"),
    ("name-tag-letters", {}, {"name": '"Sint-Jozef\\U000E0069\\U000E0067"'}, (), "1: name",
     "invisible character U+E0069"),
    # Code points that are no character to show, and a blank letter inside a word
    ("name-lone-surrogate", {}, {"name": '"Sint\\udfffJozef"'}, (), "1: name", "U+DFFF, half of a character"),
    ("name-private-use", {}, {"name": '"Sint\\ue000Jozef"'}, (), "1: name", "U+E000, a private character"),
    ("name-unassigned", {}, {"name": '"Sint\\u0378Jozef"'}, (), "1: name", "U+0378, no character"),
    ("name-line-separator", {}, {"name": '"Sint\\u2028Jozef"'}, (), "1: name", "U+2028, a line separator"),
    ("texts-filler-inside", {}, {"texts": '{wachtwoord-vergeten: {title: "Probeer\\u3164zelf"}}'}, (),
     "8: texts.wachtwoord-vergeten.title", "invisible character U+3164"),
    # Characters that change how a line reads (class 6): refused in every string, naming the key
    ("name-rlo", {}, {"name": '"Sint-Jozef\\u202e"'}, (), "1: name", "direction control U+202E"),
    ("name-isolate", {}, {"name": '"\\u2067Sint-Jozef\\u2069"'}, (), "1: name", "direction control U+2067"),
    ("name-mark", {}, {"name": '"Sint\\u200fJozef"'}, (), "1: name", "direction control U+200F"),
    ("name-arabic-mark", {}, {"name": '"Sint\\u061cJozef"'}, (), "1: name", "direction control U+061C"),
    ("name-nul", {}, {"name": '"Sint\\0Jozef"'}, (), "1: name", "control character U+0000"),
    ("name-esc", {}, {"name": '"Sint\\e[31mJozef"'}, (), "1: name", "control character U+001B"),
    ("name-bel", {}, {"name": '"Sint\\aJozef"'}, (), "1: name", "control character U+0007"),
    ("name-c1", {}, {"name": '"Sint\\x9bJozef"'}, (), "1: name", "control character U+009B"),
    ("name-next-line", {}, {"name": '"Sint\\NJozef"'}, (), "1: name", "control character U+0085"),
    ("email-rlo", {}, {"email": '"secretariaat\\u202e@sintjozef.be"'}, (), "3: email",
     "direction control U+202E"),
    ("hours-esc", {}, {"contact": '{phone: "+32 9 123 45 67", hours: "8\\e[31m-16"}'}, (), "8: contact.hours",
     "control character U+001B"),
    ("phone-mark", {}, {"contact": '{phone: "+32\\u200e 9 123 45 67"}'}, (), "8: contact.phone",
     "direction control U+200E"),
    ("username-format-bidi", {}, {"username": '{format: "{first}\\u202e.{last}"}'}, (), "8: username.format",
     "direction control U+202E"),
    ("texts-bel", {}, {"texts": '{wachtwoord-vergeten: {title: "Titel\\a"}}'}, (),
     "8: texts.wachtwoord-vergeten.title", "control character U+0007"),
    ("email-given-mark", {}, {"email_given": '"enrolment\\u200f"'}, (), "8: email_given",
     "direction control U+200F"),
    # A free text per language must give each of the school's languages (issue 18, item 5)
    ("hours-missing-language", {}, {"contact": '{phone: "+32 9 123 45 67", hours: {nl: ma-vr, fr: lu-ve}}'}, (),
     "8: contact.hours.en", "missing text in this school's language"),
    ("hours-foreign-language", {}, {"languages": "[nl, fr]", "contact": '{phone: "+32 9 123 45 67", hours: '
                                                                      "{nl: ma-vr, fr: lu-ve, en: mo-fr}}"}, (),
     "8: contact.hours.en", "not one of this school's languages"),
    ("hours-language-list", {}, {"contact": '{phone: "+32 9 123 45 67", hours: {nl: [ma, vr], fr: lu-ve, en: mo}}'},
     (), "8: contact.hours.nl", "must be one text, not a list"),
    ("hours-empty-mapping", {}, {"languages": "[nl]", "contact": '{phone: "+32 9 123 45 67", hours: {}}'}, (),
     "8: contact.hours.nl", "missing text in this school's language"),
    ("logo-empty", {}, {"logo": '""'}, (), "8: logo", "is not a file in"),
    ("flows-empty", {}, {"flows": "[]"}, (), "8: flows", "must be a list of flows"),
    ("statistics-yes", {}, {"statistics": "yes"}, (), "8: statistics", "must be true or false"),
    ("statistics-list", {}, {"statistics": "[true]"}, (), "8: statistics", "must be true or false"),
    ("reply-days-zero", {}, {"accessibility": "{reply_days: 0}"}, (), "8: accessibility.reply_days",
     "must be a whole number from 1 to 60"),
    ("reply-days-word", {}, {"accessibility": "{reply_days: a week}"}, (), "8: accessibility.reply_days",
     "must be a whole number from 1 to 60"),
    ("accessibility-contact", {}, {"accessibility": "{contact: toegankelijkheid}"}, (), "8: accessibility.contact",
     "is not an e-mail address"),
    ("accessibility-unknown-key", {}, {"accessibility": "{phone: 1234}"}, (), "8: accessibility.phone",
     "unknown key"),
]


@pytest.mark.parametrize(("files", "values", "drop", "where", "what"), [case[1:] for case in CASES],
                         ids=[case[0] for case in CASES])
def test_each_mistake_gets_its_own_line_from_the_command(tmp_path, files, values, drop, where, what):
    for name, data in files.items():
        if data is None:  # a link to nothing
            (tmp_path / name).symlink_to(tmp_path / "gone")
        else:
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


@pytest.mark.parametrize("site_url", ["http://localhost:8000/", "https://help.sintjozef.be", "https://x.be/help/",
                                      "https://x.be/.help/v2.1/~team_a"])
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
    """Every flow that holds for that practice (tests/unit/test_practice.py: the others)."""
    school = load_school(school_file(tmp_path), content)
    assert school.flows == tuple(slug for slug, flow in content.flows.items()
                                 if "first-login" in flow.assumes.get("email_given", ("first-login",)))
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


# Good values both `check` and the schema accept: the limits above refuse only what they must.
GOOD_CASES = [
    ("texts-one-string", {"texts": "{wachtwoord-vergeten: {title: 'Eigen titel'}}"}),
    ("texts-long-address", {"texts": "{wachtwoord-vergeten: {title: 'Zie "
                                     "https://www.atheneummariakerke.be/informatie/smartschool/'}}"}),
    ("hours-per-language", {"contact": '{phone: "+32 9 123 45 67", hours: {nl: ma-vr, fr: lu-ve, en: Mon-Fri}}'}),
    ("hours-word-of-40", {"contact": '{phone: "+32 9 123 45 67", hours: "' + "w" * 40 + '"}'}),
    ("phone-trunk-zero", {"contact": '{phone: "+32 (0)9 123 45 67"}'}),
    ("phone-dotted", {"contact": '{phone: "09.123.45.67"}'}),
    ("name-right-to-left-script", {"name": '"مدرسة שלום Sint-Jozef"'}),
    ("name-emoji-joiner", {"name": '"Sint-Jozef \U0001f468\u200d\U0001f469\u200d\U0001f467"'}),
    ("email-dotted-plus", {"email": "secretariaat.sint-jozef+hulp@sintjozef.be"}),
    ("name-nbsp-inside", {"name": '"Sint\\u00a0Jozef"'}),
    ("name-soft-hyphen-inside", {"name": '"Sint-Jozefs\\u00adcollege"'}),
    ("name-emoji-variation", {"name": '"Sint-Jozef \\u2764\\ufe0f"'}),
    ("name-non-joiner", {"name": '"Sint-Jozef \\u0645\\u200c\\u0627"'}),
    ("name-spaces-around", {"name": '"  Sint-Jozef\\t"'}),
    ("smartschool-pasted", {"smartschool": "https://SintJozef.smartschool.be/login"}),
    ("site-url-local", {"site_url": "http://localhost:8000/"}),
    ("username-long-format", {"username": '{format: "{first}.{last}.' + "x" * 25 + '"}'}),
    ("empty-groups", {"username": "{}", "contact": "{}", "colors": "{}", "texts": "{wachtwoord-vergeten: {}}"}),
    ("statistics-on", {"statistics": "true"}),
    ("accessibility", {"accessibility": "{contact: toegankelijkheid@sintjozef.be, reply_days: 14}"}),
]


@pytest.mark.parametrize("values", [case[1] for case in GOOD_CASES], ids=[case[0] for case in GOOD_CASES])
def test_good_values_pass_check_and_the_schema(content, tmp_path, schema_validator, values):
    path = school_file(tmp_path, **values)
    load_school(path, content)
    assert schema_validator.is_valid(yaml.safe_load(path.read_text(encoding="utf-8")))  # as an editor reads it


BEYOND_SCHEMA = {
    "name-lone-surrogate": "half a character: ECMA-262 without its u flag reads surrogates as characters",
    "texts-title-links": "which of a flow's texts are titles",
    "name-tag-letters": "a character above U+FFFF: ECMA-262 without its u flag reads its two halves",
    "logo-missing": "whether the logo file exists",
    "logo-dangling-link": "whether the logo file exists",
    "logo-too-big": "the logo file's size", "logo-png-not-png": "the logo file's content",
    "logo-png-broken": "the logo file's content", "logo-svg-not-svg": "the logo file's content",
    "logo-svg-only-script": "the logo file's content",
    "yaml-syntax": "not YAML: no data to give the schema", "duplicate-key": "JSON has no duplicate keys to see",
    "texts-unknown-key": "text keys follow each flow's steps; the schema names the flows only, to stay current",
    "texts-unknown-placeholder": "placeholders inside a text", "texts-unknown-page": "placeholders inside a text",
    "texts-missing-language": "a text per language must give the languages of the file's own `languages`",
    "texts-foreign-language": "the same", "hours-missing-language": "the same", "hours-foreign-language": "the same",
}
"""Mistakes `check` finds that a JSON Schema cannot express, and why."""


@pytest.fixture(scope="module")
def schema_validator() -> Draft202012Validator:
    return Draft202012Validator(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))


@pytest.mark.parametrize(("files", "values", "drop"), [case[1:4] for case in CASES if case[0] not in BEYOND_SCHEMA],
                         ids=[case[0] for case in CASES if case[0] not in BEYOND_SCHEMA])
def test_the_schema_refuses_what_check_refuses(content, tmp_path, schema_validator, files, values, drop):
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    path = school_file(tmp_path, drop, **values)
    with pytest.raises(HelpflowError):
        load_school(path, content)
    assert not schema_validator.is_valid(json.loads(json.dumps(read_yaml(path))))


def test_the_tel_address_drops_the_trunk_zero_after_a_country_code(content, tmp_path):
    for phone, tel in (("+32 (0)9 123 45 67", "tel:+3291234567"), ("+32(0)9/123.45.67", "tel:+3291234567"),
                       ("09 123 45 67", "tel:091234567"), ("+32 9 123 45 67", "tel:+3291234567")):
        school = load_school(school_file(tmp_path, contact=f'{{phone: "{phone}"}}'), content)
        assert (school.phone, school.phone_url) == (phone, tel)


def test_hours_per_language_show_in_the_readers_language(content, tmp_path):
    from helpflow.plan.pages import contact_html
    from helpflow.plan.text import Context

    hours = {"nl": "maandag tot vrijdag", "fr": "du lundi au vendredi", "en": "Monday to Friday"}
    school = load_school(school_file(tmp_path, contact='{phone: "+32 9 123 45 67", hours: {'
                                     + ", ".join(f'{lang}: "{text}"' for lang, text in hours.items()) + "}}"), content)
    for lang, text in hours.items():
        shown = contact_html(Context(lang, school, content.ui, content.labels))
        assert text in shown and not [other for other in hours.values() if other != text and other in shown], shown
