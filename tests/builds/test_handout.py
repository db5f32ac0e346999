"""The printable handout: one A4 page per language, the school's facts written out, a QR
code that a phone really reads, and room for a long school name in every language.

The PDFs are made by the real engine (WeasyPrint), read back with pypdf, rendered with
Poppler's pdftoppm and their QR codes decoded with ZBar's zbarimg, as a parent's phone would.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest
from pypdf import PdfReader

from helpflow.errors import HelpflowError
from helpflow.load.school import load_school
from helpflow.paths import SCHOOLS
from helpflow.plan.handout import FONT_PT, SCALES, _fitted, handout_html, write_handout
from helpflow.plan.pages import handout_filename
from helpflow.plan.site import flow_folder, plan_site

LANGUAGES = ("nl", "fr", "en")
A4_PT = (595.28, 841.89)
LONG_NAME = 'Vrije Basisschool & Middenschool <Sint-Jozef> "De Regenboog" Oostakker-Wondelgem'
assert len(LONG_NAME) == 80


@pytest.fixture(scope="module", autouse=True)
def _tools() -> None:
    missing = [tool for tool in ("pdftoppm", "zbarimg") if not shutil.which(tool)]
    if missing:
        pytest.fail(f"missing {', '.join(missing)}: run `make test`, which installs them")


@pytest.fixture(scope="module")
def demo_handouts(content, demo, demo_site) -> dict[tuple[str, str], Path]:
    """The demo site's handouts by (flow, language), as the build wrote them."""
    flows = content.flows_of(demo)
    return {(flow.slug, lang): demo_site / lang / flow_folder(flows, flow) / handout_filename(lang)
            for flow in flows for lang in demo.languages}


def _school(folder: Path, name: str, extra: str = "") -> Path:
    shutil.copyfile(SCHOOLS / "demo-logo.svg", folder / "logo.svg")
    path = folder / f"{name}.yml"
    path.write_text(extra + "platform_language: nl\nlanguages: [nl, fr, en]\nlogo: logo.svg\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def long_school(tmp_path_factory, content):
    """A school with an 80-character name full of HTML characters, and long addresses."""
    folder = tmp_path_factory.mktemp("long-school")
    return load_school(_school(folder, "long",
        "name: '" + LONG_NAME.replace("'", "''") + "'\n"
        "smartschool: vbs-de-regenboog-oostakker-gentbrugge\n"
        "email: secretariaat.basisschool@vbs-de-regenboog-oostakker.be\n"
        "site_url: https://hulp.vbs-de-regenboog-oostakker.be/wachtwoord/\n"), content)


def _pdf(content, school, flow: str, lang: str, path: Path) -> Path:
    plan = plan_site(content, school, lang)
    handout = next(h for h in plan.handouts if h.flow == flow)
    write_handout(school, lang, handout, path)
    return path


def _text(pdf: Path) -> str:
    """The PDF's text with every run of white space made one space."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(pdf).pages).split())


def _qr(pdf: Path, tmp_path: Path) -> list[str]:
    """Every QR code zbarimg reads on a 150 dpi rendering of the PDF's first page."""
    png = tmp_path / pdf.stem
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", "-f", "1", "-l", "1", str(pdf), str(png)],
                   check=True, capture_output=True)
    result = subprocess.run(["zbarimg", "--raw", "-q", "-Sdisable", "-Sqrcode.enable", f"{png}.png"],
                            capture_output=True, text=True, check=False)
    assert result.returncode in (0, 4), result.stderr  # 4: no code found, asserted by the caller
    return result.stdout.splitlines()


def _assert_one_a4_page(pdf: Path) -> None:
    pages = PdfReader(pdf).pages
    assert len(pages) == 1, f"{pdf.name} has {len(pages)} pages"
    box = pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(A4_PT, abs=1), "not A4 portrait"


def test_a_handout_per_flow_and_language_beside_the_flow(content, demo, demo_handouts) -> None:
    assert sorted(demo_handouts) == sorted((f, lang) for f in demo.flows for lang in demo.languages)
    for (flow, lang), path in demo_handouts.items():
        assert path.name == f"handout-{lang}.pdf" and path.parent.name == flow
        assert path.stat().st_size > 5_000


@pytest.mark.parametrize("lang", LANGUAGES)
def test_one_a4_page(demo_handouts, lang: str) -> None:
    for (_flow, other), pdf in demo_handouts.items():
        if other == lang:
            _assert_one_a4_page(pdf)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_text_holds_the_schools_facts_and_every_outcome(content, demo, demo_handouts, lang: str) -> None:
    for flow in content.flows_of(demo):
        text = _text(demo_handouts[(flow.slug, lang)])
        assert demo.platform_url in text
        assert demo.email in text
        assert demo.name in text
        # The platform's own (Dutch) label, quoted in every language, as on the site.
        assert "Wachtwoord vergeten?" in text
        # PDF text extraction gives French's narrow no-break spaces back as plain spaces.
        assert " ".join(flow.title[lang].split()) in text
        for outcome in flow.outcomes.values():
            assert " ".join(outcome.title[lang].split()) in text
            assert len(re.findall(r"\b\d\.", text)) >= len(outcome.steps)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_qr_code_opens_the_flow_in_that_language(content, demo, demo_handouts, lang: str, tmp_path) -> None:
    flows = content.flows_of(demo)
    for flow in flows:
        assert _qr(demo_handouts[(flow.slug, lang)], tmp_path) == [
            demo.language_url(lang) + flow_folder(flows, flow)]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_long_school_name_still_fits_one_page(content, long_school, lang: str, tmp_path) -> None:
    for flow in long_school.flows:
        pdf = _pdf(content, long_school, flow, lang, tmp_path / f"{flow}-{lang}.pdf")
        _assert_one_a4_page(pdf)
        squeezed = "".join(_text(pdf).split())  # long addresses may wrap at a hyphen
        for fact in (LONG_NAME, long_school.platform_url, long_school.email):
            assert "".join(fact.split()) in squeezed, fact
    assert _qr(pdf, tmp_path) == [long_school.language_url(lang) + f"{flow}/"]


def test_a_schools_own_practice_reaches_the_handout(content, tmp_path) -> None:
    """Username rule, phone line and a reworded step: the sheet says what the site says."""
    school = load_school(_school(tmp_path, "own",
        "name: Atheneum\nsmartschool: kamariakerke\nemail: info@atheneum.be\n"
        "site_url: https://hulp.atheneum.be/\nflows: [wachtwoord-vergeten]\n"
        "username: {accents: strip, special: drop}\ncontact: {phone: '+32 9 216 00 00'}\n"
        "texts:\n  wachtwoord-vergeten:\n    outcomes.self-reset.steps[2].text:\n"
        "      nl: Klik helemaal onderaan op {label:forgot_password}.\n"
        "      fr: Tout en bas, cliquez sur {label:forgot_password}.\n"
        "      en: Right at the bottom, click {label:forgot_password}.\n"), content)
    text = _text(_pdf(content, school, "wachtwoord-vergeten", "nl", tmp_path / "own.pdf"))
    assert "Chloë D'Hondt-Van De Velde wordt chloe.dhondtvandevelde" in text
    assert "+32 9 216 00 00" in text
    assert "Klik helemaal onderaan op Wachtwoord vergeten?" in text
    assert "Kies onderaan voor" not in text


def _body_pt(pdf: Path) -> float:
    """The size of most of the PDF's text, in points: the handout's body type."""
    sizes: Counter[float] = Counter()

    def visit(text, cm, tm, _font, size) -> None:  # type: ignore[no-untyped-def]
        sizes[round(abs(size * tm[0] * cm[0]), 2)] += len(text.strip())

    PdfReader(pdf).pages[0].extract_text(visitor_text=visit)
    return sizes.most_common(1)[0][0]


@pytest.mark.parametrize(("who", "flow", "lang"), [
    ("demo", "co-account-activeren", "nl"),  # fits in full size
    ("demo", "wachtwoord-vergeten", "nl"),  # four outcomes: a few sizes smaller
    ("long_school", "co-account-activeren", "fr"),  # a long name and addresses in French
])
def test_type_as_large_as_fits_one_page(request, content, demo_handouts, who: str, flow: str, lang: str,
                                        tmp_path) -> None:
    """The handout is never smaller than it must be: one size larger spills onto a second page."""
    school = request.getfixturevalue(who)
    pdf = demo_handouts[(flow, lang)] if who == "demo" else _pdf(content, school, flow, lang, tmp_path / "h.pdf")
    _assert_one_a4_page(pdf)
    scale = round(_body_pt(pdf) / FONT_PT, 2)
    assert scale in SCALES, scale
    if scale < 1:
        from weasyprint import HTML

        handout = next(h for h in plan_site(content, school, lang).handouts if h.flow == flow)
        larger = SCALES[SCALES.index(scale) - 1]
        assert len(HTML(string=handout_html(school, lang, handout, larger)).render().pages) > 1


def test_the_search_finds_the_largest_fitting_scale_from_any_guess() -> None:
    """Whatever the guess, in at most two layouts more than its distance from the answer;
    none when nothing fits. The guess is scale 1 only if the measure saw scale 1 fit."""
    for largest in range(len(SCALES) + 1):  # SCALES[largest:] fit one page
        for guess in range(len(SCALES)) if largest else (0,):
            tried: list[float] = []

            def render(scale: float) -> SimpleNamespace:
                tried.append(scale)
                return SimpleNamespace(scale=scale, pages=[1] if scale in SCALES[largest:] else [1, 2])

            found = _fitted(render, guess)
            assert (found and found.scale) == (SCALES[largest] if largest < len(SCALES) else None)
            assert len(tried) <= abs(guess - largest) + 2, (largest, guess, tried)


def test_every_school_and_model_string_is_escaped(content, demo) -> None:
    school = dataclasses.replace(demo, name='<script>alert(1)</script> & "Co" <b>x</b>')
    handout = plan_site(content, school, "en").handouts[0]
    out = handout_html(school, "en", handout)
    assert "<script>" not in out and "<b>x</b>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; " in out


def test_asks_nothing_of_other_origins(content, demo) -> None:
    for handout in plan_site(content, demo, "nl").handouts:
        out = handout_html(demo, "nl", handout)
        assert "<link" not in out and "@import" not in out and "url(" not in out
        sources = re.findall(r'\ssrc="([^"]*)"', out)
        assert sources and all(src.startswith("data:") for src in sources)


def test_diagram_nodes_link_to_the_live_pages(content, demo) -> None:
    for handout in plan_site(content, demo, "fr").handouts:
        flow = content.flows[handout.flow]
        links = re.findall(r'<a href="([^"]*)" xlink:href="([^"]*)"', handout.body_html)
        assert len(links) == len(flow.answered())  # pages only a link reaches are not in the diagram
        for href, xlink in links:
            assert href == xlink and href.startswith(handout.site_url) and href.endswith(".html")


def test_step_boxes_follow_the_diagram_left_to_right(content, demo) -> None:
    """A parent following an arrow down finds the box of that outcome on that side: the
    left column's boxes are drawn left of the right column's, each column in the diagram's
    order; a box the diagram leaves out (a page only a link reaches) comes last."""
    for lang in LANGUAGES:
        for handout in plan_site(content, demo, lang).handouts:
            flow = content.flows[handout.flow]
            svg = handout.body_html[handout.body_html.index("<svg"):handout.body_html.index("</svg>")]
            xs = {o: float(m[1]) for o in flow.outcomes
                  if (m := re.search(rf'id="hf-node-{o}".*?<text[^>]*\bx="([\d.-]+)"', svg, re.S))}
            columns = [re.findall(r'<section class="outcome [a-z-]+" id="hf-([a-z0-9-]+)"', column)
                       for column in handout.body_html.split('<div class="column">')[1:]]
            assert sorted(sum(columns, [])) == sorted(flow.outcomes)
            drawn = [[xs[o] for o in column if o in xs] for column in columns]
            for column, places in zip(columns, drawn):
                assert places == sorted(places), (lang, column)
                assert [o in xs for o in column] == sorted((o in xs for o in column), reverse=True)
            if len(drawn) == 2 and drawn[0] and drawn[1]:
                assert max(drawn[0]) < min(drawn[1]), (lang, columns)


def test_a_flow_too_big_for_one_page_gets_more_pages_in_readable_type(content, demo, tmp_path) -> None:
    """However many outcomes a flow has, the handout lays them all out."""
    from types import MappingProxyType

    flow = content.flows["wachtwoord-vergeten"]
    many = {f"{o.id}-{n}": dataclasses.replace(o, id=f"{o.id}-{n}") for n in range(2) for o in flow.outcomes.values()}
    big = dataclasses.replace(flow, outcomes=MappingProxyType({**flow.outcomes, **many}))
    bigger = dataclasses.replace(content, flows=MappingProxyType({**content.flows, flow.slug: big}))
    pdf = _pdf(bigger, demo, flow.slug, "en", tmp_path / "big.pdf")
    pages = PdfReader(pdf).pages
    assert 1 < len(pages) <= 8
    text = _text(pdf)
    assert all(" ".join(o.title["en"].split()) in text for o in big.outcomes.values())


def test_a_handout_that_would_be_a_booklet_is_an_error(content, demo, tmp_path) -> None:
    school = dataclasses.replace(demo, name="Sint-Jozef " * 3000)
    with pytest.raises(HelpflowError, match="would take [0-9]+ pages"):
        _pdf(content, school, "wachtwoord-vergeten", "nl", tmp_path / "handout-nl.pdf")
    assert not (tmp_path / "handout-nl.pdf").exists()


def test_built_site_links_its_handouts(content, demo, demo_site: Path) -> None:
    for lang in demo.languages:
        plan = plan_site(content, demo, lang)
        for page in plan.pages:
            flow, _, key = page.key.partition("/")
            if key == "index" or key in getattr(content.flows.get(flow), "outcomes", {}):
                built = demo_site / lang / (page.path.removesuffix(".md") + ".html")
                assert f'href="{handout_filename(lang)}"' in built.read_text(encoding="utf-8"), built
                assert (built.parent / handout_filename(lang)).exists()
