"""The quality gates' fixtures: their two sites, built once, and a server that applies a
site's own ``_headers`` file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from helpflow.paths import HEADERS_FILE
from helpflow.publish.headers import parse_headers_file

from helpers import AWKWARD


@pytest.fixture(scope="session")
def quality_sites(shared_build, demo_site) -> dict[str, Path]:
    """The demo school and the awkward school, each built once per session."""
    return {"demo": demo_site, "awkward": shared_build("awkward", AWKWARD)}


@pytest.fixture(scope="session")
def serve_with_headers(serve) -> Callable[[Path], str]:
    """Serve a built site on 127.0.0.1 with exactly its own ``_headers``; return the base URL."""
    return lambda site: serve(site, parse_headers_file((site / HEADERS_FILE).read_text(encoding="utf-8")))


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    """A reader whose browser prefers no language of the site, so the root page stays put
    instead of going on to a language (its own redirect is tested elsewhere)."""
    return {**browser_context_args, "locale": "de-DE"}
