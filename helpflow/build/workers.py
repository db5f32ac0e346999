"""Building many schools at once: a forked process per school, none outliving the build.

One process per school, not a pool: when one dies (killed, out of memory) only its
school fails, and the others go on. Each worker leads its own process group, so the
build stops it and whatever it started (``dot``) in one call when it is interrupted
(Ctrl-C, SIGTERM), and each dies with the build however the build ends, ``kill -9``
too: on Linux the kernel signals it (``PR_SET_PDEATHSIG``), elsewhere it watches its
parent. Forked, so every worker starts with what the parent loaded and compiled.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess

from helpflow.build.progress import BuildResult

Job = tuple[str, Callable[[], BuildResult]]
"""A school's slug, and its build: run in a worker, it returns the school's result."""
PR_SET_PDEATHSIG = 1
"""From <linux/prctl.h>: the signal a process gets when its parent ends."""
WATCH_SECONDS = 0.5
INTERRUPTS = {signal.SIGINT, signal.SIGTERM}


def can_fork() -> bool:
    """Whether forked workers can build: the system forks, and this process runs no thread that
    Python did not start. A fork copies only the calling thread; a native library's thread pool
    (Typst's, once a handout was compiled) is gone in the child while its state says it is
    there, and the child's next use of it waits forever. Then the schools build one by one."""
    return "fork" in multiprocessing.get_all_start_methods() and _native_threads() == 0


def _native_threads() -> int:
    """Threads of this process that Python's ``threading`` does not know (Linux's /proc tells)."""
    try:
        return max(0, len(os.listdir("/proc/self/task")) - threading.active_count())
    except OSError:
        return 0


def run_forked(jobs: list[Job], workers: int, done: Callable[[BuildResult], None]) -> None:
    """Run each job in a process of its own, at most ``workers`` at a time, passing each
    result to ``done`` as it comes. Interrupted, it stops every worker before it returns."""
    context = multiprocessing.get_context("fork")
    pending = list(jobs)
    running: dict[Connection, tuple[str, BaseProcess, float]] = {}
    try:
        while pending or running:
            while pending and len(running) < workers:
                slug, work = pending.pop(0)
                receive, send = context.Pipe(duplex=False)
                worker: BaseProcess = context.Process(target=_work, args=(work, send, os.getpid()),
                                                      name=f"helpflow {slug}")
                with _signals_held():  # an interrupt now would leave a worker no one stops
                    worker.start()
                    assert worker.pid is not None, "a started process has an id"
                    _lead_own_group(worker.pid)
                    running[receive] = (slug, worker, time.perf_counter())
                send.close()
            for ready in wait(list(running)):
                assert isinstance(ready, Connection)
                slug, worker, start = running.pop(ready)
                done(_result(slug, ready, worker, start))
    finally:
        for receive, (_slug, process, _start) in running.items():
            _stop(process)
            receive.close()


def _result(slug: str, receive: Connection, process: BaseProcess, start: float) -> BuildResult:
    """The worker's result, or why it has none: it ended before sending one."""
    try:
        result: BuildResult = receive.recv()
    except (EOFError, OSError):
        process.join()
        return BuildResult(slug, time.perf_counter() - start,
                           error=f"the build process stopped ({_how(process.exitcode)}); build this school "
                           "again with --school to see why")
    finally:
        receive.close()
    process.join()
    return result


def _how(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit status {code}"


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the block ends (and a worker forked meanwhile starts with
    them held, until ``_die_with`` has set what they do there)."""
    held = signal.pthread_sigmask(signal.SIG_BLOCK, INTERRUPTS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _work(work: Callable[[], BuildResult], send: Connection, parent: int) -> None:
    """A worker's whole life: bound to its parent, build, send the result."""
    _die_with(parent)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, INTERRUPTS)
    send.send(work())
    send.close()


def _die_with(parent: int) -> None:
    """Make this worker, and what it starts, end when the build that forked it ends."""
    os.setpgid(0, 0)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops the group
    signal.signal(signal.SIGTERM, _end_group)
    if not _parent_death_signal(signal.SIGTERM):
        threading.Thread(target=_watch, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent ended before the kernel was told
        _end_group()


def _parent_death_signal(signum: int) -> bool:
    """Ask Linux to send ``signum`` when the parent ends; False where that cannot be asked."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        return bool(ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(signum)) == 0)
    except (OSError, AttributeError):
        return False


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    _end_group()


def _end_group(*_: object) -> None:
    """Kill this worker's process group: the worker and any ``dot`` it runs."""
    os.killpg(0, signal.SIGKILL)


def _lead_own_group(pid: int) -> None:
    """The worker's own group, set from this side too: a stop can come before the worker sets it."""
    try:
        os.setpgid(pid, pid)
    except OSError:  # it already ended, or set it itself
        pass


def _stop(process: BaseProcess) -> None:
    """Kill a worker and everything in its group, and wait for it."""
    try:
        os.killpg(process.pid, signal.SIGKILL)  # type: ignore[arg-type]
    except OSError:
        process.kill()
    process.join()
