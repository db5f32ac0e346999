"""What the printable handout of one flow shows, decided with the rest of the plan.

The successor of the paper sheet schools hand out today: the school's name and logo,
the decision diagram in the school's colour, every outcome's steps, the platform address
and the secretariat written out, and a QR code that opens the flow on the site in the
same language. ``handout_plan`` decides all of it as plain values and inline text nodes,
so a writer (``helpflow.build.handout_pdf``) only typesets, and the value keys the PDF.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass

from helpflow.model.flow import Flow, Outcome
from helpflow.model.school import Logo
from helpflow.plan.branding import accessible
from helpflow.plan.diagram import SVG, flow_svg, node_id, parse_svg
from helpflow.plan.pages import handout_filename, html_name, long_date
from helpflow.plan.text import Context, Inline, Link, mailto

Nodes = tuple[Inline, ...]


@dataclass(frozen=True)
class Fact:
    """One of the school's facts in the row under the diagram: a name and an address."""

    label: Nodes
    address: str
    """As printed, whole on one line (it may break after a slash only)."""
    href: str


@dataclass(frozen=True)
class SheetNote:
    kind: str
    """``info``, ``tip`` or ``warning``: the mark before it."""
    text: Nodes


@dataclass(frozen=True)
class SheetStep:
    text: Nodes
    note: SheetNote | None


@dataclass(frozen=True)
class SheetOutcome:
    """An outcome's box: its steps, and the school's phone line when it sends the parent there."""

    id: str
    kind: str
    title: str
    steps: tuple[SheetStep, ...]
    contact: Nodes
    """Heading and text of the phone line, or empty."""
    drawn: bool
    """Whether the diagram draws it (else only a link in the steps leads to it)."""


@dataclass(frozen=True)
class Handout:
    """Everything one printed handout shows, in the reader's language; the PDF's key."""

    flow: str
    path: str
    """Where the PDF goes, relative to the language's site root."""
    lang: str
    title: str
    school: str
    logo: Logo | None
    colour: str
    """The school's primary colour, darkened as the site darkens it for contrast."""
    site_url: str
    """The flow's home page on the site: the QR code's target."""
    intro: Nodes
    qr_text: Nodes
    facts: tuple[Fact, ...]
    diagram: str
    """The decision diagram as SVG, in the school's colours, nodes linking to the live pages."""
    hints: tuple[tuple[Nodes, Nodes], ...]
    """Each question with a hint, and the hint: what the diagram's short boxes leave out."""
    outcomes: tuple[SheetOutcome, ...]
    """In the diagram's left-to-right order, so that columns follow the arrows; an outcome
    the diagram leaves out (a page only a link reaches) last."""
    checked: Nodes
    """The day the flow's texts were last checked against their sources, as a sentence in
    the reader's language; empty for a flow that does not say."""


def _place(svg: ET.Element, node: str) -> tuple[float, float] | None:
    """Where the diagram draws ``node`` (x, y of its first text line), or None if it leaves it out."""
    drawn = next((e for e in svg.iter() if e.get("id") == node_id(node)), None)
    text = drawn.find(f".//{{{SVG}}}text") if drawn is not None else None
    return (float(text.get("x", "0")), float(text.get("y", "0"))) if text is not None else None


def diagram_order(svg: str, nodes: tuple[str, ...]) -> tuple[str, ...]:
    """``nodes`` as the diagram draws them from left to right (then top to bottom), those it
    leaves out last in their own order."""
    root = parse_svg(svg)
    places = {node: _place(root, node) for node in nodes}
    drawn = sorted((node for node in nodes if places[node]), key=lambda n: places[n] or (0, 0))
    return tuple(drawn) + tuple(node for node in nodes if not places[node])


def _outcome(ctx: Context, outcome: Outcome, drawn: bool) -> SheetOutcome:
    lang, school = ctx.lang, ctx.school
    steps = tuple(SheetStep(ctx.nodes(step.text[lang]),
                            SheetNote(step.note.kind, ctx.nodes(step.note.text[lang])) if step.note else None)
                  for step in outcome.steps)
    contact: Nodes = ()
    if outcome.kind == "contact-school" and school.phone:
        contact = (ctx.nodes(ctx.t("contact_heading")) + (" ",)
                   + ctx.nodes(ctx.t("contact_phone"), phone=Link(school.phone_url, (school.phone,))))
        if ctx.lang in school.hours:
            contact += (" ",) + ctx.nodes(ctx.t("contact_hours"), hours=school.hours[ctx.lang])
    return SheetOutcome(outcome.id, outcome.kind, ctx.plain(outcome.title[lang]), steps, contact, drawn)


def handout_plan(base: Context, flow: Flow, paths: Mapping[str, str], site_url: str, folder: str) -> Handout:
    """The handout of ``flow``: outcome steps on the sheet itself, any other page on the site."""
    lang, school = base.lang, base.school

    def page(node: str) -> tuple[str, str]:
        href = f"#hf-{node}" if node in flow.outcomes else site_url + html_name(paths[node])
        return href, flow.node(node).title[lang]

    ctx = Context(lang, school, base.ui, base.labels, page)
    colour = accessible(school.primary)
    svg = flow_svg(ctx, flow, {node: site_url + html_name(path) for node, path in paths.items()})
    # The platform as parents type it and as the steps name it: the host alone.
    facts = [Fact(ctx.nodes(ctx.t("handout_platform")), f"{school.smartschool}.smartschool.be", f"{school.platform_url}/"),
             Fact(ctx.nodes(ctx.t("handout_secretariat")), school.email, mailto(school.email))]
    if school.phone:
        facts.append(Fact(ctx.nodes(ctx.t("handout_phone")), school.phone, school.phone_url))
    hints = tuple((ctx.nodes(q.text[lang]), ctx.nodes(q.hint[lang])) for q in flow.questions.values() if q.hint)
    order = diagram_order(svg, tuple(flow.outcomes))
    answered = flow.answered()
    intro = ctx.nodes(ctx.t("handout_intro_one" if len(flow.questions) == 1 else "handout_intro_other"))
    return Handout(
        flow.slug, folder + handout_filename(lang), lang, ctx.plain(flow.title[lang]), school.name, school.logo,
        colour, site_url, intro, ctx.nodes(ctx.t("handout_qr")), tuple(facts), svg, hints,
        tuple(_outcome(ctx, flow.outcomes[node], node in answered) for node in order),
        ctx.nodes(ctx.t("sources_checked")) + (f" {long_date(flow.checked, lang)}.",) if flow.checked else ())

