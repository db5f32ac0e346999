"""Gate 3: every internal link and asset reference resolves inside the built tree: href,
src and srcset in pages, href and xlink:href in SVG (inline or not), locs in sitemaps
(mapped to the tree through the school's site_url), across languages."""

from __future__ import annotations

import gzip
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from helpflow.school import load_school
from quality_sites import SITES, quality_sites  # noqa: F401

LOCAL = "http://local.invalid/"
"""A stand-in origin: every reference is resolved against it, so leaving it means leaving the tree."""


class _References(HTMLParser):
    """Collects every URL-bearing attribute of a page or an SVG."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("href", "src", "xlink:href", "poster", "action", "data"):
                self.urls.append(value)
            elif name in ("srcset", "imagesrcset"):
                self.urls += [part.split()[0] for part in value.split(",") if part.strip()]

    handle_startendtag = handle_starttag


def references(text: str) -> list[str]:
    parser = _References()
    parser.feed(text)
    return parser.urls


def resolve(site: Path, site_url: str, document: Path, url: str) -> Path | None:
    """The file a reference points at, or None for what is not ours to check
    (another site, mailto:, data:, a bare fragment such as the widget's state)."""
    if url.startswith(site_url):
        url = LOCAL + url[len(site_url):]
    parts = urlsplit(url)
    if parts.scheme in ("mailto", "tel", "data", "javascript") or (parts.scheme and not url.startswith(LOCAL)):
        return None
    if not parts.path and not parts.netloc:
        return None
    base = LOCAL + str(document.relative_to(site).as_posix())
    target = urlsplit(urljoin(base, url))
    if f"{target.scheme}://{target.netloc}/" != LOCAL:
        return site / "__outside_the_site__"
    path = unquote(target.path.lstrip("/"))
    return site / (path + "index.html" if path.endswith("/") or not path else path)


def broken_references(site: Path, site_url: str) -> tuple[int, list[str]]:
    """(references checked, the broken ones as 'file: url')."""
    checked, broken = 0, []
    documents = [p for p in site.rglob("*") if p.suffix in (".html", ".svg")
                 and "javascripts" not in p.parts]
    for document in documents:
        for url in references(document.read_text(encoding="utf-8")):
            target = resolve(site, site_url, document, url)
            if target is None:
                continue
            checked += 1
            if not target.resolve().is_relative_to(site.resolve()) or not target.is_file():
                broken.append(f"{document.relative_to(site)}: {url}")
    for sitemap in site.rglob("sitemap.xml*"):
        raw = sitemap.read_bytes()
        text = (gzip.decompress(raw) if sitemap.suffix == ".gz" else raw).decode("utf-8")
        urls = re.findall(r"<loc>\s*([^<\s]+)\s*</loc>", text) + re.findall(r'\bhref="([^"]+)"', text)
        assert urls, f"{sitemap}: an empty sitemap"
        for url in urls:
            checked += 1
            target = resolve(site, site_url, site / "index.html", url.replace("&amp;", "&"))
            if target is None or not target.is_file():
                broken.append(f"{sitemap.relative_to(site)}: {url} (outside {site_url} or missing)")
    return checked, broken


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
