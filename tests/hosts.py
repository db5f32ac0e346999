"""A built site served as a school hosts it, on 127.0.0.1: Debian's nginx including the site's
own ``nginx.conf``, or Debian's Apache reading its ``.htaccess``, each with the least
configuration the README asks of a host. One place for the tests (``from hosts import …``)
and the benchmarks (``from tests.hosts import …``): no pytest here."""

from __future__ import annotations

import contextlib
import grp
import os
import pwd
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from helpflow.paths import NGINX_FILE

SBIN = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/sbin"])
"""Where a server may be: the PATH first (one from another source), then Debian's."""
APACHE_MODULES = Path("/usr/lib/apache2/modules")
MIME_TYPES = "include /etc/nginx/mime.types;"
"""The types nginx sends, as Debian's nginx.conf has them; a test may name its own."""
APACHE_MODULE_NAMES = ("mpm_event", "authz_core", "headers", "alias", "mime", "dir", "filter", "deflate")
"""The only Apache modules loaded (``mod_<name>.so``): what ``.htaccess`` needs."""


class Served(NamedTuple):
    server: str
    port: int
    folder: Path
    """The server's own files: its configuration, its logs (``access.log``: nginx's ``combined``)."""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"


def binary(name: str) -> str | None:
    return shutil.which(name, path=SBIN)


def missing_apache_modules() -> list[str]:
    return [m for m in APACHE_MODULE_NAMES if not (APACHE_MODULES / f"mod_{m}.so").is_file()]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def worker_user() -> tuple[str, str] | None:
    """Run as root, servers hand requests to an unprivileged user (Apache refuses root): the
    site and its folders must be readable by anyone."""
    if os.geteuid() != 0:
        return None
    nobody = pwd.getpwnam("nobody")
    return nobody.pw_name, grp.getgrgid(nobody.pw_gid).gr_name


def nginx_command(site: Path, tmp: Path, port: int, types: str = MIME_TYPES) -> list[str]:
    user = worker_user()
    (tmp / "nginx.conf").write_text(f"""daemon off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
{f"user {user[0]} {user[1]};" if user else ""}
events {{ worker_connections 64; }}
http {{
    {types}
    default_type application/octet-stream;
    access_log {tmp}/access.log combined;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    gzip_comp_level 6;
    server {{
        listen 127.0.0.1:{port};
        root {site};
        include {site}/{NGINX_FILE};
    }}
}}
""", encoding="utf-8")
    return [binary("nginx") or "nginx", "-p", str(tmp), "-c", str(tmp / "nginx.conf"), "-e", str(tmp / "error.log")]


def apache_command(site: Path, tmp: Path, port: int) -> list[str]:
    """Debian's Apache with only the modules ``.htaccess`` needs, and the least
    ``AllowOverride`` the README asks for."""
    user = worker_user()
    (tmp / "mime.types").write_text("", encoding="utf-8")  # the types come from AddType below
    (tmp / "apache.conf").write_text("\n".join([
        f'ServerRoot "{tmp}"', "ServerName 127.0.0.1", f"Listen 127.0.0.1:{port}",
        f'PidFile "{tmp}/apache.pid"', f'DefaultRuntimeDir "{tmp}"', f'ErrorLog "{tmp}/error.log"', "LogLevel warn",
        *(f"LoadModule {name}_module {APACHE_MODULES}/mod_{name}.so" for name in APACHE_MODULE_NAMES),
        *([f"User {user[0]}", f"Group {user[1]}"] if user else []),
        f'TypesConfig "{tmp}/mime.types"', f'DocumentRoot "{site}"', "DirectoryIndex index.html",
        "AddType text/html .html", "AddType text/css .css", "AddType application/javascript .js",
        "AddType application/json .json .map",
        "<Directory />", "    AllowOverride None", "    Require all denied", "</Directory>",
        f'<Directory "{site}">', "    AllowOverride FileInfo", "    Require all granted", "</Directory>", "",
    ]), encoding="utf-8")
    return [binary("apache2") or "apache2", "-f", str(tmp / "apache.conf"), "-DFOREGROUND"]


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextlib.contextmanager
def served(server: str, site: Path, tmp: Path, types: str = MIME_TYPES) -> Iterator[Served]:
    """``site`` served by ``server`` (nginx or apache) until the block ends, its files in ``tmp``;
    nginx sends ``types``, Apache its own few. A server that does not start is a RuntimeError
    holding its logs."""
    port = free_port()
    command = nginx_command(site, tmp, port, types) if server == "nginx" else apache_command(site, tmp, port)
    with open(tmp / "stderr", "wb") as stderr:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr)
    deadline = time.monotonic() + 10
    while process.poll() is None and time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    else:
        _stop(process)
        logs = "\n".join(p.read_text(errors="replace") for p in (tmp / "stderr", tmp / "error.log") if p.exists())
        raise RuntimeError(f"{server} did not start: {' '.join(command)}\n{logs}")
    try:
        yield Served(server, port, tmp)
    finally:
        _stop(process)
