"""Gate 5: security headers, 404 pages and caching for every host the README offers.

The build writes ``_headers`` (Netlify, Cloudflare Pages), ``nginx.conf`` and ``.htaccess``
with a strict CSP (inline scripts by hash, never 'unsafe-inline'), and puts the policy's
``<meta>`` form into every page for hosts that send no headers of ours (GitHub Pages).
A missing page answers with its language's 404 page; fingerprinted files are kept a year,
pages revalidated. Most tests use a small fake site, served by real nginx and Apache and
opened in real Chromium; the tests named after a school check its real build the same way.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import html
import http.client
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from helpflow.paths import DEPLOY_FILES, HEADERS_FILE, HTACCESS_FILE, MANIFEST_FILE, NGINX_FILE, NOT_FOUND_FILE
from helpflow.plan.pages import html_name
from helpflow.plan.site import page_paths
from helpflow.publish.headers import (
    DOCUMENT_HEADERS,
    FINGERPRINTED,
    IMMUTABLE,
    META_IGNORED,
    REVALIDATE,
    SUBRESOURCE,
    NotFoundPages,
    fingerprinted_files,
    headers_file,
    htaccess,
    inline_script_hashes,
    meta_content_security_policy,
    nginx_snippet,
    not_found_page,
    not_found_pages,
    parse_headers_file,
    security_headers,
    with_meta_policy,
    write_security_headers,
)

import hosts
from hosts import Served, binary, missing_apache_modules
from quality_sites import SITES, html_pages

REQUIRED = ("default-src 'self'", "img-src 'self' data:", "frame-ancestors 'none'", "base-uri 'self'",
            "form-action 'self'")
WATCH = """document.addEventListener('securitypolicyviolation', e =>
  (window.__csp = window.__csp || []).push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile))"""
META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
CI = os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def directives(csp: str) -> dict[str, str]:
    return {d.strip().split(" ", 1)[0]: d.strip() for d in csp.split(";") if d.strip()}


def test_inline_scripts_are_hashed_and_data_blocks_are_not():
    page = ('<script>a()</script><script type="application/json">{"x":1}</script>'
            '<script src="x.js"></script><script type="module">b()</script>')
    expected = sorted(f"'sha256-{base64.b64encode(hashlib.sha256(body).digest()).decode()}'"
                      for body in (b"a()", b"b()"))
    assert inline_script_hashes([page]) == expected


# A fake built site: what matters to the server files and the meta policy, nothing more.

def fake_page(lang: str, title: str) -> str:
    return f"""<!doctype html>
<html lang="{lang}">
<head>
  <meta charset="utf-8">
  <title>{title}</title>
  <script>window.ran = (window.ran || 0) + 1</script>
  <script type="application/json" id="hf-data">{{"lang": "{lang}"}}</script>
  <script src="assets/app.js"></script>
  <script src="../assets/javascripts/bundle.0123abcd.min.js"></script>
  <link rel="stylesheet" href="../assets/stylesheets/main.89abcdef.min.css">
</head>
<body><h1>{title}</h1><script>document.body.dataset.lang = "{lang}"</script></body>
</html>
"""


ROOT_PAGE = """<!doctype html>
<html lang="nl">
<head>
  <meta charset="utf-8">
  <title>Help</title>
  <link rel="canonical" href="https://help.example.be/">
</head>
<body><a href="nl/index.html">Nederlands</a> <a href="fr/index.html">Français</a>
<a href="en/index.html">English</a></body>
</html>
"""
FAKE_FILES = {
    "index.html": ROOT_PAGE,  # lists nl first: the default language, though fr sorts first
    "CNAME": "help.example.be\n",
    MANIFEST_FILE: "# what the build wrote\nindex.html\n",
    "x.js.map": '{"version": 3, "secret": "x.js.map"}\n',
    **{f"{lang}/{name}": fake_page(lang, title) for lang, name, title in (
        ("nl", "index.html", "Wachtwoord vergeten?"), ("nl", "404.html", "Pagina niet gevonden"),
        ("fr", "index.html", "Mot de passe oublié ?"), ("fr", "404.html", "Page introuvable"),
        ("en", "index.html", "Forgot password?"), ("en", "404.html", "Page not found"))},
    "assets/javascripts/bundle.0123abcd.min.js": "window.bundle = 1;\n",
    "assets/javascripts/workers/search.0123abcd.min.js": "self.worker = 1;\n",
    "assets/stylesheets/main.89abcdef.min.css": "body { margin: 0; }\n",
    **{f"{lang}/assets/app.js": "window.fromFile = 1;\n//# sourceMappingURL=app.js.map\n" for lang in ("nl", "fr")},
    **{f"{lang}/assets/style.css": "h1 { color: #1f4e8c; }\n" * 80 for lang in ("nl", "fr")},
    **{f"{lang}/assets/tool.js": "window.tool = [1, 2, 3];\n" * 80 for lang in ("nl", "fr")},
    **{f"{lang}/assets/app.js.map": '{"version": 3, "secret": "app.js.map"}\n' for lang in ("nl", "fr")},
}


def make_fake_site(site: Path) -> Path:
    """Write the fake site, readable by anyone as a real build is."""
    for name, text in FAKE_FILES.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, encoding="utf-8")
    for path in [site, *site.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return site


@pytest.fixture(scope="module")
def fake_site() -> Iterator[Path]:
    """The fake site after ``write_security_headers``, in a folder outside pytest's private
    temporary folder: run as root, the servers read it as the user nobody. Read only."""
    folder = Path(tempfile.mkdtemp(prefix="helpflow-headers-"))
    folder.chmod(0o755)
    site = make_fake_site(folder / "site")
    write_security_headers(site)
    yield site
    shutil.rmtree(folder)


def built_headers(site: Path) -> dict[str, str]:
    return parse_headers_file((site / HEADERS_FILE).read_text(encoding="utf-8"))["/*"]


# Real nginx and Apache, each started once for the module.

def fetch(served: Served, path: str, headers: dict[str, str] | None = None
          ) -> tuple[int, http.client.HTTPMessage, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


QUALITY_TYPES = "types { text/html html; text/css css; application/javascript js; application/json json map; }"
"""The types these tests read: source maps as JSON, so that a map a host sends shows."""


@contextlib.contextmanager
def served(server: str, site: Path, tmp: Path) -> Iterator[Served]:
    """``site`` on a real nginx (its ``nginx.conf`` included) or Apache (its ``.htaccess`` read), as a
    school would host it; a server missing skips here but fails in CI."""
    if not binary({"nginx": "nginx", "apache": "apache2"}[server]):
        (pytest.fail if CI else pytest.skip)(f"{server} is missing: run `make test`, which installs it")
    if server == "apache" and (missing := missing_apache_modules()):
        (pytest.fail if CI else pytest.skip)(f"Apache modules missing: {missing}: run `make test`")
    with hosts.served(server, site, tmp, QUALITY_TYPES) as host:
        yield host


@pytest.fixture(scope="module", params=["nginx", "apache"])
def host(request: pytest.FixtureRequest, fake_site: Path, tmp_path_factory: pytest.TempPathFactory
         ) -> Iterator[Served]:
    """The fake site served by a real nginx or Apache."""
    with served(request.param, fake_site, tmp_path_factory.mktemp(request.param)) as server:
        yield server


def test_every_header_on_every_document_and_those_for_any_answer_on_the_rest(host, fake_site):
    """Pages, 404 pages (asked as a script too) and the search worker get every header; a script
    or style sheet a page loads gets those that do something there (``DOCUMENT_HEADERS`` aside)."""
    expected = built_headers(fake_site)
    assert set(security_headers([])) == set(expected) and set(DOCUMENT_HEADERS) < set(expected)
    for path, status, document in (
            ("/nl/index.html", 200, True), ("/fr/", 200, True), ("/nl/nope.html", 404, True),
            ("/nginx.conf", 404, True), ("/nl/gone.js", 404, True),
            ("/assets/javascripts/workers/search.0123abcd.min.js", 200, True),
            ("/nl/assets/app.js", 200, False), ("/assets/javascripts/bundle.0123abcd.min.js", 200, False),
            ("/nl/assets/style.css", 200, False)):
        got, headers, _ = fetch(host, path, {"Accept-Encoding": "gzip"})
        assert got == status, path
        for name, value in expected.items():
            sent = [value] if document or name not in DOCUMENT_HEADERS else None
            assert headers.get_all(name) == sent, f"{host.server} {path}: {name}"
    if host.server == "nginx":  # the headers survive compression
        assert fetch(host, "/nl/index.html", {"Accept-Encoding": "gzip"})[1]["Content-Encoding"] == "gzip"


def test_pages_scripts_and_styles_are_sent_compressed(host):
    """A first visit is mostly the theme's script and CSS: sent gzipped, by both hosts' files."""
    for path in ("/nl/index.html", "/nl/assets/tool.js", "/nl/assets/style.css"):
        status, headers, _ = fetch(host, path, {"Accept-Encoding": "gzip"})
        assert status == 200 and headers["Content-Encoding"] == "gzip", f"{host.server} {path}"


@pytest.mark.parametrize("path", [*(f"/{name}" for name in DEPLOY_FILES), "/x.js.map", "/nl/assets/app.js.map"])
def test_deploy_files_and_source_maps_are_not_served(host, fake_site, path):
    status, _, body = fetch(host, path)
    assert status == 404, f"{host.server} serves {path}"
    assert body == (fake_site / "nl" / "404.html").read_bytes()


@pytest.mark.parametrize(("path", "lang"), [
    ("/nl/nope.html", "nl"), ("/fr/nope/", "fr"), ("/fr/nonexistent", "fr"), ("/en/x/y", "en"),
    ("/en/assets/gone.0123abcd.min.js", "en"), ("/nope", "nl"), ("/french/nope", "nl"), ("/xfr/nope", "nl")])
def test_a_missing_page_gets_its_languages_404_page(host, fake_site, path, lang):
    """Under a language's folder, that language's page; anywhere else, the default language's."""
    status, headers, body = fetch(host, path)
    assert (status, headers.get_content_type()) == (404, "text/html"), f"{host.server} {path}"
    assert body == (fake_site / lang / NOT_FOUND_FILE).read_bytes(), f"{host.server} {path}"
    assert headers["Cache-Control"] == REVALIDATE, "a 404 is asked again: the page may come"


@pytest.mark.parametrize(("path", "cache"), [
    ("/assets/javascripts/bundle.0123abcd.min.js", IMMUTABLE), ("/assets/stylesheets/main.89abcdef.min.css", IMMUTABLE),
    ("/nl/index.html", REVALIDATE), ("/fr/", REVALIDATE), ("/", REVALIDATE), ("/nl/assets/app.js", REVALIDATE),
    ("/nl/assets/style.css", REVALIDATE)])
def test_fingerprinted_files_are_kept_a_year_and_the_rest_revalidated(host, path, cache):
    status, headers, _ = fetch(host, path, {"Accept-Encoding": "gzip"})
    assert status == 200 and headers.get_all("Cache-Control") == [cache], f"{host.server} {path}"


# The server files, as text.

def apache_headers(htaccess_text: str) -> tuple[dict[str, str], dict[str, str]]:
    """(every header ``.htaccess`` sets but the year-long files' Cache-Control; those of them it
    sets only where the address is not a ``SUBRESOURCE``)."""
    opening = f'<If "%{{REQUEST_URI}} !~ m#{SUBRESOURCE}#">\n'
    before, documents = htaccess_text.split(opening, 1) if opening in htaccess_text else (htaccess_text, "</If>")
    documents, after = documents.split("</If>", 1)
    outside = re.compile(r'^Header always set (\S+) "([^"]*)"$', re.M)
    inside = re.compile(r'^    Header always set (\S+) "([^"]*)"$', re.M)
    return {**dict(outside.findall(before + after)), **dict(inside.findall(documents))}, dict(inside.findall(documents))


def test_headers_file_nginx_snippet_and_htaccess_say_the_same():
    headers = security_headers(["'sha256-abc='"])
    assert headers["Strict-Transport-Security"] == "max-age=31536000"
    assert (headers["Cross-Origin-Opener-Policy"], headers["Cross-Origin-Resource-Policy"]) == ("same-origin",) * 2
    assert parse_headers_file(headers_file(headers)) == {"/*": headers}
    assert parse_headers_file(headers_file(headers, ["/assets/b.0123abcd.min.js"])) == {
        "/*": headers, "/assets/b.0123abcd.min.js": {"Cache-Control": IMMUTABLE}}, "never on /*: values would join"
    not_found = NotFoundPages("/", "nl", ("nl", "fr"))
    snippet, apache = nginx_snippet(headers, not_found), htaccess(headers, not_found)
    documents = {name: value for name, value in headers.items() if name in DOCUMENT_HEADERS}
    variables = dict(re.findall(r'^add_header (\S+) \$(\w+) always;$', snippet, re.M))
    set_to = dict(re.findall(r'^set \$(\w+) "([^"]*)";$', snippet, re.M))
    assert {**dict(re.findall(r'^add_header (\S+) "([^"]*)" always;$', snippet, re.M)),
            **{name: set_to[variable] for name, variable in variables.items() if name in documents}} == headers
    emptied = snippet.split(f'if ($uri ~ "{SUBRESOURCE}") {{\n', 1)[1].split("}", 1)[0]
    assert {name for name, variable in variables.items() if f'    set ${variable} "";' in emptied} == set(documents)
    assert apache_headers(apache) == ({**headers, "Cache-Control": REVALIDATE}, documents)
    assert "set $helpflow_not_found /nl/404.html;" in snippet.splitlines()
    assert "ErrorDocument 404 /nl/404.html" in apache.splitlines()
    assert "    ErrorDocument 404 /fr/404.html" in apache.splitlines()


def test_htaccess_sets_every_header_hides_the_deploy_files_and_names_the_404_page(fake_site):
    text = (fake_site / HTACCESS_FILE).read_text(encoding="utf-8")
    expected = built_headers(fake_site)
    assert apache_headers(text) == ({**expected, "Cache-Control": REVALIDATE},
                                    {name: value for name, value in expected.items() if name in DOCUMENT_HEADERS})
    hidden = re.compile(re.search(r'^RedirectMatch 404 "([^"]+)"$', text, re.M)[1])
    for path in [*DEPLOY_FILES, "x.js.map", "nl/assets/app.js.map"]:
        assert hidden.search(f"/{path}"), path
    for path in ["nl/index.html", "nl/assets/app.js", "nl/headers.html", "maps.html"]:
        assert not hidden.search(f"/{path}"), path
    assert re.search(r"^ErrorDocument 404 /nl/404\.html$", text, re.M)


def test_the_404_page_is_the_default_languages_under_the_sites_path(tmp_path):
    site = make_fake_site(tmp_path / "site")
    assert not_found_page(site) == "/nl/404.html", "the first language the root page lists"
    assert not_found_page(site, default_lang="fr") == "/fr/404.html"
    assert not_found_page(site, base_path="/help/") == "/help/nl/404.html"
    (site / "index.html").write_text(ROOT_PAGE.replace("https://help.example.be/", "https://www.example.be/help"))
    assert not_found_page(site) == "/help/nl/404.html", "a site served in a folder"
    (site / "index.html").unlink()
    assert not_found_page(site) == "/en/404.html", "no root page: the first by name"
    assert not_found_pages(site, "nl", "/help/") == NotFoundPages("/help/", "nl", ("nl", "en", "fr"))
    with pytest.raises(ValueError):
        not_found_page(site, base_path="/a b; deny all;/")
    for lang in ("en", "fr", "nl"):
        shutil.rmtree(site / lang)
    assert not_found_page(site) is None
    assert "error_page" not in nginx_snippet({}, None) and "ErrorDocument" not in htaccess({}, None)


def test_a_site_in_a_folder_gets_its_languages_404_pages_there():
    not_found = NotFoundPages("/help/", "nl", ("nl", "fr"))
    snippet, apache = nginx_snippet({}, not_found), htaccess({}, not_found)
    assert 'if ($uri ~ "^/help/(fr)/") {' in snippet and "    set $helpflow_not_found /help/$1/404.html;" in snippet
    assert '<If "%{REQUEST_URI} =~ m#^/help/fr/#">' in apache and "ErrorDocument 404 /help/nl/404.html" in apache


def test_hosts_that_find_404_pages_by_file_get_one_at_the_root_too(fake_site):
    """Cloudflare Pages answers with the nearest ``404.html`` (and, with none at the root, takes
    the site for a single-page app); Netlify with the root's."""
    assert (fake_site / NOT_FOUND_FILE).read_bytes() == (fake_site / "nl" / NOT_FOUND_FILE).read_bytes()
    assert all((fake_site / lang / NOT_FOUND_FILE).is_file() for lang in ("nl", "fr", "en"))


# The meta policy: GitHub Pages sends no headers of ours.

def test_the_meta_policy_is_the_header_policy_without_what_a_meta_ignores():
    csp = "default-src 'self'; frame-ancestors 'none'; report-uri /r; sandbox; script-src 'self' 'sha256-x='"
    assert meta_content_security_policy(csp) == "default-src 'self'; script-src 'self' 'sha256-x='"
    header = security_headers(["'sha256-x='"])["Content-Security-Policy"]
    meta = directives(meta_content_security_policy(header))
    assert meta == {k: v for k, v in directives(header).items() if k not in META_IGNORED}


def test_every_page_has_one_meta_policy_before_any_script(fake_site):
    csp = built_headers(fake_site)["Content-Security-Policy"]
    pages = {path: path.read_text(encoding="utf-8") for path in fake_site.rglob("*.html")}
    assert len(pages) == 8
    for path, page in pages.items():
        metas = META.findall(page)
        assert len(metas) == 1, path
        assert html.unescape(metas[0]) == meta_content_security_policy(csp)
        assert "frame-ancestors" not in metas[0]
        meta_at, script_at = page.index('<meta http-equiv="Content-Security-Policy"'), page.find("<script")
        assert page.index("<meta charset") < meta_at < page.index("</head>"), path
        assert script_at < 0 or meta_at < script_at, path
        assert '<meta name="referrer" content="no-referrer">' in page
    hashes = re.findall(r"'sha256-[^']+'", directives(csp)["script-src"])
    assert hashes == inline_script_hashes(pages.values()) and len(hashes) == 4, "the meta changed no script"


def test_the_meta_goes_before_a_script_that_precedes_the_charset():
    page = with_meta_policy("<html><head><script>a()</script><meta charset=utf-8></head></html>", "x", "no-referrer")
    assert page.index("Content-Security-Policy") < page.index("<script")


def test_rewriting_pages_is_repeatable_whole_and_keeps_their_mode(tmp_path):
    site = make_fake_site(tmp_path / "site")
    (site / "nl" / "index.html").chmod(0o640)
    write_security_headers(site)
    first = {path: path.read_bytes() for path in site.rglob("*") if path.is_file()}
    write_security_headers(site)
    assert {path: path.read_bytes() for path in site.rglob("*") if path.is_file()} == first
    assert stat.S_IMODE((site / "nl" / "index.html").stat().st_mode) == 0o640
    assert stat.S_IMODE((site / "fr" / "index.html").stat().st_mode) == 0o644


def test_a_page_without_head_is_refused_by_name(tmp_path):
    site = make_fake_site(tmp_path / "site")
    (site / "nl" / "bare.html").write_text("<p>no head</p>", encoding="utf-8")
    with pytest.raises(ValueError, match="bare.html"):
        write_security_headers(site)


def test_the_meta_policy_alone_blocks_an_injected_script(page, serve, fake_site, tmp_path):
    """Served with no headers at all, as GitHub Pages serves it: the hashed inline scripts
    and the site's script file run, a script slipped into the page after the build does not."""
    site = shutil.copytree(fake_site, tmp_path / "site")
    clean = (site / "nl" / "index.html").read_text(encoding="utf-8")
    (site / "nl" / "injected.html").write_text(
        clean.replace("</body>", "<script>window.pwned = 1</script></body>"), encoding="utf-8")
    base = serve(site)
    warnings: list[str] = []
    page.on("console", lambda m: warnings.append(m.text) if "Content Security Policy" in m.text else None)
    page.add_init_script(WATCH)
    ran = "() => [window.ran, window.fromFile, document.body.dataset.lang, typeof window.pwned, window.__csp || []]"

    response = page.goto(base + "nl/index.html")
    assert response and "content-security-policy" not in response.headers
    assert page.evaluate(ran) == [1, 1, "nl", "undefined", []]
    assert not warnings, "the meta carries nothing a browser ignores there"

    page.goto(base + "nl/injected.html")
    ran_, from_file, lang, pwned, violations = page.evaluate(ran)
    assert (ran_, from_file, lang, pwned) == (1, 1, "nl", "undefined")
    assert any(v.startswith("script-src") and " inline " in v for v in violations), violations


# The real builds.

@pytest.mark.parametrize("name", SITES)
def test_the_build_writes_a_strict_policy(quality_sites, name):
    site = quality_sites[name]
    headers = built_headers(site)
    csp = directives(headers["Content-Security-Policy"])
    for required in REQUIRED:
        assert required in csp.values(), required
    assert "unsafe-inline" not in csp["script-src"] and "unsafe-eval" not in csp["script-src"]
    pages = {p: p.read_text(encoding="utf-8") for p in site.rglob("*.html")}
    hashes = re.findall(r"'sha256-[^']+'", csp["script-src"])
    assert hashes == inline_script_hashes(pages.values()) and hashes, "every inline script of Material, hashed"
    assert headers == security_headers(hashes)
    assert (site / HEADERS_FILE).read_text(encoding="utf-8") == headers_file(headers, fingerprinted_files(site))
    not_found = not_found_pages(site)
    assert not_found and all((site / not_found.page(lang).lstrip("/")).is_file() for lang in not_found.languages)
    assert (site / NGINX_FILE).read_text(encoding="utf-8") == nginx_snippet(headers, not_found)
    assert (site / HTACCESS_FILE).read_text(encoding="utf-8") == htaccess(headers, not_found)
    meta = meta_content_security_policy(headers["Content-Security-Policy"])
    for path, page in pages.items():
        assert [html.unescape(m) for m in META.findall(page)] == [meta], path
        assert page.find("<script") < 0 or page.index("Content-Security-Policy") < page.index("<script"), path


_LOADED = re.compile(r'<script\b[^>]*\bsrc="([^"]+)"|<link\b[^>]*\brel="stylesheet"[^>]*\bhref="([^"]+)"')


def loaded_files(site: Path) -> set[str]:
    """URL paths of every script and style sheet a page of ``site`` loads."""
    found = set()
    for page in html_pages(site):
        for script, sheet in _LOADED.findall((site / page).read_text(encoding="utf-8")):
            url = urlsplit(urljoin(f"http://host/{page}", html.unescape(script or sheet)))
            if url.netloc == "host":
                found.add(url.path)
    return found


@pytest.fixture(scope="module", params=["nginx", "apache"])
def demo_host(request: pytest.FixtureRequest, demo_site: Path) -> Iterator[tuple[Served, Path]]:
    """The demo school's real build served by a real nginx or Apache, from a copy anyone can
    read (the servers' workers run as nobody)."""
    folder = Path(tempfile.mkdtemp(prefix="helpflow-headers-demo-"))
    try:
        site = shutil.copytree(demo_site, folder / "site")
        for path in [folder, site, *site.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        (folder / "run").mkdir()
        with served(request.param, site, folder / "run") as server:
            yield server, site
    finally:
        shutil.rmtree(folder)


def test_every_script_and_style_sheet_of_the_build_is_cached_as_its_name_allows(demo_host):
    host, site = demo_host
    loaded = loaded_files(site)
    assert {"/assets/javascripts/bundle", "/assets/stylesheets/main"} <= {p.rsplit(".", 3)[0] for p in loaded}
    for path in sorted(loaded):
        status, headers, _ = fetch(host, path, {"Accept-Encoding": "gzip"})
        expected = IMMUTABLE if re.search(FINGERPRINTED, path) else REVALIDATE
        assert (status, headers.get_all("Cache-Control")) == (200, [expected]), f"{host.server} {path}"
    for page in ("/", *(f"/{p}" for p in html_pages(site))):
        assert fetch(host, page)[1].get_all("Cache-Control") == [REVALIDATE], f"{host.server} {page}"


def test_a_missing_page_of_the_build_answers_in_its_language(demo_host, demo):
    host, site = demo_host
    for lang in demo.languages:
        page = (site / lang / NOT_FOUND_FILE).read_bytes()
        for path in (f"/{lang}/nonexistent", f"/{lang}/x/y", f"/{lang}/wachtwoord-vergeten/nope.html"):
            status, headers, body = fetch(host, path)
            assert (status, headers.get_content_type(), body) == (404, "text/html", page), f"{host.server} {path}"
    status, _, body = fetch(host, "/nonexistent")
    assert (status, body) == (404, (site / demo.languages[0] / NOT_FOUND_FILE).read_bytes())


def test_the_headers_file_keeps_every_fingerprinted_file_a_year_and_no_page(quality_sites):
    """``_headers`` hosts join the values of every matching rule: Cache-Control only on the
    exact paths of fingerprinted files, each script and style sheet a page loads among them."""
    for site in quality_sites.values():
        rules = parse_headers_file((site / HEADERS_FILE).read_text(encoding="utf-8"))
        cached = {path for path, headers in rules.items() if headers.get("Cache-Control") == IMMUTABLE}
        assert "Cache-Control" not in rules["/*"]
        assert cached == {p for p in loaded_files(site) if re.search(FINGERPRINTED, p)} | set(fingerprinted_files(site))
        assert cached and all((site / path.lstrip("/")).is_file() and "*" not in path for path in cached)
        assert not any(path.endswith(".html") for path in cached)
        assert (site / NOT_FOUND_FILE).read_bytes() == (site / not_found_pages(site).default / NOT_FOUND_FILE).read_bytes()


def test_every_script_and_style_sheet_a_browser_loads_is_cached_as_its_name_allows(demo_host, page, content, demo):
    """What Chromium itself fetches from nginx or Apache, imports and the search worker
    included: fingerprinted files for a year, the rest revalidated."""
    host, site = demo_host
    base = f"http://127.0.0.1:{host.port}/"
    seen: dict[str, str | None] = {}
    page.on("response", lambda r: seen.__setitem__(urlsplit(r.url).path, r.headers.get("cache-control"))
            if r.request.resource_type in ("script", "stylesheet") or r.url.endswith(".js") else None)
    for lang in demo.languages:
        for flow in content.flows_of(demo):
            page.goto(f"{base}{lang}/{html_name(page_paths(content, demo, lang)[f'{flow.slug}/index'])}")
            page.wait_for_selector(".hf-widget.hf-ready")
        page.locator("input.md-search__input").click()
        page.keyboard.type("co")
        page.wait_for_selector(".md-search-result__item")
    assert any(re.search(FINGERPRINTED, path) for path in seen) and any(path.endswith(".css") for path in seen)
    for path, cache in seen.items():
        assert cache == (IMMUTABLE if re.search(FINGERPRINTED, path) else REVALIDATE), f"{host.server} {path}"
