"""Run every benchmark module (``bench/bench_*.py``), each printing its own figures; or only
those named (``python -m bench build page``: bench_build and bench_page)."""

from __future__ import annotations

import importlib
import sys
import time
import traceback
from pathlib import Path


def main() -> int:
    sys.stdout.reconfigure(line_buffering=True)  # each figure shows as it is measured, through a pipe too
    failed = []
    chosen = set(sys.argv[1:])
    for path in sorted(Path(__file__).parent.glob("bench_*.py")):
        if chosen and path.stem.removeprefix("bench_") not in chosen:
            continue
        module = importlib.import_module(f"bench.{path.stem}")
        print(f"== {path.stem}: {module.__doc__.strip().splitlines()[0]}")
        start = time.perf_counter()
        try:
            ok = module.run()
        except Exception:  # a module that cannot measure misses its targets; the others still run
            traceback.print_exc()
            ok = False
        print(f"  {path.stem} took {time.perf_counter() - start:.0f} s")
        if not ok:
            failed.append(path.stem)
    if failed:
        print(f"== targets missed, or not measured, in: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
