"""A built site's pages while it is finished: each read once, changed in memory, written once.

Finishing a site changes its pages in turn (the theme's links, then the security policy), and
each step used to read every page and write it back: the pages went through the disk three
times after the engine wrote them. The steps now share one ``BuiltPages``, and the security
headers, last, write what changed, each page with its policy.
"""

from __future__ import annotations

import stat
from pathlib import Path

from helpflow.load.safefile import read_limited_text, write_file

PAGE_LIMIT = 20 << 20
"""Bytes a built page may have: a hundred times the largest helpflow writes."""


class BuiltPages:
    """The HTML pages of ``site`` by their path in it (``nl/index.html``)."""

    def __init__(self, site: Path) -> None:
        self.site = site
        self._texts: dict[str, str] = {}
        self._changed: set[str] = set()

    def names(self, folder: str = "") -> list[str]:
        """The pages under ``folder`` of the site (all of them for ""), in a stable order."""
        base = self.site / folder if folder else self.site
        return sorted(path.relative_to(self.site).as_posix() for path in base.rglob("*.html"))

    def text(self, name: str) -> str:
        """The page as the steps so far left it."""
        if name not in self._texts:
            self._texts[name] = read_limited_text(self.site / name, PAGE_LIMIT, "page")
        return self._texts[name]

    def put(self, name: str, text: str) -> None:
        """Change the page; it is written by ``write``."""
        if text != self.text(name):
            self._texts[name] = text
            self._changed.add(name)

    def write(self) -> None:
        """Write each changed page whole (``write_file``), as a new file with the old one's mode: a
        reader (or a crash) never sees half a page, a page that is a link to the previous site's
        leaves that one as it was, and a web server that could read the page still can."""
        for name in sorted(self._changed):
            write_file(self.site, name, self._texts[name], mode=stat.S_IMODE((self.site / name).stat().st_mode))
        self._changed.clear()
