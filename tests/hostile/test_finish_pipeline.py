"""One finishing pipeline after any engine, the security headers last by construction
(issue 20 item 2): whatever a step does to the pages, the policy hashes them as served."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import pytest

from helpflow.errors import HelpflowError
from helpflow.paths import HEADERS_FILE
from helpflow.publish import finish
from helpflow.publish.headers import parse_headers_file

pytestmark = pytest.mark.any_worker

PAGE = '<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>t</title></head><body>{}</body></html>'


def sha(script: str) -> str:
    return f"'sha256-{base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()}'"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "nl").mkdir()
    (tmp_path / "index.html").write_text(PAGE.format('<a href="nl/index.html" hreflang="nl">nl</a>'), encoding="utf-8")
    (tmp_path / "nl" / "index.html").write_text(PAGE.format("<p>hallo</p>"), encoding="utf-8")
    return tmp_path


def policy(site: Path) -> str:
    return parse_headers_file((site / HEADERS_FILE).read_text(encoding="utf-8"))["/*"]["Content-Security-Policy"]


def test_the_headers_come_after_every_step_even_one_added_last(site, monkeypatch):
    def late(built: finish.Built, pages: finish.BuiltPages) -> None:
        pages.put("nl/index.html", pages.text("nl/index.html").replace("</body>", "<script>late()</script></body>"))

    monkeypatch.setattr(finish, "STEPS", (*finish.STEPS, late))
    finish.finish_site(finish.Built(site, ("nl",), ("nl",)))
    assert sha("late()") in policy(site)
    assert '<meta http-equiv="Content-Security-Policy"' in (site / "nl" / "index.html").read_text(encoding="utf-8")


def test_every_step_runs_once_in_its_order(site, monkeypatch):
    ran: list[str] = []
    steps = tuple(lambda built, pages, name=name: ran.append(name) for name in ("one", "two", "three"))
    monkeypatch.setattr(finish, "STEPS", steps)
    finish.finish_site(finish.Built(site, ("nl",), ("nl",)))
    assert ran == ["one", "two", "three"] and (site / HEADERS_FILE).is_file()


def test_an_engines_site_runs_only_the_scripts_the_known_engines_write(site):
    known = '__md_scope=new URL("..",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),' \
            '__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),' \
            '__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}'
    page = site / "nl" / "index.html"
    page.write_text(PAGE.format(f"<script>{known}</script>"), encoding="utf-8")
    engine = finish.Built(site, ("nl",), ("nl",), engine_built=lambda path: Path("/x") / path)
    finish.finish_site(engine)
    assert sha(known) in policy(site)
    page.write_text(PAGE.format(f"<script>{known};steal()</script>"), encoding="utf-8")
    (site / HEADERS_FILE).unlink()
    with pytest.raises(HelpflowError, match=r"/x/nl/index.html: an inline script no known engine writes"):
        finish.finish_site(engine)
    assert not (site / HEADERS_FILE).exists()
