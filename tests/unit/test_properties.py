"""Property tests: random valid decision trees (depth up to 8, up to 4 answers per
question) load, every route in the widget's data reaches an outcome, every page is
planned in every language, and a few build into a real MkDocs site."""

from __future__ import annotations

import dataclasses
import itertools
import tempfile
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpflow.load.flowfile import load_flow
from helpflow.paths import SCHOOLS
from helpflow.plan.site import plan_site
from helpflow.plan.widget import graph_data

pytestmark = pytest.mark.any_worker

LANGUAGES = ("nl", "fr", "en")
VOCABULARY = ("yes", "no", "maybe", "unsure")
MAX_DEPTH = 8

Tree = Any  # an outcome (None) or a list of (answer, subtree) pairs


MAX_LEAVES = 12
"""Outcomes per tree at most: small trees find the same bugs as big ones, and each
outcome is pages to plan in three languages (the build test's trees are smaller still)."""


def trees(max_leaves: int = MAX_LEAVES) -> st.SearchStrategy[Tree]:
    """A question with 2 to 4 distinct answers, each leading to a subtree or an outcome,
    at most ``max_leaves`` outcomes in all: Hypothesis sizes an open recursion as it likes
    (a median of ~400 nodes once), ``st.recursive`` keeps the bound."""
    def question(children: st.SearchStrategy[Tree]) -> st.SearchStrategy[Tree]:
        return st.lists(children, min_size=2, max_size=len(VOCABULARY)).map(lambda subs: list(zip(VOCABULARY, subs)))

    return st.recursive(st.none(), question, max_leaves=max_leaves).filter(
        lambda tree: tree is not None and depth(tree) <= MAX_DEPTH)


def depth(tree: Tree) -> int:
    """Questions on the longest route of ``tree``."""
    return 0 if tree is None else 1 + max(depth(sub) for _, sub in tree)


def size(tree: Tree) -> int:
    """Questions and outcomes in ``tree``."""
    return 1 if tree is None else 1 + sum(size(sub) for _, sub in tree)


def text(value: str) -> dict[str, str]:
    return {lang: f"{value} ({lang}) « é & <b> »" for lang in LANGUAGES}


def model(tree: Tree) -> tuple[dict, int]:
    """A model dict for ``tree`` and its number of outcomes."""
    counter = itertools.count()
    questions: dict[str, dict] = {}
    outcomes: dict[str, dict] = {}

    def node(sub: Tree) -> str:
        n = next(counter)
        if sub is None:
            outcomes[f"o{n}"] = {"kind": ("self-service", "contact-school")[n % 2], "title": text(f"Outcome {n}"),
                                 "summary": text("Summary"), "steps": [{"text": text("Mail {email} on {platform}")}]}
            return f"o{n}"
        questions[f"q{n}"] = {}  # reserved first: a question comes before its subtree
        questions[f"q{n}"] = {"title": text(f"Question {n}"), "text": text(f"Question {n}?"),
                              "answers": {answer: node(child) for answer, child in sub}}
        return f"q{n}"

    start = node(tree)
    return {"title": text("Title"), "summary": text("Summary"), "intro": text("Intro"), "start": start,
            "answers": {word: text(word.capitalize()) for word in VOCABULARY},
            "questions": questions, "outcomes": outcomes}, len(outcomes)


def write(data: dict, root: Path | None = None) -> Path:
    """``data`` as the flow folder ``random`` (in ``root``, or a new temporary folder)."""
    folder = (root or Path(tempfile.mkdtemp(prefix="helpflow-prop-"))) / "random"
    folder.mkdir()
    (folder / "flow.yml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


def widget_routes(flow) -> list[tuple[list[str], str]]:
    """Every route through the widget's own data (its table of routes), as the script follows
    it: a route grows while the table knows the longer one."""
    routes = graph_data(flow)["routes"]
    found, todo = [], [""]
    while todo:
        key = todo.pop()
        assert key.count("=") <= MAX_DEPTH, key
        longer = [k for k in routes if k.startswith(f"{key}&" if key else "") and k.count("=") == key.count("=") + 1]
        if not longer:
            found.append(([pair.split("=")[1] for pair in key.split("&") if pair], routes[key]))
        todo += longer
    return found


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trees())
def test_every_route_reaches_an_outcome_and_every_page_is_planned(content, demo, tree):
    assert size(tree) < 2 * MAX_LEAVES, "the trees stay as small as MAX_LEAVES says"
    data, outcome_count = model(tree)
    flow = load_flow(write(data), content.languages, content.labels)
    routes = widget_routes(flow)
    assert len(routes) == outcome_count
    assert all(node in flow.outcomes for _, node in routes)
    assert sorted(r.outcome for r in flow.routes()) == sorted(node for _, node in routes)
    alone = dataclasses.replace(content, flows=MappingProxyType({"random": flow}))
    school = dataclasses.replace(demo, flows=("random",), texts={})
    for lang in LANGUAGES:
        pages = plan_site(alone, school, lang).pages
        keys = {page.key.removeprefix("random/") for page in pages}
        assert set(flow.questions) | set(flow.outcomes) <= keys
        assert len({page.path for page in pages}) == len(pages), "page paths are unique"
        assert all(page.markdown.strip() for page in pages)


@settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trees(max_leaves=4))
def test_a_few_random_trees_build_a_real_site(build, content_root, tree):
    from helpflow.load.content import load_content

    root = content_root()
    data, _ = model(tree)
    write(data, root)
    content = load_content(root)
    flow = content.flows["random"]
    school = root.parent / "school.yml"
    school.write_text((SCHOOLS / "demo.yml").read_text(encoding="utf-8").replace(
        "flows: [wachtwoord-vergeten, co-account-activeren]", "").replace("logo: demo-logo.svg", ""), encoding="utf-8")
    site = build(school, content)
    for lang in ("nl", "fr", "en"):
        built = {p.stem for p in (site / lang).glob("*.html")}
        assert len(built) >= len(flow.questions) + len(flow.outcomes) + 2, lang  # + home, diagram
    assert (site / "_headers").is_file()


def test_the_real_flows_are_among_them(content):
    """The shipped flows pass the same checks, so the properties are not vacuous."""
    for flow in content.flows.values():
        assert {node for _, node in widget_routes(flow)} == set(flow.outcomes) & flow.answered()
