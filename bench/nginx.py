"""A built site served as a school would host it: Debian's nginx on 127.0.0.1, including the
site's own ``nginx.conf`` snippet (its headers, its gzip types, its 404 page), with gzip at
the level Debian's nginx.conf suggests: the tests' host (``tests/hosts.py``). Shared by the
first-visit and Lighthouse benches."""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from pathlib import Path

from tests import hosts


def has_nginx() -> bool:
    return hosts.binary("nginx") is not None


@contextlib.contextmanager
def served(site: Path) -> Iterator[str]:
    """``site`` served by nginx until the block ends; yields its base URL (ending in /)."""
    with tempfile.TemporaryDirectory(prefix="bench-nginx-") as tmp, hosts.served("nginx", site, Path(tmp)) as host:
        yield host.url
