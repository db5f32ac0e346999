"""helpflow stats: a 1 GB access log streams with flat memory (peak no more than 10 MB above a 100 MB log's).

Each log is generated into a temporary folder (lines of a school's day: pages, answers,
the widget's counting file, assets, scanners, a few malformed lines) and read by the real
``helpflow stats`` in a process of its own, whose peak resident memory is its own
``ru_maxrss``. The site is a small one shaped as helpflow builds them.
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SIZES = (100 * 1024**2, 1024**3)
FLAT = 10 * 1024
"""KB a log ten times as long may add to the peak: a line, not the log, is held."""
FLOW = "wachtwoord-vergeten"
OUTCOMES = {"mail-naar-de-school": "mail-school", "zelf-een-nieuw-wachtwoord": "self-reset"}
_PEAK = """import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"""


def _site(root: Path) -> Path:
    (root / "nl" / FLOW).mkdir(parents=True)
    (root / "index.html").write_text('<link rel="canonical" href="https://help.school.be/">\n'
                                     '<a href="nl/index.html" hreflang="nl" lang="nl">Nederlands</a>\n')
    (root / "nl" / "index.html").write_text("<p>home</p>")
    for name, outcome in OUTCOMES.items():
        links = "".join(f'<a href="feedback/{a}.html?flow={FLOW}&amp;outcome={outcome}">{a}</a>' for a in ("yes", "no"))
        (root / "nl" / FLOW / f"{name}.html").write_text(links)
    return root


def _block(rng: random.Random) -> bytes:
    """About a megabyte of log lines, as a day of a school's help site might have them."""
    targets = ["/nl/", f"/nl/{FLOW}/", f"/nl/{FLOW}/mail-naar-de-school.html", "/nl/assets/helpflow.css",
               f"/nl/feedback/yes.html?flow={FLOW}&outcome=mail-school",
               f"/nl/feedback/no.html?flow={FLOW}&outcome=self-reset",
               f"/nl/feedback/reached.txt?flow={FLOW}&outcome=self-reset", "/wp-login.php"]
    lines = []
    size = 0
    while size < 1024**2:
        if rng.random() < 0.001:
            line = "garbage that is not a log line\n"
        else:
            ip = ".".join(str(rng.randrange(256)) for _ in range(4))
            line = (f'{ip} - - [02/Dec/2026:08:{rng.randrange(60):02d}:{rng.randrange(60):02d} +0100] '
                    f'"GET {rng.choice(targets)} HTTP/1.1" {rng.choice((200, 200, 200, 304, 404))} {rng.randrange(9999)} '
                    f'"https://help.school.be/nl/" "Mozilla/5.0 (Linux; Android 14) Chrome/{rng.randrange(90, 131)}.0"\n')
        lines.append(line)
        size += len(line)
    return "".join(lines).encode()


def _log(path: Path, size: int) -> None:
    rng = random.Random(21)
    blocks = [_block(rng) for _ in range(8)]
    written = 0
    with path.open("wb") as out:
        while written < size:
            block = blocks[written // len(blocks[0]) % len(blocks)]
            out.write(block)
            written += len(block)


def _peak(site: Path, log: Path) -> tuple[int, float]:
    """Peak resident memory (KB) and seconds of ``helpflow stats`` over ``log``."""
    command = [sys.executable, "-m", "helpflow.cli", "stats", "--site", str(site), "--csv", str(log) + ".csv",
               str(log)]
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _PEAK, *command], check=True, capture_output=True, text=True)
    return int(done.stdout.strip()), time.perf_counter() - start


def run() -> bool:
    peaks = []
    with tempfile.TemporaryDirectory(prefix="bench-stats-") as tmp:
        site = _site(Path(tmp) / "site")
        for size in SIZES:
            log = Path(tmp) / f"access-{size // 1024**2}.log"
            _log(log, size)
            peak, seconds = _peak(site, log)
            peaks.append(peak)
            print(f"  {size / 1024**2:.0f} MB log: peak memory {peak / 1024:.1f} MB, {seconds:.1f} s "
                  f"({size / 1024**2 / seconds:.0f} MB/s)")
            log.unlink()
    growth = peaks[1] - peaks[0]
    ok = growth <= FLAT
    print(f"  memory from the 100 MB to the 1 GB log: {growth / 1024:+.1f} MB (at most {FLAT / 1024:.0f} MB): "
          f"{'met' if ok else 'MISSED'}")
    return ok
