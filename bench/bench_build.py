"""Build speed: helpflow against plain MkDocs for one school, and --all for 1, 10 and 100 schools.

(a) One school, three languages: wall time of `helpflow build` against three plain
`mkdocs build` runs (no hook) over the same generated Markdown. Target: at most 0.5x.
(b) `helpflow build --all` over 1, 10 and 100 generated schools: wall time, time per
school and the peak memory of the largest process. Targets: time per school at 100 at
most 0.3x the one-school time, growing linearly; memory flat.
Every figure is the median of a few runs, measured as a school would run the commands.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from helpflow.cli import CONTENT, ROOT, SCHOOLS
from helpflow.plan import plan_files

BIN = Path(sys.executable).parent
RUNS = 3
COUNTS = (1, 10, 100)
LOGO = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><circle cx="4" cy="4" r="4" fill="{}"/></svg>'


def _timed(command: list[str]) -> tuple[float, int]:
    """Wall seconds and peak resident KB (the largest process of the command's tree)."""
    probe = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
             "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
             "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", probe, *command], check=True, capture_output=True, text=True)
    seconds, kb = out.stdout.split()
    return float(seconds), int(kb)


def _median(command: list[str]) -> tuple[float, int]:
    runs = [_timed(command) for _ in range(RUNS)]
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs)


def _plain_mkdocs_project(school: Path, lang: str, folder: Path) -> Path:
    """The ``lang`` site of ``school`` as a plain MkDocs project: generated Markdown, no hook."""
    site = plan_files(CONTENT, school, lang)
    docs = folder / "docs"
    shutil.copytree(ROOT / "docs", docs)
    for page in site.pages:
        (docs / page.path).parent.mkdir(parents=True, exist_ok=True)
        (docs / page.path).write_text(page.markdown, encoding="utf-8")
    (docs / "assets" / "school.css").write_text(site.css, encoding="utf-8")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    for key in ("hooks", "watch"):
        config.pop(key, None)
    config["extra"].pop("helpflow", None)
    config.update(docs_dir=str(docs), site_name=site.school.name, site_url=site.school.language_url(lang),
                  strict=False, nav=site.mkdocs_nav(),
                  extra_css=[*config.get("extra_css", []), "assets/school.css"])
    config["theme"]["language"] = lang
    if site.logo:
        (docs / "assets" / site.logo.name).write_bytes(site.logo.data)
        config["theme"]["logo"] = config["theme"]["favicon"] = f"assets/{site.logo.name}"
    path = folder / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


HANDOUTS = """from pathlib import Path
from helpflow.cli import CONTENT
from helpflow.content import load_content
from helpflow.handout import write_handout
from helpflow.plan import plan_site
from helpflow.school import load_school
content = load_content(CONTENT)
school = load_school(Path("{school}"), content)
for lang in school.languages:
    for handout in plan_site(content, school, lang).handouts:
        write_handout(school, lang, handout, Path("{out}") / lang / handout.path)
"""
"""The handouts of one school, alone in a fresh process, as ``helpflow build`` makes them."""


def bench_one_school(work: Path) -> bool:
    school = SCHOOLS / "demo.yml"
    configs = [_plain_mkdocs_project(school, lang, work / f"plain-{lang}") for lang in ("nl", "fr", "en")]
    helpflow = [str(BIN / "helpflow"), "build", "--school", str(school), "--out", str(work / "helpflow-site")]
    helpflow_s, plain_s = [], []
    for _ in range(RUNS):  # interleaved, so that a busy moment on the machine hits both alike
        helpflow_s.append(_timed(helpflow)[0])
        plain_s.append(sum(_timed([str(BIN / "mkdocs"), "build", "-q", "-f", str(config),
                                   "-d", str(config.parent / "site")])[0] for config in configs))
    handouts = [str(BIN / "python"), "-c", HANDOUTS.format(school=school, out=work / "handouts")]
    handout_s = statistics.median(_timed(handouts)[0] for _ in range(RUNS))
    ours, plain = statistics.median(helpflow_s), statistics.median(plain_s)
    ratio = ours / plain
    print(f"(a) one school, 3 languages: helpflow build {ours:.2f} s, 3 x plain mkdocs build {plain:.2f} s, "
          f"ratio {ratio:.2f}x (target <= 0.5x): {'met' if ratio <= 0.5 else 'MISSED'}")
    print(f"(a) of which the handout PDFs (one per flow and language), which plain MkDocs does not make: {handout_s:.2f} s on their own; "
          f"the sites alone: about {max(ours - handout_s, 0):.2f} s = {max(ours - handout_s, 0) / plain:.2f}x")
    return ratio <= 0.5


def _school_group(folder: Path, count: int) -> Path:
    """``count`` generated school files, each with its own colours and logo, all three languages."""
    folder.mkdir()
    for n in range(count):
        colour = f"#{(n * 2654435761) % 0xFFFFFF:06x}"
        (folder / f"school-{n:03}.svg").write_text(LOGO.format(colour), encoding="utf-8")
        (folder / f"school-{n:03}.yml").write_text(
            f'name: "Testschool {n} & Co"\nsmartschool: test{n}\nemail: secretariaat@test{n}.be\n'
            f'site_url: https://help.test{n}.be/\ncolors: {{primary: "#1f4e8c", accent: "{colour}"}}\n'
            f"logo: school-{n:03}.svg\n", encoding="utf-8")
    return folder


def bench_many_schools(work: Path) -> bool:
    figures = {}
    for count in COUNTS:
        schools = _school_group(work / f"schools-{count}", count)
        runs = 1 if count == 100 else RUNS
        results = [_timed([str(BIN / "helpflow"), "build", "--all", "--schools", str(schools),
                           "--out", str(work / f"sites-{count}")]) for _ in range(runs)]
        seconds, kb = statistics.median(r[0] for r in results), max(r[1] for r in results)
        figures[count] = (seconds, seconds / count, kb)
        print(f"(b) {count:3} schools: {seconds:6.2f} s, {seconds / count:.3f} s per school, "
              f"peak memory {kb / 1024:.0f} MB")
    one = figures[1][1]
    share = figures[100][1] / one
    linear = figures[100][0] / figures[10][0]
    growth = figures[100][2] / figures[1][2]
    print(f"(b) per school at 100 = {share:.2f}x one school (target <= 0.3x): {'met' if share <= 0.3 else 'MISSED'}; "
          f"100 schools take {linear:.1f}x the time of 10 (linear: about 10x); "
          f"peak memory at 100 = {growth:.2f}x at 1 (flat: about 1x)")
    return share <= 0.3


def run() -> bool:
    work = Path(tempfile.mkdtemp(prefix="helpflow-bench-"))
    try:
        start = time.perf_counter()
        ok = bench_one_school(work)
        ok = bench_many_schools(work) and ok
        print(f"bench_build took {time.perf_counter() - start:.0f} s")
        return ok
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(0 if run() else 1)
