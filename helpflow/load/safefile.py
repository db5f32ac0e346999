"""Reading one input file (a school file, a model file, a logo) without trusting its path.

A path can name a named pipe that never answers, ``/dev/zero`` that never ends, a sparse
file of gigabytes or a folder; ``Path.read_bytes`` would hang or fill the memory on the
first two and raise a traceback on others. Here the file is opened without blocking,
must be a regular file, is refused by its size before a byte is read, and is read no
further than one byte past the limit, in case it grows meanwhile.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from helpflow.errors import HelpflowError, printable_path, problem

_CHUNK = 1 << 20
_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
          | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
"""Opening never waits for a pipe's writer nor adopts a terminal; a flag the system lacks is 0."""


def read_limited(path: Path, max_bytes: int, what: str) -> bytes:
    """The bytes of the regular file ``path``, at most ``max_bytes`` of them, or a one-line
    HelpflowError that names the file and calls it ``what`` ("school file", "logo")."""
    shown = printable_path(path)

    def refuse(why: str, fix: str) -> HelpflowError:
        return HelpflowError(problem(shown, "", why, fix))

    try:
        # Checked before opening too: opening some devices (a terminal, a tape) has effects.
        if not stat.S_ISREG(mode := os.stat(path).st_mode):
            raise refuse(f"the {what} is {_kind(mode)}, not a file", f"name the {what} itself")
        fd = os.open(path, _FLAGS)
    except ValueError:  # a NUL byte in the path
        raise refuse("the path contains a NUL character", f"check the name of the {what}") from None
    except OSError as exc:
        raise refuse(f"cannot open the {what} ({exc.strerror})", "check the path and its permissions") from None
    with os.fdopen(fd, "rb", buffering=0) as file:
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode):  # swapped since the check above
            raise refuse(f"the {what} is {_kind(opened.st_mode)}, not a file", f"name the {what} itself")
        if opened.st_size > max_bytes:
            raise refuse(f"the {what} is {opened.st_size} bytes, more than {max_bytes}", "is this the right file?")
        chunks: list[bytes] = []
        total = 0
        try:
            while total <= max_bytes and (chunk := file.read(min(_CHUNK, max_bytes + 1 - total))):
                chunks.append(chunk)
                total += len(chunk)
        except OSError as exc:
            raise refuse(f"cannot read the {what} ({exc.strerror})", "check the file") from None
    if total > max_bytes:
        raise refuse(f"the {what} is more than {max_bytes} bytes", "is this the right file?")
    return b"".join(chunks)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"
