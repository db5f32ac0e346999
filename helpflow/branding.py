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


def contrast_warnings(school: School) -> list[str]:
    """WCAG AA (4.5:1) problems of the school's colours, as one-line warnings."""
    warnings = []
    for key, color, against, where in (
        ("colors.primary", school.primary, "#ffffff", "white header text on it"),
        ("colors.primary", school.primary, "#ffffff", "links in it on the white page"),
        ("colors.accent", school.accent, "#ffffff", "hovered links in it on the white page"),
    ):
        ratio = contrast(color, against)
        if ratio < 4.5:
            warnings.append(f"{school.source}: {key}: '{color}' gives {where} a contrast of {ratio:.1f}:1, "
                            "below WCAG AA's 4.5:1; choose a darker colour")
    return list(dict.fromkeys(warnings))


def school_css(school: School) -> str:
    """Material's custom palette variables for the school's colours (validated hex only)."""
    p, a = school.primary, school.accent
    return f""":root, [data-md-color-scheme="default"] {{
  --md-primary-fg-color: {p};
  --md-primary-fg-color--light: {_mix(p, "#ffffff", 0.2)};
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
