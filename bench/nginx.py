"""A built site served as a school would host it: Debian's nginx on 127.0.0.1, including the
site's own ``nginx.conf`` snippet (its headers, its gzip types, its 404 page), with gzip at
the level Debian's nginx.conf suggests. Shared by the first-visit and Lighthouse benches."""

from __future__ import annotations

import contextlib
import grp
import os
import pwd
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from helpflow.paths import NGINX_FILE

NGINX = Path("/usr/sbin/nginx")
CONF = """daemon off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
{user}
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    gzip_comp_level 6;
    server {{
        listen 127.0.0.1:{port};
        root {site};
        include {site}/{nginx_file};
    }}
}}
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _worker_user() -> str:
    """As root, nginx's workers run as nobody (the site and its folders must be world-readable)."""
    if os.geteuid() != 0:
        return ""
    nobody = pwd.getpwnam("nobody")
    return f"user {nobody.pw_name} {grp.getgrgid(nobody.pw_gid).gr_name};"


@contextlib.contextmanager
def served(site: Path) -> Iterator[str]:
    """``site`` served by nginx until the block ends; yields its base URL (ending in /)."""
    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="bench-nginx-") as tmp:
        conf = Path(tmp) / "nginx.conf"
        conf.write_text(CONF.format(tmp=tmp, user=_worker_user(), port=port, site=site, nginx_file=NGINX_FILE),
                        encoding="utf-8")
        process = subprocess.Popen([str(NGINX), "-p", tmp, "-c", str(conf), "-e", f"{tmp}/error.log"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            _wait_for(port, process, Path(tmp) / "error.log")
            yield f"http://127.0.0.1:{port}/"
        finally:
            process.terminate()
            process.wait(timeout=10)


def _wait_for(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return
        time.sleep(0.05)
    raise RuntimeError(f"nginx did not start: {log.read_text(errors='replace') if log.exists() else ''}")
