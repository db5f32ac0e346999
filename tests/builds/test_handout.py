"""The printable handout: one A4 page per flow and language in type a parent can read, every
fact of the school written out whole, a QR code that a phone really reads, the diagram in
the school's colour, and no school or model string ever read as Typst markup.

The PDFs are made by the real typesetter (Typst, in process), read back with pypdf and
Poppler's pdftotext, rendered with pdftoppm and their QR codes decoded with ZBar's zbarimg,
as a parent's phone would.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from types import MappingProxyType

import pytest
import typst
from PIL import Image
from pypdf import PdfReader

from helpflow.build.handout_pdf import FONT_DIR, write_handout
from helpflow.errors import HelpflowError
from helpflow.load.school import load_school
from helpflow.paths import SCHOOLS
from helpflow.plan.branding import accessible, diagram_colors
from helpflow.plan.handout import Handout
from helpflow.plan.pages import handout_filename
from helpflow.plan.site import flow_folder, plan_site
from helpflow.plan.text import Link, Strong, address_pieces, to_plain, to_typst

from helpers import FIXTURES

A4_PT = (595.28, 841.89)
LONG_NAME = 'Vrije Basisschool & Middenschool <Sint-Jozef> "De Regenboog" Oostakker-Wondelgem'
assert len(LONG_NAME) == 80
HOSTILE_TEXTS = [
    "#set page(width: 1cm) #panic(\"x\")", "$x^2$ and $", "*bold* _it_ **", "@ref and @", "<label> a < b > c",
    "back\\slash \\u{41} \\", "`raw` ```block```", "// not a comment", "/* not a block */ */",
    "[brackets] ] [", "(parens) {braces}", "\"double\" 'single' ’curly’", "= heading", "- item", "+ item",
    "1. enum", "a -- b --- c ... ~ d", "https://example.be/x", "שלום עולם مرحبا بكم", "emoji 😀 🏫 end",
    "#{1 + 1}", "*a*.len()", "tab\there", "line\nbreak\n\nparagraph",
]


@pytest.fixture(scope="module", autouse=True)
def _tools() -> None:
    missing = [tool for tool in ("pdftoppm", "pdftotext", "zbarimg") if not shutil.which(tool)]
    if missing:
        pytest.fail(f"missing {', '.join(missing)}: run `make test`, which installs them")


def _school(folder: Path, name: str, extra: str) -> Path:
    shutil.copyfile(SCHOOLS / "demo-logo.svg", folder / "logo.svg")
    path = folder / f"{name}.yml"
    path.write_text(extra + "platform_language: nl\nlanguages: [nl, fr, en]\nlogo: logo.svg\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def long_school(tmp_path_factory, content):
    """A school with an 80-character name full of markup characters, long addresses and a phone."""
    folder = tmp_path_factory.mktemp("long-school")
    return load_school(_school(folder, "long",
        "name: '" + LONG_NAME.replace("'", "''") + "'\n"
        "smartschool: vbs-de-regenboog-oostakker-gentbrugge\n"
        "email: secretariaat.basisschool@vbs-de-regenboog-oostakker.be\n"
        "site_url: https://hulp.vbs-de-regenboog-oostakker.be/wachtwoord/\n"
        "contact: {phone: '+32 9 228 44 55'}\n"), content)


@pytest.fixture(scope="module")
def awkward(content):
    return load_school(FIXTURES / "schools" / "awkward.yml", content)


@pytest.fixture(scope="module")
def demo_handouts(content, demo, demo_site) -> dict[tuple[str, str], Path]:
    """The demo site's handouts by (flow, language), as the build wrote them."""
    flows = content.flows_of(demo)
    return {(flow.slug, lang): demo_site / lang / flow_folder(flows, flow) / handout_filename(lang)
            for flow in flows for lang in demo.languages}


@pytest.fixture(scope="module")
def sheets(content, demo, awkward, long_school, demo_handouts, tmp_path_factory):
    """Every handout of the demo (from its build), the awkward and the long-named school:
    (school, plan, PDF) by (school slug, flow, language)."""
    folder = tmp_path_factory.mktemp("handouts")
    found = {}
    for school in (demo, awkward, long_school):
        for lang in school.languages:
            for handout in plan_site(content, school, lang).handouts:
                pdf = demo_handouts.get((handout.flow, lang)) if school is demo else None
                if pdf is None:
                    pdf = folder / f"{school.slug}-{handout.flow}-{lang}.pdf"
                    write_handout(school, handout, pdf)
                found[(school.slug, handout.flow, lang)] = (school, handout, pdf)
    return found


def _text(pdf: Path, *options: str) -> str:
    return subprocess.run(["pdftotext", *options, str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def _flat(text: str) -> str:
    """Text with every run of white space one space (French narrow spaces come back as spaces),
    and a line that ends at a hyphen or a slash joined to the next, as the line was broken."""
    return " ".join(re.sub(r"(?<=[-/])\n", "", text).split())


def _qr(pdf: Path, tmp_path: Path) -> list[str]:
    """Every QR code zbarimg reads on a 150 dpi rendering of the PDF's first page (in grey, as an
    uncompressed PGM: what a phone's camera needs, without the time a PNG takes to pack)."""
    image = tmp_path / pdf.stem
    subprocess.run(["pdftoppm", "-r", "150", "-gray", "-singlefile", "-f", "1", "-l", "1", str(pdf), str(image)],
                   check=True, capture_output=True)
    result = subprocess.run(["zbarimg", "--raw", "-q", "-Sdisable", "-Sqrcode.enable", f"{image}.pgm"],
                            capture_output=True, text=True, check=False)
    assert result.returncode in (0, 4), result.stderr  # 4: no code found, asserted by the caller
    return result.stdout.splitlines()


def _fonts(pdf: Path) -> list[str]:
    """pdffonts' lines for the fonts the PDF embeds."""
    return subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]


def _sizes(pdf: Path) -> Counter[float]:
    """How many characters the PDF prints at each type size, in points."""
    sizes: Counter[float] = Counter()

    def visit(text, cm, tm, _font, size) -> None:  # type: ignore[no-untyped-def]
        if text.strip():
            sizes[round(abs(size * tm[3] * cm[3]), 2)] += len(text.strip())

    for page in PdfReader(pdf).pages:
        page.extract_text(visitor_text=visit)
    return sizes


def _steps(handout: Handout) -> list[str]:
    return [to_plain(step.text) for outcome in handout.outcomes for step in outcome.steps]


def test_a_handout_per_flow_and_language_beside_the_flow(demo, demo_handouts) -> None:
    assert sorted(demo_handouts) == sorted((f, lang) for f in demo.flows for lang in demo.languages)
    for (flow, lang), path in demo_handouts.items():
        assert path.name == f"handout-{lang}.pdf" and path.parent.name == flow
        assert path.read_bytes().startswith(b"%PDF")


def test_every_handout_is_one_a4_page(sheets, content, demo, awkward, long_school) -> None:
    assert set(sheets) == {(school.slug, flow.slug, lang) for school in (demo, awkward, long_school)
                           for flow in content.flows_of(school) for lang in school.languages}
    for key, (_school, _handout, pdf) in sheets.items():
        pages = PdfReader(pdf).pages
        assert len(pages) == 1, f"{key}: {len(pages)} pages"
        box = pages[0].mediabox
        assert (float(box.width), float(box.height)) == pytest.approx(A4_PT, abs=1), f"{key}: not A4 portrait"


def test_only_the_named_dejavu_files_are_used(sheets) -> None:
    """The sheet is typeset in the DejaVu files helpflow names, whatever else the machine has."""
    for key, (_school, _handout, pdf) in sheets.items():
        fonts = {line.split()[0].partition("+")[2] for line in _fonts(pdf)}
        assert fonts and fonts <= {"DejaVuSans", "DejaVuSans-Bold", "DejaVuSansCondensed",
                                   "DejaVuSansCondensed-Bold"}, f"{key}: {fonts}"


def test_missing_fonts_are_one_line_with_the_fix(content, demo, tmp_path, monkeypatch) -> None:
    from helpflow.build import handout_pdf

    handout = plan_site(content, demo, "nl").handouts[0]
    monkeypatch.setattr(handout_pdf, "FONT_DIR", tmp_path)
    handout_pdf._compiler.cache_clear()
    try:
        with pytest.raises(HelpflowError, match=r"^the handout's fonts \(DejaVuSans\.ttf.*apt-get install "
                                                r"fonts-dejavu-core fonts-dejavu-extra"):
            write_handout(demo, handout, tmp_path / "h.pdf")
    finally:
        handout_pdf._compiler.cache_clear()
    assert not (tmp_path / "h.pdf").exists()


def test_type_a_parent_can_read(sheets) -> None:
    """Body text 9 pt or more and nothing under 8 pt (notes, captions and the diagram's labels),
    as read back from the PDF, whatever the school's name and language."""
    for key, (_school, _handout, pdf) in sheets.items():
        sizes = _sizes(pdf)
        body = sizes.most_common(1)[0][0]
        assert body >= 9, f"{key}: body text {body} pt"
        assert min(sizes) >= 8, f"{key}: text at {min(sizes)} pt"


def test_a_short_flow_keeps_the_largest_type(sheets) -> None:
    """Type shrinks only when the sheet needs it: the short flow of the demo school is at 10 pt."""
    for lang in ("nl", "fr", "en"):
        _school, _handout, pdf = sheets[("demo", "co-account-activeren", lang)]
        assert _sizes(pdf).most_common(1)[0][0] == 10


def test_every_fact_and_step_is_printed(sheets) -> None:
    for key, (school, handout, pdf) in sheets.items():
        text = _flat(_text(pdf, "-raw"))
        facts = [school.name, handout.title, f"{school.smartschool}.smartschool.be", school.email,
                 *(f.address for f in handout.facts)]
        facts += [school.phone] if school.phone else []
        facts += [outcome.title for outcome in handout.outcomes] + _steps(handout)
        facts += [to_plain(hint) for _question, hint in handout.hints]
        for fact in facts:
            assert _flat(fact) in text, f"{key}: {fact!r} not on the sheet"
        assert "Wachtwoord vergeten?" in text or "Wachtwoord aanvragen" in text  # the platform's own label


def test_the_date_the_steps_were_checked_is_printed(sheets, content) -> None:
    school, handout, pdf = sheets[("demo", "wachtwoord-vergeten", "nl")]
    checked = content.flows["wachtwoord-vergeten"].checked
    assert checked is not None
    assert f"Deze stappen zijn het laatst nagekeken op {checked.day} " in _flat(_text(pdf, "-raw"))


def test_one_question_or_several(sheets, content) -> None:
    """The first line speaks of the one question, or of the questions, as the flow has them."""
    for (_slug, flow, lang), (_school, _handout, pdf) in sheets.items():
        form = "one" if len(content.flows[flow].questions) == 1 else "other"
        assert _flat(content.ui[f"handout_intro_{form}"][lang]) in _flat(_text(pdf, "-raw"))
    assert "Beantwoord de vraag in het schema" in _text(sheets[("demo", "co-account-activeren", "nl")][2])
    assert "Beantwoord de vragen in het schema" in _text(sheets[("demo", "wachtwoord-vergeten", "nl")][2])


def test_no_address_or_phone_number_is_broken(sheets) -> None:
    """Each address and phone number stands whole on a line, or breaks after a slash only:
    every occurrence the plan prints is found whole in the page's lines."""
    for key, (school, handout, pdf) in sheets.items():
        lines = _text(pdf, "-layout").splitlines()
        printed = "\n".join([fact.address for fact in handout.facts] + _steps(handout)
                            + [to_plain(o.contact) for o in handout.outcomes])
        wanted = [school.email, f"{school.smartschool}.smartschool.be"] + ([school.phone] if school.phone else [])
        for address in wanted:
            whole = sum(line.count(address) for line in lines)
            assert whole >= printed.count(address), f"{key}: {address!r} broken ({whole} of {printed.count(address)})"
        shown = handout.site_url.removeprefix("https://")  # under the QR code: breaks after a slash at most
        for piece in address_pieces(shown):
            assert any(piece in line for line in lines), f"{key}: {shown!r} broken inside {piece!r}"


def test_qr_code_opens_the_flow_in_that_language(sheets, tmp_path) -> None:
    for key, (school, handout, pdf) in sheets.items():
        assert _qr(pdf, tmp_path) == [handout.site_url], key
        assert handout.site_url.startswith(school.language_url(key[2]))


def test_the_diagram_is_drawn_in_the_schools_colour(content, demo, tmp_path) -> None:
    """The question boxes are outlined in the school's primary colour (the shade its pages
    use) on a tint of it: seen on the rendered page, not only in the file."""
    school = dataclasses.replace(demo, primary="#8a1c7c")
    handout = next(h for h in plan_site(content, school, "nl").handouts if h.flow == "wachtwoord-vergeten")
    pdf = tmp_path / "colour.pdf"
    write_handout(school, handout, pdf)
    subprocess.run(["pdftoppm", "-r", "100", "-png", "-singlefile", str(pdf), str(tmp_path / "colour")], check=True)
    image = Image.open(tmp_path / "colour.png").convert("RGB")
    top = image.crop((0, 0, image.width, image.height // 3))  # the header and the diagram

    def rgb(colour: str) -> tuple[int, ...]:
        return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))

    def near(pixel: tuple[int, ...], colour: str) -> bool:
        return sum(abs(a - b) for a, b in zip(pixel, rgb(colour))) <= 12

    colours = diagram_colors(school)
    assert colours.question_line == accessible(school.primary)
    fill = rgb(colours.question_fill)
    filled = [(x, y) for y in range(top.height) for x in range(top.width)
              if sum(abs(a - b) for a, b in zip(top.getpixel((x, y)), fill)) <= 3]  # a box's inside is one colour
    assert len(filled) > 2000, "no question box filled with the school's tint"
    xs, ys = [x for x, _ in filled], [y for _, y in filled]
    boxes = top.crop((min(xs) - 4, min(ys) - 4, max(xs) + 5, max(ys) + 5))  # the question boxes, outline and all
    seen = boxes.getcolors(boxes.width * boxes.height)
    assert sum(n for n, p in seen if near(p, colours.question_line)) > 100, "no outline in the school's colour"
    assert not any(near(p, "#eef3fb") or near(p, "#1f4e8c") for _n, p in seen), "the default blue"


def test_diagram_boxes_link_to_the_live_pages(sheets, content) -> None:
    _school, handout, pdf = sheets[("demo", "wachtwoord-vergeten", "fr")]
    links = {annot.get_object()["/A"]["/URI"] for annot in PdfReader(pdf).pages[0].get("/Annots", [])
             if "/URI" in annot.get_object().get("/A", {})}
    drawn = set(re.findall(r' href="([^"]+\.html)"', handout.diagram))
    assert len(drawn) == len(content.flows["wachtwoord-vergeten"].answered())
    assert set(drawn) <= links and all(url.startswith(handout.site_url) for url in drawn)


def test_boxes_follow_the_diagram_left_to_right(sheets, content) -> None:
    """A parent following an arrow down finds that outcome's box on that side: the plan lists
    the outcomes in the diagram's left-to-right order, those it leaves out last."""
    for (_slug, flow, lang), (_school, handout, _pdf) in sheets.items():
        svg = handout.diagram
        xs = {o.id: float(m[1]) for o in handout.outcomes
              if (m := re.search(rf'id="hf-node-{o.id}".*?<text[^>]*\bx="([\d.-]+)"', svg, re.S))}
        ids = [o.id for o in handout.outcomes]
        assert sorted(ids) == sorted(content.flows[flow].outcomes)
        drawn = [o for o in ids if o in xs]
        assert drawn == ids[:len(drawn)], (flow, lang)
        assert [xs[o] for o in drawn] == sorted(xs[o] for o in drawn), (flow, lang)
        assert [o.drawn for o in handout.outcomes] == [o in xs for o in ids]


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_typst_writer_prints_any_text_as_it_is(text: str, tmp_path) -> None:
    """Each string through ``to_typst`` compiles and comes back from the PDF as it went in:
    markup, math, comments, labels, escapes and scripts all stay text (white space aside)."""
    nodes = (text, " ", Strong((text,)), " ", Link("https://example.be/?a=1&b=\"2\"", (text,)))
    source = f'#set text(font: "DejaVu Sans")\n#set page(height: auto, width: 30cm)\n{to_typst(nodes)}\n'
    pdf = typst.compile(source.encode(), format="pdf", font_paths=[str(FONT_DIR)], ignore_system_fonts=True)
    (tmp_path / "t.pdf").write_bytes(pdf)
    printed = _flat(_text(tmp_path / "t.pdf").replace("\u202b", "").replace("\u202c", "").replace("\u202a", ""))
    expected = _flat(f"{text} {text} {text}")
    missing_glyphs = re.compile("[\U0001F300-\U0001FAFF]")  # DejaVu has no emoji: left out, never markup
    assert missing_glyphs.sub("", printed).replace(" ", "") == missing_glyphs.sub("", expected).replace(" ", "")


def test_a_school_name_full_of_typst_markup_is_printed_literally(content, demo, tmp_path) -> None:
    name = '#set page(width: 1cm) *Sint* _Jan_ $x$ @ref <l> // [x] \\ `y` "z" = h'
    school = dataclasses.replace(demo, name=name)
    handout = next(h for h in plan_site(content, school, "en").handouts if h.flow == "co-account-activeren")
    pdf = tmp_path / "markup.pdf"
    write_handout(school, handout, pdf)
    assert name in _text(pdf, "-raw")
    assert PdfReader(pdf).metadata.author == name
    assert len(PdfReader(pdf).pages) == 1


def test_the_key_is_the_plan(content, demo) -> None:
    """What the PDF prints is in the plan, and only that: an accent colour (not printed)
    leaves the key as it is, the primary colour changes it."""
    from helpflow.build.inputs import handout_key

    def key(school) -> str:
        return handout_key(plan_site(content, school, "nl").handouts[0])

    assert key(dataclasses.replace(demo, accent="#006600")) == key(demo)
    assert key(dataclasses.replace(demo, primary="#006600")) != key(demo)


def test_a_flow_too_big_for_one_page_gets_more_pages_in_readable_type(content, demo, tmp_path) -> None:
    """However many outcomes a flow has, the handout prints them all, at 10 pt."""
    flow = content.flows["wachtwoord-vergeten"]
    many = {f"{o.id}-{n}": dataclasses.replace(o, id=f"{o.id}-{n}") for n in range(3) for o in flow.outcomes.values()}
    big = dataclasses.replace(flow, outcomes=MappingProxyType({**flow.outcomes, **many}))
    bigger = dataclasses.replace(content, flows=MappingProxyType({**content.flows, flow.slug: big}))
    handout = next(h for h in plan_site(bigger, demo, "en").handouts if h.flow == flow.slug)
    pdf = tmp_path / "big.pdf"
    write_handout(demo, handout, pdf)
    assert 1 < len(PdfReader(pdf).pages) <= 8
    assert _sizes(pdf).most_common(1)[0][0] == 10
    text = _flat(_text(pdf, "-raw"))
    assert all(_flat(o.title["en"]) in text for o in big.outcomes.values())


def test_a_handout_that_would_be_a_booklet_is_an_error(content, demo, tmp_path) -> None:
    school = dataclasses.replace(demo, name="Sint-Jozef " * 3000)
    handout = plan_site(content, school, "nl").handouts[0]
    with pytest.raises(HelpflowError, match=r"demo\.yml: the nl handout of '[a-z-]+' would take more than 8 pages"):
        write_handout(school, handout, tmp_path / "handout-nl.pdf")
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


@pytest.mark.parametrize("mode", ["RGB", "RGBA", "P"])
def test_a_png_logo_is_printed_at_its_own_shape(content, demo, tmp_path, mode) -> None:
    """A school may give a PNG logo: the sheet shows it (as the page does), in its proportions."""
    logo = tmp_path / "logo.png"
    Image.new(mode, (60, 20), (200, 30, 30) if mode != "P" else 3).save(logo)
    school_file = tmp_path / "png.yml"
    school_file.write_text(re.sub(r"(?m)^logo:.*$", "logo: logo.png", (SCHOOLS / "demo.yml").read_text(
        encoding="utf-8")), encoding="utf-8")
    school = load_school(school_file, content)
    pdf = tmp_path / "h.pdf"
    write_handout(school, plan_site(content, school, "nl").handouts[0], pdf)
    images = [image for page in PdfReader(pdf).pages for image in page.images]
    assert [(image.image.width, image.image.height) for image in images] == [(60, 20)]
