"""``helpflow stats``: exact counts from a log of known visits, plain or gzipped, with the
malformed lines skipped and counted, and nothing about a person in what it writes."""

from __future__ import annotations

import csv
import gzip
import io
import os
import re
from pathlib import Path

import pytest

from helpers import in_process

pytestmark = pytest.mark.any_worker

IP, AGENT = "203.0.113.77", "Mozilla/5.0 (X11; Linux x86_64) SecretBrowser/1.0"
FLOW, OTHER = "wachtwoord-vergeten", "co-account-activeren"


def fake_site(root: Path, base: str = "/") -> Path:
    """A site as helpflow builds one, reduced to what stats reads: the root page's language
    links and canonical address, each language's pages, and the outcomes' answer links."""
    root.mkdir(parents=True)
    (root / "index.html").write_text(
        f'<link rel="canonical" href="https://help.school.be{base}">\n'
        '<a href="nl/index.html" hreflang="nl" lang="nl">Nederlands</a>\n'
        '<a href="fr/index.html" hreflang="fr" lang="fr">Français</a>\n', encoding="utf-8")
    outcomes = {"nl": {FLOW: {"mail-naar-de-school": "mail-school", "zelf-een-nieuw-wachtwoord": "self-reset"},
                       OTHER: {"activeren": "activate"}},
                "fr": {FLOW: {"ecrivez-a-lecole": "mail-school", "nouveau-mot-de-passe": "self-reset"},
                       OTHER: {"activer": "activate"}}}
    for lang, flows in outcomes.items():
        for name in ("index.html", "accessibility.html", "404.html", "feedback/yes.html", "feedback/no.html",
                     "assets/x.html", "search/x.html"):
            (root / lang / name).parent.mkdir(parents=True, exist_ok=True)
            (root / lang / name).write_text("<p>page</p>", encoding="utf-8")
        for flow, pages in flows.items():
            (root / lang / flow).mkdir()
            for name in ("index.html", "vraag.html"):
                (root / lang / flow / name).write_text("<p>question</p>", encoding="utf-8")
            for name, outcome in pages.items():
                answers = "".join(f'<a class="md-button" href="../feedback/{a}.html?flow={flow}&amp;outcome={outcome}">'
                                  f"{a}</a>" for a in ("yes", "no"))
                (root / lang / flow / f"{name}.html").write_text(f"<p>steps</p>{answers}", encoding="utf-8")
    return root


def line(path: str, status: int = 200, method: str = "GET") -> str:
    return (f'{IP} - - [02/Dec/2026:08:15:32 +0100] "{method} {path} HTTP/1.1" {status} 5120 '
            f'"https://help.school.be/nl/" "{AGENT}"\n')


KNOWN = (
    [line("/nl/wachtwoord-vergeten/mail-naar-de-school.html")] * 5
    + [line("/nl/wachtwoord-vergeten/mail-naar-de-school.html", 304)] * 2       # the browser's copy is current
    + [line("/nl/feedback/yes.html?flow=wachtwoord-vergeten&outcome=mail-school")] * 3
    + [line("/nl/feedback/no.html?flow=wachtwoord-vergeten&outcome=mail-school")] * 1
    + [line("/nl/feedback/reached.txt?flow=wachtwoord-vergeten&outcome=self-reset")] * 4   # the widget
    + [line("/nl/wachtwoord-vergeten/")] * 6                                              # the folder's index
    + [line("/nl/")] * 2 + [line("/nl")] * 1
    + [line("/fr/co-account-activeren/activer.html")] * 2
    + [line("/fr/feedback/no.html?flow=co-account-activeren&outcome=activate")] * 2
    + [line("/fr/accessibility.html")] * 1
    + [line("/nl/wachtwoord-vergeten/mail-naar-de-school.html", 404)]            # not served: not a visit
    + [line("/nl/wachtwoord-vergeten/mail-naar-de-school.html", method="HEAD")]  # no one saw it
    + [line("/nl/assets/helpflow.css")] * 3 + [line("/wp-login.php", 404)]       # files, scanners
    + [line("/nl/feedback/yes.html?flow=nope&outcome=mail-school")]             # names no outcome
)
EXPECTED = {
    ("nl", FLOW, "mail-naar-de-school"): (7, 3, 1),
    ("nl", FLOW, "zelf-een-nieuw-wachtwoord"): (4, 0, 0),
    ("nl", FLOW, "index"): (6, 0, 0),
    ("nl", "", "index"): (3, 0, 0),
    ("fr", OTHER, "activer"): (2, 0, 2),
    ("fr", "", "accessibility"): (1, 0, 0),
}
MALFORMED = ["garbage\n", '203.0.113.1 - - [x] "GET /nl/ HTTP/1.1" abc 1\n', "\n",
             '203.0.113.1 - - [02/Dec/2026:08:15:32 +0100] "\\x16\\x03\\x01" 400 0 "-" "-"\n']


def rows(text: str) -> dict[tuple[str, str, str], tuple[int, int, int]]:
    reader = csv.DictReader(io.StringIO(text))
    assert tuple(reader.fieldnames or ()) == ("language", "flow", "page", "visits", "helped_yes", "helped_no")
    return {(r["language"], r["flow"], r["page"]): (int(r["visits"]), int(r["helped_yes"]), int(r["helped_no"]))
            for r in reader}


def run(site: Path, *logs: Path, extra: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    return in_process("stats", "--site", str(site), *extra, *map(str, logs))


def check_known(counted: dict[tuple[str, str, str], tuple[int, int, int]]) -> None:
    assert {key: value for key, value in counted.items() if value != (0, 0, 0)} == EXPECTED
    # every page of the site has its row, the answers' pages, 404, assets and search none
    assert ("fr", FLOW, "nouveau-mot-de-passe") in counted and ("nl", OTHER, "vraag") in counted
    assert not [key for key in counted if key[2].startswith(("feedback", "404", "assets", "search"))]


def test_a_log_of_known_visits_gives_exactly_those_counts(tmp_path):
    site = fake_site(tmp_path / "site")
    log = tmp_path / "access.log"
    log.write_text("".join(KNOWN), encoding="utf-8")
    result = run(site, log)
    assert result.returncode == 0, result.stderr
    check_known(rows(result.stdout))
    assert f"{len(KNOWN)} line(s) read" in result.stderr and "0 not in the log format" in result.stderr


def test_gzipped_logs_and_several_logs_add_up(tmp_path):
    site = fake_site(tmp_path / "site")
    half = len(KNOWN) // 2
    plain, packed = tmp_path / "access.log", tmp_path / "access.log.1.gz"
    plain.write_text("".join(KNOWN[:half]), encoding="utf-8")
    packed.write_bytes(gzip.compress("".join(KNOWN[half:]).encode()))
    result = run(site, plain, packed)
    assert result.returncode == 0, result.stderr
    check_known(rows(result.stdout))


def test_malformed_lines_are_skipped_and_counted(tmp_path):
    site = fake_site(tmp_path / "site")
    log = tmp_path / "access.log"
    mixed = [*KNOWN]
    for i, bad in enumerate(MALFORMED):
        mixed.insert(i * 7, bad)
    log.write_bytes("".join(mixed).encode() + b"\xff\xfe not utf-8\n")
    result = run(site, log)
    assert result.returncode == 0, result.stderr
    check_known(rows(result.stdout))
    assert f"{len(MALFORMED) + 1} not in the log format (skipped)" in result.stderr


def test_a_site_in_a_folder_of_its_host_is_counted_under_its_path(tmp_path):
    site = fake_site(tmp_path / "site", base="/help/")
    log = tmp_path / "access.log"
    log.write_text("".join(KNOWN).replace('"GET /', '"GET /help/').replace('"HEAD /', '"HEAD /help/'),
                   encoding="utf-8")
    result = run(site, log)
    assert result.returncode == 0, result.stderr
    check_known(rows(result.stdout))


def test_nothing_about_a_person_is_written(tmp_path):
    site = fake_site(tmp_path / "site")
    log = tmp_path / "access.log"
    log.write_text("".join(KNOWN), encoding="utf-8")
    out, report = tmp_path / "stats.csv", tmp_path / "report.html"
    result = run(site, log, extra=("--csv", str(out), "--report", str(report)))
    assert result.returncode == 0, result.stderr
    check_known(rows(out.read_text(encoding="utf-8")))
    for text in (out.read_text(encoding="utf-8"), report.read_text(encoding="utf-8"), result.stdout, result.stderr):
        assert IP not in text and "SecretBrowser" not in text and "08:15" not in text


def test_the_report_draws_each_flow_and_escapes_what_the_site_names(tmp_path):
    site = fake_site(tmp_path / "site")
    (site / "nl" / FLOW / "<img src=x onerror=alert(1)>.html").write_text("<p>x</p>", encoding="utf-8")
    log = tmp_path / "access.log"
    log.write_text("".join(KNOWN), encoding="utf-8")
    report = tmp_path / "report.html"
    assert run(site, log, extra=("--csv", str(tmp_path / "s.csv"), "--report", str(report))).returncode == 0
    text = report.read_text(encoding="utf-8")
    assert "<img" not in text and "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "<script" not in text and not re.search(r'(src|href)="(https?:)?//', text)
    assert text.count("<svg") == 6  # nl and fr: two flows and the pages of no flow each
    bars = re.findall(r'<rect x="\d+" y="\d+" width="([\d.]+)" height="16"', text)
    assert max(map(float, bars)) == 360.0  # the most visited page fills the scale


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


@pytest.mark.parametrize(("make", "message"), [
    (lambda tmp: (tmp / "empty", None), r"empty: not a site helpflow built \(no index\.html\); name the folder"),
    (lambda tmp: (fake_site(tmp / "site"), tmp / "missing.log"), r"missing\.log: cannot open the access log"),
    (lambda tmp: (fake_site(tmp / "site"), tmp / "site"), r"site: the access log is a folder, not a file"),
    (lambda tmp: (fake_site(tmp / "site"), _fifo(tmp / "pipe.log")), r"pipe\.log: the access log is a named pipe"),
    (lambda tmp: (fake_site(tmp / "site"), _cut_gzip(tmp)), r"cut\.log\.gz: the log is damaged after line \d+"),
])
def test_bad_input_is_one_line_and_nothing_is_written(make, message, tmp_path):
    site, log = make(tmp_path)
    site.mkdir(exist_ok=True)
    if log is None:
        log = tmp_path / "a.log"
        log.write_text("".join(KNOWN), encoding="utf-8")
    out = tmp_path / "out.csv"
    result = run(site, log, extra=("--csv", str(out)))
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1 and re.search(message, result.stderr), result.stderr
    assert not out.exists() and not list(tmp_path.glob("*.tmp"))


def _cut_gzip(tmp: Path) -> Path:
    log = tmp / "cut.log.gz"
    log.write_bytes(gzip.compress("".join(KNOWN * 50).encode())[:-200])
    return log
