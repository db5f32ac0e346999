"""A web server's access log, read one line at a time and kept no longer than that line.

nginx's and Apache's ``combined`` format (and the ``common`` one it extends)::

    203.0.113.9 - - [02/Dec/2026:08:15:32 +0100] "GET /nl/index.html HTTP/1.1" 200 5120 "-" "Mozilla/5.0 …"

Only the request and the status are taken: the pattern has no group for the address, the
user or the browser, so they are never even held in a variable. A log of any size streams
(plain or gzipped, told apart by its first bytes, not its name); a line that is not in
that format is skipped and counted. Memory stays flat whatever the file holds: a line is
read at most ``LINE_LIMIT`` bytes at a time (a longer one, or a file with no newline at
all, is skipped in such chunks, never held whole), and a gzipped log that unpacks to far
more than any real log does is refused as a gzip bomb.
"""

from __future__ import annotations

import gzip
import io
import math
import os
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from helpflow.errors import HelpflowError, printable, problem
from helpflow.load.safefile import open_regular

_LINE = re.compile(r'^\S+ \S+ \S+ \[[^\]\n]*\] "(?P<method>[A-Z]{3,10}) (?P<target>\S+)(?: HTTP/[0-9.]+)?" '
                   r"(?P<status>\d{3}) (?:\d+|-)(?:\s|$)")
"""Address, identity, user, [time], "request", status, size, then whatever the format adds."""
_GZIP = b"\x1f\x8b"
_OTHER_PACKINGS = {b"BZh": ("bzip2", "bunzip2"), b"\xfd7zXZ\x00": ("xz", "unxz"), b"\x28\xb5\x2f\xfd": ("zstd", "unzstd")}
"""What logrotate can also pack with: read as text, such a log would count nothing without a word."""
LINE_LIMIT = 128 << 10
"""Bytes of a line read at most: nginx and Apache refuse a request line or a header over
8 KiB, so even with every byte of the request, referrer and browser escaped (``\\xHH``) a
real line stays under 100 KiB; a longer one is skipped (counted as not in the log format)."""
GZIP_RATIO = 200
GZIP_FLOOR = 16 << 20
"""A gzipped log unpacks to at most ``GZIP_RATIO`` times its size, or ``GZIP_FLOOR`` bytes
if that is more: a real log packs 10 to 40 times (one client asking the same page every
second for a day: 37), zeros up to 1000 times."""


Request = tuple[str, str, int]
"""(method, target, status): the path and query as the browser asked for them (``/nl/x.html?flow=…``)."""


@dataclass
class Tally:
    """How many lines were read, and how many were not requests in the log format."""

    lines: int = 0
    malformed: int = 0


def requests(path: Path, tally: Tally) -> Iterator[Request]:
    """Each request of the log at ``path``, counting its lines and its malformed ones in ``tally``."""
    with open_regular(path, "access log") as raw:
        start = raw.peek(6)[:6]
        for magic, (name, tool) in _OTHER_PACKINGS.items():
            if start.startswith(magic):
                raise HelpflowError(problem(path, "", f"the log is compressed with {name}, which stats does not unpack",
                                            f"unpack it ({tool} -k) and name the plain file"))
        packed = start[:2] == _GZIP
        most = max(GZIP_FLOOR, GZIP_RATIO * os.fstat(raw.fileno()).st_size) if packed else math.inf
        try:
            with (gzip.GzipFile(fileobj=raw) if packed else raw) as stream:
                for line in _lines(stream, most, path):
                    tally.lines += 1
                    match = None if line is None else _LINE.match(line.decode("utf-8", errors="replace"))
                    if match is None:
                        tally.malformed += 1
                        continue
                    yield match["method"], match["target"], int(match["status"])
        except (OSError, EOFError, zlib.error) as exc:  # a gzipped log cut short, or not gzip after all
            raise HelpflowError(problem(path, "", f"the log is damaged after line {tally.lines} "
                                        f"({printable(str(exc), 80)})", "copy it from the server again")) from None


def _lines(stream: io.BufferedIOBase, most: float, path: Path) -> Iterator[bytes | None]:
    """Each line of ``stream`` (None for one over ``LINE_LIMIT``), read in chunks of at most
    that size so that no line, however long, is held whole; a HelpflowError once more than
    ``most`` bytes came out, before they are all unpacked."""
    seen, too_long = 0, False
    while chunk := stream.readline(LINE_LIMIT):
        seen += len(chunk)
        if seen > most:
            raise HelpflowError(problem(path, "", f"the gzipped log unpacks to more than {int(most) >> 20} MiB, "
                                        f"over {GZIP_RATIO} times its size: a gzip bomb, not a log",
                                        "if it is a real log, unpack it (gunzip -k) and name the plain file"))
        if chunk.endswith(b"\n") or len(chunk) < LINE_LIMIT:  # the line's end, or the file's
            yield None if too_long else chunk
            too_long = False
        else:
            too_long = True
    if too_long:
        yield None
