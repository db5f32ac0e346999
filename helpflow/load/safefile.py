"""One way in and one way out for files: reading without trusting a path, writing without
following a link.

Reading: a path can name a named pipe that never answers, ``/dev/zero`` that never ends,
a sparse file of gigabytes or a folder; ``Path.read_bytes`` would hang or fill the memory
on the first two and raise a traceback on others. Here the file is opened without
blocking, must be a regular file, is refused by its size before a byte is read, and is
read no further than one byte past the limit, in case it grows meanwhile.

Writing: a folder written into earlier (an export, a school folder) may since hold a link
where a file or a folder was, planted to send the write elsewhere. ``write_file`` walks
from a folder the caller trusts, one folder at a time, never through a link (a link in
the way of a folder is replaced by a real folder); writes a new file under a unique name
that it alone created (``O_EXCL``, ``O_NOFOLLOW``), and renames it over the target, which
replaces a link there rather than writing through it. A reader never sees half a file.

``tests/hostile/test_one_way_in.py`` fails when any other module of the package opens,
reads or writes a file by itself: use these.
"""

from __future__ import annotations

import errno
import io
import os
import secrets
import shutil
import stat
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path, PurePosixPath

from helpflow.errors import HelpflowError, printable_path, problem

_CHUNK = 1 << 20
_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
          | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
"""Opening never waits for a pipe's writer nor adopts a terminal; a flag the system lacks is 0."""
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_FOLDER = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
"""A folder opened on the way down: never a link (ELOOP), never a file (ENOTDIR)."""
_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
"""A temporary file this process alone made: it did not exist, and is no link."""
STATE_LIMIT = 64 << 20
"""Bytes of helpflow's own state (a record, a manifest, a lock) read at most: far more than
any real one; a larger one is damaged, and treated as missing."""


def open_regular(path: Path, what: str) -> io.BufferedReader:
    """The regular file ``path`` opened for reading, or a one-line HelpflowError that names it
    and calls it ``what``: never a pipe, a device or a folder, and opening never waits. For a
    reader that streams a file of any size (an access log); ``read_limited`` reads it whole."""
    shown = printable_path(path)
    try:
        # Checked before opening too: opening some devices (a terminal, a tape) has effects.
        if not stat.S_ISREG(mode := os.stat(path).st_mode):
            raise HelpflowError(problem(shown, "", f"the {what} is {file_kind(mode)}, not a file", f"name the {what} itself"))
        fd = os.open(path, _FLAGS)
    except ValueError:  # a NUL byte in the path
        raise HelpflowError(problem(shown, "", "the path contains a NUL character",
                                    f"check the name of the {what}")) from None
    except OSError as exc:
        raise HelpflowError(problem(shown, "", f"cannot open the {what} ({exc.strerror})",
                                    "check the path and its permissions")) from None
    opened = os.fstat(fd)
    if not stat.S_ISREG(opened.st_mode):  # swapped since the check above
        os.close(fd)
        raise HelpflowError(problem(shown, "", f"the {what} is {file_kind(opened.st_mode)}, not a file",
                                    f"name the {what} itself"))
    return os.fdopen(fd, "rb")


def read_limited(path: Path, max_bytes: int, what: str) -> bytes:
    """The bytes of the regular file ``path``, at most ``max_bytes`` of them, or a one-line
    HelpflowError that names the file and calls it ``what`` ("school file", "logo")."""
    shown = printable_path(path)

    def refuse(why: str, fix: str) -> HelpflowError:
        return HelpflowError(problem(shown, "", why, fix))

    with open_regular(path, what) as file:
        size = os.fstat(file.fileno()).st_size
        if size > max_bytes:
            raise refuse(f"the {what} is {size} bytes, more than {max_bytes}", "is this the right file?")
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


def file_kind(mode: int) -> str:
    """What a file of ``mode`` (``os.lstat``'s or ``os.stat``'s) is, for a message: "a named pipe"."""
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def open_folder(path: Path) -> int | None:
    """A descriptor of the folder ``path`` itself (never a link to one, never a file), or None."""
    try:
        return os.open(path, _FOLDER)
    except OSError:
        return None


def write_output(path: Path, data: bytes | str, what: str, fix: str = "choose a folder you may write to", *,
                 mode: int = 0o666, own: bool = False) -> None:
    """Write the file ``path`` a command was told to write (a table, a report, a PO file, the
    translations' lock, the schema) as ``write_file`` writes, or one line naming it and ``what``
    it is, with ``fix``. What stands at ``path`` must be a regular file, replaced whole: a
    device, a pipe, a folder or a link there (``/dev/stdout``, ``/dev/null``) is the system's
    or someone else's, and is refused, not replaced by a file. Only at a path that is
    helpflow's ``own`` (a lock, the schema) is a link replaced, as ``write_file`` replaces one."""
    if path.name in ("", ".", ".."):
        raise HelpflowError(problem(path, "", f"is no file name for the {what}", "give a file's name, like out.txt"))
    try:
        mode_there = os.lstat(path).st_mode
    except OSError:
        mode_there = stat.S_IFREG
    if not (stat.S_ISREG(mode_there) or (own and stat.S_ISLNK(mode_there))):
        raise HelpflowError(problem(path, "", f"is {file_kind(mode_there)}, not a file to write the {what} in",
                                    "give the name of a new file, or of a regular file to replace"))
    if stat.S_ISREG(mode_there) and stat.S_IMODE(mode_there):  # a file replaced keeps who may read it
        mode = stat.S_IMODE(mode_there)
    try:
        write_file(path.parent, path.name, data, mode=mode)
    except OSError as exc:
        raise HelpflowError(problem(path, "", f"cannot write the {what} ({exc.strerror or exc})", fix)) from None


def read_limited_text(path: Path, max_bytes: int, what: str) -> str:
    """``read_limited`` as text: UTF-8, a byte that is none replaced (a one-line error is the
    caller's, for a file that must be exact)."""
    return read_limited(path, max_bytes, what).decode("utf-8", errors="replace")


def read_state(path: Path, max_bytes: int = STATE_LIMIT) -> str | None:
    """The text of one of helpflow's own state files (a record, a manifest), or None when it
    cannot be read as a small regular file: damaged state is absent state, never a hang."""
    try:
        return read_limited_text(path, max_bytes, "file")
    except HelpflowError:
        return None


def write_file(folder: Path, name: str | PurePosixPath, data: bytes | str, *, mode: int = 0o666) -> Path:
    """Write ``data`` (text as UTF-8) as the file ``name`` (relative, '/'-separated) under
    ``folder``, whole or not at all; return its path.

    ``folder`` itself is the caller's to trust (an output folder it checked, a school's
    folder). Below it no link is followed: a link where a folder belongs is replaced by an
    empty folder, a link at ``name`` is replaced by the file. ``mode`` is masked by the
    umask, as ``open`` does. An OSError (a disk full, a folder at ``name``) leaves no
    temporary file behind; the caller turns it into one line (``output.writing``)."""
    parts = PurePosixPath(name).parts
    if not parts or any(part in ("", ".", "..") or part.startswith("/") for part in parts):
        raise ValueError(f"not a relative file name: {name!r}")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with _folder(folder, parts[:-1]) as fd:
        tmp = f".{parts[-1][:100]}.{secrets.token_hex(6)}.tmp"
        out = os.open(tmp, _NEW, mode, dir_fd=fd)
        try:
            with os.fdopen(out, "wb") as file:
                file.write(payload)
            os.replace(tmp, parts[-1], src_dir_fd=fd, dst_dir_fd=fd)
        except BaseException:
            with suppress(OSError):
                os.unlink(tmp, dir_fd=fd)
            raise
    return folder.joinpath(*parts)


def make_folder(folder: Path, name: str | PurePosixPath) -> Path:
    """The folder ``name`` under ``folder``, made as ``write_file`` makes the folders on its way."""
    parts = PurePosixPath(name).parts
    with _folder(folder, parts):
        pass
    return folder.joinpath(*parts)


def copy_tree(source: Path, folder: Path, name: str | PurePosixPath) -> Path:
    """Copy helpflow's own folder ``source`` as ``name`` under ``folder``, each file written as
    ``write_file`` writes; return the copy. Links in ``source`` are not followed."""
    for base, dirs, files in os.walk(source):
        dirs.sort()
        here = PurePosixPath(name, Path(base).relative_to(source).as_posix())
        make_folder(folder, here)
        for file in sorted(files):
            if stat.S_ISREG(os.lstat(Path(base) / file).st_mode):
                write_file(folder, here / file, read_limited(Path(base) / file, STATE_LIMIT, "file"))
    return folder.joinpath(*PurePosixPath(name).parts)


def remove(path: Path) -> None:
    """Remove ``path`` (a file, a link, a folder and all in it) without following a link:
    a link is removed, never what it leads to."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISDIR(info.st_mode):
        shutil.rmtree(path)  # which never follows a link inside the folder
    else:
        path.unlink()


@contextmanager
def _folder(root: Path, parts: tuple[str, ...]) -> Iterator[int]:
    """A descriptor of the folder ``root/parts``, walked down without following a link and
    made where missing."""
    fd = os.open(root, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        for part in parts:
            child = _step(fd, part)
            os.close(fd)
            fd = child
        yield fd
    finally:
        os.close(fd)


def _step(parent: int, part: str) -> int:
    """The folder ``part`` of the folder ``parent``, opened; made, or put in place of a link."""
    for _attempt in range(3):
        try:
            return os.open(part, _FOLDER, dir_fd=parent)
        except FileNotFoundError:
            pass
        except OSError as exc:
            if exc.errno not in (errno.ELOOP, errno.ENOTDIR, errno.EMLINK):
                raise
            if not stat.S_ISLNK(os.stat(part, dir_fd=parent, follow_symlinks=False).st_mode):
                raise  # a file where a folder belongs: the caller's to name, never replaced here
            os.unlink(part, dir_fd=parent)
        with suppress(FileExistsError):  # another writer made it meanwhile
            os.mkdir(part, dir_fd=parent)
    raise OSError(errno.ELOOP, "a link kept coming back", part)
