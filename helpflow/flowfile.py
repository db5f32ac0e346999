"""Reading and validating a flow model file into a ``Flow``.

Every problem is collected, so that one run of ``helpflow check`` shows them all,
each as one line naming the file, the path to the key, what is wrong and the fix.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import MappingProxyType
from typing import Any

from . import LANGUAGES
from .errors import HelpflowError, did_you_mean, problem
from .model import Answer, Flow, Label, Localized, Note, Outcome, Question, Step
from .text import PLACEHOLDER, fold_space
from .yamlfile import line_of, read_yaml

SCHOOL_PLACEHOLDERS = ("school", "platform", "email")
OUTCOME_KINDS = ("self-service", "contact-school")
NOTE_KINDS = ("info", "warning", "tip")
NODE_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class _Reader:
    """Walks the raw YAML, turning it into model objects while noting each problem."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[str] = []
        self.placeholders: list[tuple[str, str, str, str]] = []  # key, lang, name, arg
        self.texts: dict[str, Localized] = {}  # every localized text by its key path

    def fail(self, key: str, what: str, fix: str = "", line: int | None = None) -> None:
        self.problems.append(problem(self.path, key, what, fix, line))

    def mapping(self, value: Any, key: str, allowed: tuple[str, ...], required: tuple[str, ...] = (),
                line: int | None = None) -> dict:
        if not isinstance(value, dict):
            self.fail(key, f"expected a mapping of keys, found {_kind(value)}",
                      "indent the keys below it", line)
            return {}
        for name in value:
            if name not in allowed:
                self.fail(f"{key}.{name}" if key else name, "unknown key",
                          did_you_mean(name, allowed), line_of(value, name))
        for name in required:
            if name not in value:
                self.fail(f"{key}.{name}" if key else name, "missing key",
                          f"add '{name}:'", line)
        return value

    def localized(self, parent: dict, name: str, key: str) -> Localized:
        """A text in every language; missing languages are reported one by one."""
        line = line_of(parent, name)
        value = parent.get(name)
        if value is None:
            self.fail(key, "missing text", f"add '{name}:' with a text per language (nl, fr, en)")
            return {}
        texts = self.mapping(value, key, LANGUAGES, line=line)
        result: dict[str, str] = {}
        for lang in LANGUAGES:
            text = texts.get(lang)
            if text is None:
                what = "missing text" if lang == "nl" else "missing translation"
                self.fail(f"{key}.{lang}", what, f"add the {_LANGUAGE_NAMES[lang]} text", line)
            elif not isinstance(text, str):
                self.fail(f"{key}.{lang}", f"expected a text, found {_kind(text)}",
                          f"write the {_LANGUAGE_NAMES[lang]} text on one line, in quotes if needed",
                          line_of(texts, lang))
            elif not text.strip():
                self.fail(f"{key}.{lang}", "empty text", f"write the {_LANGUAGE_NAMES[lang]} text",
                          line_of(texts, lang))
            else:
                result[lang] = fold_space(text)
                for match in PLACEHOLDER.finditer(text):
                    self.placeholders.append((f"{key}.{lang}", lang, match[1], match[2] or ""))
        self.texts[key] = MappingProxyType(result)
        return self.texts[key]

    def choice(self, parent: dict, name: str, key: str, choices: tuple[str, ...]) -> str:
        value = parent.get(name)
        if value not in choices:
            what = "missing" if value is None else f"'{value}' is not allowed"
            self.fail(key, what, did_you_mean(str(value or ""), choices), line_of(parent, name))
            return choices[0]
        return value


_LANGUAGE_NAMES = {"nl": "Dutch", "fr": "French", "en": "English"}


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, str):
        return f"the text '{value[:40]}'"
    return "nothing"


def load_flow(path: Path) -> Flow:
    """Load and validate the model at ``path``; raise HelpflowError listing every problem."""
    raw = read_yaml(path)
    r = _Reader(path)
    top = r.mapping(raw, "", ("title", "intro", "start", "answers", "questions", "outcomes", "labels"),
                    ("title", "intro", "start", "questions", "outcomes"))
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
    labels = {lid: _label(r, lid, spec)
              for lid, spec in r.mapping(top.get("labels", {}), "labels",
                                         tuple(top.get("labels") or ())).items()}
    flow = Flow(
        source=path,
        title=r.localized(top, "title", "title"),
        intro=r.localized(top, "intro", "intro"),
        start=str(top.get("start", "")),
        questions=MappingProxyType(questions),
        outcomes=MappingProxyType(outcomes),
        labels=MappingProxyType(labels),
        texts=MappingProxyType(r.texts),
    )
    _check_ids(r, top)
    _check_placeholders(r, flow)
    if not r.problems:
        _check_graph(r, flow, top)
    if r.problems:
        raise HelpflowError(r.problems)
    return flow


def _question(r: _Reader, qid: str, spec: Any, vocabulary: dict[str, Localized]) -> Question:
    key = f"questions.{qid}"
    spec = r.mapping(spec, key, ("title", "text", "hint", "answers"), ("title", "text", "answers"))
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
    return Question(
        id=qid,
        title=r.localized(spec, "title", f"{key}.title"),
        text=r.localized(spec, "text", f"{key}.text"),
        hint=r.localized(spec, "hint", f"{key}.hint") if "hint" in spec else None,
        answers=tuple(answers),
    )


def _outcome(r: _Reader, oid: str, spec: Any) -> Outcome:
    key = f"outcomes.{oid}"
    spec = r.mapping(spec, key, ("kind", "title", "summary", "steps"), ("kind", "title", "summary"))
    steps_raw = spec.get("steps")
    if not isinstance(steps_raw, list) or not steps_raw:
        r.fail(f"{key}.steps", "an outcome needs at least one step",
               "add 'steps:' with a list of '- text:' items", line_of(spec, "steps"))
        steps_raw = []
    steps = []
    for i, step in enumerate(steps_raw, 1):
        skey = f"{key}.steps[{i}]"
        step = r.mapping(step, skey, ("text", "note"), ("text",), line_of(spec, "steps"))
        note = None
        if "note" in step:
            nkey = f"{skey}.note"
            raw_note = r.mapping(step["note"], nkey, ("kind", "title", "text"), ("kind", "title", "text"))
            note = Note(r.choice(raw_note, "kind", f"{nkey}.kind", NOTE_KINDS),
                        r.localized(raw_note, "title", f"{nkey}.title"),
                        r.localized(raw_note, "text", f"{nkey}.text"))
        steps.append(Step(r.localized(step, "text", f"{skey}.text"), note))
    return Outcome(
        id=oid,
        kind=r.choice(spec, "kind", f"{key}.kind", OUTCOME_KINDS),  # type: ignore[arg-type]
        title=r.localized(spec, "title", f"{key}.title"),
        summary=r.localized(spec, "summary", f"{key}.summary"),
        steps=tuple(steps),
    )


def _label(r: _Reader, lid: str, spec: Any) -> Label:
    key = f"labels.{lid}"
    spec = r.mapping(spec, key, LANGUAGES + ("verified",))
    verified = spec.get("verified", [])
    if not isinstance(verified, list) or any(v not in LANGUAGES for v in verified):
        r.fail(f"{key}.verified", "expected a list of languages", "for example: verified: [nl]",
               line_of(spec, "verified"))
        verified = []
    texts = {lang: spec[lang] for lang in LANGUAGES if lang in spec}
    return Label(lid, r.localized({"text": texts}, "text", key), frozenset(verified))


def _check_ids(r: _Reader, top: dict) -> None:
    questions, outcomes = top.get("questions") or {}, top.get("outcomes") or {}
    for node_id in questions.keys() & outcomes.keys():
        r.fail(f"outcomes.{node_id}", f"duplicate node id '{node_id}' (also a question)",
               "give every question and outcome its own id", line_of(outcomes, node_id))
    for section in (questions, outcomes):
        for node_id in section:
            if not NODE_ID.match(node_id):
                r.fail(node_id, f"node id '{node_id}' is not a plain lowercase id",
                       "use letters a-z, digits and hyphens, like 'email-given'", line_of(section, node_id))


def _check_placeholders(r: _Reader, flow: Flow) -> None:
    nodes = {**flow.questions, **flow.outcomes}
    known = {"label": flow.labels, "page": nodes}
    for key, _lang, name, arg in r.placeholders:
        if name in SCHOOL_PLACEHOLDERS and not arg:
            continue
        if name not in known:
            r.fail(key, f"unknown placeholder '{{{name}}}'",
                   did_you_mean(name, SCHOOL_PLACEHOLDERS + ("label", "page")))
        elif arg not in known[name]:
            r.fail(key, f"placeholder '{{{name}:{arg}}}' names no {name}", did_you_mean(arg, known[name]))


def _check_graph(r: _Reader, flow: Flow, top: dict) -> None:
    """Dangling links, a missing start, unreachable nodes and cycles."""
    nodes = {**flow.questions, **flow.outcomes}
    questions_raw = top["questions"]
    if flow.start not in flow.questions:
        r.fail("start", f"'{flow.start}' is not a question", did_you_mean(flow.start, flow.questions),
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
    for node_id in nodes:
        if node_id not in state:
            section = "questions" if node_id in flow.questions else "outcomes"
            r.fail(f"{section}.{node_id}", "unreachable: no answer leads here",
                   f"point an answer at '{node_id}' or remove it", line_of(top[section], node_id))


def _targets(flow: Flow, node_id: str) -> list[str]:
    question = flow.questions.get(node_id)
    return [a.next for a in question.answers] if question else []


def load_ui(path: Path) -> dict[str, Localized]:
    """Load the site's own texts (``flow/ui.yml``): a mapping of ids to localized texts."""
    raw = read_yaml(path)
    r = _Reader(path)
    texts = {key: r.localized(raw, key, key) for key in r.mapping(raw, "", tuple(raw or ()))}
    for key, _lang, name, _arg in r.placeholders:
        if name not in SCHOOL_PLACEHOLDERS + ("label",):
            r.fail(key, f"unknown placeholder '{{{name}}}'", did_you_mean(name, SCHOOL_PLACEHOLDERS))
    if r.problems:
        raise HelpflowError(r.problems)
    return texts
