"""Run the helpflow command with a file-system fault under one folder, as a school would meet it.

    python with_fault.py ERRNO AFTER FOLDER helpflow-arguments...

Every attempt to create or write a file or folder under FOLDER, after the first AFTER,
fails with ERRNO: ENOSPC is a full disk; EROFS or EACCES a folder that may not be
written, which chmod cannot show when the tests run as root. Whatever writes goes
through ``open``, ``os.open``, ``os.mkdir`` or ``os.rename`` here, MkDocs included.
"""

from __future__ import annotations

import builtins
import errno
import io
import os
import sys
from pathlib import Path

WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT


def main() -> int:
    code, after, folder = getattr(errno, sys.argv[1]), int(sys.argv[2]), os.path.realpath(sys.argv[3])
    count = 0

    def guard(path: object) -> None:
        nonlocal count
        if isinstance(path, (str, Path)) and os.path.realpath(path).startswith(folder + os.sep):
            count += 1
            if count > after:
                raise OSError(code, os.strerror(code), str(path))

    def wrap(real, writes):  # type: ignore[no-untyped-def]
        def faulty(path, *args, **kwargs):  # type: ignore[no-untyped-def]
            if writes(args, kwargs):
                guard(path)
            return real(path, *args, **kwargs)
        return faulty

    def mode_writes(args: tuple, kwargs: dict) -> bool:
        mode = args[0] if args else kwargs.get("mode", "r")
        return isinstance(mode, str) and any(c in mode for c in "wax+")

    builtins.open = io.open = wrap(io.open, mode_writes)  # type: ignore[assignment]
    os.open = wrap(os.open, lambda args, kwargs: bool((args[0] if args else kwargs.get("flags", 0)) & WRITE_FLAGS))
    os.mkdir = wrap(os.mkdir, lambda args, kwargs: True)
    os.rename = wrap(os.rename, lambda args, kwargs: True)

    from helpflow.cli import main as helpflow

    return helpflow(sys.argv[4:])


if __name__ == "__main__":
    sys.exit(main())
