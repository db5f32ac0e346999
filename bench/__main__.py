"""Run every benchmark module (``bench/bench_*.py``), each printing its own figures."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path


def main() -> int:
    failed = 0
    for path in sorted(Path(__file__).parent.glob("bench_*.py")):
        module = importlib.import_module(f"bench.{path.stem}")
        print(f"== {path.stem}: {module.__doc__.strip().splitlines()[0]}")
        failed += 0 if module.run() else 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
