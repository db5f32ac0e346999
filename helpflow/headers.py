"""Security headers for a built site: a ``_headers`` file and an nginx snippet.

The Content-Security-Policy allows scripts by file ('self') plus the sha256 hash of
each inline script Material emits, computed from the built HTML, so ``script-src``
never needs 'unsafe-inline'. Pure text work apart from ``write_security_headers``.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.I | re.S)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
_SRC = re.compile(r"\bsrc\s*=", re.I)
_JS_TYPES = {"", "text/javascript", "application/javascript", "module"}

HEADERS_FILE = "_headers"
NGINX_FILE = "nginx.conf"


def inline_script_hashes(pages: Iterable[str]) -> list[str]:
    """CSP sources (``'sha256-…'``) for every executable inline script in ``pages``, sorted.

    Data blocks (``type="application/json"``) never run, so they need no hash.
    """
    hashes: set[str] = set()
    for page in pages:
        for attrs, body in _SCRIPT.findall(page):
            kind = _TYPE.search(attrs)
            if _SRC.search(attrs) or (kind[1].lower() if kind else "") not in _JS_TYPES:
                continue
            digest = hashlib.sha256(body.encode("utf-8")).digest()
            hashes.add(f"'sha256-{base64.b64encode(digest).decode('ascii')}'")
    return sorted(hashes)


def content_security_policy(script_hashes: Iterable[str]) -> str:
    """The site's CSP. Inline ``style`` attributes (the diagram's size, Material's
    widgets) are allowed by ``style-src-attr``; ``<style>`` elements and style sheets
    only from the site itself."""
    return "; ".join([
        "default-src 'self'",
        " ".join(["script-src 'self'", *script_hashes]),
        "style-src 'self'",
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])


def security_headers(script_hashes: Iterable[str]) -> dict[str, str]:
    """Every header the site should be served with, by name."""
    return {
        "Content-Security-Policy": content_security_policy(script_hashes),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "X-Frame-Options": "DENY",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    }


def headers_file(headers: dict[str, str]) -> str:
    """Netlify and Cloudflare Pages ``_headers`` syntax: a path pattern, then indented headers."""
    lines = ["# Security headers for Netlify and Cloudflare Pages (written by helpflow build).", "/*"]
    return "\n".join(lines + [f"  {name}: {value}" for name, value in headers.items()]) + "\n"


def nginx_snippet(headers: dict[str, str]) -> str:
    """The same headers for nginx: ``include`` it inside the site's ``server`` or ``location`` block."""
    lines = ["# Security headers for nginx (written by helpflow build): include this file",
             "# inside the server { } block that serves the site."]
    lines += [f'add_header {name} "{value}" always;' for name, value in headers.items()]
    return "\n".join(lines) + "\n"


def parse_headers_file(text: str) -> dict[str, dict[str, str]]:
    """Read a ``_headers`` file back: path pattern -> headers (for tests and tools)."""
    rules: dict[str, dict[str, str]] = {}
    current: dict[str, str] | None = None
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            current = rules.setdefault(line.strip(), {})
        elif current is not None:
            name, _, value = line.strip().partition(":")
            current[name.strip()] = value.strip()
    return rules


def write_security_headers(site: Path) -> dict[str, str]:
    """Write ``_headers`` and ``nginx.conf`` at the root of a built site; return the headers."""
    pages = (p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html")))
    headers = security_headers(inline_script_hashes(pages))
    (site / HEADERS_FILE).write_text(headers_file(headers), encoding="utf-8")
    (site / NGINX_FILE).write_text(nginx_snippet(headers), encoding="utf-8")
    return headers
