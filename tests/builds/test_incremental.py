"""A rebuild redoes only what changed (issue 12): what a school notices when it builds again.

One school's site is built, then built again after each change a school makes, in order
(``story``); each test reads one step: what was built again, and which files stayed the
very files they were (same inode, same time), as an rsync or FTP sync of the site sees.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpflow.build import inputs, mkdocs_site
from helpflow.cli import main
from helpflow.errors import HelpflowError
from helpflow.load.content import Content
from helpflow.load.school import load_school
from helpflow.paths import INPUTS_FILE
from helpflow.plan import diagram
from helpflow.plan.site import plan_site, plan_sites

from helpers import snapshot

LANGS = ("nl", "fr")
SCHOOL = """name: Incrementeel college
smartschool: incrementeel
email: secretariaat@incrementeel.be
site_url: https://help.incrementeel.be/
languages: [nl, fr]
flows: [wachtwoord-vergeten]
colors: {{primary: "#1f4e8c", accent: "{accent}"}}
logo: logo.svg
texts:
  wachtwoord-vergeten:
    outcomes.mail-school.steps[1].text:
      nl: "Schrijf naar het secretariaat: {{email}}."
      fr: "{french}"
"""
LOGO = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><circle cx="4" cy="4" r="4" fill="{}"/></svg>'
HEAVY = ("mkdocs", "material", "weasyprint", "jinja2", "markdown", "graphviz", "segno")
NO_OP = f"""import sys
from helpflow.build import inputs
from helpflow.cli import main
inputs.generator_key = lambda: sys.argv[1]  # the test's own, whatever is edited in the repository meanwhile
code = main(["build", *sys.argv[2:]])
print("imported:", " ".join(sorted({{name.split(".")[0] for name in sys.modules}} & set({HEAVY!r}))))
sys.exit(code)
"""
"""A build in a process of its own, saying which of the ``HEAVY`` packages it imported."""


@dataclass
class Step:
    code: int
    out: str
    err: str
    built: list[str]
    """What was made again: a language's site (``nl``) or a handout (``nl handout``)."""
    files: dict[str, tuple[int, int]]
    """Every file of the site afterwards: its inode and modification time."""
    pages: dict[str, str]
    """The text of every home page of a language afterwards."""
    note: str = ""
    """What the story saw besides: whether the site's bytes stayed, or a page edited by hand did."""


def stamps(site: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(site).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in sorted(site.rglob("*")) if p.is_file()}


def homes(site: Path) -> dict[str, str]:
    return {f"{lang}/index.html": (site / lang / "index.html").read_text(encoding="utf-8") for lang in LANGS
            if (site / lang / "index.html").is_file()}


def same(before: Step, after: Step) -> set[str]:
    """The files that are the very same files after a step as before it."""
    return {name for name, stamp in after.files.items() if before.files.get(name) == stamp}


def write_school(folder: Path, *, french: str = "Écrivez au secrétariat : {email}.", accent: str = "#b34700",
                 logo: str = "#123456") -> Path:
    (folder / "logo.svg").write_text(LOGO.format(logo), encoding="utf-8")
    path = folder / "incrementeel.yml"
    path.write_text(SCHOOL.format(french=french, accent=accent), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Step]:
    """The school's site built cold, then again after each change, in this order."""
    folder = tmp_path_factory.mktemp("incremental")
    site = folder / "site"
    steps: dict[str, Step] = {}
    built: list[str] = []
    failing: list[str] = []
    real_site, real_handout = mkdocs_site._build_language, mkdocs_site.write_handout

    def build_language(plan, site_dir: Path, **options: bool) -> None:
        built.append(plan.lang)
        real_site(plan, site_dir, **options)

    def write_handout(school, handout, path: Path) -> None:
        built.append(f"{handout.lang} handout")
        if handout.lang in failing:
            raise HelpflowError(f"{handout.lang}: the handout failed (as the test wants)")
        real_handout(school, handout, path)

    def step(name: str) -> Step:
        built.clear()
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["build", "--school", str(school), "--out", str(site)])
        steps[name] = Step(code, out.getvalue(), err.getvalue(), sorted(built), stamps(site), homes(site))
        return steps[name]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(mkdocs_site, "_build_language", build_language)
        patch.setattr(mkdocs_site, "write_handout", write_handout)
        school = write_school(folder)
        step("cold")
        step("again")
        write_school(folder, french="Écrivez au secrétariat de l’école : {email}.")
        step("french")
        before = snapshot(site)
        write_school(folder, french="Écrivez-nous : {email}.")
        failing.append("fr")
        step("failed")
        steps["failed"].note = "unchanged" if snapshot(site) == before else "changed"
        failing.clear()
        write_school(folder, french="Écrivez au secrétariat de l’école : {email}.", accent="#006d77")
        step("accent")
        write_school(folder, french="Écrivez au secrétariat de l’école : {email}.", accent="#006d77",
                     logo="#654321")
        step("logo")
        patch.setattr(inputs, "_graphviz", lambda: "dot - graphviz version 99 (a new one)")
        inputs.generator_key.cache_clear()
        step("generator")
        page = site / "nl" / "index.html"
        built_page = page.read_text(encoding="utf-8")
        page.write_text(built_page.replace("</body>", "<p>our own note</p></body>"), encoding="utf-8")
        step("edited")
        steps["edited"].note = "restored" if page.read_text(encoding="utf-8") == built_page else "kept"
        (site / "notes.txt").write_text("the secretariat's notes", encoding="utf-8")
        step("added")
        (site / "notes.txt").unlink()
        key = inputs.generator_key()
        step("removed")
        command = [sys.executable, "-c", NO_OP, key, "--school", str(school), "--out", str(site)]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
        steps["process"] = Step(result.returncode, result.stdout, result.stderr, [], stamps(site), homes(site))
    inputs.generator_key.cache_clear()
    return steps


def test_a_rebuild_with_nothing_changed_touches_nothing_and_says_so(story):
    cold, again = story["cold"], story["again"]
    assert cold.built == sorted([*LANGS, *(f"{lang} handout" for lang in LANGS)])
    assert (again.code, again.built) == (0, [])
    assert again.out.strip().endswith("site is up to date"), again.out
    assert again.files == cold.files


def test_a_rebuild_with_nothing_changed_loads_no_site_engine(story):
    """Nothing is imported that a build needs (MkDocs, WeasyPrint, Graphviz's package): the
    keys and the files' stamps alone say the site is up to date."""
    process = story["process"]
    assert process.code == 0, process.err
    assert "site is up to date" in process.out
    assert process.out.splitlines()[-1] == "imported: ", process.out
    assert process.files == story["removed"].files


def test_a_french_text_rebuilds_the_french_site_and_handout_alone(story):
    before, after = story["again"], story["french"]
    assert after.built == ["fr", "fr handout"]
    kept = same(before, after)
    assert {name for name in after.files if name.startswith(("nl/", "assets/"))} <= kept
    changed = set(after.files) - kept
    assert "fr/handout-fr.pdf" in changed and "fr/ecrivez-a-lecole.html" in changed
    assert all(name.startswith("fr/") for name in changed - {INPUTS_FILE}), changed
    assert len(changed) < 10, "fr pages the text is not on are the very files they were"


def test_a_failed_rebuild_leaves_the_previous_site_byte_for_byte(story):
    failed = story["failed"]
    assert failed.code == 1 and "the handout failed" in failed.err
    assert failed.note == "unchanged"
    assert failed.files == story["french"].files, "not one file of the previous site was replaced"


def test_an_accent_colour_rebuilds_the_sites_not_the_handouts(story):
    """The handout prints the primary colour only; the sites show the accent in their CSS."""
    before, after = story["french"], story["accent"]
    assert after.built == sorted(LANGS)
    kept = same(before, after)
    assert {f"{lang}/handout-{lang}.pdf" for lang in LANGS} <= kept
    css = {name for name in after.files if re.fullmatch(r"assets/helpflow\.[0-9a-f]+\.css", name)}
    assert len(css) == 1 and not css & kept, "the colours' style sheet has a new name: browsers load it again"
    assert f'href="../{css.pop()}"' in after.pages[f"{LANGS[0]}/index.html"], "a page links the new style sheet"


def test_a_new_logo_rebuilds_what_shows_it(story):
    before, after = story["accent"], story["logo"]
    assert after.built == sorted([*LANGS, *(f"{lang} handout" for lang in LANGS)])
    logo = {name for name in after.files if re.fullmatch(r"assets/logo\.[0-9a-f]+\.svg", name)}
    assert len(logo) == 1 and not logo & same(before, after)


def test_a_new_generator_rebuilds_everything(story):
    """A new helpflow, MkDocs, Material, WeasyPrint or Graphviz: every key changes. Files that
    come out byte for byte the same still stay the files they were."""
    after = story["generator"]
    assert after.built == sorted([*LANGS, *(f"{lang} handout" for lang in LANGS)])
    assert "nl/index.html" in same(story["logo"], after)


def test_a_page_edited_by_hand_is_built_again_with_its_language(story):
    edited = story["edited"]
    assert edited.built == ["nl"]
    assert edited.note == "restored"
    assert {name for name in edited.files if name.startswith("fr/")} <= same(story["generator"], edited)


def test_a_file_the_school_added_is_still_refused_then_nothing_is_left_to_do(story):
    added, removed = story["added"], story["removed"]
    assert added.code == 1 and "1 file(s) here were not written by the last build (notes.txt)" in added.err
    assert added.built == []
    assert (removed.code, removed.built) == (0, [])
    assert removed.out.strip().endswith("site is up to date")


# Many schools: the parent finds the up-to-date ones before it loads anything.

def test_build_all_twice_builds_nothing_the_second_time(tmp_path):
    schools = tmp_path / "schools"
    schools.mkdir()
    for slug in ("alfa", "beta"):
        (schools / f"{slug}.yml").write_text(
            f"name: {slug}\nsmartschool: {slug}\nemail: info@{slug}.be\nsite_url: https://help.{slug}.be/\n"
            "languages: [nl]\nflows: [wachtwoord-vergeten]\n", encoding="utf-8")
    command = ["build", "--all", "--schools", str(schools), "--out", str(tmp_path / "sites")]
    assert main(command) == 0
    before = stamps(tmp_path / "sites")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(command) == 0
    assert out.getvalue().strip() == f"all 2 site(s) in {tmp_path / 'sites'} are up to date"
    assert stamps(tmp_path / "sites") == before
    copy = shutil.copytree(tmp_path / "sites", tmp_path / "restored")  # times kept, as a CI cache restores them
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main([*command[:-1], str(copy)]) == 0
    assert out.getvalue().strip() == f"all 2 site(s) in {copy} are up to date"
    (schools / "beta.yml").write_text((schools / "beta.yml").read_text().replace("name: beta", "name: Beta"))
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(command) == 0
    assert out.getvalue().strip() == f"built 2, failed 0 (1 already up to date), into {tmp_path / 'sites'}"
    assert {name: stamp for name, stamp in stamps(tmp_path / "sites").items() if name.startswith("alfa/")} == {
        name: stamp for name, stamp in before.items() if name.startswith("alfa/")}


def test_a_diagram_is_drawn_once_for_the_site_and_the_handout(content: Content, tmp_path, monkeypatch):
    """An address moves nothing in a drawing: the site's diagram (relative links) and the
    handout's (the school's own addresses) are one run of dot, and so are other schools'."""
    school = load_school(write_school(tmp_path), content)
    runs = _dot_runs(monkeypatch)
    plan = plan_site(content, school, "nl")
    assert len(runs) == 1
    home = next(page for page in plan.pages if page.key == "wachtwoord-vergeten/index")
    assert 'href="mail-naar-de-school.html"' in home.markdown
    assert 'href="https://help.incrementeel.be/nl/mail-naar-de-school.html"' in plan.handouts[0].diagram
    assert "hf-slot-" not in home.markdown + plan.handouts[0].diagram


def _dot_runs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of graphs in each run of ``dot`` from now on, every drawing forgotten."""
    runs: list[int] = []
    run = diagram._run_dot

    def counted(dot: str) -> subprocess.CompletedProcess[bytes]:
        runs.append(dot.count("digraph"))
        return run(dot)

    monkeypatch.setattr(diagram, "_DRAWINGS", {})
    monkeypatch.setattr(diagram, "_run_dot", counted)
    return runs


def test_a_schools_diagrams_are_drawn_in_one_run_of_dot(content: Content, tmp_path, monkeypatch):
    """Every flow in every language of a school: one ``dot`` run draws them all, each the drawing
    that a run of its own draws (the same SVG, in its place)."""
    school = load_school(write_school(tmp_path), content)
    runs = _dot_runs(monkeypatch)
    together = plan_sites(content, school)
    drawings = len(school.languages) * len(content.flows_of(school))
    assert runs == [drawings], f"{drawings} drawings took runs of {runs} graphs"
    runs = _dot_runs(monkeypatch)
    alone = [plan_site(content, school, lang) for lang in school.languages]
    assert len(runs) == len(school.languages) * len(content.flows_of(school)) and set(runs) == {1}
    assert [page.markdown for plan in together for page in plan.pages] == \
        [page.markdown for plan in alone for page in plan.pages]
    assert [h.diagram for plan in together for h in plan.handouts] == [h.diagram for plan in alone for h in plan.handouts]


def test_a_graph_dot_refuses_among_others_is_named_alone(monkeypatch):
    """One graph of a run that ``dot`` cannot draw: the others are drawn, and the error is that
    graph's own, as when it is drawn alone."""
    runs = _dot_runs(monkeypatch)
    good, bad = "digraph { a -> b }", "digraph { a -> }"
    with pytest.raises(HelpflowError, match=r"Graphviz's 'dot' failed \(exit status 1\): .*syntax error"):
        diagram.draw([good, bad])
    assert runs[0] == 2 and 1 in runs[1:]
    assert "<svg" in diagram.draw([good])[0]


def test_a_label_that_looks_like_a_new_drawing_does_not_split_one_run(monkeypatch):
    """A run's output is split where each SVG document begins: a flow's text that reads like
    one (``<?xml``, ``</svg>``) is written escaped by ``dot``, so each drawing is still the one
    drawn alone."""
    runs = _dot_runs(monkeypatch)
    looks = '<?xml version="1.0"?></svg><svg>'
    graphs = [diagram.dot_source((diagram.Node("q", "question", looks, looks, "q.html"),
                                  diagram.Node("o", "self-service", "ok", "ok", "o.html")),
                                 (diagram.Edge("q", "o", "yes", looks),)),
              diagram.dot_source((diagram.Node("p", "question", "plain", "plain", "p.html"),), ())]
    together = diagram.draw(graphs)
    assert runs == [2]
    monkeypatch.setattr(diagram, "_DRAWINGS", {})
    assert together == [diagram.draw([graph])[0] for graph in graphs]
