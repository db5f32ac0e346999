"""Build cost: issues #12's and #19's targets 1-4, each a ratio or figure measured in this run.

1. One school (schools/demo.yml), 3 languages, every flow, cold (a fresh --out), handouts
   included: CPU time of `helpflow build` <= 0.8x the CPU time of three plain `mkdocs build`s
   of the same generated Markdown (no hook), run interleaved, median of 3. The three sites
   alone <= 0.5x: the same build's CPU less the CPU its handouts took, timed inside that
   very build around each `write_handout` call (no second run, no option in helpflow); and
   the handouts <= 10 % of the build's CPU.
2. A rebuild with nothing changed (plain `helpflow build` again into the same folder,
   after each cold build of 1.) <= 0.1x the cold build, in wall time and in CPU time.
3. `helpflow build --all` over generated schools: at 100 cold, wall time per school
   <= 0.25x one school alone; a no-op rebuild of the 100 <= 5 s; peak memory of the
   largest process at 100 <= 1.2x at 1. 10 schools are shown for context.
4. Disk per school (3 languages) <= 1.5 MB (10^6 B): the demo site's file sizes added up
   (links followed, as a host receives them), and `du -s` (blocks on this disk).

Each command runs as its own process, as a school runs it. Its CPU time (user + sys) and
peak memory are what the kernel accounts to the command's whole process tree when it is
reaped (os.wait4: the figures resource.getrusage(RUSAGE_CHILDREN) adds up, per command).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

import yaml

from helpflow.paths import CONTENT, ROOT, SCHOOLS
from helpflow.plan.site import plan_files

BIN = Path(sys.executable).parent
DEMO = SCHOOLS / "demo.yml"
LANGS = ("nl", "fr", "en")
RUNS = 3
MANY, SOME = 100, 10
"""The school group of target 3, and a smaller one shown for context."""
MB = 1_000_000
SOURCES = ("helpflow", "hooks", "docs", "overrides", "mkdocs.yml", "flow")
"""What a build is made from, in this repository (a new helpflow rebuilds everything)."""
LOGO = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><circle cx="4" cy="4" r="4" fill="{}"/></svg>'

COUNTED_BUILD = """import os, sys, time
from helpflow import cli
from helpflow.build import mkdocs_site

def counted(*args, _write=mkdocs_site.write_handout, **kwargs):
    start = time.process_time()
    try:
        return _write(*args, **kwargs)
    finally:
        with open(os.environ["BENCH_HANDOUT_LOG"], "a", encoding="utf-8") as log:
            log.write(f"{time.process_time() - start}\\n")

mkdocs_site.write_handout = counted
cli.run()
"""
"""`helpflow build`, the CPU of each handout it writes logged to $BENCH_HANDOUT_LOG: the
handouts' share of the very run measured (the whole process's CPU while it writes one: Typst
typesets on threads of its own, and nothing else runs meanwhile). A build that no longer calls
``mkdocs_site.write_handout`` fails here, loudly, rather than count no handout."""


class Usage(NamedTuple):
    wall: float
    """Seconds."""
    cpu: float
    """User + sys seconds of the whole process tree."""
    peak_kb: int
    """Peak resident memory of the largest process of the tree."""


def measure(command: list[str], env: dict[str, str] | None = None) -> Usage:
    """Run ``command`` to its end; raise with its last output lines when it fails."""
    with tempfile.TemporaryFile() as output:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT,
                                   env={**os.environ, **(env or {})})
        _pid, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            output.seek(0)
            tail = output.read().decode(errors="replace").splitlines()[-5:]
            shown = " ".join(arg for arg in command if "\n" not in arg)
            raise RuntimeError(f"{shown} exited {process.returncode}: " + " | ".join(tail))
    return Usage(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)


def note_edits(since: float) -> None:
    """Say which of helpflow's own files were edited since ``since``: a rebuild after that
    rightly redoes the work, so its figure says nothing of a no-op rebuild."""
    edited = sorted(str(path.relative_to(ROOT)) for part in SOURCES for path in (ROOT / part, *(ROOT / part).rglob("*"))
                    if path.is_file() and "__pycache__" not in path.parts and path.stat().st_mtime > since)
    if edited:
        print(f"  note: edited during this measurement: {', '.join(edited[:5])}{', ...' if len(edited) > 5 else ''}; "
              "a rebuild after an edit rightly redoes the work: measure the no-op rebuild again on a quiet tree")


def verdict(target: int, what: str, figure: str, limit: str, met: bool) -> bool:
    """One target's line, as the issue asks for it; returns ``met``."""
    print(f"target {target} {what}: {figure} (target {limit}): {'met' if met else 'MISSED'}")
    return met


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
    config.update(docs_dir=str(docs), site_name=site.school.name, site_url=site.school.language_url(lang),
                  strict=False, nav=site.mkdocs_nav(),
                  extra_css=[*config.get("extra_css", []), "assets/school.css"])
    config["theme"].pop("custom_dir", None)  # helpflow's 404 template reads the plan: Material's own 404 here
    config["theme"]["language"] = lang
    if site.logo:
        (docs / "assets" / site.logo.name).write_bytes(site.logo.data)
        config["theme"]["logo"] = config["theme"]["favicon"] = f"assets/{site.logo.name}"
    path = folder / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def _counted_build(out: Path, log: Path) -> tuple[Usage, list[float]]:
    """``helpflow build`` of the demo school into ``out``, and the CPU seconds of each handout it wrote."""
    log.unlink(missing_ok=True)
    usage = measure([sys.executable, "-c", COUNTED_BUILD, "build", "--school", str(DEMO), "--out", str(out)],
                    {"BENCH_HANDOUT_LOG": str(log)})
    return usage, [float(line) for line in log.read_text(encoding="utf-8").split()] if log.exists() else []


def _plain_builds(configs: list[Path], run: int) -> float:
    """CPU seconds of one plain ``mkdocs build`` per language, each into a fresh folder."""
    return sum(measure([str(BIN / "mkdocs"), "build", "-q", "-f", str(config),
                        "-d", str(config.parent / f"site-{run}")]).cpu for config in configs)


class OneSchool(NamedTuple):
    cold: list[Usage]
    handouts: list[float]
    """CPU seconds of each cold build's handouts."""
    rebuilt: list[Usage]
    plain: list[float]
    """CPU seconds of each round of three plain MkDocs builds."""


def one_school_runs(work: Path) -> OneSchool:
    """RUNS rounds of: the demo school cold into work/demo-N, rebuilt there, and the plain builds."""
    configs = [_plain_mkdocs_project(DEMO, lang, work / f"plain-{lang}") for lang in LANGS]
    runs, start = OneSchool([], [], [], []), time.time()
    for run in range(RUNS):  # interleaved: a busy moment on the machine hits every kind of run alike
        out = work / f"demo-{run}"
        usage, times = _counted_build(out, work / "handouts.log")
        if not times:
            raise RuntimeError("no handout went through helpflow.build.mkdocs_site.write_handout: update COUNTED_BUILD")
        runs.cold.append(usage)
        runs.handouts.append(sum(times))
        runs.rebuilt.append(measure([str(BIN / "helpflow"), "build", "--school", str(DEMO), "--out", str(out)]))
        runs.plain.append(_plain_builds(configs, run))
    note_edits(start)
    return runs


def bench_one_school(runs: OneSchool) -> bool:
    """Targets 1 and 2, from the medians of the runs."""
    ours, base = statistics.median(u.cpu for u in runs.cold), statistics.median(runs.plain)
    sites = statistics.median(u.cpu - h for u, h in zip(runs.cold, runs.handouts))
    print(f"  one school, 3 languages, cold: helpflow build {ours:.2f} s CPU "
          f"({statistics.median(u.wall for u in runs.cold):.2f} s wall), of which "
          f"{statistics.median(runs.handouts):.2f} s in its handout PDFs; 3 plain mkdocs builds {base:.2f} s CPU "
          f"(medians of {RUNS}, interleaved)")
    ok = verdict(1, "one school cold, handouts included, CPU vs 3 plain mkdocs builds",
                 f"{ours / base:.2f}x", "<= 0.8x", ours / base <= 0.8)
    ok &= verdict(1, "the three sites alone (CPU less the handouts'), vs 3 plain mkdocs builds",
                  f"{sites / base:.2f}x", "<= 0.5x", sites / base <= 0.5)
    handouts = statistics.median(h / u.cpu for u, h in zip(runs.cold, runs.handouts))
    ok &= verdict(1, "all handouts together, share of the cold build's CPU",
                  f"{handouts:.0%} ({statistics.median(runs.handouts):.2f} s)", "<= 10%", handouts <= 0.10)
    for label, field in (("wall", "wall"), ("CPU", "cpu")):
        again = statistics.median(getattr(u, field) for u in runs.rebuilt)
        first = statistics.median(getattr(u, field) for u in runs.cold)
        ok &= verdict(2, f"rebuild with nothing changed, {label} time vs cold",
                      f"{again / first:.2f}x ({again:.2f} s vs {first:.2f} s)", "<= 0.1x", again / first <= 0.1)
    return ok


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


def _build_all(schools: Path, out: Path) -> Usage:
    return measure([str(BIN / "helpflow"), "build", "--all", "--schools", str(schools), "--out", str(out)])


def _context(count: int, usage: Usage) -> None:
    print(f"  {count:3} generated school(s) cold: {usage.wall:6.2f} s wall, {usage.wall / count:.2f} s wall and "
          f"{usage.cpu / count:.2f} s CPU per school, peak memory {usage.peak_kb / 1024:.0f} MB")


def bench_many_schools(work: Path) -> tuple[bool, Path]:
    """Target 3; returns whether it is met, and the MANY schools' sites folder."""
    group = _school_group(work / "schools-1", 1)
    ones = [_build_all(group, work / f"sites-1-{run}") for run in range(RUNS)]
    one = Usage(*(statistics.median(column) for column in zip(*ones)))
    _context(1, one)
    _context(SOME, _build_all(_school_group(work / f"schools-{SOME}", SOME), work / f"sites-{SOME}"))
    group, sites = _school_group(work / f"schools-{MANY}", MANY), work / f"sites-{MANY}"
    start = time.time()
    many = _build_all(group, sites)
    _context(MANY, many)
    noop = _build_all(group, sites)
    note_edits(start)
    share, memory = many.wall / MANY / one.wall, many.peak_kb / one.peak_kb
    ok = verdict(3, f"{MANY} schools cold, wall time per school vs one school alone",
                 f"{share:.2f}x ({many.wall / MANY:.2f} s vs {one.wall:.2f} s)", "<= 0.25x", share <= 0.25)
    ok &= verdict(3, f"no-op rebuild of {MANY} schools, wall time", f"{noop.wall:.2f} s ({noop.cpu:.2f} s CPU)",
                  "<= 5 s", noop.wall <= 5)
    ok &= verdict(3, f"peak memory of the largest process, {MANY} schools vs 1",
                  f"{memory:.2f}x ({many.peak_kb / 1024:.0f} MB vs {one.peak_kb / 1024:.0f} MB)",
                  "<= 1.2x", memory <= 1.2)
    return ok, sites


def file_bytes(folder: Path) -> int:
    """Every file's size, links followed: what a host receives when the folder is copied."""
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def du_bytes(folder: Path) -> int:
    out = subprocess.run(["du", "-s", "--block-size=1", str(folder)], check=True, capture_output=True, text=True)
    return int(out.stdout.split()[0])


def bench_disk(site: Path, sites: Path) -> bool:
    """Target 4, on the demo site; the generated schools' average is shown for context."""
    files, disk = file_bytes(site), du_bytes(site)
    print(f"  {MANY} generated schools: {file_bytes(sites) / MANY / MB:.2f} MB of files, "
          f"{du_bytes(sites) / MANY / MB:.2f} MB du -s, per school")
    ok = verdict(4, "disk per school (demo, 3 languages), file sizes added up", f"{files / MB:.2f} MB",
                 "<= 1.5 MB", files <= 1.5 * MB)
    return verdict(4, "disk per school (demo, 3 languages), du -s", f"{disk / MB:.2f} MB",
                   "<= 1.5 MB", disk <= 1.5 * MB) and ok


def run() -> bool:
    with tempfile.TemporaryDirectory(prefix="helpflow-bench-") as tmp:
        work = Path(tmp)
        ok = bench_one_school(one_school_runs(work))
        many, sites = bench_many_schools(work)
        return bench_disk(work / "demo-0", sites) and many and ok


if __name__ == "__main__":
    sys.exit(0 if run() else 1)
