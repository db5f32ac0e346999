""""Did this help?" under every outcome, counted by the school's own web server.

No cookie, no storage, no other origin: an answer is a plain link to a thank-you page of
the same site, whose address names the flow and the outcome
(``feedback/yes.html?flow=wachtwoord-vergeten&outcome=mail-school``). The host's access
log then holds the count, and ``helpflow stats`` reads it. When the school turns
``statistics`` on, an outcome reached in the widget is counted too: the flow's home page
carries ``feedback.js``, which asks for a tiny file of the same site
(``feedback/reached.txt?flow=…&outcome=…``) when the parent's answers lead to an outcome.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from urllib.parse import urlencode

from helpflow.model.flow import Flow
from helpflow.paths import FEEDBACK_FOLDER, REACHED_FILE
from helpflow.plan import material
from helpflow.plan.pages import contact_html
from helpflow.plan.text import Context, attr

FOLDER = FEEDBACK_FOLDER
ANSWERS = ("yes", "no")
"""An answer's page is ``feedback/<answer>.md``; the answer's text is ui.yml's ``feedback_<answer>``."""
REACHED = REACHED_FILE
SCRIPT = "assets/feedback.js"


def answer_page(answer: str) -> str:
    return f"{FOLDER}/{answer}.md"


def query(flow: str, outcome: str) -> str:
    return urlencode({"flow": flow, "outcome": outcome})


def feedback_html(ctx: Context, to_root: str, flow: str, outcome: str) -> str:
    """The question and its two answers, as links (``to_root``: from the page to the language's root)."""
    links = " ".join(material.button(f"{to_root}{answer_page(answer).removesuffix('.md')}.html?{query(flow, outcome)}",
                                     ctx.html(ctx.t(f"feedback_{answer}"))) for answer in ANSWERS)
    question = ctx.html(ctx.t("feedback_question"))
    return (f'<section class="hf-feedback" aria-label="{attr(ctx.plain(ctx.t("feedback_question")))}">'
            f'<p><strong>{question}</strong> {links}</p></section>')


def thanks_markdown(ctx: Context, answer: str) -> str:
    """The page an answer opens: thanks, and for "no" the way to the school (its address, and
    its phone line when it gives one)."""
    return "\n\n".join(part for part in [
        f"# {ctx.markdown(ctx.t('feedback_title'))}",
        f"<p>{ctx.html(ctx.t(f'feedback_thanks_{answer}'))}</p>",
        contact_html(ctx) if answer == "no" else "",
        f'<p><a href="../index.html">{ctx.html(ctx.t("feedback_back"))}</a></p>',
    ] if part) + "\n"


def reached_block(to_root: str, flow: Flow, pages: Mapping[str, str]) -> str:
    """What ``feedback.js`` needs on a flow's home page: where to ask, the flow, and each
    outcome's page as the widget links to it (``pages``: outcome id -> address)."""
    outcomes = json.dumps({page: outcome for outcome, page in pages.items()}, separators=(",", ":"))
    return (f'<div id="hf-reached" hidden data-url="{attr(to_root + REACHED)}" data-flow="{attr(flow.slug)}" '
            f'data-outcomes="{attr(outcomes)}"></div>\n'
            f'<script type="module" src="{attr(to_root + SCRIPT)}"></script>')
