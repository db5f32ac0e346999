"""Reading and validating a flow folder (``flow/<slug>/flow.yml`` and ``texts.yml``) into a ``Flow``.

Every problem is collected, so that one run of ``helpflow check`` shows them all,
each as one line naming the file, the path to the key, what is wrong and the fix.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, get_args

from helpflow.errors import HelpflowError, did_you_mean, printable, problem
from helpflow.load import tools
from helpflow.load.characters import blank, unfit
from helpflow.load.practice import FACTS
from helpflow.load.yamlfile import MAX_DEPTH, line_of, read_yaml
from helpflow.model.flow import UNKNOWN, Answer, Flow, Label, Localized, Note, NoteKind, Outcome, Question, Source, Step
from helpflow.model.languages import Languages
from helpflow.model.placeholders import SCHOOL_PLACEHOLDERS, UI_VALUES, fold_space, placeholders

OUTCOME_KINDS = ("self-service", "contact-school")
NOTE_KINDS: tuple[NoteKind, ...] = get_args(NoteKind)
NODE_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
FLOW_FILE, TEXTS_FILE = "flow.yml", "texts.yml"
SOURCE_URL = re.compile(r"^https://[A-Za-z0-9.-]+(/[A-Za-z0-9._~%!$&()*+,;=:@/?#-]*)?$")
"""A public page's address: https, and nothing that would need escaping to be read aloud."""
SOURCE_TITLE_MAX = 200
FRESH_FOR = 12
"""Months after which ``check`` warns that a flow's texts were last compared with their sources."""

Overrides = Mapping[str, Mapping[str, str]]
"""Text key -> language -> a school's own text in place of the model's."""


TEXT_MAX = 2000
"""Characters a text of the model may have: the longest today is 420 (the accessibility statement's
way to complain). A text of 200,000 characters (a pasted file) made a build take minutes, laid out
again in every type size the handout tries."""
COPIED = "type the text again without it (it may come from a copied text)"


def text_fault(text: str, english: str) -> tuple[str, str] | None:
    """What keeps ``text`` from being a text of the model, and the fix (None when nothing).

    A school's text rules (``blank``, ``unfit``), ``TEXT_MAX`` and brackets nested no
    deeper than a YAML file may be: one set of rules for the loader and for ``po import``,
    so that an import never writes a text the next check or build refuses or chokes on."""
    if blank(text):
        return "empty text", f"write the {english} text"
    if len(text) > TEXT_MAX:
        return f"is {len(text)} characters long, more than {TEXT_MAX}", "split it over steps and notes, or shorten it"
    if wrong := unfit(text):
        return f"'{printable(text, 40)}' {wrong}", COPIED
    if _depth(text) > MAX_DEPTH:
        return (f"has brackets nested more than {MAX_DEPTH} levels deep, which no text needs",
                "close its brackets, or write fewer of them")
    return None


def _depth(text: str) -> int:
    """How deep ``{`` and ``[`` nest in ``text``: a YAML reader (``po import`` reads a text
    back to choose its quoting) recurses once per level, and overflowed on 1,500 of them."""
    if text.count("{") + text.count("[") <= MAX_DEPTH:
        return 0
    depth = deepest = 0
    for c in text:
        if c in "{[":
            depth += 1
            deepest = max(deepest, depth)
        elif c in "}]" and depth:
            depth -= 1
    return deepest


class Reader:
    """Walks the raw YAML, turning it into model objects while noting each problem.

    ``overrides`` replace texts by key as they are read: a school's own wording goes
    through the same checks as the model's.
    """

    def __init__(self, path: Path, languages: Languages, overrides: Overrides | None = None) -> None:
        self.path = path
        self.languages = languages
        self.overrides = overrides or {}
        self.problems: list[str] = []
        self.placeholders: list[tuple[str, str, str]] = []  # key, name, arg
        self.texts: dict[str, Localized] = {}  # every localized text by its key path

    def fail(self, key: str, what: str, fix: str = "", line: int | None = None) -> None:
        self.problems.append(problem(self.path, key, what, fix, line))

    def mapping(self, value: Any, key: str, allowed: tuple[str, ...], required: tuple[str, ...] = (),
                line: int | None = None) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(key, f"expected a mapping of keys, found {kind_of(value)}",
                      "indent the keys below it", line)
            return {}
        known = set(allowed)  # a flow's own ids, thousands in a big model: no scan of a tuple per key
        for name in value:
            if name not in known:
                self.fail(f"{key}.{name}" if key else name, "unknown key",
                          did_you_mean(name, allowed), line_of(value, name))
        for name in required:
            if name not in value:
                self.fail(f"{key}.{name}" if key else name, "missing key",
                          f"add '{name}:'", line)
        return value

    def localized(self, parent: dict[str, Any], name: str, key: str) -> Localized:
        """A text in every language; missing languages are reported one by one."""
        line = line_of(parent, name)
        value = parent.get(name)
        if value is None:
            self.fail(key, "missing text", f"add '{name}:' with a text per language "
                      f"({', '.join(self.languages)})")
            return {}
        texts = self.mapping(value, key, self.languages.codes, line=line)
        result: dict[str, str] = {}
        for lang in self.languages:
            text = texts.get(lang)
            english = self.languages[lang].english
            if text is None:
                what = "missing text" if lang == self.languages.source else "missing translation"
                self.fail(f"{key}.{lang}", what, f"add the {english} text", line)
            elif not isinstance(text, str):
                self.fail(f"{key}.{lang}", f"expected a text, found {kind_of(text)}",
                          f"write the {english} text on one line, in quotes if needed", line_of(texts, lang))
            elif fault := text_fault(text, english):
                self.fail(f"{key}.{lang}", *fault, line_of(texts, lang))
            else:
                result[lang] = fold_space(text)
        self.texts[key] = MappingProxyType(result)
        shown = {**result, **self.overrides.get(key, {})}
        for text in shown.values():
            self.placeholders += [(key, name, arg) for name, arg in placeholders(text)]
        return MappingProxyType(shown)

    def choice(self, parent: dict[str, Any], name: str, key: str, choices: tuple[str, ...]) -> str:
        value = parent.get(name)
        if value not in choices:
            what = "missing" if value is None else f"'{printable(str(value))}' is not allowed"
            self.fail(key, what, did_you_mean(str(value or ""), choices), line_of(parent, name))
            return choices[0]
        return str(value)


def kind_of(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, str):
        return f"the text '{value[:40]}'"
    return "nothing"


def read_flow_files(folder: Path) -> tuple[Any, Any]:
    """The raw YAML of a flow folder: ``flow.yml`` and, when present, ``texts.yml``."""
    texts = folder / TEXTS_FILE
    return read_yaml(folder / FLOW_FILE), (read_yaml(texts) if texts.exists() else {})


def load_flow(folder: Path, languages: Languages, labels: Mapping[str, Label],
              overrides: Overrides | None = None, raw: tuple[Any, Any] | None = None) -> Flow:
    """Load and validate the flow in ``folder``; raise HelpflowError listing every problem.

    ``raw`` is the folder's YAML when already read (a school group's build reads it once).
    """
    path = folder / FLOW_FILE
    top_raw, texts_raw = raw if raw is not None else read_flow_files(folder)
    r = Reader(path, languages, overrides)
    top = r.mapping(top_raw, "", ("title", "summary", "intro", "start", "answers", "questions", "outcomes",
                                  "assumes", "sources", "checked"),
                    ("title", "summary", "intro", "start", "questions", "outcomes"))
    if r.problems and not top:
        raise HelpflowError(r.problems)

    vocabulary = {key: r.localized(top.get("answers") or {}, key, f"answers.{key}")
                  for key in r.mapping(top.get("answers", {}), "answers", tuple(top.get("answers") or ()))}
    questions = {qid: _question(r, qid, spec, vocabulary)
                 for qid, spec in r.mapping(top.get("questions", {}), "questions",
                                            tuple(top.get("questions") or ())).items()}
    outcomes = {oid: _outcome(r, oid, spec)
                for oid, spec in r.mapping(top.get("outcomes", {}), "outcomes",
                                           tuple(top.get("outcomes") or ())).items()}
    tool_texts = _tool_texts(folder / TEXTS_FILE, languages, texts_raw, outcomes, r.problems)
    title, summary = r.localized(top, "title", "title"), r.localized(top, "summary", "summary")
    intro = r.localized(top, "intro", "intro")
    flow = Flow(
        slug=folder.name,
        source=path,
        title=title,
        summary=summary,
        intro=intro,
        start=str(top.get("start", "")),
        questions=MappingProxyType(questions),
        outcomes=MappingProxyType(outcomes),
        tool_texts=MappingProxyType(tool_texts),
        texts=MappingProxyType(dict(r.texts)),
        assumes=MappingProxyType(_assumes(r, top)),
        sources=_sources(r, top),
        checked=_checked(r, top),
    )
    _check_ids(r, top)
    check_placeholders(r.placeholders, {"label": labels, "page": {**flow.questions, **flow.outcomes}},
                       lambda key, what, fix: r.fail(key, what, fix))
    if not r.problems:
        _check_graph(r, flow, top, _page_links(r.placeholders))
    if r.problems:
        raise HelpflowError(r.problems)
    return flow


def _page_links(found: list[tuple[str, str, str]]) -> dict[str, list[str]]:
    """Node id -> the nodes its texts link to with ``{page:ID}``: a way there too."""
    links: dict[str, list[str]] = {}
    for key, name, arg in found:
        section, _, rest = key.partition(".")
        if name == "page" and section in ("questions", "outcomes"):
            links.setdefault(rest.split(".")[0], []).append(arg)
    return links


def _question(r: Reader, qid: str, spec: Any, vocabulary: dict[str, Localized]) -> Question:
    key = f"questions.{qid}"
    spec = r.mapping(spec, key, ("title", "text", "hint", "answers", "cannot_be_unknown"), ("title", "text", "answers"))
    answers_raw = spec.get("answers") or {}
    answers = []
    for akey, target in r.mapping(answers_raw, f"{key}.answers", tuple(answers_raw)).items():
        if akey not in vocabulary:
            r.fail(f"{key}.answers.{akey}", "unknown answer",
                   did_you_mean(akey, vocabulary) + " (answers are listed under 'answers:' at the top)",
                   line_of(answers_raw, akey))
        if not isinstance(target, str) or not target:
            r.fail(f"{key}.answers.{akey}", "expected the id of the next question or outcome", "",
                   line_of(answers_raw, akey))
            target = ""
        answers.append(Answer(akey, vocabulary.get(akey, {}), target))
    if "answers" in spec and len(answers) < 2:
        r.fail(f"{key}.answers", f"a question needs at least two answers, found {len(answers)}",
               "add another answer or make this node an outcome", line_of(spec, "answers"))
    hint_key = f"{key}.hint"
    if "hint" in spec:
        hint: Localized | None = r.localized(spec, "hint", hint_key)
    elif hint_key in r.overrides:  # a school may add a hint the model does not have
        hint = MappingProxyType(dict(r.overrides[hint_key]))
        r.placeholders += [(hint_key, n, a) for text in hint.values() for n, a in placeholders(text)]
    else:
        hint = None
    return Question(
        id=qid,
        title=r.localized(spec, "title", f"{key}.title"),
        text=r.localized(spec, "text", f"{key}.text"),
        hint=hint,
        answers=tuple(answers),
        cannot_be_unknown=_reason(r, spec, "cannot_be_unknown", f"{key}.cannot_be_unknown"),
    )


def _outcome(r: Reader, oid: str, spec: Any) -> Outcome:
    key = f"outcomes.{oid}"
    spec = r.mapping(spec, key, ("kind", "tools", "title", "summary", "steps", "way_on"), ("kind", "title", "summary"))
    steps_raw = spec.get("steps")
    if not isinstance(steps_raw, list) or not steps_raw:
        r.fail(f"{key}.steps", "an outcome needs at least one step",
               "add 'steps:' with a list of '- text:' items", line_of(spec, "steps"))
        steps_raw = []
    steps = []
    for i, step in enumerate(steps_raw, 1):
        skey = f"{key}.steps[{i}]"
        step = r.mapping(step, skey, ("text", "note", "tools"), ("text",), line_of(spec, "steps"))
        note = None
        if "note" in step:
            nkey = f"{skey}.note"
            raw_note = r.mapping(step["note"], nkey, ("kind", "title", "text"), ("kind", "title", "text"))
            kind = r.choice(raw_note, "kind", f"{nkey}.kind", NOTE_KINDS)
            note = Note(NOTE_KINDS[NOTE_KINDS.index(kind)],
                        r.localized(raw_note, "title", f"{nkey}.title"),
                        r.localized(raw_note, "text", f"{nkey}.text"))
        steps.append(Step(r.localized(step, "text", f"{skey}.text"), note, _tools(r, step, skey)))
    return Outcome(
        id=oid,
        kind=r.choice(spec, "kind", f"{key}.kind", OUTCOME_KINDS),  # type: ignore[arg-type]
        title=r.localized(spec, "title", f"{key}.title"),
        summary=r.localized(spec, "summary", f"{key}.summary"),
        steps=tuple(steps),
        tools=_tools(r, spec, key),
        way_on=_reason(r, spec, "way_on", f"{key}.way_on"),
    )


def _tools(r: Reader, spec: dict[str, Any], key: str) -> tuple[str, ...]:
    """The tools a step or an outcome names, each one known."""
    named = spec.get("tools", [])
    if not isinstance(named, list) or any(not isinstance(t, str) for t in named):
        r.fail(f"{key}.tools", "expected a list of tool names", "for example: tools: [mail-composer]",
               line_of(spec, "tools"))
        return ()
    known = tools.names()
    for tool in named:
        if tool not in known:
            r.fail(f"{key}.tools", f"unknown tool '{tool}'", did_you_mean(tool, known), line_of(spec, "tools"))
    return tuple(t for t in named if t in known)


def _reason(r: Reader, spec: dict[str, Any], name: str, key: str) -> str:
    """A plain one-line value for the flow's authors (an id, a reason), or "" when absent."""
    value = spec.get(name, "")
    if not isinstance(value, str) or (name in spec and not value.strip()):
        r.fail(key, f"expected a text, found {kind_of(value) if value else 'nothing'}",
               f"write '{name}:' and the text on one line", line_of(spec, name))
        return ""
    return fold_space(value)


def _assumes(r: Reader, top: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    """The school practice the flow's texts hold for: fact -> its values."""
    raw = top.get("assumes", {})
    example = "for example: assumes: {email_given: [first-login]}"
    if not isinstance(raw, dict):
        r.fail("assumes", f"expected a mapping of school facts, found {kind_of(raw)}", example, line_of(top, "assumes"))
        return {}
    found = {}
    for fact, values in raw.items():
        if fact not in FACTS:
            r.fail(f"assumes.{printable(fact)}", "not a school fact a flow may assume", did_you_mean(fact, FACTS),
                   line_of(raw, fact))
        elif not isinstance(values, list) or not values or any(not isinstance(v, str) or not v for v in values):
            r.fail(f"assumes.{fact}", "expected a list of the values the flow holds for", example, line_of(raw, fact))
        else:
            found[fact] = tuple(values)
    return found


def _sources(r: Reader, top: dict[str, Any]) -> tuple[Source, ...]:
    """The public pages the flow's facts come from, each an https address and its title."""
    raw = top.get("sources", [])
    example = "for example: - {url: https://www.dbsp.gent/smartschool-co-account, title: Smartschool co-account}"
    if not isinstance(raw, list):
        r.fail("sources", f"expected a list of pages, found {kind_of(raw)}", example, line_of(top, "sources"))
        return ()
    found = []
    for i, spec in enumerate(raw, 1):
        key = f"sources[{i}]"
        spec = r.mapping(spec, key, ("url", "title"), ("url", "title"), line_of(top, "sources"))
        url, title = spec.get("url"), spec.get("title")
        if "url" in spec and (not isinstance(url, str) or len(url) > 300 or not SOURCE_URL.fullmatch(url)):
            r.fail(f"{key}.url", f"'{printable(str(url))}' is not a public https address", example,
                   line_of(spec, "url"))
        elif "title" in spec and (not isinstance(title, str) or blank(title) or len(title) > SOURCE_TITLE_MAX):
            r.fail(f"{key}.title", f"expected the page's title, 1 to {SOURCE_TITLE_MAX} characters", example,
                   line_of(spec, "title"))
        elif isinstance(title, str) and (wrong := unfit(title)):
            r.fail(f"{key}.title", f"'{printable(title, 40)}' {wrong}", COPIED, line_of(spec, "title"))
        elif isinstance(url, str) and isinstance(title, str):
            found.append(Source(url, fold_space(title)))
    return tuple(found)


def _checked(r: Reader, top: dict[str, Any]) -> datetime.date | None:
    """The day the flow's texts were last compared with their sources."""
    raw = top.get("checked")
    if raw is None:
        return None
    try:
        if isinstance(raw, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            return datetime.date.fromisoformat(raw)
    except ValueError:
        pass
    r.fail("checked", f"'{printable(str(raw))}' is not a date like 2026-11-30",
           "write the day you last compared the texts with the sources, as YYYY-MM-DD", line_of(top, "checked"))
    return None


def check_rules(flow: Flow, raw: Any, unknown: Localized, today: datetime.date) -> list[str]:
    """What every flow owes a parent, beyond a sound tree: each question offers "I don't
    know" (named as every flow names it, ``unknown`` in ui.yml's words) or says why it cannot
    be unknown; each self-service outcome links on to a contact-school outcome for when no
    e-mail comes; the flow names its public sources and the day it was last checked."""
    r = Reader(flow.source, Languages("", (), {}))
    top = raw if isinstance(raw, dict) else {}
    questions, outcomes = top.get("questions") or {}, top.get("outcomes") or {}
    for q in flow.questions.values():
        if q.answer(UNKNOWN) is None and not q.cannot_be_unknown:
            r.fail(f"questions.{q.id}.answers", "no 'I don't know' answer",
                   f"add '\"{UNKNOWN}\": <node>' (a parent who is not sure must get somewhere), or say why no "
                   "parent can be unsure with 'cannot_be_unknown: <reason>'", line_of(questions, q.id))
    said = flow.texts.get(f"answers.{UNKNOWN}", {})
    for lang, name in unknown.items() if said else ():
        if said.get(lang) != name:
            r.fail(f"answers.{UNKNOWN}.{lang}", f"'{printable(said.get(lang, ''))}' is not how every flow names it",
                   f"write '{name}' (ui.yml: answer_unknown)", line_of(top.get("answers"), UNKNOWN))
    for o in flow.outcomes.values():
        if o.kind != "self-service":
            continue
        target = flow.outcomes.get(o.way_on)
        key = f"outcomes.{o.id}.way_on"
        at = line_of(outcomes.get(o.id) or {}, "way_on") or line_of(outcomes, o.id)
        if not o.way_on:
            r.fail(key, "a self-service outcome without a way on to the school",
                   "add 'way_on: <contact-school outcome>' for the parent to whom no e-mail comes, and link to "
                   "it with {page:<id>} in a step", at)
        elif target is None or target.kind != "contact-school":
            r.fail(key, f"'{printable(o.way_on)}' is not a contact-school outcome",
                   did_you_mean(o.way_on, [x.id for x in flow.outcomes.values() if x.kind == "contact-school"]), at)
        elif not any(f"{{page:{o.way_on}}}" in text for k, texts in flow.texts.items()
                     if k.startswith(f"outcomes.{o.id}.") for text in texts.values()):
            r.fail(key, f"no text of the outcome links to '{o.way_on}'",
                   f"add {{page:{o.way_on}}} to the step or note about an e-mail that does not come", at)
    if not flow.sources:
        r.fail("sources", "the flow names no public source",
               "list the pages its facts come from: sources: [{url: https://..., title: ...}]")
    if flow.checked is None:
        r.fail("checked", "missing", "add 'checked: YYYY-MM-DD', the day you last compared the texts with the sources")
    elif flow.checked > today:
        r.fail("checked", f"{flow.checked.isoformat()} is after today", "write the day the texts were checked",
               line_of(top, "checked"))
    return r.problems


def freshness_warning(flow: Flow, raw: Any, today: datetime.date) -> str:
    """A line when the flow was last checked against its sources more than FRESH_FOR months
    ago (a warning: the steps may still be right, but someone should look)."""
    if flow.checked is None:
        return ""
    months = (today.year - flow.checked.year) * 12 + today.month - flow.checked.month - (today.day < flow.checked.day)
    if months < FRESH_FOR:
        return ""
    return problem(flow.source, "checked", f"last checked against its sources on {flow.checked.isoformat()}, "
                   f"{months} months ago", "compare the texts with the sources, then set 'checked:' to that day",
                   line_of(raw if isinstance(raw, dict) else {}, "checked"))


def _tool_texts(path: Path, languages: Languages, raw: Any, outcomes: Mapping[str, Outcome],
                problems: list[str]) -> dict[str, Localized]:
    """The flow's texts for its tools, and a line for each text a named tool needs but lacks."""
    r = Reader(path, languages)
    texts = {key: r.localized(raw, key, key) for key in r.mapping(raw or {}, "", tuple(raw or ()))}
    for key, name, _arg in dict.fromkeys(r.placeholders):
        r.fail(key, f"placeholder '{{{name}}}' is not filled in a tool's text", "write the text out")
    for outcome in outcomes.values():
        for tool in outcome.all_tools:
            for needed in tools.specs()[tool].flow_texts:
                if needed not in texts:
                    r.fail(needed, f"missing text for the tool '{tool}' of outcomes.{outcome.id}",
                           f"add '{needed}:' with a text per language")
    problems += r.problems
    return texts


def load_labels(path: Path, languages: Languages) -> dict[str, Label]:
    """The Smartschool screen labels every flow may quote (``labels.yml``)."""
    raw = read_yaml(path)
    r = Reader(path, languages)
    labels = {}
    for lid, spec in r.mapping(raw, "", tuple(raw or ())).items():
        spec = r.mapping(spec, lid, languages.codes + ("verified",))
        verified = spec.get("verified", [])
        if not isinstance(verified, list) or any(v not in languages for v in verified):
            r.fail(f"{lid}.verified", "expected a list of languages", "for example: verified: [nl]",
                   line_of(spec, "verified"))
            verified = []
        texts = {lang: spec[lang] for lang in languages if lang in spec}
        labels[lid] = Label(lid, r.localized({"text": texts}, "text", lid), frozenset(verified))
    for key, name, _arg in dict.fromkeys(r.placeholders):
        r.fail(key, f"placeholder '{{{name}}}' in a screen label", "write the label as the screen shows it")
    if r.problems:
        raise HelpflowError(r.problems)
    return labels


def load_ui(path: Path, languages: Languages) -> dict[str, Localized]:
    """Load the site's own texts (``ui.yml``): a mapping of ids to localized texts."""
    raw = read_yaml(path)
    r = Reader(path, languages)
    texts = {key: r.localized(raw, key, key) for key in r.mapping(raw, "", tuple(raw or ()))}
    allowed = SCHOOL_PLACEHOLDERS + UI_VALUES
    for key, name, _arg in dict.fromkeys(r.placeholders):
        if name not in allowed:
            r.fail(key, f"unknown placeholder '{{{name}}}'", did_you_mean(name, allowed))
    if r.problems:
        raise HelpflowError(r.problems)
    return texts


def check_placeholders(found: list[tuple[str, str, str]], known: Mapping[str, Mapping[str, object]],
                       fail: Callable[[str, str, str], None]) -> None:
    """Report each placeholder that names nothing: ``{schol}``, ``{page:nowhere}``."""
    for key, name, arg in dict.fromkeys(found):
        if name in SCHOOL_PLACEHOLDERS and not arg:
            continue
        if name not in known:
            fail(key, f"unknown placeholder '{{{name}}}'", did_you_mean(name, SCHOOL_PLACEHOLDERS + tuple(known)))
        elif arg not in known[name]:
            fail(key, f"placeholder '{{{name}:{arg}}}' names no {name}", did_you_mean(arg, known[name]))


def _check_ids(r: Reader, top: dict[str, Any]) -> None:
    questions, outcomes = top.get("questions") or {}, top.get("outcomes") or {}
    if not isinstance(questions, dict) or not isinstance(outcomes, dict):
        return
    for node_id in questions.keys() & outcomes.keys():
        r.fail(f"outcomes.{node_id}", f"duplicate node id '{node_id}' (also a question)",
               "give every question and outcome its own id", line_of(outcomes, node_id))
    for section in (questions, outcomes):
        for node_id in section:
            if not NODE_ID.fullmatch(node_id):
                r.fail(node_id, f"node id '{node_id}' is not a plain lowercase id",
                       "use letters a-z, digits and hyphens, like 'email-given'", line_of(section, node_id))


def _check_graph(r: Reader, flow: Flow, top: dict[str, Any], page_links: Mapping[str, list[str]]) -> None:
    """Dangling links, a missing start, unreachable nodes and cycles.

    A node that no answer leads to is still reachable when another node's text links to
    its page (``{page:no-email}``): a page for the parent who comes back. Cycles are
    looked for among answers only: a link back to an earlier page is fine.
    """
    nodes = {**flow.questions, **flow.outcomes}
    questions_raw = top["questions"]
    if flow.start not in flow.questions:
        r.fail("start", f"'{printable(flow.start)}' is not a question", did_you_mean(flow.start, flow.questions),
               line_of(top, "start"))
        return
    for q in flow.questions.values():
        for a in q.answers:
            if a.next not in nodes:
                r.fail(f"questions.{q.id}.answers.{a.key}", f"unknown next node '{a.next}'",
                       did_you_mean(a.next, nodes), line_of(questions_raw[q.id]["answers"], a.key))
    if r.problems:
        return
    # Depth-first walk with colours, iterative so that a deep model cannot overflow the
    # stack: grey nodes are on the current path, so an edge to a grey node closes a cycle.
    state: dict[str, str] = {flow.start: "grey"}
    cycles: list[list[str]] = []
    path = [flow.start]
    stack = [iter(_targets(flow, flow.start))]
    while stack:
        target = next(stack[-1], None)
        if target is None:
            state[path.pop()] = "black"
            stack.pop()
        elif state.get(target) == "grey":
            cycles.append(path[path.index(target):] + [target])
        elif target not in state:
            state[target] = "grey"
            path.append(target)
            stack.append(iter(_targets(flow, target)))
    for cycle in cycles:
        nodes_on = list(dict.fromkeys(cycle[:-1]))
        if len(nodes_on) > 8:  # a long cycle: its ends are enough to find it
            nodes_on = nodes_on[:4] + [f"... ({len(nodes_on) - 6} more)"] + nodes_on[-2:]
        route = " -> ".join(nodes_on) + f" -> {cycle[-1]}"
        r.fail("questions", f"cycle {route}", "every route must end in an outcome")
    linked, todo = set(state), list(state)
    while todo:
        for target in page_links.get(todo.pop(), ()):
            if target not in linked:
                linked.add(target)
                todo.append(target)
    for node_id in nodes:
        if node_id not in linked:
            section = "questions" if node_id in flow.questions else "outcomes"
            r.fail(f"{section}.{node_id}", "unreachable: no answer or page link leads here",
                   f"point an answer at '{node_id}', link to it with {{page:{node_id}}}, or remove it",
                   line_of(top[section], node_id))


def _targets(flow: Flow, node_id: str) -> list[str]:
    question = flow.questions.get(node_id)
    return [a.next for a in question.answers] if question else []
