"""What a parent reads, page by page, held in golden files per flow and language (issue 20).

Each question and outcome page of every flow, as the plan writes it for the demo school, is
kept in ``tests/golden/<flow>.<lang>.md``: a change to a flow, a text, a school fact or the
page writer shows here as a diff to read, not as a sentence some test happened to assert.
After a change you meant, write them again and read the diff before committing::

    HELPFLOW_GOLDEN=update .venv/bin/pytest tests/unit/test_golden.py
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from helpflow.plan.site import plan_site

pytestmark = pytest.mark.any_worker

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
UPDATE = os.environ.get("HELPFLOW_GOLDEN") == "update"


def _pages(content, by_key, flow: str) -> str:
    """The flow's question and outcome pages (``by_key``: one language's planned pages by their
    key), in the flow's order, each under its path."""
    nodes = content.flows[flow]
    keys = [f"{flow}/{node}" for node in (*nodes.questions, *nodes.outcomes)]
    return "".join(f"<!-- {by_key[key].path}: {by_key[key].title} | {by_key[key].description} -->\n"
                   f"{by_key[key].markdown.strip()}\n\n" for key in keys)


def test_pages_read_as_their_golden_files(content, demo):
    """One file per flow and language the demo school builds, and no other."""
    pages = {lang: {page.key: page for page in plan_site(content, demo, lang).pages} for lang in demo.languages}
    now = {f"{flow.slug}.{lang}.md": _pages(content, pages[lang], flow.slug)
           for flow in content.flows_of(demo) for lang in demo.languages}
    if UPDATE:
        for stale in GOLDEN.glob("*.md"):
            stale.unlink()
        for name, text in now.items():
            (GOLDEN / name).write_text(text, encoding="utf-8")
    assert {p.name for p in GOLDEN.glob("*.md")} == set(now), "a golden file for no flow, or a flow without one"
    differences: list[str] = []
    for name, text in now.items():
        before = (GOLDEN / name).read_text(encoding="utf-8")
        differences += difflib.unified_diff(before.splitlines(), text.splitlines(), f"tests/golden/{name}", "now",
                                            lineterm="", n=1)
    assert not differences, "\n".join(differences[:60]) + "\n(HELPFLOW_GOLDEN=update writes them again)"
