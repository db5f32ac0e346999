"""Every flow page says when its steps were last checked against their public sources, in
the page's language, and lists those sources: one crawl of the built demo site."""

from __future__ import annotations

import html
import re

from helpflow.plan.pages import long_date
from helpflow.plan.site import page_paths


def test_every_flow_page_of_every_language_carries_its_last_checked_date_and_sources(content, demo, demo_site):
    crawled = 0
    for lang in demo.languages:
        for key, path in page_paths(content, demo, lang).items():
            if "/" not in key:  # the help centre, the accessibility statement, the answers' pages: of no flow
                continue
            flow = content.flows[key.split("/")[0]]
            assert flow.checked is not None
            page = (demo_site / lang / path.replace(".md", ".html")).read_text(encoding="utf-8")
            foot = page[page.index('<footer class="hf-sources">'):]
            foot = foot[:foot.index("</footer>")]
            day = flow.checked.isoformat()
            assert re.search(rf'<time datetime="{day}">{re.escape(html.escape(long_date(flow.checked, lang)))}</time>',
                             foot), (lang, path)
            assert html.unescape(re.sub(r"<[^>]+>", "", foot)).count(long_date(flow.checked, lang)) == 1
            for source in flow.sources:
                assert f'<a href="{html.escape(source.url)}">{html.escape(source.title)}</a>' in foot, (lang, path)
            crawled += 1
    assert crawled == sum(key.partition("/")[0] in content.flows
                          for lang in demo.languages for key in page_paths(content, demo, lang))


def test_the_date_is_written_as_each_language_writes_it(content):
    flow = content.flows["wachtwoord-vergeten"]
    assert flow.checked is not None
    written = {lang: long_date(flow.checked, lang) for lang in ("nl", "fr", "en")}
    assert len(set(written.values())) == 3 and all(str(flow.checked.year) in text for text in written.values())
    assert long_date(flow.checked, "xx") == flow.checked.isoformat(), "a locale Babel lacks: the ISO date"
