"""What a build of many schools tells its user: a line (or a bar) per school, then a summary.

Plain Python, no MkDocs: the result of one school's build travels from a worker
process to the parent, so it is a small picklable record.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TextIO


@dataclass(frozen=True)
class BuildResult:
    slug: str
    seconds: float
    messages: tuple[str, ...] = ()
    """Notes and warnings, each a line starting with ``note:`` or ``warning:``."""
    error: str = ""
    """Why the school did not build, on one line; empty when it built."""

    @property
    def ok(self) -> bool:
        return not self.error


class Progress:
    """Reports each school as it finishes: a redrawn bar on a terminal, one line each otherwise
    (a log file or CI output would fill up with a bar's redraws)."""

    WIDTH = 24

    def __init__(self, total: int, stream: TextIO = sys.stderr) -> None:
        self.total, self.stream, self.done = total, stream, 0
        self.tty = stream.isatty()

    def report(self, result: BuildResult) -> None:
        self.done += 1
        for line in result.messages:
            self.stream.write(("\r\033[K" if self.tty else "") + line + "\n")
        status = f"built {result.slug} ({result.seconds:.1f} s)" if result.ok else f"failed {result.slug}"
        if self.tty:
            filled = self.WIDTH * self.done // max(self.total, 1)
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            self.stream.write(f"\r\033[K[{bar}] {self.done}/{self.total} {status}")
            if self.done == self.total:
                self.stream.write("\n")
        else:
            self.stream.write(f"[{self.done}/{self.total}] {status}\n")
        self.stream.flush()


def summary(results: list[BuildResult]) -> list[str]:
    """The closing lines: how many built, and each failure with its reason."""
    failed = [r for r in results if not r.ok]
    lines = [f"built {len(results) - len(failed)}, failed {len(failed)}"]
    lines += [f"failed {r.slug}: {r.error}" for r in failed]
    return lines
