"""Security headers for a built site, in the form each host the README offers can use.

- ``_headers``: Netlify and Cloudflare Pages read it as it is (and never serve it).
- ``nginx.conf``: a snippet to ``include`` inside the site's ``server { }`` block.
- ``.htaccess``: read by Apache from the site's folder (mod_headers, mod_alias).
- a ``<meta http-equiv="Content-Security-Policy">`` in every page: GitHub Pages sends no
  headers of ours, but a browser still applies the policy a page carries itself.

The Content-Security-Policy allows scripts by file ('self') plus the sha256 hash of
each inline script Material emits, computed from the built HTML, so ``script-src``
never needs 'unsafe-inline'. The server files also keep the deploy files and source
maps from being served, answer a missing page with the site's own 404 page in the
language of the folder it was asked under, and let browsers keep fingerprinted files
(a hash in the name: a new version is a new name) for a year while revalidating the rest.
Pure text work apart from ``write_security_headers``, which writes the pages (``BuiltPages``).
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from helpflow.paths import DEPLOY_FILES, HEADERS_FILE, HTACCESS_FILE, NGINX_FILE, NOT_FOUND_FILE
from helpflow.publish.built_pages import BuiltPages

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.I | re.S)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
_SRC = re.compile(r"\bsrc\s*=", re.I)
_JS_TYPES = {"", "text/javascript", "application/javascript", "module"}

HIDDEN = "(^|/)(" + "|".join(map(re.escape, DEPLOY_FILES)) + r")$|\.map$"
"""URL paths the servers answer with 404: the deploy files and source maps (a regex that
means the same in Python, nginx's PCRE and Apache's PCRE)."""
FINGERPRINTED = r"\.[0-9a-f]{8,64}(\.min)?\.(js|css|svg|png|webp|jpe?g|gif|ico|woff2?)$"
"""File names with a content hash before the extension (Material's ``bundle.a5f9d56c.min.js``,
``main.57a0d79d.min.css``): a changed file gets a new name, so its name may be cached for good
(a regex that means the same in Python, nginx's PCRE and Apache's PCRE)."""
DOCUMENT_HEADERS = ("Content-Security-Policy", "X-Frame-Options", "Permissions-Policy", "Cross-Origin-Opener-Policy")
"""Headers that only a document heeds: a page, an SVG, PDF or sitemap opened on its own, and the
search worker (a worker's policy is its script's answer's). A style sheet, a script a page loads
or an image does nothing with them; over HTTP/1.1 they cost each such answer about 0.7 KB."""
SUBRESOURCE = r"^(?!.*/workers/).*\.(css|js|mjs|json|png|jpe?g|gif|webp|ico|woff2?)$"
"""URL paths of what a page loads and no browser shows as a document: style sheets, scripts but
the search worker, the search index, raster images, fonts (a regex that means the same in
Python, nginx's PCRE and Apache's PCRE). Their answers get every header but ``DOCUMENT_HEADERS``."""
IMMUTABLE = "max-age=31536000, immutable"
"""Cache-Control of a fingerprinted file: a year, never revalidated."""
REVALIDATE = "no-cache"
"""Cache-Control of everything else (pages above all): kept, but asked again each time
(a 304 when unchanged), so a rebuilt site shows at once."""
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
    hashes = {hashlib.sha256(body.encode("utf-8")).digest() for page in pages for body in inline_scripts(page)}
    return sorted(f"'sha256-{base64.b64encode(digest).decode('ascii')}'" for digest in hashes)


def inline_scripts(page: str) -> list[str]:
    """The text of every inline script of ``page`` a browser would run."""
    found = []
    for attrs, body in _SCRIPT.findall(page):
        kind = _TYPE.search(attrs)
        if not _SRC.search(attrs) and (kind[1].lower() if kind else "") in _JS_TYPES:
            found.append(body)
    return found


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
        lines.append(template.format(name=name, value=_quoted(value), variable=_variable(name)))
    return lines


def _split(headers: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """(headers for every answer, headers for documents only)."""
    return ({name: value for name, value in headers.items() if name not in DOCUMENT_HEADERS},
            {name: value for name, value in headers.items() if name in DOCUMENT_HEADERS})


def _variable(name: str) -> str:
    """nginx's variable for a document's header: ``$helpflow_x_frame_options``."""
    return "$helpflow_" + name.lower().replace("-", "_")


_DOCUMENTS_ONLY = ["# Headers that only a document heeds (a page; an SVG, PDF or sitemap opened on its own;",
                   "# the search worker): not sent with the style sheets, scripts and images pages load."]


def headers_file(headers: dict[str, str], fingerprinted: Iterable[str] = ()) -> str:
    """Netlify and Cloudflare Pages ``_headers`` syntax: a path pattern, then indented headers.

    Both hosts join the values of a header that several matching rules set, so Cache-Control
    is never set on ``/*``: each ``fingerprinted`` file (URL path from the site's root) gets a
    year by its exact path; pages keep the hosts' own default, ``public, max-age=0,
    must-revalidate`` (revalidated, as the other servers' ``no-cache``)."""
    lines = ["# Security headers for Netlify and Cloudflare Pages (written by helpflow build).", "/*"]
    lines += [f"  {name}: {value}" for name, value in headers.items()]
    paths = sorted(fingerprinted)
    if paths:
        lines += ["", "# Fingerprinted files (a hash in the name): kept for a year. Pages keep the host's",
                  "# default Cache-Control (max-age=0, must-revalidate): asked again on each visit."]
    for path in paths:
        lines += [path, f"  Cache-Control: {IMMUTABLE}"]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class NotFoundPages:
    """The site's 404 pages, for servers that find them by URL path: one per language folder,
    the default language's for any other address."""

    base: str
    """The site's URL path, ``/`` or ``/help/``."""
    default: str
    languages: tuple[str, ...]
    """Every language folder with a ``404.html``, the default among them."""

    def page(self, lang: str) -> str:
        return f"{self.base}{lang}/404.html"

    @property
    def others(self) -> tuple[str, ...]:
        return tuple(lang for lang in self.languages if lang != self.default)


COMPRESSED = ("text/css", "application/javascript", "text/javascript", "application/json", "image/svg+xml",
              "application/xml", "text/xml")
"""The text types a site has besides HTML: its CSS, scripts, search index, SVG and sitemap."""


def _folders(not_found: NotFoundPages) -> str:
    """A regex of the URL paths under the other languages' folders, capturing the language."""
    return f"^{re.escape(not_found.base)}({'|'.join(map(re.escape, not_found.others))})/"


def nginx_snippet(headers: dict[str, str], not_found: NotFoundPages | None) -> str:
    """The headers, the 404 pages, caching and the hidden files for nginx: ``include`` it
    inside the site's ``server { }`` block. Only ``set`` and ``if`` at the server's level, no
    ``location`` of ours for what every answer needs: a school's own ``location { }`` keeps them."""
    every, documents = _split(headers)
    lines = ["# nginx (written by helpflow build): include this file inside the server { } block",
             "# that serves the site, e.g.  include /var/www/help/nginx.conf;",
             "# A location { } with add_header lines of its own loses all of these: add none there.",
             *_header_lines(every, "add_header {name} {value} always;")]
    if documents:  # an empty value sends no header
        lines += ["", *_DOCUMENTS_ONLY, *_header_lines(documents, "set {variable} {value};"),
                  f'if ($uri ~ "{SUBRESOURCE}") {{', *[f'    set {_variable(name)} "";' for name in documents], "}",
                  *[f"add_header {name} {_variable(name)} always;" for name in documents]]
    lines += ["", "# Fingerprinted files (a hash in the name) are kept for a year; pages and every other",
              "# file are asked again on each visit (a 304 when unchanged).",
              f"set $helpflow_cache {_quoted(REVALIDATE)};", f'if ($uri ~ "{FINGERPRINTED}") {{',
              f"    set $helpflow_cache {_quoted(IMMUTABLE)};", "}",
              "add_header Cache-Control $helpflow_cache always;"]
    lines += ["", "# Compressed: nginx's own gzip compresses HTML only, and the theme's script and CSS",
              "# are most of a first visit.", "gzip on;", f"gzip_types {' '.join(COMPRESSED)};"]
    if not_found:
        lines += ["", "# The site's own 404 page: in the language of the folder a missing page was asked",
                  "# under, else in the default language.",
                  f"set $helpflow_not_found {not_found.page(not_found.default)};"]
        if not_found.others:
            lines += [f'if ($uri ~ "{_folders(not_found)}") {{',
                      f"    set $helpflow_not_found {not_found.base}$1/404.html;", "}"]
        lines.append("error_page 404 $helpflow_not_found;")
    lines += ["", "# Files for the host, not for readers, and source maps: answer as if they were not there.",
              f'location ~ "{HIDDEN}" {{', "    return 404;", "}"]
    return "\n".join(lines) + "\n"


def htaccess(headers: dict[str, str], not_found: NotFoundPages | None) -> str:
    """The same for Apache, as the ``.htaccess`` of the site's folder."""
    every, documents = _split(headers)
    lines = ["# Apache (written by helpflow build): read from the site's folder when the server",
             "# allows it there (AllowOverride FileInfo, or All) and needs mod_headers and",
             "# mod_alias (a2enmod headers alias). Without mod_headers Apache answers 500 rather",
             "# than serve the site without its security headers.",
             *_header_lines(every, "Header always set {name} {value}")]
    if documents:
        lines += ["", *_DOCUMENTS_ONLY, f'<If "%{{REQUEST_URI}} !~ m#{SUBRESOURCE}#">',
                  *[f"    {line}" for line in _header_lines(documents, "Header always set {name} {value}")], "</If>"]
    lines += ["", "# Fingerprinted files (a hash in the name) are kept for a year; pages and every other",
              "# file are asked again on each visit (a 304 when unchanged).",
              f"Header always set Cache-Control {_quoted(REVALIDATE)}", f'<FilesMatch "{FINGERPRINTED}">',
              f"    Header always set Cache-Control {_quoted(IMMUTABLE)}", "</FilesMatch>"]
    lines += ["", "# Compressed, where mod_deflate is on.", "<IfModule mod_deflate.c>",
              f"    AddOutputFilterByType DEFLATE text/html {' '.join(COMPRESSED)}", "</IfModule>"]
    if not_found:
        lines += ["", "# The site's own 404 page: in the language of the folder a missing page was asked",
                  "# under, else in the default language.",
                  f"ErrorDocument 404 {not_found.page(not_found.default)}"]
        for lang in not_found.others:
            lines += [f'<If "%{{REQUEST_URI}} =~ m#^{re.escape(not_found.base + lang + "/")}#">',
                      f"    ErrorDocument 404 {not_found.page(lang)}", "</If>"]
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
    """URL path of the 404 page servers answer with outside the language folders; see
    ``not_found_pages``."""
    pages = not_found_pages(site, default_lang, base_path)
    return pages.page(pages.default) if pages else None


def not_found_pages(site: Path, default_lang: str | None = None,
                    base_path: str | None = None) -> NotFoundPages | None:
    """The site's 404 pages: every ``<lang>/404.html``, under ``base_path`` (else the root page's
    canonical path). The default is ``default_lang``, else the first language the root page lists
    that has one (the school's default), else the first in name order; None without any."""
    found = sorted(p.parent.name for p in site.glob("*/404.html"))
    if default_lang is None:
        listed = [lang for lang in _LANG_LINK.findall(_root_page(site)) if lang in found]
        if not (listed or found):
            return None
        default_lang = (listed or found)[0]
    pages = NotFoundPages(base_path or site_path(site), default_lang, tuple(dict.fromkeys([default_lang, *found])))
    for lang in pages.languages:
        if not _URL_PATH.fullmatch(pages.page(lang)):
            raise ValueError(f"404 page address cannot go in a server config: {pages.page(lang)!r}")
    return pages


def fingerprinted_files(site: Path) -> list[str]:
    """URL paths (from the site's folder) of the files named with a content hash."""
    return sorted("/" + path.relative_to(site).as_posix() for path in site.rglob("*")
                  if path.is_file() and re.search(FINGERPRINTED, path.name))


def _attribute(value: str) -> str:
    return html.escape(value, quote=False).replace('"', "&quot;")


def _policy_place(page: str) -> re.Match[str] | None:
    """Where ``with_meta_policy`` puts the policy: its ``<meta charset>`` or its ``<head>``."""
    first_script = page.lower().find("<script")
    charset = _CHARSET.search(page)
    return charset if charset and (first_script < 0 or charset.start() < first_script) else _HEAD.search(page)


def can_hold_policy(page: str) -> bool:
    """Whether ``page`` has a ``<head>`` for the policy (an engine's page may have none)."""
    return _policy_place(page) is not None


def with_meta_policy(page: str, csp: str, referrer: str) -> str:
    """``page`` with the policy as ``<meta>`` tags as early in ``<head>`` as they can go:
    right after ``<meta charset>`` (which must stay first), or after ``<head>`` when a
    script comes before it. A meta policy only governs what follows it. Earlier tags of
    ours are replaced, so a second run changes nothing."""
    page = _OUR_META.sub("", page)
    anchor = _policy_place(page)
    if not anchor:
        raise ValueError("no <head> to hold the Content-Security-Policy <meta>")
    metas = (f'<meta http-equiv="Content-Security-Policy" content="{_attribute(csp)}">'
             f'<meta name="referrer" content="{_attribute(referrer)}">')
    return page[:anchor.end()] + metas + page[anchor.end():]


def write_security_headers(site: Path, *, default_lang: str | None = None, base_path: str | None = None,
                           pages: BuiltPages | None = None) -> dict[str, str]:
    """Write ``_headers``, ``nginx.conf`` and ``.htaccess`` at the root of a built site and
    put the meta policy into every page; return the headers. Call it once every page is
    final: the script hashes come from the pages, as ``pages`` has them when given (the
    finishing steps' changes, written here with the policy). ``default_lang`` and ``base_path``
    (the site's URL path, ``/`` or ``/help/``) place the 404 pages; see ``not_found_pages``."""
    pages = pages or BuiltPages(site)
    texts = {name: pages.text(name) for name in pages.names() if name != NOT_FOUND_FILE}
    headers = security_headers(inline_script_hashes(texts.values()))
    not_found = not_found_pages(site, default_lang, base_path)
    meta_csp = meta_content_security_policy(headers["Content-Security-Policy"])
    for name, text in texts.items():
        try:
            pages.put(name, with_meta_policy(text, meta_csp, headers["Referrer-Policy"]))
        except ValueError as error:
            raise ValueError(f"{site / name}: {error}") from None
    pages.write()
    write_root_not_found(site, not_found)
    (site / HEADERS_FILE).write_text(headers_file(headers, fingerprinted_files(site)), encoding="utf-8")
    (site / NGINX_FILE).write_text(nginx_snippet(headers, not_found), encoding="utf-8")
    (site / HTACCESS_FILE).write_text(htaccess(headers, not_found), encoding="utf-8")
    return headers


def write_root_not_found(site: Path, not_found: NotFoundPages | None) -> None:
    """The default language's 404 page also as ``404.html`` at the site's root, for hosts that
    find 404 pages by file: Cloudflare Pages answers with the ``404.html`` nearest the missing
    address (so ``/fr/…`` gets the French one) and, without one at the root, takes the site for
    a single-page app (every missing address a 200); Netlify answers with the root's. The page's
    links start at the host's root, so the copy works there as it is."""
    root = site / NOT_FOUND_FILE
    if not_found is None:
        root.unlink(missing_ok=True)
    else:
        shutil.copyfile(site / not_found.default / NOT_FOUND_FILE, root)
