"""Gate 6: hostile input. Every bad model or school file in tests/hostile/ (and a few made
here: a huge file, a 10,000-node model) gives its clear one-line error through the real
CLI, exit 1, no traceback, and leaves the previous output exactly as it was; emoji and
right-to-left text build a correct site."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest

from helpflow.paths import CONTENT, SCHOOLS

from helpers import HOSTILE, snapshot
from helpers import in_process as helpflow

pytestmark = pytest.mark.any_worker

DEMO = SCHOOLS / "demo.yml"

MODELS = {  # file in tests/hostile/ -> what its error must say
    "model-syntax-error.yml": ":11: YAML syntax error",
    "model-tab-indent.yml": "found character '\\t'",
    "model-duplicate-key.yml": "duplicate key 'start' (first on line 10)",
    "model-not-a-mapping.yml": "expected a mapping of keys, found a list",
    "model-empty.yml": "expected a mapping of keys, found nothing",
    "model-unknown-top-key.yml": "colour: unknown key",
    "model-missing-start.yml": "start: missing key",
    "model-start-is-outcome.yml": "'out-a' is not a question",
    "model-dangling-next.yml": "unknown next node 'nowhere'",
    "model-cycle.yml": "cycle q1 -> q2 -> q1",
    "model-self-loop.yml": "cycle q1 -> q1",
    "model-unreachable.yml": "outcomes.out-a: unreachable",
    "model-one-answer.yml": "a question needs at least two answers, found 1",
    "model-unknown-answer.yml": "questions.q1.answers.maybe: unknown answer",
    "model-missing-translation.yml": "title.fr: missing translation",
    "model-empty-text.yml": "intro.nl: empty text",
    "model-text-is-list.yml": "intro.nl: expected a text, found a list",
    "model-bad-kind.yml": "'magic' is not allowed",
    "model-no-steps.yml": "an outcome needs at least one step",
    "model-unknown-placeholder.yml": "unknown placeholder '{secretary}'",
    "model-bad-page-placeholder.yml": "placeholder '{page:nowhere}' names no page",
    "model-bad-node-id.yml": "node id 'Out_B' is not a plain lowercase id",
    "model-duplicate-node-id.yml": "duplicate node id 'q2' (also a question)",
    "model-question-is-text.yml": "questions.q3: expected a mapping of keys, found the text 'hello'",
    "model-yaml-anchor-bomb.yml": ":1: YAML anchors and aliases (&a, *a) are not allowed",
    "model-python-tag.yml": "title: expected a mapping of keys",
    "binary.yml": "not UTF-8 text",
    "model-questions-text.yml": "questions: expected a mapping of keys, found the text 'hello'",
    "model-outcomes-list.yml": "outcomes: expected a mapping of keys, found a list",
    "model-answers-list.yml": "answers: expected a mapping of keys, found a list",
    "model-steps-text.yml": "outcomes.out-b.steps: an outcome needs at least one step",
}
SCHOOL_FILES = {
    "school-syntax-error.yml": "YAML syntax error",
    "school-not-a-mapping.yml": "expected 'key: value' lines",
    "school-utf16.yml": "not UTF-8 text",
    "school-unknown-key.yml": "colours: unknown key; did you mean 'colors'?",
    "school-missing-email.yml": "email: missing",
    "school-bad-platform.yml": "'-bad-' is not a platform name",
    "school-bad-email.yml": "'not-an-address' is not an e-mail address",
    "school-http-url.yml": "'http://x.be/' is not an https:// address",
    "school-javascript-url.yml": "'javascript:alert(1)' is not an https:// address",
    "school-bad-colour.yml": "'red' is not a colour",
    "school-bad-language.yml": "'de' is not available",
    "school-duplicate-language.yml": "a language is listed twice",
    "school-languages-text.yml": "languages: must be a list",
    "school-bad-platform-language.yml": "'en' is not a Smartschool language",
    "school-logo-outside.yml": "logo: '../x.svg' is not a file in",
    "school-logo-fake-png.yml": "fake-logo.png: logo: not really a PNG image",
    "school-logo-gif.yml": "'fake-logo.gif' is not an .svg or .png file",
    "school-logo-missing.yml": "'nothing-here.svg' does not exist",
    "school-logo-script.yml": "script-logo.svg: logo: nothing left to draw",
    "school-name-too-long.yml": "more than 120",
    "school-colour-newline.yml": "colors.primary: '#0b5fff\\n' is not a colour",
    "school-colour-unquoted.yml": ':5: primary: an unquoted # starts a comment in YAML, so the colour is lost; '
                                  'put the colour in quotes: primary: "#0b5fff"',
    "school-colour-unquoted-block.yml": ':7: accent: an unquoted # starts a comment in YAML',
    "school-logo-nul.yml": "logo: 'logo\\x00.svg' is not a file in",
    "school-logo-long-name.yml": "logo: 'llllllll",
    "school-url-port-too-big.yml": "site_url: 'https://help.x.be:99999/' has the port '99999'; give a port from 1",
    "school-url-port-zero.yml": "has the port '0'",
    "school-url-ip.yml": "'https://192.168.0.10/help/' has an IP address for a host",
    "school-url-ipv6.yml": "'https://[2001:db8::1]/' has an IP address for a host",
    "school-url-one-label.yml": "has the one-word host 'intranet'",
    "school-url-userinfo.yml": "'https://admin@help.x.be/' has a user name before the host",
    "school-forged-lines.yml": "colors.primary: '#fff\\nerror: schools/other.yml: all fine' is not a colour",
}


def with_flow(tmp_path: Path, model: Path | str) -> Path:
    """A copy of the real content folder with ``model`` added as the flow ``hostile``."""
    root = Path(shutil.copytree(CONTENT, tmp_path / "content"))
    (root / "hostile").mkdir()
    target = root / "hostile" / "flow.yml"
    if isinstance(model, Path):
        shutil.copyfile(model, target)
    else:
        target.write_text(model, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def demo_build(demo_site) -> Path:
    return demo_site


@pytest.fixture
def previous(tmp_path: Path, demo_build: Path) -> Path:
    """An earlier real site that a failed build must leave exactly as it was."""
    out = tmp_path / "site"
    shutil.copytree(demo_build, out)
    return out


def assert_clear_failure(run: subprocess.CompletedProcess[str], expected: str, out: Path,
                         before: dict[str, bytes]) -> None:
    output = run.stdout + run.stderr
    assert run.returncode == 1, output
    assert "Traceback" not in output, output
    assert expected in output, output
    errors = [line for line in run.stderr.splitlines() if line.startswith("error: ")]
    assert errors and all(len(line) < 400 for line in errors), output
    assert snapshot(out) == before, "a failed build changed the previous output"
    assert not [p for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")], "leftovers"


def test_the_corpus_has_at_least_30_cases():
    assert len(MODELS) + len(SCHOOL_FILES) + 3 >= 30  # + huge file, 10,000 nodes, emoji and RTL
    assert {p.name for p in HOSTILE.glob("*.yml")} >= set(MODELS) | set(SCHOOL_FILES)


@pytest.mark.parametrize("name", MODELS)
def test_bad_model_gives_its_error_and_keeps_the_previous_site(previous, tmp_path, name):
    before = snapshot(previous)
    run = helpflow("build", "--content", str(with_flow(tmp_path, HOSTILE / name)), "--school", str(DEMO),
                   "--out", str(previous))
    assert_clear_failure(run, MODELS[name], previous, before)


@pytest.mark.parametrize("name", SCHOOL_FILES)
def test_bad_school_gives_its_error_and_keeps_the_previous_site(previous, name):
    before = snapshot(previous)
    run = helpflow("build", "--school", str(HOSTILE / name), "--out", str(previous))
    assert_clear_failure(run, SCHOOL_FILES[name], previous, before)


def test_a_huge_file_is_refused_before_it_is_parsed(previous, tmp_path):
    huge = tmp_path / "huge.yml"
    huge.write_text("title:\n" + "  # padding\n" * 300_000, encoding="utf-8")
    before = snapshot(previous)
    assert_clear_failure(helpflow("check", "--content", str(with_flow(tmp_path, huge))), "more than 2000000",
                         previous, before)
    school = tmp_path / "huge-school.yml"
    school.write_text(huge.read_text(encoding="utf-8"), encoding="utf-8")
    assert_clear_failure(helpflow("build", "--school", str(school), "--out", str(previous)),
                         "more than 2000000", previous, before)


def chain_model(nodes: int, cycle: bool) -> str:
    """A model of ``nodes`` questions in a chain; the last leads back to the first when ``cycle``."""
    texts = "\n".join(f"    {part}: {{nl: T, fr: T, en: T}}" for part in ("title", "text"))
    lines = ["title: {nl: T, fr: T, en: T}", "summary: {nl: S, fr: S, en: S}", "intro: {nl: I, fr: I, en: I}",
             "start: q0",
             'answers: {"yes": {nl: Ja, fr: Oui, en: "Yes"}, "no": {nl: Nee, fr: Non, en: "No"}}',
             "questions:"]
    for i in range(nodes):
        last = i == nodes - 1
        lines += [f"  q{i}:", texts,
                  f'    answers: {{"yes": {"q0" if last and cycle else "done" if last else f"q{i + 1}"}, "no": done}}']
    lines += ["outcomes:", "  done:", "    kind: self-service", "    title: {nl: K, fr: K, en: K}",
              "    summary: {nl: S, fr: S, en: S}", "    steps:", "      - text: {nl: S, fr: S, en: S}"]
    return "\n".join(lines) + "\n"


def test_a_10000_node_model_gets_a_clear_answer_fast(previous, tmp_path):
    root = with_flow(tmp_path, chain_model(10_000, cycle=True))
    model = root / "hostile" / "flow.yml"
    before = snapshot(previous)
    start = time.perf_counter()
    run = helpflow("build", "--content", str(root), "--school", str(DEMO), "--out", str(previous))
    elapsed = time.perf_counter() - start
    assert_clear_failure(run, "cycle q0 -> q1 -> q2 -> q3 -> ... (9994 more) -> q9998 -> q9999 -> q0", previous, before)
    assert "RecursionError" not in run.stderr and elapsed < 30, f"{elapsed:.1f} s"
    from helpflow.load.content import load_content

    model.write_text(chain_model(10_000, cycle=False), encoding="utf-8")
    start = time.perf_counter()
    flow = load_content(root).flows["hostile"]
    assert len(flow.questions) == 10_000 and time.perf_counter() - start < 30


def test_emoji_and_right_to_left_text_build_a_correct_site(tmp_path, build):
    run = helpflow("build", "--school", str(HOSTILE / "school-emoji-rtl.yml"), "--out", str(tmp_path / "s"))
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    for lang in ("nl", "fr"):
        page = (tmp_path / "s" / lang / "index.html").read_text(encoding="utf-8")
        assert "🏫 Sint-Jozef مدرسة שלום" in page
    assert not (tmp_path / "s" / "en").exists()
    school = tmp_path / "one-flow.yml"
    school.write_text(DEMO.read_text(encoding="utf-8").replace("flows: [wachtwoord-vergeten, co-account-activeren]",
                                                               "flows: [hostile]").replace("logo: demo-logo.svg", ""),
                      encoding="utf-8")
    run = helpflow("build", "--content", str(with_flow(tmp_path, HOSTILE / "model-emoji-rtl.yml")),
                   "--school", str(school), "--out", str(tmp_path / "m"))
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    pages = " ".join(p.read_text(encoding="utf-8") for p in (tmp_path / "m" / "nl").glob("*.html"))
    for text in ("📧 E-mail? مرحبا", "✉️ Mail שלום de school", "Ja 👍"):
        assert text in pages, text
