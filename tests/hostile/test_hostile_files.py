"""Hostile paths and hostile YAML: a named pipe, a device, a sparse 3 GB file, a folder, a
NUL or a newline in a name, alias bombs, nesting 10,000 deep, characters that would forge
or reorder a message. Each gives one printable line naming the file, fast, never a hang,
a flood of memory or a traceback."""

from __future__ import annotations

import errno
import os
import socket
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from helpflow.errors import HelpflowError, printable
from helpflow.load.safefile import read_limited
from helpflow.load.yamlfile import MAX_DEPTH, read_yaml

from helpers import HOSTILE


def refusal(call: Callable[[], object], timeout: float = 10) -> str:
    """The message of the HelpflowError that ``call`` raises within ``timeout`` seconds.

    Run in a daemon thread, so a call that blocks (a pipe nobody writes to) fails the
    test instead of hanging the run."""
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(call())
        except BaseException as exc:
            outcome.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout)
    assert outcome, f"still running after {timeout} s"
    assert isinstance(outcome[0], HelpflowError), f"expected a HelpflowError, got {outcome[0]!r}"
    message = str(outcome[0])
    assert message.isprintable() and len(message) < 400, repr(message)
    return message


def assert_refused(call: Callable[[], object], path: Path, *expected: str) -> None:
    message = refusal(call)
    assert path.name in message, message
    for text in expected:
        assert text in message, message


# --- read_limited: paths that are not a plain, small file ---

def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    pipe = tmp_path / "school.yml"
    os.mkfifo(pipe)
    assert_refused(lambda: read_limited(pipe, 1000, "school file"), pipe, "is a named pipe")
    assert_refused(lambda: read_yaml(pipe), pipe, "is a named pipe")


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_a_device_is_refused_before_it_is_read(device, tmp_path):
    assert_refused(lambda: read_limited(Path(device), 1000, "logo"), Path(device), "is a device")
    link = tmp_path / "logo.svg"
    link.symlink_to(device)
    assert_refused(lambda: read_yaml(link), link, "is a device")


def test_a_socket_is_refused(tmp_path):
    path = tmp_path / "s.yml"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        assert_refused(lambda: read_limited(path, 1000, "school file"), path, "is a socket")


def test_a_folder_is_refused(tmp_path):
    folder = tmp_path / "logo.png"
    folder.mkdir()
    assert_refused(lambda: read_limited(folder, 1000, "logo"), folder, "the logo is a folder")
    assert_refused(lambda: read_yaml(tmp_path), tmp_path, "is a folder")


def test_a_sparse_3_gb_file_is_refused_by_its_size_before_reading(tmp_path):
    huge = tmp_path / "huge.yml"
    with huge.open("wb") as file:
        file.truncate(3 * 2**30)
    assert_refused(lambda: read_limited(huge, 2_000_000, "school file"), huge, "3221225472 bytes, more than 2000000")
    assert_refused(lambda: read_yaml(huge), huge, "more than 2000000")


def test_a_file_larger_than_its_stated_size_is_read_one_byte_past_the_limit_only():
    maps = Path("/proc/self/maps")  # a regular file whose size says 0
    assert os.stat(maps).st_size == 0
    assert_refused(lambda: read_limited(maps, 10, "model file"), maps, "more than 10 bytes")


def test_a_read_error_is_one_line():
    memory = Path("/proc/self/mem")  # opens, then cannot be read at offset 0
    assert_refused(lambda: read_limited(memory, 10, "logo"), memory, "cannot read the logo")


def test_limits_are_exact_and_symlinks_to_files_work(tmp_path):
    exact = tmp_path / "exact.yml"
    exact.write_bytes(b"x" * 100)
    link = tmp_path / "link.yml"
    link.symlink_to(exact)
    assert read_limited(link, 100, "school file") == b"x" * 100
    assert_refused(lambda: read_limited(exact, 99, "school file"), exact, "100 bytes, more than 99")
    (tmp_path / "empty.yml").touch()
    assert read_limited(tmp_path / "empty.yml", 0, "school file") == b""


@pytest.mark.parametrize(("name", "expected"), [
    ("sch\0ool.yml", "contains a NUL character"),
    ("a" * 300 + ".yml", "(File name too long)"),
    ("/".join(["folder"] * 700) + "/school.yml", "(File name too long)"),
    ("missing.yml", "(No such file or directory)"),
    ("missing/school.yml", "(No such file or directory)"),
    ("loop.yml", "(Too many levels of symbolic links)"),
])
def test_bad_paths_are_one_line(tmp_path, name, expected):
    (tmp_path / "loop.yml").symlink_to(tmp_path / "loop.yml")
    path = tmp_path / name
    message = refusal(lambda: read_limited(path, 1000, "school file"))
    assert expected in message and printable(path.name, 1000)[-60:] in message, message


def test_permission_denied_is_one_line(tmp_path, monkeypatch):
    path = tmp_path / "school.yml"
    path.write_text("name: x\n", encoding="utf-8")

    def denied(*args: object) -> int:  # chmod 000 cannot stop root, who runs this in CI
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(os, "open", denied)
    assert_refused(lambda: read_limited(path, 1000, "school file"), path, "(Permission denied)")


@pytest.mark.parametrize("name", ["evil\nerror: all schools deleted.yml", "x\rerror: forged.yml",
                                  "gpj.\u202eexe.yml", "bell\x07\x1b[31mred.yml", "line\u2028sep.yml"])
def test_hidden_characters_in_a_file_name_are_shown_escaped(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"a: [")
    for call in (lambda: read_limited(path, 2, "school file"), lambda: read_yaml(path),
                 lambda: read_limited(tmp_path / f"missing-{name}", 2, "logo")):
        message = refusal(call)
        assert printable(name, 1000) in message, message


def test_printable_escapes_hidden_characters_and_shortens():
    assert printable("a\nb\r\tc") == "a\\nb\\r\\tc"
    assert printable("x\u202ey\u200b\u2029\x85") == "x\\u202ey\\u200b\\u2029\\x85"
    assert printable("é 🏫 مدرسة") == "é 🏫 مدرسة"
    assert printable("a" * 100, 10) == "a" * 9 + "…"


# --- read_yaml: hostile YAML ---

ALIAS_BOMBS = {
    "nested-lists": (HOSTILE / "model-yaml-anchor-bomb.yml").read_text(encoding="utf-8"),
    "nested-mappings": "a: &a {x: 1, y: 1, z: 1}\nb: &b {x: *a, y: *a, z: *a}\nc: {x: *b, y: *b, z: *b}\n",
    "block-mappings": "a: &a\n  x: 1\n  y: 1\nb:\n  x: *a\n  y: *a\n",
    "anchor-on-a-key": "&k title: 1\nother: *k\n",
    "alias-as-a-key": "a: &k title\n*k : 2\n",
    "merge-key": "base: &b {nl: x}\ntitle:\n  <<: *b\n",
    "anchor-alone": "title: &unused x\n",
    "flow-scalar": "list: [&a x, *a, *a]\n",
}


@pytest.mark.parametrize("shape", ALIAS_BOMBS)
def test_yaml_anchors_and_aliases_are_refused(tmp_path, shape):
    path = tmp_path / f"{shape}.yml"
    path.write_text(ALIAS_BOMBS[shape], encoding="utf-8")
    assert_refused(lambda: read_yaml(path), path, "anchors and aliases", "are not allowed")


DEEP = 10_000
NESTINGS = {
    "flow-lists": "[" * DEEP + "]" * DEEP,
    "flow-mappings": "{a: " * DEEP + "}" * DEEP,
    "unclosed-flow": "x: " + "[{" * DEEP,
    "block-sequences": "- " * DEEP + "x\n",
    "block-mappings": "".join(" " * i + f"k{i}:\n" for i in range(1000)) + " " * 1000 + "v\n",
    "complex-keys": "? " * DEEP + "x\n",
    "mixed": "a: " + "[{b: " * 3000,
    "just-over": "x: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n",
}


@pytest.mark.parametrize("shape", NESTINGS)
def test_deep_nesting_is_refused_without_recursion(tmp_path, shape):
    path = tmp_path / f"{shape}.yml"
    path.write_text(NESTINGS[shape], encoding="utf-8")
    assert_refused(lambda: read_yaml(path), path, f"nested more than {MAX_DEPTH} levels deep")


def test_nesting_just_under_the_limit_is_read(tmp_path):
    path = tmp_path / "deep.yml"
    path.write_text("[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1), encoding="utf-8")
    assert read_yaml(path) is not None


OTHER_ERRORS = {
    "map-tag-on-a-text": ("!!map x\n", "does not fit this value"),
    "map-tag-on-a-list": ("title: !!map [a, b]\n", "does not fit this value"),
    "control-character": ("title: a\x07b\n", "YAML error"),
    "bad-escape": ('title: "\\uZZZZ"\n', "YAML syntax error"),
    "two-documents": ("a: 1\n---\nb: 2\n", "YAML syntax error"),
    "unknown-tag-handle": ("title: !x!y z\n", "YAML syntax error"),
    "list-as-key": ("? [a, b]\n: c\n", "a key must be a plain word"),
    "duplicate-key-forging-a-line": ('"a\\nerror: forged": 1\n"a\\nerror: forged": 2\n',
                                     "duplicate key 'a\\nerror: forged'"),
    "duplicate-key-bidi": ('"\\u202ekey": 1\n"\\u202ekey": 2\n', "duplicate key '\\u202ekey'"),
    "duplicate-key-escape-sequence": ('"\\e[2J": 1\n"\\e[2J": 2\n', "duplicate key '\\x1b[2J'"),
    "syntax-error-with-a-tab": ("a:\n\tb: 1\n", "found character '\\t'"),
    "not-utf-8": ("title: caf\xe9\n".encode("latin-1").decode("utf-8", "surrogateescape"), "not UTF-8 text"),
}


@pytest.mark.parametrize("name", OTHER_ERRORS)
def test_any_other_yaml_error_is_one_line(tmp_path, name):
    text, expected = OTHER_ERRORS[name]
    path = tmp_path / f"{name}.yml"
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    assert_refused(lambda: read_yaml(path), path, expected)


def test_plain_yaml_still_reads_as_strings_with_lines(tmp_path):
    path = tmp_path / "ok.yml"
    path.write_text("a: no\nb:\n  - 1\n  - {c: yes}\n", encoding="utf-8")
    data = read_yaml(path)
    assert data == {"a": "no", "b": ["1", {"c": "yes"}]} and data.lines == {"a": 1, "b": 2}
