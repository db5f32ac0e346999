"""The accessibility statement on every page, "Did this help?" under every outcome, and the
school's counts from its own web server: plain links, nothing stored, no other origin."""

from __future__ import annotations

import datetime
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from helpflow.build.mkdocs_site import build_school
from helpflow.load.school import load_school
from helpflow.paths import SCHOOLS
from helpflow.plan import site as site_plan
from helpflow.plan.pages import html_name
from helpflow.plan.site import page_paths, plan_site

import hosts
from helpers import AWKWARD, axe_violations, in_process

FLOW, OUTCOME, OTHER = "wachtwoord-vergeten", "mail-school", "self-reset"
LINK = re.compile(r'<a class="hf-statement-link" href="([^"]+)">([^<]+)</a>')


def address(content, school, lang: str, key: str) -> str:  # type: ignore[no-untyped-def]
    return f"{lang}/{html_name(page_paths(content, school, lang)[key])}"


def test_every_page_of_every_language_links_to_its_statement(demo_site, content, demo):
    pages = [p for lang in demo.languages for p in (demo_site / lang).rglob("*.html")
             if not {"assets", "search"} & set(p.relative_to(demo_site / lang).parts)]
    assert len(pages) > 30
    for page in pages:
        lang = page.relative_to(demo_site).parts[0]
        (href, text), = LINK.findall(page.read_text(encoding="utf-8"))
        target = urlsplit(urljoin(f"http://x/{page.relative_to(demo_site).as_posix()}", href)).path
        assert target == f"/{lang}/accessibility.html", (page, href)
        assert text == content.ui["a11y_link"][lang]
    root = (demo_site / "index.html").read_text(encoding="utf-8")
    for lang in demo.languages:
        assert f'<a href="{lang}/accessibility.html" hreflang="{lang}" lang="{lang}">' in root
        assert (demo_site / lang / "accessibility.html").is_file()


def test_the_statement_says_what_was_checked_and_whom_to_ask(demo_site, demo):
    for lang in demo.languages:
        text = (demo_site / lang / "accessibility.html").read_text(encoding="utf-8")
        assert "WCAG 2.1" in text and "axe-core" in text and "Nu Html Checker" in text
        assert f'<time datetime="{datetime.date.today().isoformat()}">' in text
        assert f'href="mailto:{demo.email}"' in text and re.search(r"\b7\b", text)
        assert 'href="https://www.vlaanderen.be/vlaamse-ombudsdienst/uw-klacht"' in text  # a Flemish school


def test_a_french_community_school_names_its_ombudsman_and_its_decree(content):
    school = load_school(AWKWARD, content)
    assert school.platform_language == "fr"
    for lang in school.languages:
        plan = {p.key: p.markdown for p in plan_site(content, school, lang).pages}
        statement = plan[site_plan.STATEMENT]
        assert "https://www.le-mediateur.be/" in statement and "2019" in statement
        assert "vlaamse-ombudsdienst" not in statement
        # after "No", the school's phone line too, its hours escaped
        assert f'href="{school.phone_url}"' in plan["feedback-no"] and "&lt;b&gt;lundi" in plan["feedback-no"]
        assert school.phone_url not in plan["feedback-yes"]


@pytest.mark.parametrize("javascript", [True, False])
def test_an_answer_is_a_plain_link_to_a_thank_you_page_and_stores_nothing(javascript, new_page, demo_url, content,
                                                                       demo):
    page = new_page(java_script_enabled=javascript)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(demo_url + address(content, demo, "fr", f"{FLOW}/{OUTCOME}"))
    question = page.get_by_role("region", name="Est-ce que cela vous a aidé ?")
    question.get_by_role("link", name="Non", exact=True).click()
    page.wait_for_load_state()
    assert page.url == f"{demo_url}fr/feedback/no.html?flow={FLOW}&outcome={OUTCOME}"
    assert page.get_by_role("article").get_by_role("link", name=demo.email).get_attribute("href") == \
        f"mailto:{demo.email}"
    page.get_by_role("link", name="Retour à l’aide").click()
    page.wait_for_load_state()
    assert page.url == f"{demo_url}fr/index.html"
    assert page.context.cookies() == []
    if javascript:
        assert page.evaluate("() => [localStorage.length, sessionStorage.length]") == [0, 0]
    assert all(url.startswith(demo_url) for url in requested), requested
    assert not [url for url in requested if "reached.txt" in url or "feedback.js" in url]  # statistics off


def test_the_answer_and_statement_pages_pass_axe(watched_page, demo_url):
    for path in ("nl/accessibility.html", f"en/feedback/yes.html?flow={FLOW}&outcome={OUTCOME}",
                 "fr/feedback/no.html"):
        watched_page.goto(demo_url + path)
        assert axe_violations(watched_page) == [], path


@pytest.fixture(scope="module")
def counting_site(content) -> Iterator[Path]:  # type: ignore[no-untyped-def]
    """The demo school with ``statistics`` on: its flow homes carry the counting script. Outside
    pytest's private temporary folder: run as root, nginx reads it as the user nobody."""
    folder = Path(tempfile.mkdtemp(prefix="helpflow-feedback-"))
    try:
        school = folder / "demo.yml"
        school.write_text((SCHOOLS / "demo.yml").read_text(encoding="utf-8") + "statistics: true\n", encoding="utf-8")
        shutil.copyfile(SCHOOLS / "demo-logo.svg", folder / "demo-logo.svg")
        build_school(school, folder / "site", content)
        for path in [folder, *folder.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        yield folder / "site"
    finally:
        shutil.rmtree(folder)


@pytest.fixture(scope="module")
def nginx(counting_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The counting site on Debian's nginx with the site's own nginx.conf, writing the access log
    a school's host keeps (nginx's default ``combined`` format)."""
    if hosts.binary("nginx") is None:
        pytest.fail("nginx is missing: run `make test`, which installs it")
    with hosts.served("nginx", counting_site, tmp_path_factory.mktemp("nginx")) as host:
        yield host.url, host.folder / "access.log"


def test_reached_outcomes_and_answers_add_up_in_the_hosts_log(watched_page, nginx, counting_site, content, demo,
                                                             tmp_path):
    url, log = nginx
    home = url + address(content, demo, "nl", f"{FLOW}/index")
    reached: list[str] = []
    watched_page.on("request", lambda r: reached.append(r.url) if "reached.txt" in r.url else None)
    for answers in (("Nee",), ("Ja", "Ja"), ("Nee",)):  # two parents mail the school, one resets alone
        watched_page.goto(home)
        for answer in answers:
            watched_page.locator("#hf-widget").get_by_role("button", name=answer, exact=True).click()
        watched_page.wait_for_function("() => document.querySelector('#hf-widget .hf-outcome') !== null")
    watched_page.reload()  # the last outcome shown again, from the address: not reached again
    watched_page.wait_for_load_state("networkidle")
    assert [urlsplit(u).path for u in reached] == ["/nl/feedback/reached.txt"] * 3
    assert [urlsplit(u).query for u in reached] == [f"flow={FLOW}&outcome={o}" for o in (OUTCOME, OTHER, OUTCOME)]
    assert all(u.startswith(url) for u in reached)
    for _ in range(2):  # two parents open the outcome page and answer
        watched_page.goto(url + address(content, demo, "nl", f"{FLOW}/{OUTCOME}"))
        watched_page.get_by_role("region", name="Heeft dit geholpen?").get_by_role("link", name="Ja").click()
        watched_page.wait_for_url(re.compile(r"feedback/yes\.html"))
    assert watched_page.evaluate("() => [localStorage.length, sessionStorage.length, document.cookie]") == [0, 0, ""]
    out = tmp_path / "stats.csv"
    result = in_process("stats", "--site", str(counting_site), "--csv", str(out), str(log))
    assert result.returncode == 0, result.stderr
    rows = {tuple(line.split(",")[:3]): tuple(map(int, line.split(",")[3:]))
            for line in out.read_text().splitlines()[1:]}
    mail, reset = (html_name(page_paths(content, demo, "nl")[f"{FLOW}/{node}"]).rpartition("/")[2].removesuffix(".html")
                   for node in (OUTCOME, OTHER))
    assert rows["nl", FLOW, mail] == (2 + 2, 2, 0)  # reached twice in the widget, opened twice
    assert rows["nl", FLOW, reset] == (1, 0, 0)
    assert rows["nl", FLOW, "index"] == (4, 0, 0)  # three homes and a reload


def test_the_report_renders_without_a_console_error(watched_page, demo_site, serve, tmp_path):
    log = tmp_path / "access.log"
    log.write_text("".join(f'203.0.113.5 - - [02/Dec/2026:10:00:00 +0100] "GET /nl/{path} HTTP/1.1" 200 1 "-" "-"\n'
                           for path in ("", f"{FLOW}/index.html",
                                        f"feedback/yes.html?flow={FLOW}&outcome={OUTCOME}")), encoding="utf-8")
    folder = tmp_path / "report"
    folder.mkdir()
    result = in_process("stats", "--site", str(demo_site), "--csv", str(folder / "s.csv"),
                        "--report", str(folder / "report.html"), str(log))
    assert result.returncode == 0, result.stderr
    watched_page.goto(serve(folder) + "report.html")
    assert watched_page.locator("svg").count() >= 3
    widths = watched_page.locator("svg rect").evaluate_all("rects => rects.map(r => r.getBoundingClientRect().width)")
    assert max(widths) == 360  # the most visited page fills the scale, drawn
    assert axe_violations(watched_page) == []
