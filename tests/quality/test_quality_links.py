"""Gate 3: every internal link and asset reference resolves inside the built tree: href,
src and srcset in pages, href and xlink:href in SVG (inline or not), locs in sitemaps
(mapped to the tree through the school's site_url), across languages."""

from __future__ import annotations

import re

import pytest

from helpflow.load.school import load_school

from helpers import broken_references
from quality_sites import SITES

pytestmark = pytest.mark.any_worker

def test_the_checker_sees_broken_and_escaping_references(tmp_path):
    (tmp_path / "nl").mkdir()
    (tmp_path / "nl" / "ok.html").write_text("", encoding="utf-8")
    (tmp_path / "nl" / "index.html").write_text(
        '<a href="ok.html#x">ok</a><a href="gone.html">gone</a><a href="../../etc/passwd">out</a>'
        '<img srcset="ok.html 1x, missing.png 2x"><svg><a xlink:href="nope.html"></a></svg>'
        '<a href="mailto:a@b.be">m</a><a href="#email-given=yes">state</a>'
        '<a href="https://x.be/nl/ok.html">own</a><a href="https://other.be/">other</a>', encoding="utf-8")
    checked, broken = broken_references(tmp_path, "https://x.be/")
    assert checked == 7
    assert broken == ["nl/index.html: gone.html", "nl/index.html: ../../etc/passwd",
                      "nl/index.html: missing.png", "nl/index.html: nope.html"]


@pytest.mark.parametrize("name", SITES)
def test_every_internal_reference_resolves(content, quality_sites, name):
    site = quality_sites[name]
    site_url = load_school(SITES[name], content).site_url
    checked, broken = broken_references(site, site_url)
    print(f"\nlinks: {name}: {checked} references checked, {len(broken)} broken")
    assert checked > 50 and not broken, "\n".join(broken)


@pytest.mark.parametrize("name", SITES)
def test_each_language_links_to_every_other_language(quality_sites, name):
    site = quality_sites[name]
    langs = sorted(p.parent.name for p in site.glob("*/index.html"))
    for lang in langs:
        text = (site / lang / "index.html").read_text(encoding="utf-8")
        for other in set(langs) - {lang}:
            assert re.search(rf'href="[^"]*\.\./{other}/[^"]*"', text), f"{lang} has no link to {other}"
