"""Security headers for a built site, in the form each host the README offers can use.

- ``_headers``: Netlify and Cloudflare Pages read it as it is (and never serve it).
- ``nginx.conf``: a snippet to ``include`` inside the site's ``server { }`` block.
- ``.htaccess``: read by Apache from the site's folder (mod_headers, mod_alias).
- a ``<meta http-equiv="Content-Security-Policy">`` in every page: GitHub Pages sends no
  headers of ours, but a browser still applies the policy a page carries itself.

The Content-Security-Policy allows scripts by file ('self') plus the sha256 hash of
each inline script Material emits, computed from the built HTML, so ``script-src``
never needs 'unsafe-inline'. The server files also keep the deploy files and source
maps from being served, and answer a missing page with the site's own 404 page.
Pure text work apart from ``write_security_headers``.
"""

from __future__ import annotations

import base64
import hashlib
import html
import os
import re
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

from helpflow.paths import DEPLOY_FILES, HEADERS_FILE, HTACCESS_FILE, NGINX_FILE

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.I | re.S)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
_SRC = re.compile(r"\bsrc\s*=", re.I)
_JS_TYPES = {"", "text/javascript", "application/javascript", "module"}

HIDDEN = "(^|/)(" + "|".join(map(re.escape, DEPLOY_FILES)) + r")$|\.map$"
"""URL paths the servers answer with 404: the deploy files and source maps (a regex that
means the same in Python, nginx's PCRE and Apache's PCRE)."""
META_IGNORED = ("frame-ancestors", "report-uri", "report-to", "sandbox")
"""CSP directives browsers ignore in a ``<meta>`` policy: only a header can carry them."""

_NOTES = {
    "Strict-Transport-Security": [
        "Browsers ignore Strict-Transport-Security on plain http (RFC 6797, 8.1), so it does",
        "nothing until this host answers over https; then it keeps browsers on https for a",
        "year. No includeSubDomains: other hosts of the school's domain may lack https.",
    ],
}
"""Comments the server files put above a header, for whoever edits them."""

_CHARSET = re.compile(r"""<meta\s+charset\s*=\s*["']?[\w-]+["']?\s*/?>""", re.I)
_HEAD = re.compile(r"<head\b[^>]*>", re.I)
_OUR_META = re.compile(r'<meta (?:http-equiv="Content-Security-Policy"|name="referrer") content="[^"]*">')
_LINK = re.compile(r"<link\b[^>]*>", re.I)
_LANG_LINK = re.compile(r'href="([^"/:]+)/index\.html"')
_URL_PATH = re.compile(r"/[A-Za-z0-9._~/-]*")


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


def meta_content_security_policy(csp: str) -> str:
    """``csp`` without the directives a ``<meta>`` policy cannot carry (browsers would
    ignore them there, with a console warning on every page)."""
    kept = [d.strip() for d in csp.split(";") if d.strip() and d.split()[0].lower() not in META_IGNORED]
    return "; ".join(kept)


def security_headers(script_hashes: Iterable[str]) -> dict[str, str]:
    """Every header the site should be served with, by name.

    HSTS without includeSubDomains or preload: schools host on subdomains of a main
    domain whose other hosts they do not control. The site loads nothing from other
    origins and opens no window it needs to script, hence the same-origin COOP and CORP.
    """
    return {
        "Content-Security-Policy": content_security_policy(script_hashes),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "X-Frame-Options": "DENY",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
        "Strict-Transport-Security": "max-age=31536000",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cross-Origin-Resource-Policy": "same-origin",
    }


def _quoted(value: str) -> str:
    """``value`` in double quotes for nginx and Apache; refuse what would end the quote."""
    if re.search(r'["\\\n\r]', value):
        raise ValueError(f"header value cannot go in a server config: {value!r}")
    return f'"{value}"'


def _header_lines(headers: dict[str, str], template: str) -> list[str]:
    lines: list[str] = []
    for name, value in headers.items():
        lines += [f"# {note}" for note in _NOTES.get(name, [])]
        lines.append(template.format(name=name, value=_quoted(value)))
    return lines


def headers_file(headers: dict[str, str]) -> str:
    """Netlify and Cloudflare Pages ``_headers`` syntax: a path pattern, then indented headers."""
    lines = ["# Security headers for Netlify and Cloudflare Pages (written by helpflow build).", "/*"]
    return "\n".join(lines + [f"  {name}: {value}" for name, value in headers.items()]) + "\n"


COMPRESSED = ("text/css", "application/javascript", "text/javascript", "application/json", "image/svg+xml",
              "application/xml", "text/xml")
"""The text types a site has besides HTML: its CSS, scripts, search index, SVG and sitemap."""


def nginx_snippet(headers: dict[str, str], not_found: str | None) -> str:
    """The headers, the 404 page and the hidden files for nginx: ``include`` it inside the
    site's ``server { }`` block. ``not_found`` is the 404 page's URL path."""
    lines = ["# nginx (written by helpflow build): include this file inside the server { } block",
             "# that serves the site, e.g.  include /var/www/help/nginx.conf;",
             "# A location { } with add_header lines of its own loses all of these: add none there.",
             *_header_lines(headers, "add_header {name} {value} always;")]
    lines += ["", "# Compressed: nginx's own gzip compresses HTML only, and the theme's script and CSS",
              "# are most of a first visit.", "gzip on;", f"gzip_types {' '.join(COMPRESSED)};"]
    if not_found:
        lines += ["", "# The site's own 404 page, in its default language.", f"error_page 404 {not_found};"]
    lines += ["", "# Files for the host, not for readers, and source maps: answer as if they were not there.",
              f'location ~ "{HIDDEN}" {{', "    return 404;", "}"]
    return "\n".join(lines) + "\n"


def htaccess(headers: dict[str, str], not_found: str | None) -> str:
    """The same for Apache, as the ``.htaccess`` of the site's folder."""
    lines = ["# Apache (written by helpflow build): read from the site's folder when the server",
             "# allows it there (AllowOverride FileInfo, or All) and needs mod_headers and",
             "# mod_alias (a2enmod headers alias). Without mod_headers Apache answers 500 rather",
             "# than serve the site without its security headers.",
             *_header_lines(headers, "Header always set {name} {value}")]
    lines += ["", "# Compressed, where mod_deflate is on.", "<IfModule mod_deflate.c>",
              f"    AddOutputFilterByType DEFLATE text/html {' '.join(COMPRESSED)}", "</IfModule>"]
    if not_found:
        lines += ["", "# The site's own 404 page, in its default language.", f"ErrorDocument 404 {not_found}"]
    lines += ["", "# Files for the host, not for readers, and source maps: answer as if they were not there.",
              f'RedirectMatch 404 "{HIDDEN}"']
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


def _root_page(site: Path) -> str:
    root = site / "index.html"
    return root.read_text(encoding="utf-8") if root.is_file() else ""


def site_path(site: Path) -> str:
    """The URL path the site is served under (``/help/`` for ``https://school.be/help/``):
    the path of the root page's canonical link, else ``/``. Servers need it because they
    find the 404 page by URL path, not by file."""
    for tag in _LINK.findall(_root_page(site)):
        rel, href = (re.search(rf'\b{name}="([^"]*)"', tag, re.I) for name in ("rel", "href"))
        if rel and href and rel[1].lower() == "canonical":
            path = urlsplit(html.unescape(href[1])).path or "/"
            return path if path.endswith("/") else path + "/"
    return "/"


def not_found_page(site: Path, default_lang: str | None = None, base_path: str | None = None) -> str | None:
    """URL path of the 404 page servers should answer with: ``<base><lang>/404.html`` for
    ``default_lang``, else for the first language the root page lists that has one (the
    school's default), else the first ``*/404.html`` in name order; None without any."""
    if default_lang is None:
        listed = [lang for lang in _LANG_LINK.findall(_root_page(site)) if (site / lang / "404.html").is_file()]
        found = listed or sorted(p.parent.name for p in site.glob("*/404.html"))
        if not found:
            return None
        default_lang = found[0]
    path = f"{base_path or site_path(site)}{default_lang}/404.html"
    if not _URL_PATH.fullmatch(path):
        raise ValueError(f"404 page address cannot go in a server config: {path!r}")
    return path


def _attribute(value: str) -> str:
    return html.escape(value, quote=False).replace('"', "&quot;")


def with_meta_policy(page: str, csp: str, referrer: str) -> str:
    """``page`` with the policy as ``<meta>`` tags as early in ``<head>`` as they can go:
    right after ``<meta charset>`` (which must stay first), or after ``<head>`` when a
    script comes before it. A meta policy only governs what follows it. Earlier tags of
    ours are replaced, so a second run changes nothing."""
    page = _OUR_META.sub("", page)
    first_script = page.lower().find("<script")
    charset = _CHARSET.search(page)
    anchor = charset if charset and (first_script < 0 or charset.start() < first_script) else _HEAD.search(page)
    if not anchor:
        raise ValueError("no <head> to hold the Content-Security-Policy <meta>")
    metas = (f'<meta http-equiv="Content-Security-Policy" content="{_attribute(csp)}">'
             f'<meta name="referrer" content="{_attribute(referrer)}">')
    return page[:anchor.end()] + metas + page[anchor.end():]


def _replace(path: Path, text: str) -> None:
    """Write ``path`` whole or not at all, keeping its mode: a reader (or a crash) never
    sees half a page, and a web server that could read the page still can."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.chmod(tmp, stat.S_IMODE(path.stat().st_mode))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_security_headers(site: Path, *, default_lang: str | None = None,
                           base_path: str | None = None) -> dict[str, str]:
    """Write ``_headers``, ``nginx.conf`` and ``.htaccess`` at the root of a built site and
    put the meta policy into every page; return the headers. Call it once every page is
    written: the script hashes come from the pages. ``default_lang`` and ``base_path``
    (the site's URL path, ``/`` or ``/help/``) place the 404 page; see ``not_found_page``."""
    pages = {path: path.read_text(encoding="utf-8") for path in sorted(site.rglob("*.html"))}
    headers = security_headers(inline_script_hashes(pages.values()))
    not_found = not_found_page(site, default_lang, base_path)
    meta_csp = meta_content_security_policy(headers["Content-Security-Policy"])
    for path, text in pages.items():
        try:
            _replace(path, with_meta_policy(text, meta_csp, headers["Referrer-Policy"]))
        except ValueError as error:
            raise ValueError(f"{path}: {error}") from None
    (site / HEADERS_FILE).write_text(headers_file(headers), encoding="utf-8")
    (site / NGINX_FILE).write_text(nginx_snippet(headers, not_found), encoding="utf-8")
    (site / HTACCESS_FILE).write_text(htaccess(headers, not_found), encoding="utf-8")
    return headers
