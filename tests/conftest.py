"""Shared fixtures: real builds of the demo school, served on 127.0.0.1, seen in real Chromium."""

from __future__ import annotations

import fcntl
import functools
import http.server
import json
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from helpflow.build.mkdocs_site import build_school
from helpflow.load.content import Content, load_content
from helpflow.load.school import load_school
from helpflow.model.school import School
from helpflow.paths import CONTENT, DEMO_SCHOOL

CHROMIUM = "/usr/bin/chromium"


def pytest_configure(config: pytest.Config) -> None:
    # A missing browser or `dot` must fail, never skip, in CI and here alike.
    missing = [tool for tool in (CHROMIUM,) if not Path(tool).exists()] + (
        [] if shutil.which("dot") else ["dot (Graphviz)"])
    if missing:
        raise pytest.UsageError(f"missing {', '.join(missing)}: run `make test`, which installs them")
    config.addinivalue_line("markers", "any_worker: this file's tests may run on any pytest-xdist worker")
    config.addinivalue_line("markers", "known_console_error(pattern, reason): a console error (regex) that "
                            "watched_page lets pass, for a limitation README.md documents")


DEMO = DEMO_SCHOOL


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """pytest-xdist: a file's tests run together on one worker, which makes that file's
    fixtures once, unless the file is marked ``any_worker`` (it makes nothing costly of its
    own: the sites it reads are built once for all workers)."""
    for item in items:
        if item.get_closest_marker("any_worker") is None:
            item.add_marker(pytest.mark.xdist_group(item.path.name))


@pytest.fixture(scope="session")
def content() -> Content:
    """The repository's content folder (``flow/``), loaded once."""
    return load_content(CONTENT)


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A copy of the real content folder, for a test that edits it."""
    return Path(shutil.copytree(CONTENT, tmp_path / "flow"))


@pytest.fixture(scope="session")
def content_root(tmp_path_factory: pytest.TempPathFactory):
    """A new content folder with the real languages, site texts and labels, and no flow."""

    def _root() -> Path:
        root = tmp_path_factory.mktemp("content") / "flow"
        root.mkdir()
        for name in ("languages.yml", "ui.yml", "labels.yml"):
            shutil.copyfile(CONTENT / name, root / name)
        return root

    return _root


@pytest.fixture(scope="session")
def demo(content: Content) -> School:
    return load_school(DEMO, content)


@pytest.fixture(scope="session")
def build(tmp_path_factory: pytest.TempPathFactory, content: Content):
    """Build a school file into a fresh folder and return that folder."""

    def _build(school: Path = DEMO, with_content: Content | None = None) -> Path:
        out = tmp_path_factory.mktemp("site") / "site"
        build_school(school, out, with_content or content)
        return out

    return _build


@pytest.fixture(scope="session")
def shared_build(tmp_path_factory: pytest.TempPathFactory, worker_id: str, content: Content):
    """Build a school file once for the whole session, however many pytest-xdist workers
    run it: the first worker to ask builds under a lock, the others read that site.
    For sites no test changes; a test that edits its site builds its own (``build``)."""
    shared = tmp_path_factory.getbasetemp()
    shared = shared if worker_id == "master" else shared.parent  # xdist: each worker has a folder below

    def _build(name: str, school: Path) -> Path:
        out = shared / f"shared-{name}" / "site"
        with (shared / f"shared-{name}.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
            if not (out / "index.html").is_file():
                build_school(school, out, content)
        return out

    return _build


@pytest.fixture(scope="session")
def demo_site(shared_build) -> Path:
    """The demo school's site, built once per test session."""
    return shared_build("demo", DEMO)


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves files quietly, adding the response headers of any matching rule."""

    rules: dict[str, dict[str, str]] = {}

    def end_headers(self) -> None:
        path = self.path.split("?")[0].split("#")[0]
        for pattern, headers in self.rules.items():
            if pattern == path or (pattern.endswith("*") and path.startswith(pattern[:-1])):
                for name, value in headers.items():
                    self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def serve() -> Iterator:
    """Serve a folder on 127.0.0.1 (a free port), optionally with header rules
    (path pattern -> headers, as a ``_headers`` file gives them); return its base URL."""
    servers = []

    def _serve(folder: Path, rules: dict[str, dict[str, str]] | None = None) -> str:
        handler = type("Handler", (_Handler,), {"rules": rules or {}})
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                                 functools.partial(handler, directory=str(folder)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield _serve
    for server in servers:
        server.shutdown()


@pytest.fixture(scope="session")
def demo_url(serve, demo_site: Path) -> str:
    return serve(demo_site)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {**browser_type_launch_args, "executable_path": CHROMIUM,
            "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--no-first-run", "--disable-sync"]}


class _Pages:
    """Fresh pages from one browser context per worker and set of options.

    Each test gets a new page, with nothing of an earlier test's: the context's cookies, stored
    data and HTTP cache are cleared first, and a page's own state (its listeners, routes, init
    scripts, session storage, emulated media) dies with the page. The context lives on, and the
    earlier test's page is closed only once the new one is open, so Chromium keeps the renderer
    of 127.0.0.1 instead of starting one per test: a page cost 0.86 s of CPU that way, and
    0.30 s this way (20 visits of a flow home, whole machine). State that belongs to a context
    (its init scripts, listeners, routes) must not be set by a test: set it on the page."""

    def __init__(self, browser: Browser) -> None:
        self.browser = browser
        self.contexts: dict[str, tuple[BrowserContext, set[str]]] = {}

    def new_page(self, **options: object) -> Page:
        key = json.dumps(options, sort_keys=True, default=str)
        if key not in self.contexts:
            origins: set[str] = set()
            context = self.browser.new_context(**options)  # type: ignore[arg-type]
            context.on("request", lambda request: origins.add(_origin(request.url)))
            self.contexts[key] = (context, origins)
        context, origins = self.contexts[key]
        page = context.new_page()
        for earlier in context.pages:
            if earlier is not page:
                earlier.close()
        context.clear_cookies()
        cdp = context.new_cdp_session(page)
        for origin in origins - {""}:  # those asked since the last clearing: the others hold nothing
            cdp.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
        origins.clear()
        cdp.send("Network.clearBrowserCache")
        cdp.detach()
        return page


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") else ""


@pytest.fixture(scope="session")
def _pages(browser: Browser) -> _Pages:
    return _Pages(browser)


@pytest.fixture
def new_page(_pages: _Pages, browser_context_args: dict):
    """A fresh page with the given context options (``java_script_enabled=False``, a phone's
    ``viewport``...) on top of the session's (``browser_context_args``)."""
    return lambda **options: _pages.new_page(**{**browser_context_args, **options})


@pytest.fixture
def page(new_page) -> Page:
    """pytest-playwright's page, from a context the worker's tests share (see ``_Pages``)."""
    return new_page()


@pytest.fixture
def watched_page(page, request):
    """A Playwright page that fails the test on a console error or a request to another origin
    (but for errors a ``known_console_error`` mark names)."""
    known = [re.compile(mark.args[0]) for mark in request.node.iter_markers("known_console_error")]
    errors: list[str] = []
    foreign: list[str] = []
    own = "127.0.0.1"  # every test server listens here, each on its own port
    def console(msg):
        where = msg.location.get("url", "")
        # The browser's own guess at an icon for a page that names none (a file opened on its own);
        # routing every request used to keep Chromium from asking.
        if msg.type == "error" and urlsplit(where).path != "/favicon.ico":
            errors.append(f"{msg.text} ({where})" if where else msg.text)

    page.on("console", console)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)

    def check(request):
        url = urlsplit(request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.hostname != own:
            foreign.append(request.url)

    # Seen, not intercepted: a route sends every request through Playwright's driver and this
    # process and back (a tenth of test_widget.py's CPU); nothing here can reach another origin.
    page.on("request", check)
    yield page
    assert not foreign, f"requests to other origins: {foreign}"
    errors = [e for e in errors if not any(k.search(e) for k in known)]
    assert not errors, f"console errors: {errors}"
