"""The decision tree as plain, immutable data: questions lead to questions or outcomes."""

from __future__ import annotations

import copyreg
import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal


# The model's mappings are read-only views; a school group's build sends the loaded
# content to its worker processes, so a view travels as a copy of what it shows.
def _read_only(mapping: dict[Any, Any]) -> MappingProxyType[Any, Any]:
    return MappingProxyType(mapping)


def _reduce(proxy: MappingProxyType[Any, Any]) -> tuple[Callable[..., MappingProxyType[Any, Any]], tuple[Any, ...]]:
    return _read_only, (dict(proxy),)


copyreg.pickle(MappingProxyType, _reduce)

NoteKind = Literal["info", "warning", "tip"]

Localized = Mapping[str, str]
"""One text in several languages, keyed by language code."""

OutcomeKind = Literal["self-service", "contact-school"]

UNKNOWN = "unknown"
"""The answer key of "I don't know": every question offers it, or says why it cannot."""


@dataclass(frozen=True)
class Answer:
    key: str
    label: Localized
    next: str


@dataclass(frozen=True)
class Question:
    id: str
    title: Localized
    text: Localized
    hint: Localized | None
    answers: tuple[Answer, ...]
    cannot_be_unknown: str = ""
    """Why a parent always knows the answer, for a question without "I don't know" (for
    the flow's authors; never shown)."""

    def answer(self, key: str) -> Answer | None:
        return next((a for a in self.answers if a.key == key), None)


@dataclass(frozen=True)
class Note:
    kind: NoteKind
    title: Localized
    text: Localized


@dataclass(frozen=True)
class Step:
    text: Localized
    note: Note | None = None
    tools: tuple[str, ...] = ()
    """The widget's helpers for this step, shown right under it (``username-helper``)."""


@dataclass(frozen=True)
class Outcome:
    id: str
    kind: OutcomeKind
    """Self-service or contact-school: how the outcome is drawn and tagged, never which tools it gets."""
    title: Localized
    summary: Localized
    steps: tuple[Step, ...]
    tools: tuple[str, ...] = ()
    """The widget's helpers shown after the steps, by name (``mail-composer``)."""
    way_on: str = ""
    """For a self-service outcome: the contact-school outcome its texts link to, for the
    parent to whom no e-mail comes. Self-service never ends in a dead end."""

    @property
    def all_tools(self) -> tuple[str, ...]:
        """Every tool of the outcome, its steps' first, each once."""
        return tuple(dict.fromkeys(tool for step in self.steps for tool in step.tools + self.tools))


@dataclass(frozen=True)
class Label:
    """A label on the Smartschool screen, and the languages it was seen in for real."""

    id: str
    text: Localized
    verified: frozenset[str]


@dataclass(frozen=True)
class Source:
    """A public page a flow's facts come from: its address and its own title."""

    url: str
    title: str


@dataclass(frozen=True)
class Route:
    """One way through the tree: the answers given, in order, and where they lead."""

    answers: tuple[tuple[str, str], ...]
    outcome: str

    @property
    def nodes(self) -> tuple[str, ...]:
        return tuple(q for q, _ in self.answers) + (self.outcome,)


@dataclass(frozen=True)
class Flow:
    slug: str
    """The flow's folder name: language-neutral, and its address under ``<lang>/``."""
    source: Path
    title: Localized
    summary: Localized
    intro: Localized
    start: str
    questions: Mapping[str, Question]
    outcomes: Mapping[str, Outcome]
    tool_texts: Mapping[str, Localized] = field(default_factory=lambda: MappingProxyType({}))
    """The flow's own texts for its tools (``texts.yml``), such as the mail's subject."""
    texts: Mapping[str, Localized] = field(default_factory=lambda: MappingProxyType({}))
    """Every translatable text of ``flow.yml`` by its key path (``questions.email-given.text``),
    for translators and for a school's overrides."""
    assumes: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    """School fact -> the values the flow's texts hold for (``email_given: (enrolment,)``);
    a fact not named here may have any value. A school whose facts differ never gets the flow."""
    sources: tuple[Source, ...] = ()
    """The public pages the flow's texts were checked against."""
    checked: datetime.date | None = None
    """The day the texts were last compared with the sources: every flow page and the
    handout show it, as Smartschool changes its screens."""

    def node(self, node_id: str) -> Question | Outcome:
        return self.questions.get(node_id) or self.outcomes[node_id]

    def answered(self) -> set[str]:
        """The nodes some answers lead to, the start among them (not those only a page link reaches)."""
        seen, todo = {self.start}, [self.start]
        while todo:
            question = self.questions.get(todo.pop())
            for answer in question.answers if question else ():
                if answer.next not in seen:
                    seen.add(answer.next)
                    todo.append(answer.next)
        return seen

    def routes(self) -> list[Route]:
        """Every route from the start to an outcome, depth first, answers in model order."""
        found: list[Route] = []

        def walk(node_id: str, taken: tuple[tuple[str, str], ...]) -> None:
            if node_id in self.outcomes:
                found.append(Route(taken, node_id))
                return
            for answer in self.questions[node_id].answers:
                walk(answer.next, taken + ((node_id, answer.key),))

        walk(self.start, ())
        return found

    def follow(self, answers: Mapping[str, str]) -> tuple[str, tuple[tuple[str, str], ...]]:
        """Walk from the start with ``answers`` (question id -> answer key).

        Returns the deepest node reached and the answers used to get there; answers
        that do not fit the route are ignored, as an old link should be.
        """
        node_id = self.start
        used: tuple[tuple[str, str], ...] = ()
        while node_id in self.questions:
            answer = self.questions[node_id].answer(answers.get(node_id, ""))
            if answer is None:
                break
            used += ((node_id, answer.key),)
            node_id = answer.next
        return node_id, used
