"""Navigation follows the tree: no page offers a "next" that answers for the parent, and
every way back leads to a question whose answer leads here (checked on every built page);
the diagram leads back to the steps, and a 404 page says what it is in its language."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

from helpflow.paths import NOT_FOUND_FILE
from helpflow.plan.site import flow_folder, page_paths


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


def _flows_built(content, demo, demo_site):  # type: ignore[no-untyped-def]
    """Each (language, flow, its folder in the site, node id -> its page's file name)."""
    flows = content.flows_of(demo)
    for lang in demo.languages:
        paths = page_paths(content, demo, lang)
        for flow in flows:
            address = {node: Path(paths[f"{flow.slug}/{node}"]).with_suffix(".html").name
                       for node in (*flow.questions, *flow.outcomes)}
            yield lang, flow, demo_site / lang / flow_folder(flows, flow), address


def test_the_way_back_leads_to_the_questions_that_lead_here(content, demo, demo_site):
    for lang, flow, folder, address in _flows_built(content, demo, demo_site):
        for node in (*flow.questions, *flow.outcomes):
            before = {address[q.id] for q in flow.questions.values() if any(a.next == node for a in q.answers)}
            back = _links(folder / address[node]).back
            assert set(back) == before and len(back) == len(before), (lang, node, back)


def test_every_answer_is_a_link_to_where_it_leads(content, demo, demo_site):
    """Without JavaScript the question pages are the route: each answer links to its next page."""
    for _lang, flow, folder, address in _flows_built(content, demo, demo_site):
        for q in flow.questions.values():
            page = (folder / address[q.id]).read_text("utf-8")
            answers = re.search(r'<p class="hf-answers">(.*?)</p>', page, re.S)[1]
            assert re.findall(r'href="([^"]+)"', answers) == [address[a.next] for a in q.answers]


def test_the_diagram_page_leads_back_to_the_flows_steps(content, demo, demo_site):
    """On a phone the diagram page has no menu in sight: its own link leads to the flow's home."""
    for lang, flow, folder, _address in _flows_built(content, demo, demo_site):
        paths = page_paths(content, demo, lang)
        diagram = Path(paths[f"{flow.slug}/diagram"]).with_suffix(".html").name
        home = Path(paths[f"{flow.slug}/index"]).with_suffix(".html").name
        assert _links(folder / diagram).back == [home], (lang, flow.slug)


def test_each_languages_404_page_says_so_in_its_title_and_description(content, demo, demo_site):
    for lang in demo.languages:
        page = (demo_site / lang / NOT_FOUND_FILE).read_text(encoding="utf-8")
        title = html.unescape(re.search(r"<title>([^<]*)</title>", page)[1])
        assert title == f"{content.ui['not_found_page_title'][lang]} - {demo.name}", lang
        descriptions = re.findall(r'<meta name="description" content="([^"]*)">', page)
        assert [html.unescape(d) for d in descriptions] == [content.ui["not_found_desc"][lang]], lang
        assert f'lang="{lang}"' in page[:200]
