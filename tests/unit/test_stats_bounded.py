"""``helpflow stats`` in bounded memory whatever a log holds: an over-long line, a file with
no newline, a gzip bomb, a damaged gzip. Each is skipped and counted, or refused in one
line; the good lines around it are still counted exactly."""

from __future__ import annotations

import gzip
import io
import os
import re
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from test_stats import KNOWN, check_known, fake_site, line, rows, run

from helpflow.load.accesslog import GZIP_FLOOR

pytestmark = pytest.mark.any_worker

HALF = len(KNOWN) // 2
LONG = line("/nl/wachtwoord-vergeten/mail-naar-de-school.html").replace("Mozilla", "M" * (10 << 20), 1)
"""A 10 MB line that starts as a real request: counted, it would add a visit."""
_PEAK = """import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"""


def zeros_gzip(size: int) -> bytes:
    """``size`` zero bytes gzipped, packed a MiB at a time: never held unpacked."""
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb") as packer:
        for _ in range(size >> 20):
            packer.write(bytes(1 << 20))
    return out.getvalue()


def counted_in_little_memory(site: Path, log: Path):  # type: ignore[no-untyped-def]
    """The command's result, after checking that Python held no more than a few lines' worth."""
    tracemalloc.start()
    try:
        result = run(site, log)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4 << 20, f"{peak / 2**20:.1f} MiB held"
    return result


@pytest.mark.parametrize("packed", [False, True])
def test_a_10_mb_line_is_skipped_in_chunks_and_the_others_counted(packed, tmp_path):
    site = fake_site(tmp_path / "site")
    text = "".join(KNOWN[:HALF]) + LONG + "".join(KNOWN[HALF:])
    log = tmp_path / ("access.log.1.gz" if packed else "access.log")
    log.write_bytes(gzip.compress(text.encode()) if packed else text.encode())
    result = counted_in_little_memory(site, log)
    assert result.returncode == 0, result.stderr
    check_known(rows(result.stdout))
    assert f"{len(KNOWN) + 1} line(s) read" in result.stderr and "1 not in the log format" in result.stderr


def test_a_long_but_real_line_is_still_counted(tmp_path):
    site = fake_site(tmp_path / "site")
    log = tmp_path / "access.log"
    escaped = line("/nl/wachtwoord-vergeten/mail-naar-de-school.html").replace("Mozilla", "\\xC3" * 22_000, 1)
    log.write_text("".join(KNOWN[1:]) + escaped, encoding="utf-8")  # 86 KiB: an 8 KiB header, every byte escaped
    result = run(site, log)
    assert result.returncode == 0, result.stderr
    check_known(rows(result.stdout))
    assert "0 not in the log format" in result.stderr


def test_a_log_with_no_newline_at_all_is_one_skipped_line(tmp_path):
    site = fake_site(tmp_path / "site")
    log = tmp_path / "access.log"
    with log.open("wb") as file:
        file.truncate(64 << 20)  # sparse: 64 MB of zeros that take no disk
    result = counted_in_little_memory(site, log)
    assert result.returncode == 0, result.stderr
    assert "1 line(s) read" in result.stderr and "1 not in the log format" in result.stderr


def test_a_last_line_without_its_newline_is_still_counted(tmp_path):
    site = fake_site(tmp_path / "site")
    log = tmp_path / "access.log"
    log.write_text("".join(KNOWN).rstrip("\n"), encoding="utf-8")
    result = run(site, log)
    assert result.returncode == 0, result.stderr
    check_known(rows(result.stdout))
    assert "0 not in the log format" in result.stderr


def test_a_gzip_bomb_is_refused_in_one_line(tmp_path):
    site = fake_site(tmp_path / "site")
    log = tmp_path / "bomb.log.gz"
    log.write_bytes(gzip.compress("".join(KNOWN).encode()) + zeros_gzip(50 << 20))  # two members, as `cat` makes
    out = tmp_path / "out.csv"
    result = run(site, log, extra=("--csv", str(out)))
    assert result.returncode == 1
    assert result.stderr == (f"error: {log}: the gzipped log unpacks to more than {GZIP_FLOOR >> 20} MiB, over 200 "
                             "times its size: a gzip bomb, not a log; if it is a real log, unpack it (gunzip -k) "
                             "and name the plain file\n")
    assert not out.exists()


def test_a_gzip_of_binary_counts_its_lines_as_not_in_the_format(tmp_path):
    site = fake_site(tmp_path / "site")
    log = tmp_path / "access.log.2.gz"
    log.write_bytes(gzip.compress("".join(KNOWN).encode() + os.urandom(1 << 20).replace(b"\n", b"")))
    result = counted_in_little_memory(site, log)
    assert result.returncode == 0, result.stderr
    check_known(rows(result.stdout))
    assert "1 not in the log format" in result.stderr


def test_a_gz_that_is_a_plain_log_is_read_as_one(tmp_path):
    site = fake_site(tmp_path / "site")
    log = tmp_path / "access.log.1.gz"  # told apart by its first bytes, as README.md says, not its name
    log.write_text("".join(KNOWN), encoding="utf-8")
    result = run(site, log)
    assert result.returncode == 0, result.stderr
    check_known(rows(result.stdout))


def _damaged(packed: bytes, how: str) -> bytes:
    if how == "cut":
        return packed[:len(packed) // 2]
    if how == "header only":
        return b"\x1f\x8b not gzip after all\n" * 3
    if how == "crc":
        return packed[:-8] + bytes([packed[-8] ^ 1]) + packed[-7:]
    middle = bytearray(packed)  # "deflate": the packed data itself scrambled (zlib.error, not OSError)
    for i in range(100, 140):
        middle[i] ^= 0xFF
    return bytes(middle)


@pytest.mark.parametrize("how", ["cut", "header only", "crc", "deflate"])
def test_a_damaged_gzip_is_one_line_naming_it(how, tmp_path):
    site = fake_site(tmp_path / "site")
    good, log = tmp_path / "access.log", tmp_path / "access.log.1.gz"
    good.write_text("".join(KNOWN), encoding="utf-8")
    log.write_bytes(_damaged(gzip.compress("".join(KNOWN * 50).encode()), how))
    out = tmp_path / "out.csv"
    result = run(site, good, log, extra=("--csv", str(out)))
    assert result.returncode == 1
    assert re.fullmatch(rf"error: {re.escape(str(log))}: the log is damaged after line \d+ \([^\n]+\); "
                        r"copy it from the server again\n", result.stderr), result.stderr
    assert not out.exists()


@pytest.mark.parametrize("make", [
    lambda log: log.write_bytes(zeros_gzip(50 << 20)),
    lambda log: (log.touch(), os.truncate(log, 300 << 20)),  # sparse: no disk
], ids=["gzip bomb", "sparse 300 MB"])
def test_memory_stays_flat_in_a_process_of_its_own(make, tmp_path):
    site = fake_site(tmp_path / "site")
    log = tmp_path / "access.log.gz"
    make(log)
    command = [sys.executable, "-m", "helpflow.cli", "stats", "--site", str(site), str(log)]
    done = subprocess.run([sys.executable, "-c", _PEAK, *command], check=True, capture_output=True, text=True)
    peak = int(done.stdout)
    assert peak < 80 << 10, f"peak resident memory {peak >> 10} MB"  # Python and helpflow alone: about 25 MB


@pytest.mark.parametrize(("packing", "name"), [
    (lambda data: __import__("bz2").compress(data), "bzip2"),
    (lambda data: __import__("lzma").compress(data), "xz"),
    (lambda data: b"\x28\xb5\x2f\xfd" + data, "zstd"),
], ids=["bzip2", "xz", "zstd"])
def test_a_log_packed_another_way_is_named_not_counted_as_nothing(tmp_path, packing, name):
    """logrotate can pack with bzip2, xz or zstd: read as text, such a log counted nothing."""
    site = fake_site(tmp_path / "site")
    log = tmp_path / "access.log.1.packed"
    log.write_bytes(packing("".join(KNOWN).encode()))
    result = run(site, log)
    errors = [text for text in result.stderr.splitlines() if text.startswith("error: ")]
    assert result.returncode == 1 and errors == [
        f"error: {log}: the log is compressed with {name}, which stats does not unpack; unpack it "
        f"({dict(bzip2='bunzip2', xz='unxz', zstd='unzstd')[name]} -k) and name the plain file"], result.stderr
