"""Which flows hold at a school: a flow states the school practice its texts assume, a
school states its own, and a school never publishes a flow that says what is not so there.

A flow's ``assumes`` (``flow.yml``) names, per school fact, the values its texts are true
for: ``assumes: {email_given: [enrolment]}`` says the flow holds only where parents gave
their e-mail address at enrolment. A fact the flow does not name may have any value.
A school that lists a flow its facts contradict gets a ``check`` error naming the flow, the
fact and the fix; a school without ``flows`` gets exactly the flows that hold for it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from helpflow.errors import printable, problem
from helpflow.load.yamlfile import line_of
from helpflow.model.flow import Flow

FACTS = ("email_given",)
"""The school facts a flow may assume: keys of a school file, each with a fixed set of values."""


def contradiction(flow: Flow, facts: Mapping[str, str]) -> tuple[str, str] | None:
    """The first (fact, school's value) the flow does not hold for, or None when it holds."""
    for fact, values in flow.assumes.items():
        if fact in facts and facts[fact] not in values:
            return fact, facts[fact]
    return None


def holds(flow: Flow, facts: Mapping[str, str]) -> bool:
    return contradiction(flow, facts) is None


def decide_flows(path: Path, raw: Mapping[str, Any], listed: Sequence[str] | None, flows: Mapping[str, Flow],
                 facts: Mapping[str, str], problems: list[str]) -> tuple[str, ...]:
    """The school's flows: those it lists (``listed``), each checked against its facts, or,
    when it lists none (None), every flow that holds for it (a problem if none does).
    ``facts`` are the school's values of ``FACTS`` that were read without a problem."""
    if listed is None:
        chosen = tuple(slug for slug, flow in flows.items() if holds(flow, facts))
        if not chosen and flows:
            problems.append(problem(path, "flows", "no flow holds for this school's facts ("
                                    + ", ".join(f"{k}: {printable(v)}" for k, v in facts.items()) + ")",
                                    "check those facts, or add a flow that assumes them"))
        return chosen
    for slug in listed:
        flow = flows.get(slug)
        wrong = contradiction(flow, facts) if flow else None
        if flow is None or wrong is None:
            continue
        fact, value = wrong
        problems.append(problem(
            path, "flows", f"'{slug}' assumes {fact}: {', '.join(flow.assumes[fact])}, but this school has "
            f"{fact}: {printable(value)}",
            f"remove '{slug}' from flows (its steps are not true at this school), or correct {fact}",
            line_of(raw, "flows")))
    return tuple(listed)


def check_assumes(flow: Flow, choices: Mapping[str, Sequence[str]]) -> list[str]:
    """A line for each value a flow assumes that no school can have (a typo would hide the flow)."""
    found = []
    for fact, values in flow.assumes.items():
        for value in values:
            if value not in choices.get(fact, ()):
                found.append(problem(flow.source, f"assumes.{fact}", f"'{printable(value)}' is not a value of {fact}",
                                     "expected one of: " + ", ".join(choices.get(fact, ()))))
    return found
