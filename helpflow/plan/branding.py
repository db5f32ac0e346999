"""A school's look: its colours made readable (WCAG AA), and the site's CSS for them."""

from __future__ import annotations

from dataclasses import dataclass

from helpflow.load.logo import intrinsic_size
from helpflow.model.school import School
from helpflow.plan.material import palette_css


def _luminance(color: str) -> float:
    """WCAG 2.1 relative luminance of a ``#rrggbb`` colour."""
    channels = [int(color[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio between two ``#rrggbb`` colours, from 1 to 21."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _mix(color: str, other: str, share: float) -> str:
    """``color`` moved ``share`` of the way towards ``other``."""
    parts = [round(int(color[i:i + 2], 16) * (1 - share) + int(other[i:i + 2], 16) * share) for i in (1, 3, 5)]
    return "#" + "".join(f"{p:02x}" for p in parts)


AA = 4.5
"""WCAG 2.1 AA contrast for normal text."""
SURFACES = ("#ffffff", "#f5f5f5")
"""What links and buttons stand on: the page, and the light grey of boxes (the widget's among them)."""


def accessible(color: str) -> str:
    """``color``, darkened just enough for white text on it, and it on light surfaces, to reach AA.

    The same ratio serves both ways, so one shade keeps the header, the links and the
    buttons readable while staying as close to the school's colour as it can.
    """
    share = 0.0
    shade = color
    while min(contrast(shade, surface) for surface in SURFACES) < AA:
        share += 0.02
        shade = _mix(color, "#000000", share)
    return shade


NON_TEXT = 3.0
"""WCAG 2.1 AA contrast for the parts of a drawing (1.4.11): a box's outline on the page."""
TEXT_COLOR = "#000000"
"""Diagram labels: dot's default, black."""


@dataclass(frozen=True)
class DiagramColors:
    """The colours of a flow's diagram, on the site and on the handout alike."""

    question_line: str
    """A question box's outline: the school's primary, at the shade its pages use."""
    question_fill: str
    """A question box's inside: a light tint of that shade, under black labels."""


def diagram_colors(school: School) -> DiagramColors:
    """The school's colours for its diagram, by the pages' contrast rules: the outline is the
    shade its links use (AA on the page, so well past the 3:1 a drawing's parts need), the
    fill as light a tint of it as keeps it visible, its labels at AA on it."""
    line = accessible(school.primary)
    fill = _mix(line, "#ffffff", 0.9)
    return DiagramColors(line, fill)


def contrast_warnings(school: School) -> list[str]:
    """The school's colours that fail WCAG AA, and the darker shade the site uses instead."""
    warnings = []
    for key, color in (("colors.primary", school.primary), ("colors.accent", school.accent)):
        ratio = min(contrast(color, surface) for surface in SURFACES)
        if ratio < AA:
            warnings.append(f"{school.source}: {key}: '{color}' gives white text on it, and links in it, "
                            f"a contrast of {ratio:.1f}:1, below WCAG AA's {AA}:1; the site uses the darker "
                            f"'{accessible(color)}' instead; choose a darker colour to pick the shade yourself")
    return warnings


def school_css(school: School) -> str:
    """The site's CSS for the school's colours, each darkened to AA where needed, and its logo."""
    p, a, logo = accessible(school.primary), accessible(school.accent), school.logo
    return palette_css(p, _mix(p, "#000000", 0.2), a, phone_logo=logo is not None,
                       logo_size=intrinsic_size(logo.data, logo.name) if logo else None)
