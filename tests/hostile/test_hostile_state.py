"""Helpflow's own state, damaged (issue 22, classes 3 and 4): the record of a built site, its
manifest, the schools' ``texts.lock``, and what a killed build left beside a site.

Damaged state is absent state: a record of 100,000 ``[``, of the wrong shape, too large,
a pipe or a link to ``/dev/zero`` is no record (the site is built again), never a hang, a
traceback or a build that fails until someone deletes a file by hand. A leftover folder is
cleared whatever its process id now names. Nothing here runs MkDocs.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from helpflow.build.inputs import FORMAT, Part, Record, read_record, school_key, up_to_date, write_record
from helpflow.load.translations import mark_translated
from helpflow.paths import INPUTS_FILE, MANIFEST_FILE
from helpflow.publish import output

pytestmark = pytest.mark.any_worker

GOOD = Record("k", "logo.svg", "s", {"nl": Part("a", "b")}, {"nl/h.pdf": Part("c", "d")}, ("stale",), ("note",))


def within(call: Callable[[], object], seconds: float = 10) -> object:
    """What ``call`` returns, or a failure when it takes longer than ``seconds`` (a hang)."""
    outcome: list[object] = []
    thread = threading.Thread(target=lambda: outcome.append(call()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert outcome, f"still running after {seconds} s"
    return outcome[0]


def record_text(**changes: object) -> str:
    data: dict[str, object] = {"format": FORMAT, "key": "k", "logo": "", "stamp": "s", "stale": [], "messages": [],
                               "parts": {"nl": ["a", "b"]}, "handouts": {}}
    return json.dumps({**data, **changes}, separators=(",", ":"))


# --- the record (.helpflow-inputs) ---

def test_a_record_reads_back_as_written(tmp_path):
    write_record(tmp_path, GOOD)
    assert read_record(tmp_path) == GOOD


@pytest.mark.parametrize("text", [
    "[" * 100_000,
    "{" * 100_000,
    '{"format":1,' + '"a":[' * 100_000,
    record_text(logo={}),
    record_text(key=None),
    record_text(stamp=7),
    record_text(parts=[]),
    record_text(parts={"nl": ["only-a-key"]}),
    record_text(parts={"nl": {"key": "a", "stamp": "b"}}),
    record_text(handouts={"nl/h.pdf": [1, 2]}),
    record_text(stale="one line"),
    record_text(messages=[{"line": 1}]),
    record_text(format="1"),
    record_text(format=2),
    record_text()[:-1],
    "",
    "\x00" * 100,
], ids=["brackets", "braces", "deep-value", "logo-mapping", "key-null", "stamp-number", "parts-list",
        "part-short", "part-mapping", "handout-numbers", "stale-text", "message-mapping", "format-text",
        "format-2", "truncated", "empty", "nul"])
def test_a_damaged_record_is_no_record(tmp_path, text):
    (tmp_path / INPUTS_FILE).write_text(text, encoding="utf-8")
    assert within(lambda: read_record(tmp_path)) is None


def test_a_record_that_is_not_utf8_or_too_large_is_no_record(tmp_path):
    (tmp_path / INPUTS_FILE).write_bytes(b"\xff\xfe" + record_text().encode())
    assert read_record(tmp_path) is None
    with open(tmp_path / INPUTS_FILE, "wb") as sparse:
        sparse.truncate(2 << 30)  # 2 GB, no byte on disk: refused by its size
    start = time.monotonic()
    assert read_record(tmp_path) is None
    assert time.monotonic() - start < 2


@pytest.mark.parametrize("kind", ["pipe", "dev-zero", "folder", "dangling-link"])
def test_a_record_that_is_no_file_is_no_record_and_never_hangs(tmp_path, kind):
    record = tmp_path / INPUTS_FILE
    {"pipe": lambda: os.mkfifo(record), "dev-zero": lambda: record.symlink_to("/dev/zero"),
     "folder": record.mkdir, "dangling-link": lambda: record.symlink_to(tmp_path / "gone")}[kind]()
    assert within(lambda: read_record(tmp_path)) is None


@pytest.mark.parametrize("name", [INPUTS_FILE, MANIFEST_FILE])
@pytest.mark.parametrize("kind", ["pipe", "dev-zero"])
def test_up_to_date_meets_a_pipe_or_dev_zero_in_a_site_without_waiting(tmp_path, name, kind):
    site = tmp_path / "site"
    site.mkdir()
    (site / output.MARKER).write_text("", encoding="utf-8")
    write_record(site, GOOD)
    output.write_manifest(site)
    (site / name).unlink()
    os.mkfifo(site / name) if kind == "pipe" else (site / name).symlink_to("/dev/zero")
    school = tmp_path / "klein.yml"
    school.write_text("name: x\n", encoding="utf-8")
    assert within(lambda: up_to_date(site, school, "content")) is None


@pytest.mark.parametrize("kind", ["pipe", "dev-zero", "sparse"])
@pytest.mark.parametrize("which", ["school", "logo"])
def test_a_school_file_or_logo_that_is_no_small_file_is_keyed_without_reading_it(tmp_path, kind, which):
    school = tmp_path / "klein.yml"
    school.write_text("name: x\nlogo: logo.svg\n", encoding="utf-8")
    target = school if which == "school" else tmp_path / "logo.svg"
    target.unlink(missing_ok=True)
    if kind == "pipe":
        os.mkfifo(target)
    elif kind == "dev-zero":
        target.symlink_to("/dev/zero")
    else:
        with open(target, "wb") as sparse:
            sparse.truncate(3 << 30)
    key, _logo = within(lambda: school_key("content", school, "logo.svg"))  # type: ignore[misc]
    assert key != school_key("other content", school, "logo.svg")[0]


# --- texts.lock beside the school files ---

@pytest.mark.parametrize("entry", [
    "'wachtwoord-vergeten/title': fingerprint",
    "'wachtwoord-vergeten/title': [a, b]",
    "'wachtwoord-vergeten/title': ''",
    "'wachtwoord-vergeten/title': {override: [x]}",
])
def test_a_wrong_typed_entry_of_texts_lock_is_recorded_again(tmp_path, entry):
    lock = tmp_path / "texts.lock"
    lock.write_text(f"klein.yml:\n  {entry}\n  'wachtwoord-vergeten/intro': {{override: abc}}\n", encoding="utf-8")
    sources = {"klein.yml": {"wachtwoord-vergeten/title": {"nl": "Titel"}}}
    assert mark_translated(sources, lock, [("klein.yml", "wachtwoord-vergeten/title", "override")], "nl",
                           ("override",)) == 1
    text = lock.read_text(encoding="utf-8")
    assert "wachtwoord-vergeten/title: {override:" in text and "wachtwoord-vergeten/intro: {override: abc}" in text


# --- what a killed build left beside a site ---

def proc_start(pid: int) -> str:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]


@pytest.fixture
def other() -> subprocess.Popen[bytes]:
    """A live process that is no build: a killed build's process id may name one like it."""
    process = subprocess.Popen(["sleep", "60"])
    yield process
    process.kill()
    process.wait()


def test_a_leftover_is_recovered_whatever_its_process_id_now_names(tmp_path, other):
    start = proc_start(other.pid)
    named = [
        f".site.building-{other.pid}-aaaaaaaa",  # no start time: a name from before start times
        f".site.building-{other.pid}.0-bbbbbbbb",  # a start time that could not be read
        f".site.building-{other.pid}.{int(start) + 1}-cccccccc",  # a start time that is not this process's
        ".site.building-1-dddddddd",  # init, always alive
    ]
    for name in named:
        (tmp_path / name).mkdir()
    caught = tmp_path / f".site.old-{other.pid}-eeeeeeee"  # killed mid-swap: the previous site inside
    (caught / "site").mkdir(parents=True)
    (caught / "site" / "index.html").write_text("previous", encoding="utf-8")
    output.clear_leftovers(tmp_path, ["site"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8") == "previous"


def test_a_leftover_a_live_build_holds_is_kept_whatever_its_name(tmp_path):
    """A build holds a lock on its folder; a killed one's lock is gone with its process."""
    held = tmp_path / ".site.building-1-aaaaaaaa"
    held.mkdir()
    holder = subprocess.Popen([sys.executable, "-c", "import fcntl, os, sys, time\n"
                               f"fd = os.open({str(held)!r}, os.O_RDONLY)\n"
                               "fcntl.flock(fd, fcntl.LOCK_EX)\nprint('held', flush=True)\ntime.sleep(60)"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout and holder.stdout.readline() == "held\n"
        output.clear_leftovers(tmp_path, ["site"])
        assert held.is_dir()
    finally:
        holder.kill()
        holder.wait()
    output.clear_leftovers(tmp_path, ["site"])
    assert not held.exists()


def test_this_processs_own_folder_is_held_while_it_builds(tmp_path):
    (tmp_path / "site").mkdir()
    with output.build_folder(tmp_path / "site") as building:
        output.clear_leftovers(tmp_path, ["site"])
        assert building.is_dir()
        fd = os.open(building, os.O_RDONLY)
        try:
            with pytest.raises(BlockingIOError):
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        finally:
            os.close(fd)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


@pytest.mark.parametrize("where", ["removing the previous site", "renaming"])
def test_an_interrupt_during_the_swap_leaves_no_leftover(tmp_path, monkeypatch, where):
    """Issue 22, class 8: the interrupt came after the renames (signals held during them),
    while the previous site was being removed; its folder stayed beside the new site."""
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("previous", encoding="utf-8")
    real_rmtree, real_rename = shutil.rmtree, Path.rename
    interrupts = [where]  # one Ctrl-C

    def rmtree(path: Path, *args: object, **kwargs: object) -> None:
        if ".site.old-" in str(path) and interrupts and interrupts[0].startswith("removing"):
            interrupts.pop()
            real_rmtree(Path(path) / "site" / "index.html", ignore_errors=True)  # half removed
            raise KeyboardInterrupt
        real_rmtree(path, *args, **kwargs)  # type: ignore[arg-type]

    def rename(self: Path, target: Path) -> Path:
        if Path(target) == out and interrupts and interrupts[0] == "renaming":
            interrupts.pop()
            raise KeyboardInterrupt
        return real_rename(self, target)

    monkeypatch.setattr(output.shutil, "rmtree", rmtree)
    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(KeyboardInterrupt), output.build_folder(out) as building:
        (building / "index.html").write_text("new", encoding="utf-8")
        output.swap(building, out)
    monkeypatch.undo()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert (out / "index.html").read_text(encoding="utf-8") == ("new" if where.startswith("removing") else "previous")
