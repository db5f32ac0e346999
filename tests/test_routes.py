"""Every route through the real model, answers in, outcome out (as Smart Answers tests its flows)."""

from __future__ import annotations

import pytest

from helpflow.cli import FLOW
from helpflow.flowfile import load_flow

FLOW_MODEL = load_flow(FLOW)

# The seed sheet's flowchart, written out by hand: the model must keep to it.
EXPECTED = {
    (("email-given", "no"),): "mail-school",
    (("email-given", "yes"), ("email-verified", "no")): "mail-school",
    (("email-given", "yes"), ("email-verified", "yes")): "self-reset",
}


@pytest.mark.parametrize("answers", list(EXPECTED), ids=lambda a: "+".join(f"{q}={k}" for q, k in a))
def test_route_reaches_its_outcome(answers):
    node, used = FLOW_MODEL.follow(dict(answers))
    assert node == EXPECTED[answers]
    assert used == answers


def test_model_has_exactly_the_seed_routes():
    assert {r.answers: r.outcome for r in FLOW_MODEL.routes()} == EXPECTED


def test_outcome_kinds_match_the_seed():
    assert FLOW_MODEL.outcomes["mail-school"].kind == "contact-school"
    assert FLOW_MODEL.outcomes["self-reset"].kind == "self-service"


def test_answers_that_do_not_fit_fall_back_to_the_deepest_valid_point():
    assert FLOW_MODEL.follow({"email-given": "maybe"}) == ("email-given", ())
    assert FLOW_MODEL.follow({"email-given": "yes", "email-verified": "perhaps"}) == (
        "email-verified", (("email-given", "yes"),))
    assert FLOW_MODEL.follow({"email-given": "no", "email-verified": "yes"}) == (
        "mail-school", (("email-given", "no"),))
