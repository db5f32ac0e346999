"""Navigation follows the tree: no page offers a "next" that answers for the parent, and
every way back leads to a question whose answer leads here (checked on every built page)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from helpflow.plan import flow_folder, page_paths


class _Links(HTMLParser):
    """The links of a page by the class of the element around them."""

    def __init__(self) -> None:
        super().__init__()
        self.footer_nav: list[str] = []
        self.back: list[str] = []
        self.in_footer_nav = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        classes = (found.get("class") or "").split()
        if tag == "nav" and "md-footer__inner" in classes:
            self.in_footer_nav = 1
        if tag == "a" and ("md-footer__link" in classes or self.in_footer_nav):
            self.footer_nav.append(found.get("href") or "")
        if tag == "a" and "hf-back" in classes:
            self.back.append(found.get("href") or "")


def _links(page: Path) -> _Links:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def test_no_page_offers_a_next_or_previous_that_skips_a_question(content, demo, demo_site):
    pages = sorted(demo_site.rglob("*.html"))
    assert len(pages) > 40
    for page in pages:
        assert _links(page).footer_nav == [], f"{page.relative_to(demo_site)} has Previous/Next links"


def test_the_way_back_leads_to_the_questions_that_lead_here(content, demo, demo_site):
    flows = content.flows_of(demo)
    for lang in demo.languages:
        paths = page_paths(content, demo, lang)
        for flow in flows:
            folder = demo_site / lang / flow_folder(flows, flow)
            address = {node: Path(paths[f"{flow.slug}/{node}"]).with_suffix(".html").name
                       for node in (*flow.questions, *flow.outcomes)}
            for node in (*flow.questions, *flow.outcomes):
                before = {address[q.id] for q in flow.questions.values() if any(a.next == node for a in q.answers)}
                back = _links(folder / address[node]).back
                assert set(back) == before and len(back) == len(before), (lang, node, back)


def test_every_answer_is_a_link_to_where_it_leads(content, demo, demo_site):
    """Without JavaScript the question pages are the route: each answer links to its next page."""
    flows = content.flows_of(demo)
    for lang in demo.languages:
        paths = page_paths(content, demo, lang)
        for flow in flows:
            folder = demo_site / lang / flow_folder(flows, flow)
            for q in flow.questions.values():
                page = (folder / Path(paths[f"{flow.slug}/{q.id}"]).with_suffix(".html").name).read_text("utf-8")
                answers = re.search(r'<p class="hf-answers">(.*?)</p>', page, re.S)[1]
                hrefs = re.findall(r'href="([^"]+)"', answers)
                assert hrefs == [Path(paths[f"{flow.slug}/{a.next}"]).with_suffix(".html").name for a in q.answers]
