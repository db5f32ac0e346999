"""A school's logo, made safe to publish: an SVG rebuilt from an allow-list, a PNG re-encoded.

The site serves the logo as a file of its own (``assets/logo.svg``), and anyone can open
that address directly: an SVG document then runs its scripts and loads what it links to,
on the school's origin, on a host that may send no security headers at all. So the logo
must be harmless by construction, not merely checked.

Why a parser and an allow-list, not a deny-list of patterns: XML spells one thing many
ways (``&#106;avascript:``, ``<x:script xmlns:x="…svg">``, CDATA, entities), SVG has many
ways to run or fetch something (scripts, event attributes, ``foreignObject``, animations
that set ``href``, ``<image>``, ``<use>``, CSS ``url()`` and ``@import``, ``xml-stylesheet``)
and browsers add more. A pattern list has to foresee every spelling of every one; a
rebuild only has to know what a drawing needs. So the SVG is parsed by expat with every
entity declaration refused (nothing expands), and a new document is written from the
elements, attributes, CSS properties and values that draw, each value checked against
a strict character set and every reference required to be a local ``#id``. Anything else
is left out, whatever it is, whether or not anybody foresaw it. A PNG goes through Pillow
the same way: decoded within a pixel budget and written out anew, so only pixels remain.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from xml.etree import ElementTree as ET
from xml.parsers import expat
from xml.sax.saxutils import escape, quoteattr

from helpflow.errors import HelpflowError, printable, printable_path, problem

MAX_BYTES = 512 * 1024
MAX_PIXELS = 4096 * 4096
"""Far more than a header logo needs; decoding more is what a decompression bomb wants."""
MAX_DEPTH = 64
REDO = "export the logo again as a plain SVG or PNG"

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"

ELEMENTS = frozenset(["svg", "g", "defs", "symbol", "use", "title", "desc", "style", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan", "textPath", "linearGradient", "radialGradient", "stop", "clipPath", "mask", "pattern", "marker", "filter", "feBlend", "feColorMatrix", "feComposite", "feDropShadow", "feFlood", "feGaussianBlur", "feMerge", "feMergeNode", "feOffset"])
"""What a drawing needs. Not ``image`` (it loads a file), ``a``, ``script``, ``foreignObject``,
``animate``/``set`` (they can set ``href``) or ``feImage``."""
UNWRAPPED = frozenset({"a", "switch"})
"""Left out, but their drawing is kept: a logo in a link, Illustrator's ``switch``."""
TEXT = frozenset({"text", "tspan", "textPath", "title", "desc"})
DRAWING = frozenset({"path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "use"})
LINKING = frozenset({"use", "linearGradient", "radialGradient", "pattern", "textPath"})
"""Elements whose ``href`` may name another element of the same logo."""

PROPERTIES = frozenset(["fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray", "stroke-dashoffset", "stroke-opacity", "opacity", "color", "display", "visibility", "overflow", "transform", "clip-path", "clip-rule", "mask", "filter", "stop-color", "stop-opacity", "flood-color", "flood-opacity", "font-family", "font-size", "font-weight", "font-style", "font-variant", "font-stretch", "letter-spacing", "word-spacing", "text-anchor", "text-decoration", "dominant-baseline", "alignment-baseline", "baseline-shift", "writing-mode", "marker-start", "marker-mid", "marker-end", "color-interpolation", "color-interpolation-filters", "shape-rendering", "text-rendering", "image-rendering", "paint-order", "vector-effect", "mix-blend-mode", "isolation"])
"""Presentation properties: allowed as attributes and in CSS."""
ATTRIBUTES = PROPERTIES | frozenset(["id", "class", "viewBox", "preserveAspectRatio", "width", "height", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy", "fr", "d", "points", "pathLength", "offset", "dx", "dy", "rotate", "textLength", "lengthAdjust", "startOffset", "gradientUnits", "gradientTransform", "spreadMethod", "patternUnits", "patternContentUnits", "patternTransform", "clipPathUnits", "maskUnits", "maskContentUnits", "markerUnits", "markerWidth", "markerHeight", "refX", "refY", "orient", "filterUnits", "primitiveUnits", "in", "in2", "result", "mode", "operator", "k1", "k2", "k3", "k4", "type", "values", "stdDeviation"]) | {f"{{{XML}}}space"}
FUNCTIONS = frozenset({"rgb", "rgba", "hsl", "hsla", "matrix", "translate", "scale", "rotate", "skewx", "skewy"})
"""CSS and transform functions that only compute; ``url()`` is allowed apart, and only local."""

SAFE_VALUE = re.compile(r"[\w\s#%.,+\-'\"()!/]*")
"""No ``\\`` (a CSS escape could spell ``url(``), ``:`` (``javascript:``, ``data:``), ``;``,
``{}``, ``<>``, ``@`` or ``*``: nothing a drawing's value needs."""
FUNCTION = re.compile(r"([\w-]*)\s*\(")
LOCAL_URL = re.compile(r"url\(\s*(['\"]?)#[\w.-]+\1\s*\)", re.IGNORECASE)
LOCAL_REF = re.compile(r"#[\w.-]+")
RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
SELECTOR = re.compile(r"[\w\s.#,>+~-]+")

Refuse = Callable[..., HelpflowError]


def clean_logo(data: bytes, suffix: str, source: Path, key: str = "logo") -> bytes:
    """The logo in ``data`` (read from ``source``, an .svg or .png file) as bytes safe to
    publish; or a one-line HelpflowError naming ``source`` and ``key``."""

    def refuse(what: str, fix: str = REDO) -> HelpflowError:
        return HelpflowError(problem(printable_path(source), key, what, fix))

    if len(data) > MAX_BYTES:
        raise refuse(f"the logo is {len(data) // 1024} KB, more than {MAX_BYTES // 1024} KB", "make the image smaller")
    if suffix.lower() == ".svg":
        return _clean_svg(data, refuse)
    if suffix.lower() == ".png":
        return _clean_png(data, refuse)
    raise refuse(f"'{printable(suffix)}' is not an .svg or .png file", "save the logo as SVG or PNG")


def _clean_png(data: bytes, refuse: Refuse) -> bytes:
    """Only the pixels, written by Pillow: no text chunks, profiles or trailing data survive.
    (Pillow is imported where a PNG is read: most logos are SVG, and importing it took 13 ms
    of every build.)"""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data), formats=["PNG"]) as image:
            if image.width * image.height > MAX_PIXELS:
                raise refuse(f"the logo is {image.width}×{image.height} pixels, more than {MAX_PIXELS:,}",
                             "make the image smaller")
            with _whole_images_only():
                image.load()
            pixels = image.convert("RGBA")
    except Image.DecompressionBombError:
        raise refuse(f"the logo has more than {MAX_PIXELS:,} pixels", "make the image smaller") from None
    except UnidentifiedImageError:
        raise refuse("not really a PNG image") from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:  # what Pillow raises on broken files
        raise refuse(f"not really a PNG image ({printable(str(exc))})") from None
    pixels.info.clear()
    out = io.BytesIO()
    pixels.save(out, "PNG")
    return out.getvalue()


@contextlib.contextmanager
def _whole_images_only() -> Iterator[None]:
    """Pillow reads a truncated file as if whole once anything in the process allows it (a
    library may set it on import, as WeasyPrint, the handout's earlier engine, did): in
    ``build --all`` every school after the first would then get a broken logo through."""
    from PIL import ImageFile

    allowed = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = allowed


def _clean_svg(data: bytes, refuse: Refuse) -> bytes:
    root = _parse(data, refuse)
    if root.tag != f"{{{SVG}}}svg":
        raise refuse(f"not really an SVG image (it starts with <{printable(root.tag.rpartition('}')[2])}>,"
                     f" not <svg xmlns=\"{SVG}\">)")
    out: list[str] = []
    if not _write(root, out, top=True):
        raise refuse("nothing left to draw without scripts, links and embedded images")
    return "".join(out).encode("utf-8")


class _Refused(Exception):
    """Raised inside an expat handler, which passes it through ``Parse``."""


def _parse(data: bytes, refuse: Refuse) -> ET.Element:
    """The XML tree, refusing any DTD with declarations: no entity is ever expanded.

    A bare ``<!DOCTYPE svg PUBLIC …>``, as older Illustrator versions write, declares
    nothing and is never fetched, so it is allowed.
    """
    builder = ET.TreeBuilder()
    parser = expat.ParserCreate(namespace_separator="}")
    depth = 0

    def doctype(name: str, system: str | None, public: str | None, has_internal_subset: int) -> None:
        if has_internal_subset:
            raise _Refused("it declares entities or a DTD")

    def skipped(name: str, is_parameter: int) -> None:
        raise _Refused(f"it uses the undeclared entity '{printable(name, 40)}'")

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal depth
        depth += 1
        if depth > MAX_DEPTH:
            raise _Refused(f"it is nested more than {MAX_DEPTH} levels deep")
        builder.start(_qualified(name), {_qualified(k): v for k, v in attributes.items()})

    def end(name: str) -> None:
        nonlocal depth
        depth -= 1
        builder.end(_qualified(name))

    parser.StartDoctypeDeclHandler = doctype
    parser.SkippedEntityHandler = skipped
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = builder.data
    try:
        parser.Parse(data, True)
    except _Refused as exc:
        raise refuse(f"not a plain SVG image: {exc}") from None
    except expat.ExpatError as exc:
        raise refuse(f"not really an SVG image ({printable(str(exc))})") from None
    return builder.close()


def _qualified(name: str) -> str:
    """expat's ``namespace}local`` as ElementTree's ``{namespace}local``."""
    return "{" + name if "}" in name else name


def _write(element: ET.Element, out: list[str], top: bool = False) -> bool:
    """Write ``element`` to ``out`` if it is allowed, with its allowed attributes and
    children; return whether anything was drawn."""
    namespace, _, name = element.tag[1:].partition("}") if element.tag.startswith("{") else ("", "", element.tag)
    if namespace != SVG or name not in ELEMENTS:  # a list, not a generator: write every child
        return namespace == SVG and name in UNWRAPPED and any([_write(child, out) for child in element])
    if name == "style":  # no children: their text would become CSS too
        if css := _stylesheet("".join(element.itertext())):
            out.append(f"<style>{escape(css)}</style>")
        return False
    declarations = f' xmlns="{SVG}" xmlns:xlink="{XLINK}"' if top else ""
    out.append(f"<{name}{declarations}{_attributes(element, name)}>")
    drawn = name in DRAWING
    if name in TEXT:
        out.append(escape(element.text or ""))
    for child in element:
        drawn = _write(child, out) or drawn
        if name in TEXT:
            out.append(escape(child.tail or ""))
    out.append(f"</{name}>")
    return drawn


def _attributes(element: ET.Element, name: str) -> str:
    kept = []
    for key, value in element.attrib.items():
        if key in ("href", f"{{{XLINK}}}href"):
            value = value.strip()
            keep = name in LINKING and LOCAL_REF.fullmatch(value) is not None
        elif key == "style":
            value = _declarations(value)
            keep = bool(value)
        else:
            keep = key in ATTRIBUTES and _safe(value)
        if keep:
            written = key.replace(f"{{{XLINK}}}", "xlink:").replace(f"{{{XML}}}", "xml:")
            kept.append(f" {written}={quoteattr(value)}")
    return "".join(kept)


def _safe(value: str) -> bool:
    """A value made only of harmless characters, calling only computing functions and
    local ``url(#id)`` references."""
    return SAFE_VALUE.fullmatch(value) is not None and all(
        function.lower() in FUNCTIONS for function in FUNCTION.findall(LOCAL_URL.sub("", value)))


def _declarations(css: str) -> str:
    """A ``style`` attribute's declarations of allowed properties with safe values."""
    kept = []
    for declaration in css.split(";"):
        prop, colon, value = declaration.partition(":")
        prop, value = prop.strip().lower(), value.strip()
        if colon and prop in PROPERTIES and _safe(value):
            kept.append(f"{prop}:{value}")
    return ";".join(kept)


def _stylesheet(css: str) -> str:
    """A ``<style>`` element's plain rules (``.cls-1{fill:#123}``, as Illustrator writes),
    rebuilt; at-rules, comments, escapes and anything unrecognised are left out."""
    rules = []
    for selector, body in RULE.findall(css):
        declarations = _declarations(body)
        if SELECTOR.fullmatch(selector) and declarations:
            rules.append(f"{' '.join(selector.split())}{{{declarations}}}")
    return "\n".join(rules)


LENGTH = re.compile(r"(\d+(?:\.\d+)?|\.\d+)(px|pt|pc|mm|cm|in)?")
"""An SVG ``width`` or ``height`` in an absolute unit; a percentage or em says nothing of the shape."""
PIXELS = {None: 1.0, "px": 1.0, "pt": 4 / 3, "pc": 16.0, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0}


def intrinsic_size(data: bytes, name: str) -> tuple[float, float] | None:
    """A logo's width and height as ``clean_logo`` wrote it (``name`` ends in .svg or .png), in
    pixels, or in the units of an SVG's ``viewBox`` when only that gives its shape, as a browser
    reads them; None when nothing does. The page keeps the logo's place before it loads."""
    if name.endswith(".png"):
        from PIL import Image

        with Image.open(io.BytesIO(data), formats=["PNG"]) as image:
            return float(image.width), float(image.height)
    root = ET.fromstring(data)  # clean_logo's own output: no DTD, no entity
    width, height = (_pixels(root.get(key, "")) for key in ("width", "height"))
    if width is not None and height is not None:
        return width, height
    box = root.get("viewBox", "").replace(",", " ").split()
    shape = [size for size in map(_pixels, box[2:]) if size is not None]
    return (shape[0], shape[1]) if len(box) == 4 and len(shape) == 2 else None


def _pixels(length: str) -> float | None:
    """An absolute length in CSS pixels, if it is one and more than nothing."""
    match = LENGTH.fullmatch(length.strip())
    value = float(match[1]) * PIXELS[match[2]] if match else 0.0
    return value or None
