"""Hostile logos: every file in tests/hostile/logos/ (and a few made here: decompression
bombs, a huge file, deep nesting) is refused with one line, or comes out of clean_logo
harmless; the harmless SVGs are then opened on their own in real Chromium, served with no
security headers, and run nothing and fetch nothing. Good logos survive and look the same."""

from __future__ import annotations

import io
import re
import struct
import zlib
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

import pytest
from PIL import Image

from helpflow.errors import HelpflowError
from helpflow.load.logo import MAX_BYTES, MAX_DEPTH, clean_logo

from helpers import HOSTILE

LOGOS = HOSTILE / "logos"
BASE = '<rect width="40" height="40" fill="#1f4e8c">'
"""The drawing every hostile SVG fixture carries around its attack; it must survive."""

REFUSED = {  # fixture -> what its one-line error must say
    "entity-script.svg": "it declares entities or a DTD",
    "entity-external.svg": "it declares entities or a DTD",
    "entity-parameter.svg": "it declares entities or a DTD",
    "entity-bomb.svg": "it declares entities or a DTD",
    "entity-undeclared.svg": "it uses the undeclared entity 'x'",
    "xhtml-root.svg": "not really an SVG image (it starts with <html>",
    "xhtml-svg-inside.svg": "not really an SVG image (it starts with <html>",
    "no-namespace.svg": "not really an SVG image (it starts with <svg>",
    "malformed.svg": "not really an SVG image (mismatched tag",
    "two-roots.svg": "not really an SVG image (junk after document element",
    "raster-only.svg": "nothing left to draw",
    "png-truncated.png": "not really a PNG image (image file is truncated)",
    "png-bad-checksum.png": "not really a PNG image",
    "gif-renamed.png": "not really a PNG image",
    "svg-renamed.png": "not really a PNG image",
}
CLEANED = {  # fixture -> what it tried (beyond the checks every cleaned SVG gets)
    "script-plain.svg": "script",
    "script-namespaced.svg": "script in the SVG namespace under another prefix",
    "script-xhtml.svg": "XHTML script inside SVG",
    "script-cdata.svg": "script in CDATA",
    "script-href.svg": "script loaded from a data: address",
    "onload-root.svg": "onload on the root",
    "onload-rect.svg": "onload and onmouseover on a shape",
    "onbegin-animate.svg": "onbegin, which fires as the animation starts",
    "onerror-image.svg": "onerror of an image that cannot load",
    "foreignobject-iframe.svg": "iframe srcdoc in a foreignObject",
    "foreignobject-img-onerror.svg": "XHTML img onerror in a foreignObject",
    "iframe-javascript.svg": "XHTML iframe with a javascript: src",
    "embed-object.svg": "embed and object from another origin",
    "link-javascript-entity.svg": "javascript: link spelled with a character reference",
    "link-javascript-tab.svg": "javascript: link with an encoded tab, in xlink:href",
    "link-data-html.svg": "data: HTML link",
    "use-javascript.svg": "use pointing at javascript:",
    "animate-href.svg": "animate setting href to javascript:",
    "set-href.svg": "set setting xlink:href to javascript:",
    "animate-values.svg": "animate values with javascript:",
    "use-external.svg": "use of another origin's file",
    "use-xlink-protocol-relative.svg": "use with a protocol-relative address",
    "image-external.svg": "image from another origin",
    "feimage-external.svg": "feImage from another origin",
    "gradient-external.svg": "gradient inheriting from another origin",
    "xml-stylesheet.svg": "xml-stylesheet processing instruction",
    "css-attribute-url.svg": "style attribute with url() of another origin",
    "css-attribute-escaped-url.svg": "style attribute with url() spelled with a CSS escape",
    "css-presentation-url.svg": "fill attribute with a quoted url() of another origin",
    "css-element-url.svg": "style element with url() of another origin",
    "css-import.svg": "@import url()",
    "css-import-string.svg": "@import of a string",
    "css-font-face.svg": "@font-face from another origin",
    "css-image-set.svg": "background image-set()",
    "css-cdata-breakout.svg": "</style><script> inside CDATA",
    "css-text-child.svg": "an element inside <style> whose text is CSS",
}
GOOD = ("good.svg", "good.png", "png-text-chunks.png")


def test_every_fixture_is_listed():
    assert {p.name for p in LOGOS.iterdir()} == set(REFUSED) | set(CLEANED) | set(GOOD)


def refusal(data: bytes, name: str) -> str:
    with pytest.raises(HelpflowError) as caught:
        clean_logo(data, Path(name).suffix, LOGOS / name)
    message = str(caught.value)
    assert message.isprintable() and len(message) < 400, repr(message)
    assert message.startswith(f"{LOGOS / name}: logo: ") and "; " in message, message
    return message


@pytest.mark.parametrize("name", REFUSED)
def test_a_logo_that_cannot_be_cleaned_is_refused_in_one_line(name):
    assert REFUSED[name] in refusal((LOGOS / name).read_bytes(), name)


def assert_harmless(svg: bytes) -> None:
    """A valid standalone SVG that names no other address, runs nothing and is stable."""
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert clean_logo(svg, ".svg", Path("again.svg")) == svg, "cleaning twice changes it"
    text = svg.decode("utf-8").lower()
    for declaration in ('xmlns="http://www.w3.org/2000/svg"', 'xmlns:xlink="http://www.w3.org/1999/xlink"'):
        text = text.replace(declaration, "")
    for word in ("script", "foreignobject", "iframe", "embed", "object", "<image", "feimage", "<animate", "<set",
                 "<a ", "javascript", "data:", "http", "//", "@", "image-set", "evil"):
        assert word not in text, f"{word!r} survived: {text}"
    assert not re.search(r"\son\w+\s*=", text), text
    assert not re.search(r"url\(\s*[^#\s]", text), text
    assert all(value.startswith("#") for value in re.findall(r'href="([^"]*)"', text)), text


@pytest.mark.parametrize("name", CLEANED)
def test_a_hostile_svg_comes_out_harmless_and_keeps_its_drawing(name):
    cleaned = clean_logo((LOGOS / name).read_bytes(), ".svg", LOGOS / name)
    assert_harmless(cleaned)
    assert BASE in cleaned.decode("utf-8")


def test_a_good_svg_keeps_what_draws_and_loses_editor_clutter():
    cleaned = clean_logo((LOGOS / "good.svg").read_bytes(), ".svg", LOGOS / "good.svg")
    assert_harmless(cleaned)
    text = cleaned.decode("utf-8")
    for kept in ('viewBox="0 0 120 48"', 'xml:space="preserve"', ".st0{fill:url(#grad)}",
                 ".st1{fill:none;stroke:#B34700;stroke-width:3;stroke-linecap:round}", 'xlink:href="#base-grad"',
                 'style="stop-color:#1F4E8C"', 'clip-path="url(#clip)"', '<use href="#star" x="14"',
                 "<polygon points=", 'font-family="\'DejaVu Sans\', sans-serif"', ">S&amp;J</text>"):
        assert kept in text, kept
    for dropped in ("sodipodi", "inkscape", "metadata", "rdf", "Generator", "DOCTYPE", "<?xml", 'type="text/css"'):
        assert dropped not in text, dropped


def pixels(png: bytes) -> bytes:
    with Image.open(io.BytesIO(png)) as image:
        return image.convert("RGBA").tobytes()


@pytest.mark.parametrize("name", ["good.png", "png-text-chunks.png"])
def test_a_png_is_re_encoded_to_its_pixels_only(name):
    original = (LOGOS / name).read_bytes()
    cleaned = clean_logo(original, ".png", LOGOS / name)
    assert cleaned.startswith(b"\x89PNG\r\n\x1a\n") and cleaned.endswith(b"IEND\xaeB`\x82")
    assert pixels(cleaned) == pixels(original)
    for chunk in (b"tEXt", b"iTXt", b"zTXt", b"iCCP", b"eXIf", b"script", b"evil"):
        assert chunk not in cleaned, chunk


def png(width: int, height: int) -> bytes:
    """A real black 1-bit PNG of any size: its rows compress to almost nothing."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    row, compressor = b"\0" * (1 + (width + 7) // 8), zlib.compressobj(9)
    per_block = max(1, 2**20 // len(row))
    blocks, rest = divmod(height, per_block)
    rows = b"".join(compressor.compress(row * per_block) for _ in range(blocks))
    rows += compressor.compress(row * rest) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


@pytest.mark.parametrize(("size", "expected"), [
    ((20_000, 20_000), "more than 16,777,216 pixels"),  # Pillow's own bomb limit trips first
    ((5_000, 5_000), "the logo is 5000×5000 pixels, more than 16,777,216"),
    ((1, 20_000_000), "the logo is 1×20000000 pixels"),
])
def test_a_png_decompression_bomb_is_refused_before_it_is_decoded(size, expected):
    bomb = png(*size)
    assert len(bomb) < 100_000
    assert expected in refusal(bomb, "bomb.png")


def test_a_png_at_the_pixel_limit_is_accepted():
    with Image.open(io.BytesIO(clean_logo(png(4096, 4096), ".png", Path("big.png")))) as image:
        assert image.size == (4096, 4096)


@pytest.mark.parametrize(("data", "name", "expected"), [
    (png(4096, 4096) + b"\0" * MAX_BYTES, "huge.png", f"more than {MAX_BYTES // 1024} KB"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'>" + b" " * MAX_BYTES + b"</svg>", "huge.svg", "more than 512 KB"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'>" + b"<g>" * 10_000 + b"</g>" * 10_000 + b"</svg>", "deep.svg",
     f"nested more than {MAX_DEPTH} levels deep"),
    (png(10, 10), "png-renamed.svg", "not really an SVG image (not well-formed"),
    (b"", "empty.svg", "not really an SVG image (no element found"),
    (b"GIF89a", "logo.gif", "'.gif' is not an .svg or .png file"),
])
def test_other_hostile_logos_are_refused(data, name, expected):
    assert expected in refusal(data, name)


# --- in a real browser: the cleaned SVGs opened on their own, as anyone can ---

@pytest.fixture(scope="module")
def cleaned_url(serve, tmp_path_factory) -> str:
    """The cleaned SVGs and the good one, served with no security headers at all."""
    folder = tmp_path_factory.mktemp("cleaned")
    for name in (*CLEANED, "good.svg"):
        (folder / name).write_bytes(clean_logo((LOGOS / name).read_bytes(), ".svg", LOGOS / name))
    (folder / "good-original.svg").write_bytes((LOGOS / "good.svg").read_bytes())
    (folder / "side-by-side.html").write_text(
        '<!doctype html><title>logos</title><style>img { display: block; margin: 0 }</style>'
        '<img id="original" src="good-original.svg" alt=""><img id="cleaned" src="good.svg" alt="">', encoding="utf-8")
    return serve(folder)


UNWANTED = ["script", "foreignObject", "iframe", "embed", "object", "image", "feImage", "animate", "set", "a"]
FIND_UNWANTED = ("() => [...document.getElementsByTagNameNS('*', '*')].map(e => e.localName)"
                 f".filter(n => {UNWANTED!r}.includes(n))")


def test_cleaned_logos_opened_on_their_own_run_and_fetch_nothing(watched_page, cleaned_url):
    """One page load per logo, in one page, with a click on each rectangle (a link, a
    mouse-over handler); watched_page also fails on console errors."""
    found: dict[str, list[str]] = {}
    name = ""
    watched_page.on("dialog", lambda dialog: (found.setdefault(name, []).append(f"dialog {dialog.message}"),
                                              dialog.dismiss()))
    watched_page.on("request", lambda request: None if urlsplit(request.url).hostname == "127.0.0.1"
                    else found.setdefault(name, []).append(f"request {request.url}"))
    for name in (*CLEANED, "good.svg"):
        watched_page.goto(cleaned_url + name, wait_until="load")
        for shape in reversed(watched_page.locator("rect").all()):  # hover and click, as a visitor might
            shape.click(force=True)
        if watched_page.evaluate("document.documentElement.namespaceURI") != "http://www.w3.org/2000/svg":
            found.setdefault(name, []).append("not shown as an SVG document")
        if unwanted := watched_page.evaluate(FIND_UNWANTED):
            found.setdefault(name, []).append(f"elements {unwanted}")
    assert not found, found


def test_the_browser_checks_would_catch_an_uncleaned_logo(page, serve):
    """The checks above are not vacuous: the same page sees the raw files' attacks."""
    raw = serve(LOGOS)
    dialogs: list[str] = []
    foreign: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.route("**/*", lambda route: (foreign.append(route.request.url), route.abort())
               if "evil.example" in route.request.url else route.continue_())
    for name in ("script-plain.svg", "onbegin-animate.svg", "link-javascript-entity.svg", "image-external.svg"):
        page.goto(raw + name, wait_until="load")
        for shape in reversed(page.locator("rect").all()):
            shape.click(force=True)
    assert dialogs == ["1", "1", "1"] and foreign == ["https://evil.example/pixel.png"]


def test_a_cleaned_good_logo_looks_the_same(watched_page, cleaned_url):
    watched_page.goto(cleaned_url + "side-by-side.html", wait_until="load")
    original, cleaned = (pixels(watched_page.locator(f"#{which}").screenshot()) for which in ("original", "cleaned"))
    assert original == cleaned
    assert len({cleaned[i:i + 4] for i in range(0, len(cleaned), 4)}) > 3, "a blank picture"
