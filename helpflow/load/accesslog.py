"""A web server's access log, read one line at a time and kept no longer than that line.

nginx's and Apache's ``combined`` format (and the ``common`` one it extends)::

    203.0.113.9 - - [02/Dec/2026:08:15:32 +0100] "GET /nl/index.html HTTP/1.1" 200 5120 "-" "Mozilla/5.0 …"

Only the request and the status are taken: the pattern has no group for the address, the
user or the browser, so they are never even held in a variable. A log of any size streams
(plain or gzipped, told apart by its first bytes, not its name); a line that is not in
that format is skipped and counted.
"""

from __future__ import annotations

import gzip
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from helpflow.errors import HelpflowError, printable, problem
from helpflow.load.safefile import open_regular

_LINE = re.compile(r'^\S+ \S+ \S+ \[[^\]\n]*\] "(?P<method>[A-Z]{3,10}) (?P<target>\S+)(?: HTTP/[0-9.]+)?" '
                   r"(?P<status>\d{3}) (?:\d+|-)(?:\s|$)")
"""Address, identity, user, [time], "request", status, size, then whatever the format adds."""
_GZIP = b"\x1f\x8b"


Request = tuple[str, str, int]
"""(method, target, status): the path and query as the browser asked for them (``/nl/x.html?flow=…``)."""


@dataclass
class Tally:
    """How many lines were read, and how many were not requests in the log format."""

    lines: int = 0
    malformed: int = 0


def requests(path: Path, tally: Tally) -> Iterator[Request]:
    """Each request of the log at ``path``, counting its lines and its malformed ones in ``tally``."""
    with _open(path) as stream:
        try:
            for line in stream:
                tally.lines += 1
                match = _LINE.match(line)
                if match is None:
                    tally.malformed += 1
                    continue
                yield match["method"], match["target"], int(match["status"])
        except (OSError, EOFError) as exc:  # a gzipped log cut short, or not gzip after all
            raise HelpflowError(problem(path, "", f"the log is damaged after line {tally.lines} "
                                        f"({printable(str(exc), 80)})", "copy it from the server again")) from None


def _open(path: Path) -> IO[str]:
    """The log as text lines, gunzipped if it is gzip; bytes that are not UTF-8 become U+FFFD."""
    raw = open_regular(path, "access log")
    if raw.peek(2)[:2] == _GZIP:
        return io.TextIOWrapper(gzip.GzipFile(fileobj=raw), encoding="utf-8", errors="replace", newline=None)
    return io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline=None)
