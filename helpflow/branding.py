"""A school's look: its colours as CSS for Material's custom palette, and contrast checks."""

from __future__ import annotations

from .school import School


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
    """Material's custom palette variables for the school's colours (validated hex only)."""
    p, a = accessible(school.primary), accessible(school.accent)
    return f""":root, [data-md-color-scheme="default"] {{
  --md-primary-fg-color: {p};
  --md-primary-fg-color--light: {p};
  --md-primary-fg-color--dark: {_mix(p, "#000000", 0.2)};
  --md-primary-bg-color: #ffffff;
  --md-accent-fg-color: {a};
  --md-accent-fg-color--transparent: {a}1a;
  --md-typeset-a-color: {p};
  --hf-primary: {p};
  --hf-accent: {a};
}}
""" + (_PHONE_LOGO if school.logo else "")


_PHONE_LOGO = """@media screen and (max-width: 76.234375em) {
  /* Material keeps the logo for wide screens; parents on a phone should see their school's too. */
  .md-header__button.md-logo { display: inline-block; }
}
"""
