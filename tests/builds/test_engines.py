"""The demo school's export, built by ProperDocs and by Zensical instead of MkDocs (issue 14).

``helpflow export`` writes one plain project per language; each engine, pinned in its own
venv (``make engines``), builds them once per session, and ``helpflow assemble`` makes
one site of the languages, security headers included. Then, in Chromium: every route of
every flow ends at its outcome, the language switch lands on the same page, axe finds no
WCAG violation, and nothing is asked of another origin (``watched_page``). Routes come
from the model (``Flow.routes()``), never from the page.
"""

from __future__ import annotations

import dataclasses
import html
import json
import os
import posixpath
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from playwright.sync_api import Page, expect

from helpflow.build.export import assemble_site, export_school, page_source
from helpflow.cli import main
from helpflow.errors import HelpflowError
from helpflow.load.content import load_content
from helpflow.load.school import load_school
from helpflow.paths import CONTENT, HEADERS_FILE, ROOT
from helpflow.paths import DEMO_SCHOOL as DEMO
from helpflow.plan import material
from helpflow.plan.pages import HOME, html_name
from helpflow.plan.site import HELP_CENTRE, page_paths, plan_site
from helpflow.plan.text import Context, attr

from helpers import axe_violations, broken_references, share

VENVS = ROOT / ".venv-engines"
ZENSICAL_SEARCH_STYLE = r"Applying inline style violates the following Content Security Policy directive 'style-src"
"""Zensical's search dialog adds a <style> to a shadow root at run time, which the site's CSP
blocks (README.md, "Engines"): the one console error its pages are allowed."""
LANGS = load_school(DEMO, load_content(CONTENT)).languages
ENGINES = [
    pytest.param("properdocs", id="properdocs"),
    pytest.param("zensical", id="zensical", marks=pytest.mark.known_console_error(
        ZENSICAL_SEARCH_STYLE, "README.md, Engines: Zensical's search dialog and the CSP")),
]


def engine(name: str) -> Path:
    """The engine's command in its pinned venv; missing, a failure in CI and a skip elsewhere."""
    command = VENVS / name / "bin" / name
    if not command.is_file():
        message = f"{command} is missing: run `make engines`"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return command


def run_engine(command: Path, project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(command), "build", "-f", "mkdocs.yml"], cwd=project, capture_output=True,
                          text=True, timeout=300, check=False, env={**os.environ, "NO_COLOR": "1"})


@dataclass(frozen=True)
class Built:
    engine: str
    site: Path
    seconds: float


@pytest.fixture(scope="session")
def export(tmp_path_factory: pytest.TempPathFactory, content) -> Path:
    """The demo school exported once per session; each engine builds a copy."""
    out = tmp_path_factory.mktemp("export") / "export"
    export_school(DEMO, out, content)
    return out


@pytest.fixture(scope="session")
def build_with(export: Path, tmp_path_factory: pytest.TempPathFactory):
    """Every language of the export built by an engine, then assembled: once per engine."""
    done: dict[str, Built] = {}

    def _build(name: str) -> Built:
        if name not in done:
            command = engine(name)
            work = tmp_path_factory.mktemp(name)
            projects = Path(shutil.copytree(export, work / "export"))
            start = time.perf_counter()
            for project in sorted(p.parent for p in projects.glob("*/mkdocs.yml")):
                result = run_engine(command, project)
                assert result.returncode == 0, f"{name} failed on {project.name}:\n{result.stderr[-3000:]}"
            seconds = time.perf_counter() - start
            assemble_site(projects, work / "site")
            done[name] = Built(name, work / "site", seconds)
        return done[name]

    return _build


@pytest.fixture(scope="session", params=ENGINES)
def built(request, build_with) -> Built:
    return build_with(request.param)


@pytest.fixture(scope="session")
def engine_url(serve, built: Built) -> str:
    return serve(built.site)


# The export itself: plain projects, no engine needed.

def test_each_language_is_a_plain_project_with_the_plans_settings(export, content, demo):
    for lang in demo.languages:
        plan = plan_site(content, demo, lang)
        config = yaml.safe_load((export / lang / "mkdocs.yml").read_text(encoding="utf-8"))
        assert "hooks" not in config
        assert config["extra"]["helpflow"] == {"not_found_html": plan.not_found_html, "labels": dict(plan.labels)}
        assert (config["site_url"], config["theme"]["language"]) == (plan.site_url, plan.theme_language)
        assert config["site_name"] == attr(demo.name) and config["copyright"] == plan.copyright_html
        listed = [path for entry in config["nav"] for value in entry.values()
                  for path in ([value] if isinstance(value, str) else [p for e in value for p in e.values()])]
        off_menu = config["not_in_nav"].split()  # the statement and the answers' pages: linked, in no menu
        unlisted = [p.path for p in plan.pages if p.path not in listed]
        assert unlisted and all(f"/{path}" in off_menu or f"/{path.partition('/')[0]}/" in off_menu
                                for path in unlisted), unlisted
        assert len(listed) + len(unlisted) == len(plan.pages)
        home = plan.page_for("index.md")
        assert home and config["extra"]["alternate"] == [
            {"name": a.name, "lang": a.lang, "link": a.link} for a in plan.alternates[home.key]]
        assert (export / lang / "overrides" / "partials" / "alternate.html").is_file()
        for handout in plan.handouts:
            assert (export / lang / "docs" / handout.path).read_bytes().startswith(b"%PDF")


def test_front_matter_carries_title_description_and_counterparts_escaped(content, demo):
    plan = plan_site(content, demo, "fr")
    page = dataclasses.replace(plan.pages[1], title='Tom & "Jerry" <b>', description="a: b\n- c # d")

    def meta(page) -> dict:
        return yaml.safe_load(page_source(plan, page).split("---\n")[1])

    assert meta(page)["title"] == "Tom &amp; &quot;Jerry&quot; &lt;b&gt;"
    assert meta(page)["description"] == "a: b\n- c # d"
    assert meta(dataclasses.replace(page, description='say "hi" & don\'t'))["description"] == \
        "say &quot;hi&quot; &amp; don&#x27;t"
    assert [a["link"] for a in meta(page)[material.PAGE_ALTERNATES]] == [a.link for a in plan.alternates[page.key]]
    assert page_source(plan, page).endswith(page.markdown)


def test_export_and_assemble_never_overwrite_other_folders(tmp_path, content):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(HelpflowError, match="not a helpflow export"):
        export_school(DEMO, tmp_path / "mine", content)
    with pytest.raises(HelpflowError, match="not a helpflow export"):
        assemble_site(tmp_path / "mine", tmp_path / "site")
    assert (tmp_path / "mine" / "thesis.txt").read_text(encoding="utf-8") == "keep me"


def test_the_commands_say_what_is_wrong_in_one_line(tmp_path, capsys):
    (tmp_path / "thesis.txt").write_text("keep me", encoding="utf-8")
    assert main(["export", "--school", str(DEMO), "--out", str(tmp_path)]) == 1
    assert main(["assemble", str(tmp_path)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 2 and all(line.startswith("error: ") for line in lines), lines


def test_assemble_names_the_languages_not_built_yet(export, tmp_path):
    with pytest.raises(HelpflowError, match=r"build en, fr, nl first"):
        assemble_site(export, tmp_path / "site")


# Each engine.

def test_properdocs_needs_no_mkdocs():
    python = engine("properdocs").parent / "python"
    found = subprocess.run([str(python), "-c", "import importlib.util as u; print(u.find_spec('mkdocs'))"],
                           capture_output=True, text=True, check=True).stdout.strip()
    assert found == "None", "the ProperDocs venv must prove the export builds without MkDocs"


@pytest.mark.parametrize("name", [p.values[0] for p in ENGINES])
def test_strict_stops_on_a_broken_markdown_link_but_not_a_raw_html_one(name, tmp_path):
    """What each engine checks itself; helpflow's link check covers the rest (README, Engines)."""
    command = engine(name)
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nstrict: true\ntheme: {name: material}\n", encoding="utf-8")
    (tmp_path / "docs" / "index.md").write_text('# t\n\n<a href="gone.html">raw</a>\n', encoding="utf-8")
    assert run_engine(command, tmp_path).returncode == 0
    (tmp_path / "docs" / "index.md").write_text("# t\n\n[md](gone.md)\n", encoding="utf-8")
    assert run_engine(command, tmp_path).returncode != 0


def test_zensical_ignores_hooks_and_unknown_plugins_silently(tmp_path):
    """Why the export needs neither (README, Engines)."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# t\n", encoding="utf-8")
    (tmp_path / "hook.py").write_text("def on_page_markdown(markdown, **kwargs):\n    return markdown + 'HOOKED'\n",
                                      encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nhooks: [hook.py]\nplugins: [search, no-such-plugin]\n",
                                         encoding="utf-8")
    assert run_engine(engine("zensical"), tmp_path).returncode == 0
    assert "HOOKED" not in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


def test_every_page_has_its_title_description_and_handouts(built, content, demo):
    for lang in demo.languages:
        plan = plan_site(content, demo, lang)
        for page in plan.pages:
            text = (built.site / lang / html_name(page.path)).read_text(encoding="utf-8")
            assert f"<title>{attr(page.title)} - {attr(demo.name)}</title>" in text, (built.engine, page.path)
            description = html.escape(page.description)  # as the hook escapes it in the normal build
            assert f'<meta name="description" content="{description}">' in text, page.path
        for handout in plan.handouts:
            assert (built.site / lang / handout.path).read_bytes().startswith(b"%PDF"), handout.path
    print(f"\n{built.engine}: built {len(demo.languages)} languages in {built.seconds:.1f} s")


def test_every_reference_resolves_by_helpflows_own_check(built, demo):
    checked, broken = broken_references(built.site, demo.site_url)
    assert checked > 100 and not broken, "\n".join(broken)


def test_assemble_writes_the_security_headers_into_every_page(built):
    """Their CSP hashes this engine's inline scripts: the browser tests below see none blocked."""
    assert (built.site / HEADERS_FILE).is_file()
    for page in built.site.rglob("*.html"):
        assert '<meta http-equiv="Content-Security-Policy"' in page.read_text(encoding="utf-8"), page


class _Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.repeated: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = [name for name, _ in attrs]
        self.repeated += [f"<{tag} {name}>" for name in set(names) if names.count(name) > 1]


def test_fixed_pages_repeat_no_attribute(built):
    """Material's HTML fixes (``material.fix_html``) meet each engine's markup without doubling it."""
    for page in built.site.rglob("*.html"):
        parser = _Attributes()
        parser.feed(page.read_text(encoding="utf-8"))
        assert not parser.repeated, (page, parser.repeated)


_HEAD_ALTERNATE = re.compile(r'<link rel="alternate" href="([^"]*)" hreflang="[^"]*">')
_GENERATOR = re.compile(r'<meta name="generator"[^>]*>')


def test_properdocs_writes_the_normal_builds_pages_but_for_the_heads_language_links(build_with, demo_site,
                                                                                    content, demo):
    """The same plan through ProperDocs and Material gives the normal build's very pages, but
    that the export's head names each language's home, not the page's counterpart (README, Engines)."""
    site = build_with("properdocs").site
    pages = sorted(p.relative_to(demo_site) for p in demo_site.glob("*/**/*.html"))
    assert pages == sorted(p.relative_to(site) for p in site.glob("*/**/*.html"))

    def same(text: str) -> str:
        return " ".join(_GENERATOR.sub("", _HEAD_ALTERNATE.sub("", text)).split())

    def targets(page: Path, text: str) -> list[str]:
        """Where the head's language links lead, from the site's root (the 404 page's start at the host's)."""
        return [posixpath.normpath(posixpath.join(page.parent.as_posix(), link)).lstrip("/")
                for link in _HEAD_ALTERNATE.findall(text)]

    plans = {lang: plan_site(content, demo, lang) for lang in demo.languages}
    for page in pages:
        normal, exported = ((root / page).read_text(encoding="utf-8") for root in (demo_site, site))
        assert same(exported) == same(normal), page
        lang, source = page.parts[0], Path(*page.parts[1:]).with_suffix(".md").as_posix()
        assert targets(page, exported) == [f"{other}/index.html" for other in demo.languages]
        if planned := plans[lang].page_for(source):  # the hook names each page's own counterparts, in full
            assert _HEAD_ALTERNATE.findall(normal) == [urljoin(plans[lang].site_url, alt.link)
                                                       for alt in plans[lang].alternates[planned.key]], page


def test_properdocs_gets_materials_script_and_search_worker_as_patched_as_the_normal_build(build_with, demo_site):
    """Search loads when opened and stems what is typed on an exported site too (``finish.patch_search``):
    Material's script and worker are byte for byte the normal build's."""
    site = build_with("properdocs").site
    for pattern in (material.BUNDLE, material.WORKER):
        exported, normal = (sorted(root.glob(pattern)) for root in (site, demo_site))
        assert len(exported) == len(normal) == 1, pattern
        assert exported[0].read_bytes() == normal[0].read_bytes(), pattern


# In Chromium.

def _url(base: str, content, demo, lang: str, key: str) -> str:
    return f"{base}{lang}/{html_name(page_paths(content, demo, lang)[key])}"


def _widget(page: Page):
    return page.locator("#hf-widget")


def _heading(page: Page):
    return _widget(page).locator(".hf-heading")


def _no_violations(page: Page) -> None:
    """axe-core finds nothing, once the page has loaded and the widget's fade-in has ended."""
    page.wait_for_load_state("load")
    page.evaluate("() => Promise.all(document.getAnimations().map(a => a.finished))")
    assert not (found := axe_violations(page)), "\n".join(found)


def _switch(page: Page, lang: str) -> None:
    page.locator(".md-header .md-select").hover()
    page.locator(f"a.md-select__link[hreflang={lang}]").click()


@pytest.mark.parametrize("lang", LANGS)
def test_routes_end_at_their_outcomes_on_pages_without_violations(watched_page, built, engine_url, content,
                                                                   demo, lang):
    page = watched_page
    page.emulate_media(reduced_motion="reduce")  # no fade-in to wait for before each click
    plain = Context(lang, demo, content.ui, content.labels).plain
    page.goto(_url(engine_url, content, demo, lang, HELP_CENTRE))
    _no_violations(page)
    for flow in content.flows_of(demo):
        page.goto(_url(engine_url, content, demo, lang, f"{flow.slug}/{HOME}"))
        expect(_widget(page)).to_have_class(re.compile(r"\bhf-ready\b"))
        start_again = json.loads(page.locator("#hf-data").text_content())["ui"]["start_again"]
        for done, route in enumerate(share(flow.routes(), lang, LANGS)):  # each route once, languages in turn
            if done:
                _widget(page).get_by_role("button", name=start_again, exact=True).click()
            for question_id, key in route.answers:
                expect(_heading(page)).to_have_text(plain(flow.questions[question_id].text[lang]))
                label = flow.questions[question_id].answer(key).label[lang]
                _widget(page).get_by_role("button", name=label, exact=True).click()
            expect(_heading(page)).to_have_text(plain(flow.outcomes[route.outcome].title[lang]))
        _no_violations(page)  # the engine's page around the widget at an outcome: steps, tools, diagram


def test_language_switch_lands_on_the_same_page_and_keeps_the_answers(watched_page, built, engine_url,
                                                                      content, demo):
    page = watched_page
    first, second, third = demo.languages
    flow = content.flows_of(demo)[0]
    route = max(flow.routes(), key=lambda r: len(r.answers))
    page.goto(_url(engine_url, content, demo, first, f"{flow.slug}/{route.outcome}"))
    _switch(page, second)
    expect(page).to_have_url(_url(engine_url, content, demo, second, f"{flow.slug}/{route.outcome}"))
    expect(page.locator("html")).to_have_attribute("lang", second)
    _no_violations(page)
    home = _url(engine_url, content, demo, second, f"{flow.slug}/{HOME}")
    answers = "#" + "&".join(f"{q}={a}" for q, a in route.answers)
    page.goto(home + answers)
    _switch(page, third)
    expect(page).to_have_url(_url(engine_url, content, demo, third, f"{flow.slug}/{HOME}") + answers)
    title = flow.outcomes[route.outcome].title[third]
    expect(_heading(page)).to_have_text(Context(third, demo, content.ui, content.labels).plain(title))
