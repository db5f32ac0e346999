"""``helpflow po export`` / ``po import``: the content's texts as a translator's PO file.

The YAML files stay the source of truth; a PO file is a view of one language for
Poedit or Weblate. An entry's context (``msgctxt``) is ``<file>:<key>``, its ``msgid``
the source-language text, its ``msgstr`` the translation; ``#, fuzzy`` marks a
translation the lock says was made from an older source text. Import writes each
translated entry back in place (``yamledit``) and records it as up to date in the lock.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

from helpflow.errors import HelpflowError, did_you_mean, printable, problem
from helpflow.load.content import LABELS_FILE, LANGUAGES_FILE, LOCK_FILE, UI_FILE
from helpflow.load.flowfile import FLOW_FILE, TEXTS_FILE, text_fault
from helpflow.load.languages import load_languages
from helpflow.load.po import FUZZY, Catalog, Entry, read_po, write_po
from helpflow.load.safefile import read_limited, write_file
from helpflow.load.translations import Sources, mark_translated, stale
from helpflow.load.yamledit import compose, localized_nodes, replace_texts, text_of
from helpflow.load.yamlfile import MAX_BYTES as YAML_BYTES
from helpflow.load.yamlfile import read_yaml
from helpflow.model.flow import Localized
from helpflow.model.languages import Languages
from helpflow.model.placeholders import fold_space

MAX_BYTES = 5_000_000
_BRACES = re.compile(r"\{[^{}]*\}")
"""Anything in curly brackets: a placeholder, or one mistyped (``{Email}``) that no one would fill."""


def content_texts(root: Path, languages: Languages) -> tuple[Sources, dict[str, dict[str, tuple[int, str]]]]:
    """Every text of the content folder, read from its YAML as ``Content.sources()`` has them
    (file, key, source text), and each one's line and translation in every language.

    Read here, not through ``load_content``: a language just added to the registry has no
    texts yet, which the loader rightly refuses, and the translator needs them exported."""
    sources: dict[str, dict[str, Localized]] = {}
    where: dict[str, dict[str, tuple[int, str]]] = {}
    files = [UI_FILE, LABELS_FILE]
    for folder in sorted(path.parent for path in root.glob(f"*/{FLOW_FILE}")):
        files += [f"{folder.name}/{FLOW_FILE}", *([f"{folder.name}/{TEXTS_FILE}"]
                                                   if (folder / TEXTS_FILE).exists() else [])]
    for file in files:
        read_yaml(root / file)  # its checks first: size, anchors, depth
        text = read_limited(root / file, MAX_BYTES, "YAML file").decode("utf-8")
        nodes = localized_nodes(compose(text), languages.codes, languages.source)
        texts: dict[str, Localized] = {}
        for key, node in nodes.items():
            localized = {lang: found for lang in languages if (found := text_of(node, lang)) is not None}
            if localized.get(languages.source):
                texts[key] = localized
                # the key's line: above its block of languages, or the line of a {nl: …, fr: …}
                where.setdefault(file, {})[key] = (node.start_mark.line + (1 if node.flow_style else 0), text)
        if texts:
            sources[file] = texts
    return sources, where


def export_po(root: Path, lang: str) -> str:
    """Every text of the content folder in ``lang``, as PO text."""
    languages = load_languages(root / LANGUAGES_FILE)
    _check_language(root / LANGUAGES_FILE, languages, lang)
    sources, where = content_texts(root, languages)
    outdated = {(file, key) for file, key, _lang in stale(sources, root / LOCK_FILE, languages.source, (lang,))}
    entries = []
    for file, texts in sources.items():
        for key, localized in texts.items():
            line, text = where[file][key]
            translation = localized.get(lang, "")
            entries.append(Entry(
                context=f"{file}:{key}", msgid=localized[languages.source], msgstr=translation,
                comments=_comments(file, key, localized[languages.source], text.splitlines(), line),
                references=(f"{root.name}/{file}:{line}",),
                flags=frozenset({FUZZY}) if translation and (file, key) in outdated else frozenset()))
    source = languages[languages.source]
    preamble = (f"helpflow: the texts of {root.name}/ in {languages[lang].english} ({lang}), translated from "
                f"{source.english} ({source.code}).", "Import with: helpflow po import FILE.po "
                "(README.md, \"For translators\").")
    headers = {"Project-Id-Version": "helpflow", "PO-Revision-Date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000"),
               "Last-Translator": "", "Language-Team": languages[lang].english, "Language": lang, "MIME-Version": "1.0",
               "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit",
               "X-Source-Language": languages.source}
    return write_po(Catalog(lang, headers, tuple(entries), preamble))


def import_po(root: Path, po_path: Path) -> str:
    """Write the PO file's translations into the content's YAML and the lock; a summary line.

    Every entry is checked before any file is written: one bad entry writes nothing."""
    raw = read_limited(po_path, MAX_BYTES, "PO file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise HelpflowError(problem(po_path, "", f"not UTF-8 text (byte {exc.start})",
                                    "save the PO file as UTF-8 (Poedit and Weblate do)")) from None
    catalog = read_po(po_path, text)
    languages = load_languages(root / LANGUAGES_FILE)
    _check_language(po_path, languages, catalog.language, header=True)
    lang = catalog.language
    lock = root / LOCK_FILE
    sources, _where = content_texts(root, languages)
    changes, problems = _changes(po_path, catalog, sources, languages)
    if problems:
        raise HelpflowError(problems)
    written: dict[Path, str] = {}
    for file in dict.fromkeys(file for file, _key in changes):
        path = root / file
        before = read_limited(path, MAX_BYTES, "YAML file").decode("utf-8")
        after = replace_texts(path, before, {(key, lang): new for (name, key), new in changes.items() if name == file})
        if len(after.encode("utf-8")) > YAML_BYTES:  # the loader would refuse the whole file
            problems.append(problem(path, "", f"with these translations the file would be more than "
                                    f"{YAML_BYTES:,} bytes, which helpflow does not read",
                                    "shorten the longest translations"))
        if after != before:
            written[path] = after
    if problems:
        raise HelpflowError(problems)
    for path, after in written.items():
        write_file(path.parent, path.name, after)
    recorded = [(file, key, lang) for file, key, _lang in stale(sources, lock, languages.source, (lang,))
                if (file, key) in changes]
    if recorded:
        mark_translated(sources, lock, recorded, languages.source, languages.targets)
    changed = sum(1 for (file, key), new in changes.items() if sources[file][key].get(lang) != fold_space(new))
    return (f"{po_path}: {changed} {languages[lang].english} text(s) changed in {len(written)} file(s), "
            f"{len(recorded)} recorded as up to date in {lock.name}")


def _changes(po_path: Path, catalog: Catalog, sources: Mapping[str, Mapping[str, Localized]],
             languages: Languages) -> tuple[dict[tuple[str, str], str], list[str]]:
    """(file, key) -> translation for every finished entry, and a line for each bad one.

    Every msgstr, fuzzy too, is held to the loader's rules for a text (``text_fault``):
    what the import writes, the next check and build must read."""
    source, english = languages.source, languages[languages.source].english
    known = {f"{file}:{key}": (file, key) for file, texts in sources.items() for key in texts}
    changes: dict[tuple[str, str], str] = {}
    problems: list[str] = []
    seen: dict[str, int] = {}
    for entry in catalog.entries:
        where = f"msgctxt \"{printable(entry.context)}\""
        if entry.context not in known:
            problems.append(problem(po_path, where, "no such text in the content",
                                    f"{did_you_mean(entry.context, known)} (or export the PO file again)", entry.line))
            continue
        if entry.context in seen:
            problems.append(problem(po_path, where, f"this text is in the file twice (first on line "
                                    f"{seen[entry.context]})", "keep one of them", entry.line))
            continue
        seen[entry.context] = entry.line
        file, key = known[entry.context]
        if entry.msgid != sources[file][key][source]:
            problems.append(problem(po_path, where, f"the {english} text (msgid) is not the content's any more",
                                    "export the PO file again and carry the translation over", entry.line))
            continue
        if not entry.msgstr:
            continue  # not translated: left as it is
        if fault := text_fault(entry.msgstr, languages[catalog.language].english):
            problems.append(problem(po_path, f"{where}, msgstr", *fault, entry.line))
            continue
        if entry.fuzzy:
            continue  # marked for review: left as it is
        want, got = set(_BRACES.findall(entry.msgid)), set(_BRACES.findall(entry.msgstr))
        if want != got:
            differ = "; ".join(part for part in (
                f"missing {', '.join(sorted(want - got))}" if want - got else "",
                f"not in the {english} text: {', '.join(sorted(got - want))}" if got - want else "") if part)
            problems.append(problem(po_path, where, f"placeholders differ from the msgid ({printable(differ, 120)})",
                                    "keep every {…} of the msgid exactly as it is, untranslated", entry.line))
            continue
        changes[file, key] = entry.msgstr
    return changes, problems


def _check_language(where: Path, languages: Languages, lang: str, header: bool = False) -> None:
    what = "the header's Language" if header else "the language"
    if lang not in languages:
        raise HelpflowError(problem(where, "Language" if header else "", f"{what} '{printable(lang)}' is not in "
                                    f"the language registry ({LANGUAGES_FILE})", f"{did_you_mean(lang, languages)}; "
                                    "a new language is added there first (README.md, \"Adding a language\")"))
    if lang == languages.source:
        raise HelpflowError(problem(where, "Language" if header else "", f"'{lang}' is the source language: its "
                                    "texts are the msgids", f"choose one of: {', '.join(languages.targets)}"))


def _comments(file: str, key: str, source_text: str, lines: list[str], line: int) -> tuple[str, ...]:
    """What the translator should know: the placeholders to keep, and where the text is used."""
    comments = []
    kept = list(dict.fromkeys(_BRACES.findall(source_text)))
    if kept:
        comments.append(f"Keep as they are (filled in by helpflow): {' '.join(kept)}")
    folder, _, name = file.rpartition("/")
    if name == UI_FILE:
        comments.append(f"Site text '{key}', shared by every flow.")
    elif name == LABELS_FILE:
        comments.append(f"Smartschool screen label '{key}': the words the platform shows on its screen.")
    elif name == FLOW_FILE:
        comments.append(f"Flow '{folder}': {_describe(key)}.")
    elif name == TEXTS_FILE:
        comments.append(f"Flow '{folder}': the text '{key}' of a widget tool (the mail to the school).")
    comments += _yaml_comment_above(lines, line - 1)
    return tuple(" ".join(comment.split()) for comment in comments)


def _describe(key: str) -> str:
    """``outcomes.mail-school.steps[2].note.title`` as "outcome mail-school, step 2, note, title"."""
    words = re.sub(r"\[(\d+)\]", r" \1", key).split(".")
    named = {"questions": "question", "outcomes": "outcome", "answers": "answer", "steps": "step"}
    out: list[str] = []
    for word in words:
        if out and out[-1] in named.values():
            out[-1] += f" {word}"
        else:
            head, _, number = word.partition(" ")
            out.append(f"{named.get(head, head)} {number}".strip())
    return ", ".join(out)


def _yaml_comment_above(lines: list[str], key_line: int) -> list[str]:
    """The ``#`` comment lines right above a key (the file's own note on a group of texts)."""
    found: list[str] = []
    index = key_line - 1
    while index >= 0 and lines[index].lstrip().startswith("#"):
        found.insert(0, lines[index].lstrip().lstrip("#").strip())
        index -= 1
    return [comment for comment in found if comment][:4]

