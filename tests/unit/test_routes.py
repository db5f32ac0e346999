"""Every route through the real flows, answers in, outcome out (as Smart Answers tests its flows).

The flowcharts below are written out by hand from their sources, so the model must keep
to them: the seed's paper sheet for ``wachtwoord-vergeten``, and the sourced facts of
``../shared/PRODUCT.md`` for ``co-account-activeren``. The other tests hold for any flow
in ``flow/``.
"""

from __future__ import annotations

import re

import pytest

from helpflow.load import tools
from helpflow.load.content import load_content
from helpflow.model.flow import UNKNOWN, Flow
from helpflow.paths import CONTENT as CONTENT_DIR

pytestmark = pytest.mark.any_worker

CONTENT = load_content(CONTENT_DIR)
FLOWS = list(CONTENT.flows.values())

EXPECTED = {
    # The seed sheet: not given -> mail the school; given but not verified -> mail the
    # school; given and verified -> request a new password yourself. Issue 11 adds "I don't
    # know" to both questions: try the self-service steps first.
    "wachtwoord-vergeten": {
        (("email-given", "no"),): "mail-school",
        (("email-given", "unknown"),): "not-sure",
        (("email-given", "yes"), ("email-verified", "no")): "mail-school",
        (("email-given", "yes"), ("email-verified", "unknown")): "not-sure",
        (("email-given", "yes"), ("email-verified", "yes")): "self-reset",
    },
    # First activation: only with an address the school has linked; else the school links one first.
    # Not sure whether it did? Try to activate: the no-e-mail page leads on to the school (issue 18).
    "co-account-activeren": {
        (("address-linked", "yes"),): "activate",
        (("address-linked", "no"),): "give-address",
        (("address-linked", "unknown"),): "activate",
    },
}
OUTCOMES = {
    # outcome -> its kind, and its tools by the step (counted from 1) they stand beside:
    # the composer at the step that says to write to the school, the username helper at
    # the step that asks for the username (issue 11).
    "wachtwoord-vergeten": {"mail-school": ("contact-school", {1: ("mail-composer",)}),
                            "self-reset": ("self-service", {3: ("username-helper",)}),
                            "not-sure": ("self-service", {}),
                            "no-email": ("contact-school", {4: ("mail-composer",)})},
    "co-account-activeren": {"give-address": ("contact-school", {1: ("mail-composer",)}),
                             "activate": ("self-service", {3: ("username-helper",)}),
                             "no-email": ("contact-school", {3: ("mail-composer",)})},
}
"""Page-only outcomes (no answer leads there, a step links to them) are listed here too."""


def test_every_flow_has_its_flowchart_here():
    assert set(CONTENT.flows) == set(EXPECTED) == set(OUTCOMES)


@pytest.mark.parametrize("slug, answers", [(slug, answers) for slug, routes in EXPECTED.items() for answers in routes],
                         ids=lambda v: v if isinstance(v, str) else "+".join(f"{q}={k}" for q, k in v))
def test_route_reaches_its_outcome(slug, answers):
    node, used = CONTENT.flows[slug].follow(dict(answers))
    assert node == EXPECTED[slug][answers]
    assert used == answers


@pytest.mark.parametrize("slug", EXPECTED)
def test_model_has_exactly_the_sourced_routes(slug):
    assert {r.answers: r.outcome for r in CONTENT.flows[slug].routes()} == EXPECTED[slug]


@pytest.mark.parametrize("slug", OUTCOMES)
def test_outcomes_have_their_kind_and_their_tools_beside_their_steps(slug):
    flow = CONTENT.flows[slug]
    found = {o.id: (o.kind, {**{n: s.tools for n, s in enumerate(o.steps, 1) if s.tools},
                             **({"after the steps": o.tools} if o.tools else {})})
             for o in flow.outcomes.values()}
    assert found == OUTCOMES[slug]


def _linked_pages(flow: Flow, nodes: set[str]) -> set[str]:
    """The nodes that a text of ``nodes`` links to with ``{page:ID}``."""
    found: set[str] = set()
    for key, text in flow.texts.items():
        part, _, rest = key.partition(".")
        if part in ("questions", "outcomes") and rest.split(".")[0] in nodes:
            found |= {node for value in text.values() for node in re.findall(r"\{page:([a-z0-9-]+)\}", value)}
    return found


@pytest.mark.parametrize("flow", FLOWS, ids=lambda f: f.slug)
def test_every_node_is_on_a_route_or_linked_from_one_and_every_tool_exists(flow):
    reached = {node for route in flow.routes() for node in route.nodes}
    while more := _linked_pages(flow, reached) - reached:
        reached |= more
    assert reached == set(flow.questions) | set(flow.outcomes)
    named = {tool for o in flow.outcomes.values() for tool in [*o.tools, *(t for s in o.steps for t in s.tools)]}
    assert named <= set(tools.names())


@pytest.mark.parametrize("flow", FLOWS, ids=lambda f: f.slug)
def test_answers_that_do_not_fit_fall_back_to_the_deepest_valid_point(flow):
    assert flow.follow({}) == (flow.start, ())
    assert flow.follow({flow.start: "maybe"}) == (flow.start, ())
    for route in flow.routes():
        *before, (last, _) = route.answers
        assert flow.follow({**dict(before), last: "perhaps"}) == (last, tuple(before))
        # An answer to a question off this route changes nothing.
        off = {q.id: q.answers[0].key for q in flow.questions.values() if q.id not in route.nodes}
        assert flow.follow({**off, **dict(route.answers)}) == (route.outcome, route.answers)


@pytest.mark.parametrize("flow", FLOWS, ids=lambda f: f.slug)
def test_every_question_offers_i_dont_know_or_says_why_not(flow):
    for question in flow.questions.values():
        answer = question.answer(UNKNOWN)
        assert answer is not None or question.cannot_be_unknown, question.id
        if answer is not None:
            assert dict(answer.label) == dict(CONTENT.ui["answer_unknown"]), question.id


@pytest.mark.parametrize("flow", FLOWS, ids=lambda f: f.slug)
def test_every_self_service_outcome_has_a_way_on_to_the_school(flow):
    """From each self-service outcome, its page links lead on to a contact-school outcome
    (for the parent to whom no e-mail comes): its declared ``way_on`` among them."""
    for outcome in (o for o in flow.outcomes.values() if o.kind == "self-service"):
        reached, todo = set(), [outcome.id]
        while todo:
            for node in _linked_pages(flow, {todo.pop()}) - reached:
                reached.add(node)
                todo.append(node)
        schools = {node for node in reached if node in flow.outcomes and flow.outcomes[node].kind == "contact-school"}
        assert outcome.way_on in schools, (outcome.id, reached)
        assert outcome.way_on in _linked_pages(flow, {outcome.id}), outcome.id
