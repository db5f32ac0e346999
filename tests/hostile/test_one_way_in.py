"""One way in and one way out for files (issue 22, class 3): no module of the package opens,
reads or writes a file by itself, but the safe reader and writer (``helpflow.load.safefile``).

A path from outside can name a pipe that never answers, ``/dev/zero``, a sparse file of
gigabytes, or a link planted to send a write elsewhere: ``read_limited`` and ``write_file``
meet all of them, a bare ``open()`` none. The allow-list holds the few modules that touch
only files helpflow itself made or ships, each with its reason; a new entry needs one too.
"""

from __future__ import annotations

import ast

import pytest

from helpflow.paths import ROOT

pytestmark = pytest.mark.any_worker

CALLS = ("open", "read_text", "read_bytes", "write_text", "write_bytes", "fdopen", "mkstemp", "NamedTemporaryFile",
         "TemporaryFile", "SpooledTemporaryFile")
"""Calls that open a file: ``open(…)``, ``Path.open``, ``os.open``, ``Path``'s read and write shortcuts,
a file object made of a descriptor (``os.fdopen``) and the temporary files ``tempfile`` opens."""
SAFE = {"helpflow/load/safefile.py"}
"""The reader and the writer themselves."""
ALLOWED = {
    "helpflow/load/logo.py": "Image.open of bytes already read by read_limited (io.BytesIO), no path",
    "helpflow/publish/theme_assets.py": "rewrites the theme's files in a folder this build made and filled itself",
    "helpflow/publish/headers.py": "writes the host files and page policies into a folder this build made",
    "helpflow/plan/material.py": "patches Material's script in a folder this build made (mkdocs serve's too)",
    "helpflow/plan/tools/__init__.py": "reads each tool's script and style from helpflow's own package folder",
}
"""Module -> why it may open files itself: only files helpflow made or ships, never a path from outside."""


def file_calls(source: str) -> list[tuple[int, str]]:
    """(line, name) of every call in ``source`` that opens a file."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr in CALLS:  # Path(…).open, os.open, p.read_text
                found.append((node.lineno, func.attr))
            elif isinstance(func, ast.Name) and func.id == "open":
                found.append((node.lineno, func.id))
    return sorted(found)


def test_no_module_opens_a_file_but_through_the_safe_reader_and_writer():
    found = []
    for path in sorted((ROOT / "helpflow").rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        if name not in SAFE and name not in ALLOWED:
            found += [f"{name}:{line}: {call}(…)" for line, call in file_calls(path.read_text(encoding="utf-8"))]
    assert not found, ("read with helpflow.load.safefile.read_limited / read_limited_text / read_state and write with "
                       "write_file, or add the module to ALLOWED with its reason:\n" + "\n".join(found))


def test_every_allowed_module_exists_and_still_needs_it():
    """An entry outlives its module or its reason: the list stays short and true."""
    for name in ALLOWED:
        path = ROOT / name
        assert path.is_file(), f"{name} is gone: remove it from ALLOWED"
        assert file_calls(path.read_text(encoding="utf-8")), f"{name} opens no file any more: remove it from ALLOWED"


def test_the_scan_finds_every_way_of_opening_a_file():
    source = ("open(p)\nPath(p).open()\nos.open(p, 0)\np.read_text()\np.read_bytes()\np.write_text('')\n"
              "p.write_bytes(b'')\nwith open(p) as f: pass\nprint(p)\nread_limited_text(p, 9, 'file')\n")
    assert [call for _line, call in file_calls(source)] == ["open", "open", "open", "read_text", "read_bytes",
                                                             "write_text", "write_bytes", "open"]
