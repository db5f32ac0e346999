"""``helpflow stats``: how a school's site is used, from its web server's access logs alone.

Per language, flow and page: ``visits`` (the page served, plus, for an outcome, the times
the widget led a parent to it when the school counts that), ``helped_yes`` and ``helped_no``
(the answers to "Did this help?"). Nothing about a person is read or kept: no address, no
browser, no time; a count per page is all that leaves a log. Memory holds one line of a
log (at most ``accesslog.LINE_LIMIT`` bytes of it) and a counter per page of the site, so a log of
any size streams through.
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from helpflow.load.accesslog import Tally, requests
from helpflow.load.builtsite import BuiltSite, PageId, read_site
from helpflow.paths import FEEDBACK_FOLDER, REACHED_FILE
from helpflow.plan.stats_report import FlowRows, Row, report_html

COLUMNS = ("language", "flow", "page", "visits", "helped_yes", "helped_no")
SERVED = (200, 304)
"""A page the browser got: sent, or still the same as its copy (``If-Modified-Since``)."""
ANSWERS = {f"{FEEDBACK_FOLDER}/yes.html": "helped_yes", f"{FEEDBACK_FOLDER}/no.html": "helped_no"}


@dataclass
class Counts:
    visits: int = 0
    helped_yes: int = 0
    helped_no: int = 0


@dataclass
class Stats:
    site: BuiltSite
    rows: dict[PageId, Counts] = field(default_factory=dict)
    tally: Tally = field(default_factory=Tally)
    other: int = 0
    """Requests for anything but a page or an answer: files, other sites' paths, errors."""

    def __post_init__(self) -> None:
        self.rows = {page: Counts() for page in self.site.pages.values()}
        # A site's pages are asked for again and again: each address is understood once.
        # Bounded, as a log's addresses are not (scanners try thousands).
        self._where = functools.lru_cache(maxsize=4096)(self._resolve)

    def count(self, method: str, target: str, status: int) -> None:
        found = self._where(target) if method == "GET" and status in SERVED else None
        if found is None:
            self.other += 1
            return
        page, column = found
        counts = self.rows[page]
        setattr(counts, column, getattr(counts, column) + 1)

    def _resolve(self, target: str) -> tuple[PageId, str] | None:
        """The page a request counts for, and in which column; None for anything else."""
        parts = urlsplit(target)
        path = unquote(parts.path)
        if not path.startswith(self.site.base):
            return None
        address = path[len(self.site.base):]
        if address.endswith("/") or address in self.site.languages:
            address = address.rstrip("/") + "/index.html"
        lang, _, inside = address.partition("/")
        if inside in ANSWERS or inside == REACHED_FILE:
            query = parse_qs(parts.query)
            page = self.site.outcomes.get((lang, query.get("flow", [""])[0], query.get("outcome", [""])[0]))
            return None if page is None else (page, ANSWERS.get(inside, "visits"))
        page = self.site.pages.get(address)
        return None if page is None else (page, "visits")

    def ordered(self) -> list[tuple[PageId, Counts]]:
        """Rows by the site's language order, then flow and page."""
        order = {lang: i for i, lang in enumerate(self.site.languages)}
        return sorted(self.rows.items(), key=lambda row: (order[row[0].language], row[0].flow, row[0].page))


def count_logs(site: Path, logs: Iterable[Path]) -> Stats:
    stats = Stats(read_site(site))
    for log in logs:
        for method, target, status in requests(log, stats.tally):
            stats.count(method, target, status)
    return stats


def csv_text(stats: Stats) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for page, counts in stats.ordered():
        writer.writerow((page.language, page.flow, page.page, counts.visits, counts.helped_yes, counts.helped_no))
    return out.getvalue()


def summary(stats: Stats, logs: Sequence[Path]) -> list[str]:
    tally = stats.tally
    return [f"{tally.lines} line(s) read from {len(logs)} log(s): {tally.lines - tally.malformed - stats.other} "
            f"counted, {stats.other} for other files or not served, {tally.malformed} not in the log format (skipped)"]


def report(stats: Stats, site: Path, logs: Sequence[Path]) -> str:
    """The HTML report: per language and flow, its pages' bars."""
    groups: dict[tuple[str, str], list[Row]] = {}
    for page, counts in stats.ordered():
        groups.setdefault((page.language, page.flow), []).append(
            Row(page.page, counts.visits, counts.helped_yes, counts.helped_no))
    return report_html(f"helpflow stats: {site.resolve().name}",
                       [FlowRows(lang, flow, tuple(rows)) for (lang, flow), rows in groups.items()],
                       summary(stats, logs))
