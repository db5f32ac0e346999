"""The languages helpflow can build: a registry read from data (``flow/languages.yml``).

Adding a language touches no Python: every module asks this registry which languages
exist, which one translations are made from, and which Smartschool itself speaks.
"""

from __future__ import annotations

import re
from pathlib import Path

from helpflow.errors import HelpflowError, printable, problem
from helpflow.load.yamlfile import line_of, read_yaml
from helpflow.model.languages import Language, Languages

CODE = re.compile(r"^[a-z]{2,3}$")


def load_languages(path: Path) -> Languages:
    """Read the registry; every problem is one line naming the key and the fix."""
    raw = read_yaml(path)
    problems: list[str] = []
    if not isinstance(raw, dict) or not isinstance(raw.get("languages"), dict) or not raw["languages"]:
        raise HelpflowError(problem(path, "languages", "expected a mapping of language codes",
                                    "for example: languages: {nl: {name: Nederlands, english: Dutch, theme: nl}}"))
    languages: dict[str, Language] = {}
    for code, spec in raw["languages"].items():
        line = line_of(raw["languages"], code)
        if not CODE.fullmatch(code):
            problems.append(problem(path, f"languages.{printable(code)}", "not a two- or three-letter language code",
                                    "use the ISO 639-1 code, like 'de'", line))
            continue
        fields = spec if isinstance(spec, dict) else {}
        missing = [key for key in ("name", "english", "theme") if not isinstance(fields.get(key), str)]
        if missing:
            problems.append(problem(path, f"languages.{code}", f"missing {', '.join(missing)}",
                                    f"for example: {code}: {{name: Deutsch, english: German, theme: de}}", line))
            continue
        languages[code] = Language(code, fields["name"], fields["english"], fields["theme"])
    source = raw.get("source")
    if not isinstance(source, str) or source not in languages:
        problems.append(problem(path, "source", f"'{printable(str(source))}' is not one of the languages",
                                "name the language translations are made from", line_of(raw, "source")))
    platform = raw.get("platform", [])
    if not isinstance(platform, list) or not platform or any(not isinstance(p, str) or p not in languages
                                                             for p in platform):
        problems.append(problem(path, "platform", "expected a list of the languages above",
                                "for example: platform: [nl, fr]", line_of(raw, "platform")))
        platform = []
    if problems:
        raise HelpflowError(problems)
    return Languages(str(source), tuple(platform), languages)
