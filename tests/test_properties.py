"""Property tests: random valid decision trees (depth up to 8, up to 5 answers per
question) load, every route in the widget's data reaches an outcome, every page builds
in every language, and a few build into a real MkDocs site."""

from __future__ import annotations

import itertools
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpflow import LANGUAGES
from helpflow.cli import FLOW, SCHOOLS, UI
from helpflow.flowfile import load_flow, load_ui
from helpflow.pages import build_pages
from helpflow.school import load_school
from helpflow.widget import graph_data

VOCABULARY = ("yes", "no", "maybe", "later", "unsure")
MAX_DEPTH = 8

Tree = Any  # an outcome (None) or a list of (answer, subtree) pairs


def trees(depth: int = 0) -> st.SearchStrategy[Tree]:
    """A question with 2 to 5 distinct answers, each leading to a subtree, or an outcome."""
    outcome = st.none()
    if depth >= MAX_DEPTH:
        return outcome
    question = st.integers(2, 5).flatmap(lambda n: st.tuples(
        *[trees(depth + 1) for _ in range(n)]).map(lambda subs: list(zip(VOCABULARY, subs))))
    # Deeper levels lean towards outcomes, so trees stay small but some reach depth 8.
    return st.one_of(outcome, question) if depth else question


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
    return {"title": text("Title"), "intro": text("Intro"), "start": start,
            "answers": {word: text(word.capitalize()) for word in VOCABULARY},
            "questions": questions, "outcomes": outcomes}, len(outcomes)


def write(data: dict) -> Path:
    path = Path(tempfile.mkdtemp(prefix="helpflow-prop-")) / "model.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def widget_routes(flow) -> list[tuple[list[str], str]]:
    """Every route through the widget's own data (start and next), as the script walks it."""
    data = graph_data(flow)
    found, todo = [], [([], data["start"])]
    while todo:
        taken, node = todo.pop()
        assert len(taken) <= MAX_DEPTH, taken
        if node not in data["next"]:
            found.append((taken, node))
        for answer, target in data["next"][node].items() if node in data["next"] else ():
            todo.append((taken + [answer], target))
    return found


UI_TEXTS = load_ui(UI)
SCHOOL = load_school(SCHOOLS / "demo.yml")


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trees())
def test_every_route_reaches_an_outcome_and_every_page_builds(tree):
    data, outcome_count = model(tree)
    flow = load_flow(write(data))
    routes = widget_routes(flow)
    assert len(routes) == outcome_count
    assert all(node in flow.outcomes for _, node in routes)
    assert sorted(r.outcome for r in flow.routes()) == sorted(node for _, node in routes)
    for lang in LANGUAGES:
        pages = build_pages(flow, SCHOOL, UI_TEXTS, lang)
        keys = {page.key for page in pages}
        assert set(flow.questions) | set(flow.outcomes) <= keys
        assert len({page.path for page in pages}) == len(pages), "page paths are unique"
        assert all(page.markdown.strip() for page in pages)


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trees())
def test_a_few_random_trees_build_a_real_site(build, tree):
    data, _ = model(tree)
    flow_path = write(data)
    site = build(SCHOOLS / "demo.yml", flow_path, UI)
    flow = load_flow(flow_path)
    for lang in SCHOOL.languages:
        built = {p.stem for p in (site / lang).glob("*.html")}
        assert len(built) >= len(flow.questions) + len(flow.outcomes) + 2, lang  # + home, diagram
    assert (site / "_headers").is_file()


def test_the_real_model_is_one_of_them():
    """The shipped model passes the same checks, so the properties are not vacuous."""
    flow = load_flow(FLOW)
    assert {node for _, node in widget_routes(flow)} == set(flow.outcomes)
