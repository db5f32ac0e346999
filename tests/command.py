"""helpflow's command run in the test's own process: the same code as the installed command
(``helpflow.cli.main``: its exit code, its output, its one-line errors), without a Python
start and imports per case. Tests of what only a process of its own shows (signals, a
hang, a killed worker, the installed script) run the command in one."""

from __future__ import annotations

import contextlib
import io
import subprocess

from helpflow.cli import main


def in_process(*args: str) -> subprocess.CompletedProcess[str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return subprocess.CompletedProcess(list(args), code, out.getvalue(), err.getvalue())
