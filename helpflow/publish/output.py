"""The folder a build writes a site into: what may be replaced, and replacing it safely.

A build replaces its output folder whole (built beside it, then swapped in), so
before it starts it makes sure that the folder holds nothing but an earlier site:
not a file, not helpflow's own code, theme or content (nor a folder around them), not
a git working copy, and no file the earlier build did not write (its manifest says
which it did). Whatever a killed build left beside the folder is cleared by the next,
whatever its process id now names: a build holds a lock on each folder it may still
write (``flock``, which the kernel lets go when the process ends, however it ends).

A rebuild takes what did not change from the previous site as hard links (the very
files: no byte copied, their times kept). A file taken from it is never written in
place afterwards, only replaced whole or removed, so a failed build leaves the previous
site as it was. Plain Python, no MkDocs.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import filecmp
import importlib.util
import os
import re
import shutil
import signal
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from helpflow.errors import HelpflowError, printable_path, problem
from helpflow.load.safefile import open_folder, read_limited, read_state, write_file
from helpflow.paths import DEPLOY_FILES, INPUTS_FILE, MANIFEST_FILE, NOT_FOUND_FILE, ROOT
from helpflow.paths import ROOT_ASSETS as ASSETS

MARKER = "helpflow-root.js"
"""A file every built site has at its root: only a folder holding it is ever replaced."""
SITE_MODE = 0o755
"""mkdtemp makes private folders; a published site must be readable by the web server."""
MANIFEST_HEADER = "# Every file and folder helpflow build wrote here; a rebuild refuses to delete any other.\n"
SHOWN = 3
"""How many unexpected files a refusal names: enough to recognise them, on one line."""
ASSET_LIMIT = 1 << 20
"""Bytes of one of the root page's own assets, at most."""
SHARED_ASSETS = "assets"
"""The folder at a site's root with the theme's files every language uses (``theme_assets``)."""
_LEFTOVER = re.compile(r"\.(?P<name>.+)\.(?P<kind>building|old)-(?P<pid>\d+)(?:\.(?P<start>\d+))?-\w+")
_PROC = Path("/proc/self/stat").exists()


def own_folders(*inputs: Path) -> tuple[Path, ...]:
    """helpflow's code, theme, content and tests, MkDocs and Material, and ``inputs``:
    a site is never built into any of them, nor into a folder that holds one."""
    folders = [ROOT / name for name in ("helpflow", "hooks", "docs", "flow", "schools", "tests", ".git")]
    for package in ("mkdocs", "material"):
        spec = importlib.util.find_spec(package)
        if spec and spec.origin:
            folders.append(Path(spec.origin).parent)
    return tuple(real_path(path) for path in (*folders, *inputs))


def real_path(path: Path) -> Path:
    """``path`` absolute, its links followed; unlike ``Path.resolve``, a loop of links is no
    exception here but a path that later checks name (as not a folder, or not a file)."""
    return Path(os.path.realpath(path))


def check_protected(out: Path, protected: Iterable[Path], *, whole: bool = True) -> None:
    """Refuse an ``out`` (absolute) inside a ``protected`` folder or, when the build replaces
    ``out`` ``whole``, one that is or holds a protected folder."""
    for own in protected:
        if own in out.parents or (out == own and not whole):
            where = "this is" if out == own else "this folder is inside"
            raise HelpflowError(problem(out, "", f"{where} {printable_path(own)}, which helpflow reads (its code, "
                                        "theme, content or a school file)",
                                        "choose a folder for the site outside it, like site/ or sites/"))
        if whole and (out == own or out in own.parents):
            what = "this is" if out == own else "a build replaces this folder whole, and it holds"
            raise HelpflowError(problem(out, "", f"{what} {printable_path(own)}, which helpflow reads",
                                        "choose a new folder for the site, like site/ or sites/"))


def check_folder(out: Path) -> None:
    """Refuse an ``out`` that is a file, or lies under one."""
    wall = next((p for p in (out, *out.parents) if p.exists() or p.is_symlink()), None)
    if wall is not None and not wall.is_dir():
        what = "a link that leads to no folder" if wall.is_symlink() else "a file, not a folder"
        raise HelpflowError(problem(wall, "", f"is {what}, so the site cannot be written there",
                                    "choose a folder for --out (it is made when missing)"))


def check_replaceable(out: Path, languages: Iterable[str]) -> None:
    """Refuse an ``out`` whose replacement would lose anything but an earlier site's own
    files; ``languages`` are those a site may have a folder for."""
    check_folder(out)
    if not out.is_dir():
        return
    if (out / ".git").exists():
        raise HelpflowError(problem(out, "", "this folder is a git working copy (it has .git), which a build "
                                    "would delete, history and all", "build into a new folder, then copy the site's "
                                    f"files into this one (e.g. rsync -a SITE/ {printable_path(out)}/)"))
    if not any(out.iterdir()):
        return
    if not (out / MARKER).is_file():
        raise HelpflowError(problem(out, "", "this folder is not a helpflow site, and a build would replace it "
                                    "whole", "choose a new or empty folder for --out"))
    extra = _not_built(out, tuple(languages))
    if extra:
        shown = ", ".join(printable_path(name, 60) for name in extra[:SHOWN]) + (", …" if len(extra) > SHOWN else "")
        raise HelpflowError(problem(out, "", f"{len(extra)} file(s) here were not written by the last build "
                                    f"({shown}), and a build replaces the folder whole",
                                    "move them out (add them on the host after copying the site), "
                                    "or choose a new folder for --out"))


@contextlib.contextmanager
def writing(out: Path) -> Iterator[None]:
    """An OSError while writing ``out`` becomes one line: where, why, and what to do."""
    try:
        yield
    except OSError as exc:
        raise HelpflowError(write_problem(out, exc)) from None


def _not_built(site: Path, languages: tuple[str, ...]) -> list[str]:
    """What is in ``site`` that its build did not write, outermost first (a folder, not its files).

    A site without a manifest (or with one that is not a manifest: empty, cut, damaged) was
    built by a helpflow before manifests: there, anything at the top that no build writes (a
    README, a verification page) is a school's own."""
    entries = _entries(site)
    listed = read_state(site / MANIFEST_FILE)
    if listed is not None and listed.startswith(MANIFEST_HEADER):
        written = set(listed.splitlines()[1:])
    else:
        written = {"index.html", NOT_FOUND_FILE, *DEPLOY_FILES, *(asset.name for asset in ASSETS.iterdir())}
        written |= {name for name in entries if name.split("/", 1)[0] in (*languages, SHARED_ASSETS)}
    outermost: list[str] = []
    for name in sorted(set(entries) - written - {MANIFEST_FILE}):  # a folder's files sort right after it
        if not (outermost and outermost[-1].endswith("/") and name.startswith(outermost[-1])):
            outermost.append(name)
    return outermost


def _entries(site: Path) -> list[str]:
    """Every file and folder under ``site``, relative, folders ending in '/' (links not followed)."""
    found = []
    for folder, dirs, files in os.walk(site):
        base = Path(folder).relative_to(site)
        found += [(base / name).as_posix() + "/" for name in dirs]
        found += [(base / name).as_posix() for name in files]
    return found


def built_files(site: Path) -> list[str] | None:
    """The files of ``site`` but its manifest and record, when it holds just what its manifest
    lists (none added, none removed); else None."""
    text = read_state(site / MANIFEST_FILE)
    if text is None:
        return None
    listed = text.splitlines()[1:]
    entries = _entries(site)
    if set(entries) != {*listed, MANIFEST_FILE}:
        return None
    return [name for name in entries if not name.endswith("/") and name not in (MANIFEST_FILE, INPUTS_FILE)]


def files_under(site: Path, folder: str = "") -> list[str]:
    """The files in ``folder`` of ``site`` (all of them by default), relative to ``site``."""
    prefix = f"{folder}/" if folder else ""
    return [prefix + name for name in _entries(site / folder) if not name.endswith("/")]


def file_stamp(path: Path) -> str:
    """A file as a rebuild checks it without reading it: its size, modification time and mode
    (the link itself, when it is one); "missing" when there is none. Not which file it is: a
    copy that keeps the times (``cp -a``, rsync, a CI cache restored) is as good as the original."""
    try:
        info = os.lstat(path)
    except OSError:
        return "missing"
    return f"{info.st_size}:{info.st_mtime_ns}:{info.st_mode:o}"


def link_or_copy(source: Path, target: Path) -> None:
    """``target`` made the very file ``source`` is (a hard link), or, on a disk that cannot
    link, a copy with its time."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)


def keep_unchanged(new: Path, old: Path, names: Iterable[str]) -> None:
    """Each of the files ``names`` of the new site whose bytes equal the previous site's made
    that very file: what a rebuild did not change keeps its time, so copying the site to
    its host (rsync, an FTP sync) sends only what did."""
    for name in names:
        fresh, before = new / name, old / name
        try:
            if (not stat.S_ISREG(os.lstat(before).st_mode) or os.path.samefile(fresh, before)
                    or fresh.stat().st_size != before.stat().st_size or not filecmp.cmp(fresh, before, shallow=False)):
                continue
        except OSError:
            continue
        spare = fresh.with_name(f".{fresh.name}.helpflow-same")
        link_or_copy(before, spare)
        os.replace(spare, fresh)


def write_manifest(site: Path) -> None:
    """List what the build wrote, for the next build to tell a school's own files from it."""
    write_file(site, MANIFEST_FILE, MANIFEST_HEADER + "".join(f"{name}\n" for name in sorted(_entries(site))))


def write_root_files(site: Path, index_html: str, cname: str) -> None:
    """The files at a site's root that helpflow writes itself: the language choice page
    (``index_html``), its own assets, and ``CNAME`` when the school has a ``cname``."""
    write_file(site, "index.html", index_html)
    for asset in sorted(ASSETS.iterdir()):
        write_file(site, asset.name, read_limited(asset, ASSET_LIMIT, "asset"))
    if cname:
        write_file(site, "CNAME", cname + "\n")


@contextlib.contextmanager
def build_folder(out: Path) -> Iterator[Path]:
    """An empty, world-readable folder beside ``out`` to build the new site in, held (locked)
    while this build may write it, and gone afterwards (unless swapped in as ``out``).
    It is named after this process (its id and start time), for whoever finds it."""
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-{_me()}-", dir=out.parent))
    try:
        with _held(tmp):
            tmp.chmod(SITE_MODE)
            yield tmp
    except BaseException:
        # Interrupted, even while the previous site was being removed after the swap: this
        # process's own leftovers go now (none is held any more), not at the next build.
        with contextlib.suppress(OSError):
            clear_leftovers(out.parent, [out.name])
        raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@contextlib.contextmanager
def interrupts_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the block ends: for steps that must happen together."""
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def swap(new: Path, out: Path) -> None:
    """Put ``new`` where ``out`` is, keeping the old site until the new one is in place.
    Ctrl-C or SIGTERM waits for both renames: never is there no site at all."""
    old = None
    with contextlib.ExitStack() as holding:
        with interrupts_held():
            if out.exists():
                old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-{_me()}-", dir=out.parent))
                holding.enter_context(_held(old))
                try:
                    out.rename(old / "site")
                except OSError:
                    old.rmdir()
                    raise
            try:
                new.rename(out)
            except OSError:
                if old:
                    (old / "site").rename(out)
                    old.rmdir()
                raise
        if old:
            shutil.rmtree(old, ignore_errors=True)


def clear_leftovers(folder: Path, sites: Iterable[str]) -> None:
    """Remove what killed builds of the ``sites`` (folder names) left in ``folder``; put back
    a site caught mid-swap. A build names its own sites: another tool's hidden folder that
    happens to look like a leftover is then never touched."""
    names = set(sites)
    if not folder.is_dir():  # nothing was made there yet
        return
    for leftover in sorted(folder.iterdir()):
        match = _LEFTOVER.fullmatch(leftover.name)
        if (not match or match["name"] not in names
                or _in_use(leftover, int(match["pid"]), match["start"] or "")):
            continue
        site = folder / match["name"]
        if match["kind"] == "old" and not site.exists() and (leftover / "site").is_dir():
            (leftover / "site").rename(site)
        shutil.rmtree(leftover, ignore_errors=True)


def write_problem(out: Path, exc: OSError) -> str:
    """One line for a site that could not be written: where, why, and what to do."""
    code = exc.errno or 0
    if code in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        fix = "free some space on that disk, or build into a folder on another disk"
    elif code in (errno.EACCES, errno.EPERM, errno.EROFS):
        fix = "choose a folder you may write to for --out, or change its permissions"
    elif code == errno.ENAMETOOLONG:
        fix = "choose a shorter path for --out"
    else:
        fix = "check the folder and its disk, then build again"
    where = f" ({printable_path(exc.filename, 80)})" if exc.filename else ""
    return problem(out, "", f"the site could not be written: {exc.strerror or exc}{where}", fix)


def _me() -> str:
    """This process as a leftover's name records it: ``<pid>.<start time>``."""
    return f"{os.getpid()}.{_started(os.getpid()) or 0}"


def _started(pid: int) -> str:
    """When process ``pid`` started (clock ticks after boot, from Linux's /proc), or ""."""
    stat = _stat(pid)
    return stat[19] if stat and len(stat) > 19 else ""


def _stat(pid: int) -> list[str] | None:
    """The fields of /proc/<pid>/stat after the command name, or None when no such process runs."""
    text = read_state(Path(f"/proc/{pid}/stat"), 4096)
    return None if text is None else text.rsplit(")", 1)[-1].split()


@contextlib.contextmanager
def _held(folder: Path) -> Iterator[None]:
    """Hold ``folder``'s lock: another build sees it in use for as long as this process may
    write it, and not a moment after this process ends, however it ends."""
    fd = open_folder(folder)
    try:
        if fd is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        yield
    finally:
        if fd is not None:
            os.close(fd)


def _in_use(leftover: Path, pid: int, started: str) -> bool:
    """Whether a build may still write ``leftover``: one holds its lock or, in the instant
    between making the folder and locking it, its very process (same id, same start time)
    still runs. What its process id names now does not count. Where the lock cannot be
    tried, the process id and start time decide alone (``_alive``)."""
    fd = open_folder(leftover)
    if fd is None:
        return _alive(pid, started)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return _alive(pid, started)
    finally:
        os.close(fd)
    return started not in ("", "0") and _alive(pid, started)


def _alive(pid: int, started: str) -> bool:
    """Whether the process that made a leftover still runs. A process id is reused once
    its process ended, so where /proc tells, the start time must match too; a zombie
    builds nothing. This very process is never still building a leftover of its own."""
    if pid == os.getpid():
        return False
    if _PROC:
        stat = _stat(pid)
        return stat is not None and len(stat) > 19 and stat[0] not in ("Z", "X") and started in ("", "0", stat[19])
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
