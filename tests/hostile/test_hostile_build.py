"""Hostile builds (issue 13): what the output folder, the machine, the processes and the
values of a school file can do to a build.

Every bad case goes through the real command and gives exit 1, one ``error:`` line that
names the file or folder and the fix, no traceback, and leaves the previous site byte for
byte as it was; a kill of ``build --all`` leaves no worker behind, and the next run
recovers. The school files and model files of these classes are in ``tests/hostile/``
and run through ``tests/test_hostile.py``; here are the cases that need a folder, a
fault or a process made for them.
"""

from __future__ import annotations

import errno
import json
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpflow.errors import LISTED, SHOWN, HelpflowError, printable, problem
from helpflow.load.school import load_school
from helpflow.load.yamlfile import read_yaml
from helpflow.paths import INPUTS_FILE, MANIFEST_FILE, ROOT
from helpflow.plan.text import slugify
from helpflow.publish import output
from helpflow.publish.headers import HIDDEN

from helpers import HOSTILE, in_process, snapshot

HELPFLOW = Path(sys.executable).parent / "helpflow"
WITH_FAULT = HOSTILE / "with_fault.py"
SMALL = """name: Kleine school
smartschool: {slug}
email: secretariaat@{slug}.be
site_url: https://help.{slug}.be/
languages: [nl]
flows: [wachtwoord-vergeten]
"""
"""One language, one flow: the smallest real site."""
INVALID = "name: x\n"
"""A school file that fails after the output folder is checked: nothing can be written."""


def small_school(folder: Path, slug: str = "klein", extra: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{slug}.yml"
    path.write_text(SMALL.format(slug=slug) + extra, encoding="utf-8")
    return path


def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
        command: tuple[str, ...] = (str(HELPFLOW),), **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*command, *args], capture_output=True, text=True, timeout=180, cwd=cwd, env=env,
                          check=False, **kwargs)


def one_error(result: subprocess.CompletedProcess[str], *expected: str) -> str:
    """The single ``error:`` line of a failed run, checked to say each of ``expected``."""
    shown = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in shown, shown
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and len(errors[0]) < 400, shown
    assert all(line.startswith(("error: ", "warning: ")) for line in result.stderr.splitlines()), shown
    for text in expected:
        assert text in errors[0], errors[0]
    return errors[0]


def unchanged(out: Path, before: dict[str, bytes]) -> None:
    assert snapshot(out) == before, "a failed build changed the previous site"
    assert not [p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")], "leftovers"


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory, build) -> Path:
    return build(small_school(tmp_path_factory.mktemp("small")))


@pytest.fixture
def school(tmp_path: Path) -> Path:
    return small_school(tmp_path / "schools")


@pytest.fixture
def previous(tmp_path: Path, small_site: Path) -> Path:
    """An earlier real site that a failed build must leave exactly as it was; copied without its
    files' times, so that its record vouches for none of them and a build does all its work."""
    return Path(shutil.copytree(small_site, tmp_path / "site", symlinks=True, copy_function=shutil.copy))


# --- one error line, not a traceback: the output folder, the disk, Graphviz ---

@pytest.mark.parametrize("under", ["", "sub/site"])
def test_an_out_that_is_a_file_or_lies_under_one_is_refused(tmp_path, school, under):
    file = tmp_path / "notes.txt"
    file.write_text("the secretariat's notes")
    one_error(in_process("build", "--school", str(school), "--out", str(file / under)),
              f"{file}: is a file, not a folder", "choose a folder for --out")
    assert file.read_text() == "the secretariat's notes"


def test_links_in_a_loop_are_named_not_followed(tmp_path, school):
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    one_error(in_process("build", "--school", str(school), "--out", str(loop)),
              f"{loop}: is a link that leads to no folder")
    one_error(in_process("build", "--school", str(loop), "--out", str(tmp_path / "site")),
              f"{loop}: cannot open the YAML file (Too many levels of symbolic links)")
    (school.parent / "logo.svg").symlink_to(school.parent / "logo.svg")
    with_logo = small_school(school.parent, "met-logo", extra="logo: logo.svg\n")
    one_error(in_process("build", "--school", str(with_logo), "--out", str(tmp_path / "site")),
              "met-logo.yml:7: logo: 'logo.svg' is not a file in")
    one_error(in_process("export", "--school", str(school), "--out", str(loop)),
              f"{loop}: is a link that leads to no folder")
    one_error(in_process("assemble", str(loop)), f"{loop}: this folder is not a helpflow export")


@pytest.mark.parametrize(("fault", "after", "says"), [
    ("EROFS", 0, "Read-only file system ("),
    ("EACCES", 0, "Permission denied"),
    ("ENOSPC", 0, "No space left on device"),
    ("ENOSPC", 40, "No space left on device"),  # half-way through MkDocs' copy of the theme
    ("EROFS", 40, "choose a folder you may write to for --out, or change its permissions"),
])
def test_a_folder_that_may_not_be_written_or_a_full_disk(tmp_path, school, previous, fault, after, says):
    before = snapshot(previous)
    result = run(str(WITH_FAULT), fault, str(after), str(tmp_path), "build", "--school", str(school),
                 "--out", str(previous), command=(sys.executable,))
    one_error(result, f"{previous}: the site could not be written", says)
    unchanged(previous, before)


def test_a_file_size_limit_is_met_like_a_full_disk(school, previous):
    """A real write failure from the kernel (EFBIG), without root or a small disk."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (300_000, 300_000))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)

    before = snapshot(previous)
    one_error(run("build", "--school", str(school), "--out", str(previous), preexec_fn=limit),
              "the site could not be written: File too large", "free some space")
    unchanged(previous, before)


FAKE_DOTS = {  # a `dot` first on PATH -> what the error says
    "fails": ("echo 'Error: no memory\nsecond line' >&2; exit 3",
              "failed (exit status 3): Error: no memory second line"),
    "crashes": ("kill -SEGV $$", "failed (killed by signal 11)"),
    "talks": ("echo 'not a diagram'", "failed (no SVG in its output)"),
}


@pytest.mark.parametrize("kind", [*FAKE_DOTS, "is missing"])
def test_a_dot_that_fails_crashes_or_is_missing(tmp_path, school, previous, kind):
    tools = tmp_path / "bin"
    tools.mkdir()
    if kind in FAKE_DOTS:
        (tools / "dot").write_text(f"#!/bin/sh\n{FAKE_DOTS[kind][0]}\n")
        (tools / "dot").chmod(0o755)
    path = str(tools) + ("" if kind == "is missing" else os.pathsep + os.environ["PATH"])
    before = snapshot(previous)
    result = run("build", "--school", str(school), "--out", str(previous), env={**os.environ, "PATH": path})
    one_error(result, *(["'dot' command was not found; install Graphviz"] if kind == "is missing"
                        else [FAKE_DOTS[kind][1], "check that Graphviz works"]))
    unchanged(previous, before)


def test_a_dot_that_hangs_is_stopped(tmp_path, monkeypatch):
    from helpflow.plan import diagram

    (tmp_path / "dot").write_text("#!/bin/sh\nexec sleep 600\n")
    (tmp_path / "dot").chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(diagram, "DOT_TIMEOUT", 1)
    start = time.monotonic()
    with pytest.raises(HelpflowError, match=r"'dot' drew no diagram in 1 s and was stopped"):
        diagram.render_svg(f"digraph hangs{{ a }} // {tmp_path}", "t", "d")
    assert time.monotonic() - start < 10


@pytest.mark.parametrize("key", ["kind_self-service", "start_again"])
def test_a_missing_site_text_is_named(content_copy, school, previous, key):
    ui = content_copy / "ui.yml"
    text = ui.read_text(encoding="utf-8")
    ui.write_text(re.sub(rf"(?m)^{re.escape(key)}:.*\n(?:[ \t]+.*\n)*", "", text), encoding="utf-8")
    assert f"\n{key}:" not in ui.read_text(encoding="utf-8")
    before = snapshot(previous)
    one_error(in_process("build", "--content", str(content_copy), "--school", str(school), "--out", str(previous)),
              f"{ui}: {key}: missing site text; add '{key}:'")
    unchanged(previous, before)


@pytest.mark.parametrize(("lock", "says"), [
    (b"ui.yml: {start: [nl, fr\n", "translations.lock:2: YAML syntax error"),
    (b"- ui.yml\n- labels.yml\n", "translations.lock: not a translation lock file; restore it"),
    (b"ui.yml: hello\n", "translations.lock: not a translation lock file"),
    (b"\x89PNG\r\n\x1a\n\x00\xff", "translations.lock: not UTF-8 text"),
])
def test_a_corrupt_translations_lock(content_copy, school, previous, lock, says):
    (content_copy / "translations.lock").write_bytes(lock)
    before = snapshot(previous)
    one_error(in_process("build", "--content", str(content_copy), "--school", str(school), "--out", str(previous)),
              says)
    unchanged(previous, before)


def test_a_very_long_address_is_refused_before_graphviz_sees_it(tmp_path, previous):
    school = small_school(tmp_path / "schools", extra="")
    text = school.read_text(encoding="utf-8").replace("https://help.klein.be/", "https://help.klein.be/" + "a" * 20_000)
    school.write_text(text, encoding="utf-8")
    before = snapshot(previous)
    one_error(run("build", "--school", str(school), "--out", str(previous)),
              "klein.yml:4: site_url:", "is 20022 characters long, more than 200")
    unchanged(previous, before)


# --- data lost: folders a build must never replace ---

@pytest.mark.parametrize("git", ["folder", "file"])  # a clone, or a worktree / submodule (.git is a file)
def test_a_git_clone_of_gh_pages_is_never_replaced(school, previous, git):
    if git == "folder":
        (previous / ".git").mkdir()
        (previous / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n")
    else:
        (previous / ".git").write_text("gitdir: ../.git/worktrees/site\n")
    before = snapshot(previous)
    one_error(in_process("build", "--school", str(school), "--out", str(previous)),
              f"{previous}: this folder is a git working copy (it has .git)", "build into a new folder, then copy")
    unchanged(previous, before)


BAD_NAMES = ["..yml", "...yml", ".yml", "Sint_Jozef.yml", "sint jozef.yml", "x\x1b[31m.yml",
             "x\nerror: ok.yml: fine.yml", "-x.yml"]


def test_school_files_whose_name_is_no_folder_name_never_build(tmp_path):
    """``..yml`` would build over the output folder itself, ``...yml`` over its parent."""
    schools = tmp_path / "schools"
    for name in BAD_NAMES:
        small_school(schools, "x").rename(schools / name)
    sites = tmp_path / "sites"
    result = run("build", "--all", "--schools", str(schools), "--out", str(sites))
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert f"built 0, failed {len(BAD_NAMES)}" in result.stdout
    failures = [line for line in result.stderr.splitlines() if line.startswith("failed ")]
    assert len(failures) == len(BAD_NAMES), result.stderr
    assert all("cannot name the school's folder" in line and "rename the file" in line for line in failures)
    assert all(line.startswith(("[", "failed ", "warning: ")) for line in result.stderr.splitlines()), result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["schools"], "nothing built anywhere"
    check = run("check", "--schools", str(schools))
    named = [line for line in check.stderr.splitlines() if "cannot name the school's folder" in line]
    assert check.returncode == 1 and len(named) == len(BAD_NAMES), check.stderr
    assert all(line.startswith(("error: ", "warning: ")) for line in check.stderr.splitlines()), check.stderr


def test_school_files_whose_name_is_no_folder_name_never_stop_the_others(tmp_path):
    """A badly named file sorted before the good ones (capitals first): the good ones still
    build on every core, and only the bad ones fail."""
    schools = tmp_path / "schools"
    for slug in ("alfa", "beta"):
        small_school(schools, slug)
    for name in ("Sint_Jozef.yml", "-x.yml", "..yml"):
        small_school(schools, "x").rename(schools / name)
    result = run("build", "--all", "--schools", str(schools), "--out", str(tmp_path / "sites"))
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "built 2, failed 3" in result.stdout, result.stdout + result.stderr
    assert sorted(p.name for p in (tmp_path / "sites").iterdir()) == ["alfa", "beta"]
    assert all((tmp_path / "sites" / slug / "nl" / "index.html").is_file() for slug in ("alfa", "beta"))


SITE_TOP = {"index.html", "404.html", "nl", "fr", "en", "assets", "CNAME", "_headers", "nginx.conf", ".htaccess",
            MANIFEST_FILE, INPUTS_FILE}
"""The names at the top of a built site."""


@pytest.mark.parametrize(("out", "says"), [
    ("helpflow/root_assets", "this folder is inside"),  # holds helpflow-root.js: it looked like a site
    ("docs/assets", "this folder is inside"),
    ("flow", "this is"),
    ("hooks/site", "this folder is inside"),
    ("hooks", "this is"),
    ("schools", "this is"),
    ("tests/hostile", "this folder is inside"),
    (".", "a build replaces this folder whole, and it holds"),
    ("..", "a build replaces this folder whole, and it holds"),
])
def test_an_out_in_or_around_helpflows_own_folders_is_refused(tmp_path, out, says):
    """Safe even were the check broken: the school file is invalid, so nothing is ever written."""
    bad = tmp_path / "bad.yml"
    bad.write_text(INVALID)
    target = (ROOT / out).resolve()
    watched = [folder for folder in (target, target.parent) if folder.is_dir()]

    def written() -> list[set[str]]:
        """What a build would write there: a site's files, or a temporary folder beside it
        (a clone in /tmp shares its parent with every other program's files)."""
        return [{name for name in os.listdir(folder) if name in SITE_TOP or name.startswith(f".{target.name}.")}
                for folder in watched]

    before = written()
    one_error(in_process("build", "--school", str(bad), "--out", str(target)), f"error: {target}: {says}",
              "which helpflow reads", "choose a")
    assert written() == before


def test_build_all_into_helpflows_own_folder_is_refused(tmp_path):
    schools = tmp_path / "schools"
    schools.mkdir()
    (schools / "bad.yml").write_text(INVALID)
    for out in (ROOT / "helpflow", ROOT / "docs" / "sites"):
        line = one_error(in_process("build", "--all", "--schools", str(schools), "--out", str(out)))
        assert [line] == [f"error: {out}: this {'is' if out.name == 'helpflow' else 'folder is inside'} "
                          f"{out if out.name == 'helpflow' else out.parent}, which helpflow reads (its code, theme, "
                          "content or a school file); choose a folder for the site outside it, like site/ or sites/"]
        assert not (out / "bad").exists()


def test_a_rebuild_refuses_to_delete_files_the_school_added_then_builds_once_they_are_gone(tmp_path, school,
                                                                                             previous):
    added = {"google1234.html": "google-site-verification", "nl/eigen.html": "<p>own page</p>",
             "media/2024/foto.png": "png", ".nojekyll": ""}
    for name, text in added.items():
        (previous / name).parent.mkdir(parents=True, exist_ok=True)
        (previous / name).write_text(text)
    before = snapshot(previous)
    line = one_error(run("build", "--school", str(school), "--out", str(previous)),
                     "4 file(s) here were not written by the last build (.nojekyll, google1234.html, media/, …)",
                     "move them out", "or choose a new folder for --out")
    assert "nl/eigen.html" not in line  # three named, on one line
    unchanged(previous, before)

    for name in added:
        (previous / name).unlink()
    shutil.rmtree(previous / "media")
    ended = subprocess.Popen(["true"])
    ended.wait()
    reused = tmp_path / f".site.building-{os.getpid()}.1-abcdefgh"  # a live process's pid: not its start time
    dead = tmp_path / f".site.building-{ended.pid}-abcdefgh"  # as named before start times were recorded
    for leftover in (reused, dead):
        (leftover / "nl").mkdir(parents=True)
    result = run("build", "--school", str(school), "--out", str(previous))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["schools", "site"], "leftovers are cleared"
    assert (previous / MANIFEST_FILE).is_file()


def test_a_site_from_before_manifests_is_replaced_unless_the_school_added_to_it(school, previous):
    (previous / MANIFEST_FILE).unlink()
    (previous / "README.md").write_text("our notes")
    (previous / "img").mkdir()
    before = snapshot(previous)
    one_error(in_process("build", "--school", str(school), "--out", str(previous)),
              "2 file(s) here were not written by the last build (README.md, img/)")
    unchanged(previous, before)
    with pytest.raises(HelpflowError):
        output.check_replaceable(previous, ["nl"])
    (previous / "README.md").unlink()
    (previous / "img").rmdir()
    output.check_replaceable(previous, ["nl"])  # an older site of its own files only: replaced as before


def test_the_manifest_lists_every_file_and_is_never_served(small_site):
    lines = (small_site / MANIFEST_FILE).read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("#")
    listed = set(lines[1:])
    on_disk = {p.relative_to(small_site).as_posix() + ("/" if p.is_dir() else "") for p in small_site.rglob("*")}
    assert listed == on_disk - {MANIFEST_FILE}
    assert re.search(HIDDEN, f"/{MANIFEST_FILE}")
    for server_file in ("nginx.conf", ".htaccess"):
        assert re.escape(MANIFEST_FILE) in (small_site / server_file).read_text(encoding="utf-8")


def test_an_interrupted_swap_puts_the_previous_site_back(tmp_path, monkeypatch):
    out, new = tmp_path / "site", tmp_path / "new"
    out.mkdir()
    (out / "index.html").write_text("previous")
    new.mkdir()
    real = Path.rename

    def rename(self: Path, target: Path) -> Path:
        if self == new:
            raise OSError(errno.ENOSPC, "No space left on device", str(target))
        return real(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(OSError):
        output.swap(new, out)
    assert (out / "index.html").read_text() == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new", "site"]


# --- processes: a kill of `build --all` leaves nothing running, the next run recovers ---

def proc_stat(pid: int) -> list[str]:
    """The fields of /proc/<pid>/stat after the command name (state first, then the parent)."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def same_command(command_line: bytes) -> list[int]:
    """Live processes (not zombies) with this command line: a build's forked workers share it."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and (entry / "cmdline").read_bytes() == command_line \
                    and proc_stat(int(entry.name))[0] != "Z":
                found.append(int(entry.name))
        except OSError:
            continue
    return found


@pytest.fixture(scope="module")
def group(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Six small schools, for builds that are killed half-way."""
    folder = tmp_path_factory.mktemp("group")
    for slug in ("alfa", "beta", "gamma", "delta", "epsilon", "zeta"):
        small_school(folder / "schools", slug)
    return folder


def workers_of(build: int, command_line: bytes) -> list[int]:
    """The build's forked workers: its children with its command line, each leading its own
    process group. Not a child it is starting a program in (``dot``): between fork and exec
    that one has the build's command line too, in the build's group (issue 22, class 8)."""
    found = []
    for pid in same_command(command_line):
        try:
            if proc_stat(pid)[1:3] == [str(build), str(pid)]:
                found.append(pid)
        except OSError:  # ended meanwhile
            continue
    return found


def start_all(group: Path) -> tuple[subprocess.Popen[str], bytes]:
    """``build --all`` of the group, once its first worker runs; and its command line. Every
    school is built (--rebuild): sites an earlier test left are up to date."""
    build = subprocess.Popen([str(HELPFLOW), "build", "--all", "--rebuild", "--schools", str(group / "schools"),
                              "--out", str(group / "sites")], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
    deadline = time.monotonic() + 120
    while b"--all" not in (command_line := Path(f"/proc/{build.pid}/cmdline").read_bytes()):  # exec'd yet?
        assert time.monotonic() < deadline
        time.sleep(0.01)
    while not workers_of(build.pid, command_line):
        assert build.poll() is None, f"ended before a worker started: {build.communicate()}"
        assert time.monotonic() < deadline, "no worker started"
        time.sleep(0.02)
    return build, command_line


def assert_all_gone(command_line: bytes, within: float = 5) -> None:
    deadline = time.monotonic() + within
    while (left := same_command(command_line)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not left, f"still running {within} s later: {left}"


def leftovers(sites: Path) -> list[str]:
    return [p.name for p in sites.iterdir() if p.name.startswith(".")] if sites.exists() else []


def test_kill_9_of_build_all_leaves_no_worker_and_the_next_run_recovers(group):
    build, command_line = start_all(group)
    build.kill()
    build.communicate()
    assert_all_gone(command_line)

    again = run("build", "--all", "--schools", str(group / "schools"), "--out", str(group / "sites"))
    assert again.returncode == 0 and "built 6, failed 0" in again.stdout, again.stderr
    assert leftovers(group / "sites") == []
    assert all((site / MANIFEST_FILE).is_file() for site in (group / "sites").iterdir())


def test_sigterm_of_build_all_stops_every_worker_and_clears_their_folders(group):
    build, command_line = start_all(group)
    build.terminate()
    _, stderr = build.communicate(timeout=10)
    assert build.returncode == 128 + signal.SIGTERM and "interrupted" in stderr and "Traceback" not in stderr, stderr
    assert_all_gone(command_line)
    assert leftovers(group / "sites") == []
    sites = group / "sites"  # none yet when the workers started before any school was done
    assert all((site / output.MARKER).is_file() for site in (sites.iterdir() if sites.exists() else []))


def test_a_worker_that_dies_fails_its_own_school_only(tmp_path, monkeypatch, content):
    from helpflow.build import mkdocs_site

    def build_school(school: Path, out: Path, content: object, *args: object, **kwargs: object) -> list[str]:
        if school.stem == "gamma":
            os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's out-of-memory killer would
        time.sleep(0.2)
        return [f"note: {school.stem} built"]

    monkeypatch.setattr(mkdocs_site, "build_school", build_school)
    monkeypatch.setattr(os, "cpu_count", lambda: 3)
    # Forked whatever this process ran before (a handout's Typst threads): the fake build needs none.
    monkeypatch.setattr(mkdocs_site, "can_fork", lambda: True)
    schools = [small_school(tmp_path / "schools", slug) for slug in ("alfa", "beta", "gamma", "delta", "epsilon")]
    results = mkdocs_site.build_all(schools, tmp_path / "sites", content, lambda result: None)
    assert {r.slug: r.ok for r in results} == {"alfa": True, "beta": True, "gamma": False, "delta": True,
                                                "epsilon": True}
    failed = next(r for r in results if not r.ok)
    assert "the build process stopped (killed by SIGKILL)" in failed.error
    assert all(r.messages == (f"note: {r.slug} built",) for r in results if r.ok)


def test_a_leftover_is_cleared_when_its_pid_now_belongs_to_another_process(tmp_path):
    other = subprocess.Popen(["sleep", "60"])
    try:
        start = proc_stat(other.pid)[19]
        building = tmp_path / f".site.building-{other.pid}.{start}-aaaaaaaa"  # that process's own build
        reused = tmp_path / f".site.building-{other.pid}.{int(start) - 1}-bbbbbbbb"  # an earlier process's
        caught = tmp_path / f".site.old-{other.pid}.{int(start) - 1}-cccccccc"  # killed mid-swap
        others = tmp_path / f".notes.building-{other.pid}.{int(start) - 1}-dddddddd"  # not a site of ours
        for folder in (building, reused, caught / "site", others):
            folder.mkdir(parents=True)
        output.clear_leftovers(tmp_path, ["site"])
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted([building.name, others.name, "site"])
    finally:
        other.kill()
        other.wait()
    output.clear_leftovers(tmp_path, ["site"])  # ended now: its folder is a leftover too
    assert sorted(p.name for p in tmp_path.iterdir()) == [others.name, "site"]


# --- paths: a relative --school from another folder ---

def test_a_relative_school_path_resolves_against_the_current_folder_only(tmp_path):
    here = tmp_path / "elsewhere"
    school = small_school(here / "rel", extra="logo: logo.svg\n")
    (here / "rel" / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8">'
                                           '<rect width="8" height="8" fill="#0000ff"/></svg>')
    # A folder full of look-alikes: none of them may end up in the site.
    (here / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><rect fill="#ff0000"/></svg>')
    (here / "mkdocs.yml").write_text("site_name: POISON\n")
    for name in ("docs/index.md", "flow/ui.yml", "schools/klein.yml", "hooks/helpflow_hook.py"):
        (here / name).parent.mkdir(parents=True, exist_ok=True)
        (here / name).write_text("raise SystemExit('POISON')\n" if name.endswith(".py") else "POISON\n")
    result = run("build", "--school", str(school.relative_to(here)), "--out", "out", cwd=here)
    assert result.returncode == 0, result.stderr
    site = here / "out"
    logos = [path.read_text() for path in site.rglob("logo*.svg")]  # named by its content, at the root
    assert logos and all("#0000ff" in logo for logo in logos), logos
    assert not [p for p in site.rglob("*.html") if "POISON" in p.read_text(encoding="utf-8")]

    (here / "rel" / "other.yml").write_text(school.read_text().replace("logo.svg", "only-here.svg"))
    (here / "only-here.svg").write_text((here / "rel" / "logo.svg").read_text())
    one_error(run("build", "--school", "rel/other.yml", "--out", "out", cwd=here),
              "rel/other.yml:7: logo: 'only-here.svg' does not exist in rel/")


# --- accepted values, and messages no value can forge ---

@pytest.mark.parametrize(("url", "says"), [
    ("https://help.x.be:99999/", "has the port '99999'"),
    ("https://help.x.be:65536/", "has the port '65536'"),
    ("https://help.x.be:0/", "has the port '0'"),
    ("https://help.x.be:/", "has the port ''"),
    ("https://help.x.be:８０/", "has the port '８０'"),
    ("https://10.0.0.1/", "has an IP address for a host"),
    ("https://127.0.0.2:8000/", "has an IP address for a host"),
    ("http://192.168.1.1/", "is not an https:// address"),
    ("https://[::1]/", "has an IP address for a host"),
    ("https://[fe80::1%25eth0]:443/", "has an IP address for a host"),
    ("https://0x7f.1/", "has an IP address for a host"),
    ("https://intranet/", "has the one-word host 'intranet'"),
    ("https:///help/", "has no host name"),
    ("https://a@b.be/", "has a user name before the host"),
    ("https://user:pass@help.x.be/", "has a user name before the host"),
    ("https://help.x.be\\@evil.com/", "has a user name before the host"),
    ("https://help.x.be/" + "a" * 200, "more than 200"),
])
def test_site_addresses_that_are_no_public_https_site(tmp_path, content, url, says):
    path = tmp_path / "x.yml"
    quoted = '"' + url.replace("\\", "\\\\") + '"'
    path.write_text(SMALL.format(slug="x").replace("https://help.x.be/", quoted), encoding="utf-8")
    with pytest.raises(HelpflowError) as caught:
        load_school(path, content)
    (message,) = caught.value.problems
    assert "x.yml:4: site_url: " in message and says in message, message
    assert f"'{printable(url)}" in message or "characters long" in message, message  # the value, or its length
    assert message.isprintable()


@pytest.mark.parametrize("url", ["https://help.x.be/", "https://help.x.be", "https://help.x.be:8443/help/",
                                 "https://x.github.io/help/", "http://localhost:8000/", "http://127.0.0.1:8000/",
                                 "https://localhost/"])
def test_public_https_and_local_preview_addresses_are_fine(tmp_path, content, url):
    path = tmp_path / "x.yml"
    path.write_text(SMALL.format(slug="x").replace("https://help.x.be/", url), encoding="utf-8")
    assert load_school(path, content).site_url == url.rstrip("/") + "/"


@pytest.mark.parametrize(("extra", "says"), [
    ('email: "' + "a" * 250 + '@x.be"\n', "is 255 characters long, more than 254"),
    ("texts: {wachtwoord-vergeten: {title: {nl: " + "t" * 1001 + "}}}\n", "is 1001 characters long, more than 1000"),
    ('languages: ["nl\\n"]\n', "'nl\\n' is not available"),
    ('flows: ["wachtwoord-vergeten\\n"]\n', "'wachtwoord-vergeten\\n' is not a flow"),
    ('contact: {phone: "+32 9 123 45 67\\u202e"}\n', "U+202E, which reverses how the line reads"),
    ('"name\\u2028error: forged": x\n', "name\\u2028error: forged: unknown key"),
])
def test_long_or_hidden_characters_in_any_value_give_one_printable_line(tmp_path, content, extra, says):
    path = tmp_path / "x.yml"
    text = SMALL.format(slug="x")
    for key in ("email", "languages", "flows"):
        if extra.startswith(f"{key}:"):
            text = re.sub(rf"(?m)^{key}:.*\n", "", text)
    path.write_text(text + extra, encoding="utf-8")
    with pytest.raises(HelpflowError) as caught:
        load_school(path, content)
    assert any(says in p for p in caught.value.problems), caught.value.problems
    assert all(p.isprintable() and len(p) < 400 for p in caught.value.problems), caught.value.problems


def test_a_message_is_one_line_whoever_writes_it():
    assert HelpflowError("dot said:\nerror: x.yml: fine\u202e").problems == ["dot said:\\nerror: x.yml: fine\\u202e"]
    assert problem("a\nb.yml", "k\r", "w\x00", "f\u2029") == "a\\nb.yml: k\\r: w\\x00; f\\u2029"


@pytest.mark.parametrize(("text", "line", "key"), [
    ('colors: {primary: #0b5fff, accent: "#a33b00"}\n', 1, "primary"),
    ('colors: {primary: "#0b5fff", accent: #f60}\n', 1, "accent"),
    ('name: x\ncolors:\n  primary: #0B5FFF\n', 3, "primary"),
    ('colors: [primary: #abc]\n', 1, "primary"),
])
def test_an_unquoted_colour_is_named_on_its_own_line(tmp_path, text, line, key):
    path = tmp_path / "x.yml"
    path.write_text(text)
    with pytest.raises(HelpflowError) as caught:
        read_yaml(path)
    (message,) = caught.value.problems
    assert f"x.yml:{line}: {key}: an unquoted # starts a comment in YAML" in message
    assert re.search(rf'put the colour in quotes: {key}: "#[0-9a-fA-F]+"$', message)


@pytest.mark.parametrize("text", ['name: "Sint-Jozef: #add"\n', "name: x  # colors: {primary: #fff}\n",
                                  "# primary: #0b5fff\n", "name: 'a: #abc'\n", "name: x #fff\n"])
def test_a_hash_in_quotes_or_in_a_comment_is_no_colour(tmp_path, text):
    path = tmp_path / "x.yml"
    path.write_text(text)
    read_yaml(path)


@pytest.mark.parametrize("text", ["# " + "a" * 200_000 + "\n", "name: " + "a-" * 100_000 + " #fff\n",
                                  "a" * 200_000 + ": #0b5fff\n"])
def test_a_very_long_line_is_read_in_time_that_grows_with_its_length(tmp_path, text):
    """The unquoted-colour check tried a key from every character of a long word: 3 s for a line
    of 20,000 characters, about 5 minutes for these 200,000, hours for a 2 MB school file."""
    path = tmp_path / "x.yml"
    path.write_text(text)
    start = time.process_time()
    if text.endswith(": #0b5fff\n"):
        with pytest.raises(HelpflowError) as caught:
            read_yaml(path)
        assert "x.yml:1: aaaa" in caught.value.problems[0] and "an unquoted # starts a comment" in caught.value.problems[0]
    else:
        read_yaml(path)
    assert time.process_time() - start < 10


def test_a_problem_is_listed_once_and_a_flood_of_them_is_cut_short():
    assert HelpflowError(["x.yml: a", "x.yml: b", "x.yml: a"]).problems == ["x.yml: a", "x.yml: b"]
    many = HelpflowError([f"x.yml: item {n}" for n in range(1000)]).problems
    assert many[:SHOWN] == [f"x.yml: item {n}" for n in range(SHOWN)]
    assert many[SHOWN:] == [f"… and {1000 - SHOWN} more problems; fix these first, then run it again"]


@pytest.mark.parametrize("flows", [["x"] * 20_000, [f"x{n}" for n in range(20_000)] + [[1]]])
def test_a_list_pasted_where_a_few_flows_go_gets_a_few_lines(tmp_path, content, flows):
    """Each wrong item once, the first by name, then how many more: not a line for each of
    20,000 (it was 20,000 lines, and seconds spent writing them)."""
    path = small_school(tmp_path)
    path.write_text(re.sub(r"(?m)^flows:.*$", f"flows: {json.dumps(flows)}", path.read_text(encoding="utf-8")),
                    encoding="utf-8")
    with pytest.raises(HelpflowError) as caught:
        load_school(path, content)
    problems = caught.value.problems
    assert len(problems) <= LISTED + 2, problems
    assert "'x' is not a flow" in problems[0] or "'x0' is not a flow" in problems[0], problems
    if len(set(map(str, flows))) > LISTED:
        assert f"flows: {len(flows) - LISTED} more items that are no flow" in problems[-1], problems
    else:
        assert "listed twice" in problems[-1], problems


def test_a_truncated_png_logo_is_refused_even_when_a_library_let_pillow_read_truncated_images(monkeypatch):
    """A library may set Pillow's LOAD_TRUNCATED_IMAGES process-wide (WeasyPrint did): the
    second school of ``build --all`` must not get a broken logo through."""
    import io

    from PIL import Image, ImageFile

    from helpflow.load.logo import clean_logo

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (0, 0, 255)).save(buffer, "PNG")
    whole = buffer.getvalue()
    with pytest.raises(HelpflowError, match="not really a PNG image"):
        clean_logo(whole[:len(whole) // 2], ".png", Path("logo.png"))
    assert clean_logo(whole, ".png", Path("logo.png")).startswith(b"\x89PNG")


# --- issue 22: reads through the safe reader, damaged state absent, names from long titles ---

@pytest.mark.parametrize("kind", ["pipe", "dev-zero", "folder"])
def test_build_refuses_a_school_file_that_is_no_file_in_one_line_as_check_does(tmp_path, kind):
    """The school file was read for its input key before it was checked: a pipe hung the build."""
    school = tmp_path / "schools" / "pijp.yml"
    school.parent.mkdir()
    {"pipe": lambda: os.mkfifo(school), "dev-zero": lambda: school.symlink_to("/dev/zero"),
     "folder": school.mkdir}[kind]()
    start = time.monotonic()
    said = one_error(run("build", "--school", str(school), "--out", str(tmp_path / "site")), "pijp.yml")
    assert time.monotonic() - start < 120
    checked = run("check", "--schools", str(school.parent))
    assert said.split(": ", 2)[2] in checked.stderr, (said, checked.stderr)
    assert not (tmp_path / "site").exists()


def test_one_schools_pipe_logo_or_damaged_record_never_stops_the_others(tmp_path, small_site):
    """Under --all: a school whose logo is a named pipe fails alone, in one line, at once; a
    site whose record is 100,000 '[' is built again; the others build."""
    schools = tmp_path / "schools"
    small_school(schools, "klein")
    small_school(schools, "pijp", extra="logo: logo.svg\n")
    os.mkfifo(schools / "logo.svg")
    sites = tmp_path / "sites"
    shutil.copytree(small_site, sites / "klein", symlinks=True)
    (sites / "klein" / INPUTS_FILE).write_text("[" * 100_000, encoding="utf-8")
    result = run("build", "--all", "--schools", str(schools), "--out", str(sites))
    assert result.returncode == 1 and "built 1, failed 1" in result.stdout, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "logo.svg" in result.stderr and "named pipe" in result.stderr
    assert json.loads((sites / "klein" / INPUTS_FILE).read_text(encoding="utf-8"))["format"] == 1
    again = run("build", "--all", "--schools", str(schools), "--out", str(sites))
    assert "1 already up to date" in again.stdout, again.stdout + again.stderr


@pytest.mark.parametrize("damage", [
    lambda site: (site / INPUTS_FILE).write_text('{"format":1,"key":"k","logo":{}}', encoding="utf-8"),
    lambda site: (site / INPUTS_FILE).unlink() or os.mkfifo(site / INPUTS_FILE),
    lambda site: (site / MANIFEST_FILE).unlink() or (site / MANIFEST_FILE).symlink_to("/dev/zero"),
    lambda site: (site / MANIFEST_FILE).write_text("[" * 100_000, encoding="utf-8"),
    lambda site: (site / MANIFEST_FILE).write_bytes(b""),
    lambda site: (site / MANIFEST_FILE).write_bytes(b"\0\xff" * 500),
    lambda site: (site / MANIFEST_FILE).write_text("index.html\n", encoding="utf-8"),
], ids=["logo-mapping", "record-pipe", "manifest-dev-zero", "manifest-brackets", "manifest-empty", "manifest-binary",
        "manifest-headless"])
def test_a_site_with_damaged_state_is_built_again_not_refused(school, previous, damage):
    damage(previous)
    result = run("build", "--school", str(school), "--out", str(previous))
    assert result.returncode == 0 and "built" in result.stdout, result.stderr
    assert (previous / INPUTS_FILE).is_file() and (previous / MANIFEST_FILE).is_file()
    assert run("build", "--school", str(school), "--out", str(previous)).stdout.endswith("is up to date\n")


def test_a_damaged_manifest_still_keeps_a_schools_own_file(school, previous):
    """A manifest that is none: the build reads the site as one from before manifests, where
    a file at the top that no build writes is the school's, named and never deleted."""
    (previous / MANIFEST_FILE).write_text("[" * 100_000, encoding="utf-8")
    (previous / "google1234.html").write_text("google-site-verification", encoding="utf-8")
    before = snapshot(previous)
    one_error(run("build", "--school", str(school), "--out", str(previous)), "(google1234.html)", "move them out")
    unchanged(previous, before)


@pytest.mark.parametrize("title", ["Vraag " * 50, "Wachtwoord-vergeten " * 15, "Élève à l'école " * 20],
                         ids=["words", "hyphens", "accents"])
def test_a_long_title_override_builds_with_short_distinct_page_names(tmp_path, title):
    """Two outcomes whose 300-character titles differ only at their end: each page's name is
    cut after a word, and the two stay apart (issue 22, class 7)."""
    texts = {"self-reset": f"{title}een", "mail-school": f"{title}twee"}
    overrides = ", ".join(f"outcomes.{node}.title: {{nl: \"{text}\"}}" for node, text in texts.items())
    school = small_school(tmp_path / "schools", extra=f"texts: {{wachtwoord-vergeten: {{{overrides}}}}}\n")
    site = tmp_path / "site"
    result = in_process("build", "--school", str(school), "--out", str(site))
    assert result.returncode == 0, result.stderr
    pages = [page.relative_to(site).as_posix() for page in (site / "nl").rglob("*.html")]
    assert max(len(Path(page).name) for page in pages) <= 66, pages
    prefix = slugify(title)[:5]
    assert len([page for page in pages if prefix in page]) == 2, pages


def test_a_title_naming_a_page_of_the_language_gets_its_own_page(tmp_path):
    """Outcome titles whose names the language's own pages have, beside a school's one flow:
    each outcome keeps a page of its own, and the lost-address page, the statement and the
    home stay theirs (issue 22, class 7: page names from titles)."""
    titles = {"self-reset": "404", "mail-school": "Accessibility", "no-email": "Index"}
    overrides = ", ".join(f"outcomes.{node}.title: {{nl: \"{text}\"}}" for node, text in titles.items())
    school = small_school(tmp_path / "schools", extra=f"texts: {{wachtwoord-vergeten: {{{overrides}}}}}\n")
    site = tmp_path / "site"
    result = in_process("build", "--school", str(school), "--out", str(site))
    assert result.returncode == 0, result.stderr
    pages = {page.name: page.read_text(encoding="utf-8") for page in (site / "nl").glob("*.html")}
    assert "Deze pagina bestaat niet" in pages["404.html"] and "Deze pagina bestaat niet" in (site / "404.html").read_text(
        encoding="utf-8")
    assert "Toegankelijkheidsverklaring</h1>" in pages["accessibility.html"]
    assert 'id="hf-widget"' in pages["index.html"]
    for title in titles.values():
        own = [name for name, text in pages.items() if "<h1 id=" in text and f">{title}</h1>" in text]
        assert len(own) == 1 and own[0] not in ("404.html", "accessibility.html", "index.html"), (title, own)


def _target(kind: str, path: Path) -> Path:
    """Something that is no regular file at ``path``: the system's or another program's."""
    if kind == "pipe":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    elif kind == "link-to-a-device":
        path.symlink_to("/dev/null")
    elif kind == "link-to-stdout":
        path.symlink_to("/proc/self/fd/1")
    elif kind == "socket":
        listening = socket.socket(socket.AF_UNIX)
        listening.bind(str(path))
        listening.close()
    return path


@pytest.mark.parametrize("kind", ["pipe", "folder", "link-to-a-device", "link-to-stdout", "socket"])
@pytest.mark.parametrize("command", ["po export", "stats --csv", "stats --report"])
def test_a_file_to_write_that_is_no_regular_file_is_refused_and_left_as_it_is(tmp_path, small_site, kind, command):
    """A table, a report or a PO file is written in place of a regular file only: a pipe, a
    device behind a link (``/dev/null``, ``/dev/stdout``), a folder or a socket stays what it was."""
    target = _target(kind, tmp_path / "out.txt")
    before = os.lstat(target)
    log = tmp_path / "access.log"
    log.write_text("", encoding="utf-8")
    args = {"po export": ("po", "export", "fr", "--out", str(target)),
            "stats --csv": ("stats", "--site", str(small_site), "--csv", str(target), str(log)),
            "stats --report": ("stats", "--site", str(small_site), "--report", str(target), str(log))}[command]
    result = run(*args)
    one_error(result, f"{target}: is a ", "give the name of a new file, or of a regular file to replace")
    after = os.lstat(target)
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)


@pytest.mark.parametrize("mode", [0o600, 0o640])
def test_a_file_replaced_keeps_who_may_read_it(tmp_path, small_site, mode):
    table = tmp_path / "counts.csv"
    table.write_text("old\n", encoding="utf-8")
    table.chmod(mode)
    log = tmp_path / "access.log"
    log.write_text("", encoding="utf-8")
    assert run("stats", "--site", str(small_site), "--csv", str(table), str(log)).returncode == 0
    assert table.read_text(encoding="utf-8") != "old\n" and table.stat().st_mode & 0o777 == mode


@pytest.mark.parametrize(("name", "says"), [("", "argument --out: an empty path (is a variable unset?)"),
                                           (" ", "an empty path"), ("/", "is no file name for the PO file"),
                                           (".", "is no file name"), ("..", "is no file name")])
def test_a_file_to_write_without_a_name_is_one_line(tmp_path, name, says):
    one_error(run("po", "export", "fr", "--out", name, cwd=tmp_path), says)


@pytest.mark.parametrize("args", [("build", "--out", ""), ("build", "--all", "--schools", ""), ("check", "--schools", ""),
                                  ("export", "--out", ""), ("assemble", ""), ("stats", "--site", "", "x.log"),
                                  ("po", "import", "")])
def test_an_empty_path_is_one_line_never_the_current_folder(tmp_path, args):
    """``--out "$DIR"`` with ``DIR`` unset: refused, never read as the folder the command runs in."""
    (tmp_path / "school.yml").write_text(SMALL.format(slug="hier"), encoding="utf-8")
    one_error(run(*args, cwd=tmp_path), "an empty path (is a variable unset?)")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["school.yml"]


def test_a_line_break_in_the_output_folders_name_stays_on_the_success_line(tmp_path, school):
    out = tmp_path / "site\nerror: forged"
    result = in_process("build", "--school", str(school), "--out", str(out))
    assert result.returncode == 0 and out.is_dir(), result.stderr
    assert result.stdout.count("\n") == 1 and result.stdout.startswith("built ") and "\\n" in result.stdout
