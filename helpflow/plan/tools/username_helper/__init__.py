"""The username helper: the child's username from its first and last name.

The school's rule (``School.username``) may leave choices open; the helper then offers
every username the school might have made, most likely first (``UsernameRule.variants``):
the plan gives the script those rules in that order, so the script decides nothing.
"""

from __future__ import annotations

import html
from typing import Any

from helpflow.model.flow import Flow
from helpflow.model.usernames import EXAMPLES
from helpflow.plan.text import Context, Inline, Strong, attr, mailto


def data(ctx: Context, flow: Flow) -> dict[str, Any]:
    """The rules to try, most likely first, and the secretariat's address for help."""
    rule = ctx.school.username
    return {"rules": [variant.as_data() for variant in rule.variants()],
            "email": ctx.school.email, "mailto": mailto(ctx.school.email)}


def fallback(ctx: Context, flow: Flow) -> str:
    """Without JavaScript: what the school leaves open, with the usernames to try for an
    example name, then the school's address to ask."""
    return (unstated_html(ctx) + f'<p>{ctx.html(ctx.t("username_help"))} '
            f'<a href="{attr(mailto(ctx.school.email))}">{html.escape(ctx.school.email)}</a></p>')


def unstated_html(ctx: Context) -> str:
    """The sentence on what the school's rule leaves open, "" when it states everything."""
    rule = ctx.school.username
    if not rule.unstated:
        return ""
    first, last = EXAMPLES[rule.unstated]
    tried: tuple[Inline, ...] = ()
    for name in rule.usernames(first, last):
        tried += ((", ",) if tried else ()) + (Strong((name,)),)
    text = ctx.html(ctx.t(f"username_unstated_{rule.unstated}"), name=f"{first} {last}", username=tried)
    return f"<p>{text}</p>"
