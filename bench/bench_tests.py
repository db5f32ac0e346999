"""Target 7: the whole test suite (`make test`'s pytest run, every gate) in at most 4 minutes.

Runs pytest as `make test` does, with the pytest-xdist workers `pyproject.toml` asks for,
after the tools are installed (`make bench` installs what `make test` does not need; run
`make test` once first). Wall time, as a newcomer waits for it.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT_S = 240


def run() -> bool:
    start = time.perf_counter()
    result = subprocess.run([str(Path(sys.executable).parent / "pytest"), "-q", "-p", "no:cacheprovider"],
                            cwd=ROOT, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    summary = (result.stdout.strip().splitlines() or ["no output"])[-1]
    ok = result.returncode == 0 and seconds <= LIMIT_S
    print(f"target 7 make test's pytest run: {seconds:.0f} s, {summary} (target <= {LIMIT_S} s, all passing): "
          f"{'met' if ok else 'MISSED'}")
    for line in result.stdout.splitlines():
        if line.startswith(("FAILED ", "ERROR ")):
            print(f"  {line}")
    return ok
