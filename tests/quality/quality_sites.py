"""What the quality gates share: the sites they check, their pages, the widget's states.

Every gate runs over whatever pages and widget states a build produces, so new pages
and new widget routes are checked without touching the tests.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from helpflow.paths import DEMO_SCHOOL

from helpers import AWKWARD, NODE_MODULES

VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
SITES = {"demo": DEMO_SCHOOL, "awkward": AWKWARD}
DOCUMENTED_STORAGE = {"helpflow.language"}
"""Storage keys README.md's "Privacy" section lists; nothing else may be stored."""
_DATA = re.compile(r'<script type="application/json" id="hf-data">(.*?)</script>', re.S)


def languages(site: Path) -> list[str]:
    return sorted(p.parent.name for p in site.glob("*/index.html"))


def html_pages(site: Path) -> list[str]:
    """Every built HTML page, as a path relative to the site root (theme assets aside)."""
    return sorted(str(p.relative_to(site)) for p in site.rglob("*.html") if "assets" not in p.parts)


def flow_homes(site: Path, lang: str) -> list[str]:
    """Every page of the ``lang`` site that carries a decision widget, relative to the site."""
    return sorted(str(p.relative_to(site)) for p in (site / lang).rglob("index.html")
                  if 'id="hf-widget"' in p.read_text(encoding="utf-8"))


def widget_states(site: Path, home: str) -> list[str]:
    """Every state of a flow home's widget as an address hash: the start, each question
    on the way and each outcome of every route."""
    match = _DATA.search((site / home).read_text(encoding="utf-8"))
    if not match:
        return []
    routes = json.loads(match[1])["routes"]  # each route's beginning, "question=answer&…", and where it stands
    return [f"#{key}" if key else "" for key in routes]


def page_urls(site: Path) -> list[str]:
    """Every page, and every flow's home page in each widget state."""
    urls = html_pages(site)
    for lang in languages(site):
        for home in flow_homes(site, lang):
            urls += [f"{home}{state}" for state in widget_states(site, home) if state]
    return urls
