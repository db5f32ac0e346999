"""The accessibility statement a school's site must publish (EU directive 2016/2102, in
Flanders the Bestuursdecreet, in the French Community its decree of 3 May 2019).

Its sections follow the Flemish government's model statement: the compliance status against
WCAG 2.1 AA, what is not accessible yet, how and when the statement was made, a contact
with a reply time, and where to complain. Every claim in it is one helpflow can stand
behind: it says what the tests check (axe-core, the Nu checker, keyboard, no JavaScript)
and what nobody has checked (a person with a screen reader).
"""

from __future__ import annotations

import datetime
import html
import os

from helpflow.model.school import School
from helpflow.paths import STATEMENT_PAGE
from helpflow.plan.pages import long_date
from helpflow.plan.text import Context, Link, attr, mailto, slugify

STATEMENT = STATEMENT_PAGE
_DATE = "\x00date\x00"
"""Stands for the date in a rendered text, for the ``<time>`` element to take its place."""


def built_on() -> datetime.date:
    """The day the site is built: ``SOURCE_DATE_EPOCH`` when set (a reproducible build), else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date()
    return datetime.date.today()


def contact_of(school: School) -> tuple[str, int]:
    """Who answers about accessibility, and within how many days: the school file's
    ``accessibility``, else the secretariat's address and a week."""
    return school.accessibility.contact or school.email, school.accessibility.reply_days


def statement_markdown(ctx: Context, built: datetime.date) -> str:
    """The statement page, in the reader's language, for the school's community."""
    school = ctx.school
    community = school.platform_language
    contact, days = contact_of(school)
    contact_value = Link(mailto(contact), (contact,)) if "@" in contact and " " not in contact else contact
    authority = Link(ctx.t(f"a11y_authority_url_{community}"), (ctx.t(f"a11y_authority_{community}"),))
    when = f'<time datetime="{built.isoformat()}">{html.escape(long_date(built, ctx.lang))}</time>'
    gaps = "".join(f"<li>{ctx.html(ctx.t(key))}</li>" for key in ("a11y_gap_manual", "a11y_gap_handout",
                                                                    "a11y_gap_platform"))
    return "\n\n".join([
        f"# {ctx.markdown(ctx.t('a11y_title'))}",
        f"<p>{ctx.html(ctx.t('a11y_intro'))} {ctx.html(ctx.t(f'a11y_law_{community}'))}</p>",
        _heading(ctx, "a11y_status_heading"),
        f"<p>{ctx.html(ctx.t('a11y_status'))}</p>",
        _heading(ctx, "a11y_gaps_heading"),
        f"<ul>{gaps}</ul>",
        _heading(ctx, "a11y_method_heading"),
        f"<p>{ctx.html(ctx.t('a11y_method'), date=_DATE).replace(html.escape(_DATE), when)}</p>",
        _heading(ctx, "a11y_contact_heading"),
        f"<p>{ctx.html(ctx.t('a11y_contact'), contact=contact_value, days=str(days))}</p>",
        _heading(ctx, "a11y_complaint_heading"),
        f"<p>{ctx.html(ctx.t('a11y_complaint'), name=authority)}</p>",
    ]) + "\n"


def _heading(ctx: Context, key: str) -> str:
    """A section heading as HTML, not Markdown: Material would list Markdown's in a table of
    contents that planned pages hide, leaving its label pointing at nothing."""
    return f'<h2 id="{attr(slugify(ctx.plain(ctx.t(key))))}">{ctx.html(ctx.t(key))}</h2>'
