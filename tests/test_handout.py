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
from pathlib import Path

import pytest
from pypdf import PdfReader

from helpflow import LANGUAGES
from helpflow.cli import FLOW, SCHOOLS, UI
from helpflow.errors import HelpflowError
from helpflow.flowfile import load_flow, load_ui
from helpflow.handout import handout_html, write_handout, write_handouts
from helpflow.pages import handout_filename, handout_link_markdown
from helpflow.school import load_school

A4_PT = (595.28, 841.89)
LONG_NAME = 'Vrije Basisschool & Middenschool <Sint-Jozef> "De Regenboog" Oostakker-Wondelgem'
assert len(LONG_NAME) == 80


@pytest.fixture(scope="module", autouse=True)
def _tools() -> None:
    missing = [tool for tool in ("pdftoppm", "zbarimg") if not shutil.which(tool)]
    if missing:
        pytest.fail(f"missing {', '.join(missing)}: run `make test`, which installs them")


@pytest.fixture(scope="module")
def model():
    return load_flow(FLOW), load_ui(UI)


@pytest.fixture(scope="module")
def demo():
    return load_school(SCHOOLS / "demo.yml")


@pytest.fixture(scope="module")
def demo_handouts(model, demo, tmp_path_factory) -> dict[str, Path]:
    flow, ui = model
    site = tmp_path_factory.mktemp("handouts")
    paths = write_handouts(demo, flow, ui, site)
    return {path.parent.name: path for path in paths}


@pytest.fixture(scope="module")
def long_school(tmp_path_factory):
    """A school with an 80-character name full of HTML characters, and long addresses."""
    folder = tmp_path_factory.mktemp("long-school")
    shutil.copyfile(SCHOOLS / "demo-logo.svg", folder / "logo.svg")
    (folder / "long.yml").write_text(
        "name: '" + LONG_NAME.replace("'", "''") + "'\n"
        "smartschool: vbs-de-regenboog-oostakker-gentbrugge\n"
        "email: secretariaat.basisschool@vbs-de-regenboog-oostakker.be\n"
        "site_url: https://hulp.vbs-de-regenboog-oostakker.be/wachtwoord/\n"
        "platform_language: nl\n"
        "languages: [nl, fr, en]\n"
        "logo: logo.svg\n", encoding="utf-8")
    return load_school(folder / "long.yml")


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


def test_a_handout_per_language_in_its_folder(demo, demo_handouts, tmp_path) -> None:
    assert sorted(demo_handouts) == sorted(demo.languages)
    for lang, path in demo_handouts.items():
        assert path.name == handout_filename(lang) == f"handout-{lang}.pdf"
        assert path.parent.name == lang and path.stat().st_size > 5_000


def test_only_the_schools_languages(model, demo, tmp_path) -> None:
    flow, ui = model
    school = dataclasses.replace(demo, languages=("fr",))
    write_handouts(school, flow, ui, tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.pdf")] == ["fr/handout-fr.pdf"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_one_a4_page(demo_handouts, lang: str) -> None:
    _assert_one_a4_page(demo_handouts[lang])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_text_holds_the_schools_facts(model, demo, demo_handouts, lang: str) -> None:
    flow, _ui = model
    text = _text(demo_handouts[lang])
    assert demo.platform_url in text
    assert demo.email in text
    assert demo.name in text
    # The platform's own (Dutch) label, quoted in every language, as on the site.
    assert "Wachtwoord vergeten?" in text
    assert "Wachtwoord aanvragen" in text
    # PDF text extraction gives French's narrow no-break spaces back as plain spaces.
    assert " ".join(flow.title[lang].split()) in text
    for outcome in flow.outcomes.values():
        assert " ".join(outcome.title[lang].split()) in text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_qr_code_opens_the_site_in_that_language(demo, demo_handouts, lang: str, tmp_path) -> None:
    assert _qr(demo_handouts[lang], tmp_path) == [demo.language_url(lang)]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_long_school_name_still_fits_one_page(model, long_school, lang: str, tmp_path) -> None:
    flow, ui = model
    pdf = tmp_path / f"handout-{lang}.pdf"
    write_handout(flow, long_school, ui, lang, pdf)
    _assert_one_a4_page(pdf)
    squeezed = "".join(_text(pdf).split())  # long addresses may wrap at a hyphen
    for fact in (LONG_NAME, long_school.platform_url, long_school.email):
        assert "".join(fact.split()) in squeezed, fact
    assert _qr(pdf, tmp_path) == [long_school.language_url(lang)]


def test_every_school_and_model_string_is_escaped(model, demo) -> None:
    flow, ui = model
    school = dataclasses.replace(demo, name='<script>alert(1)</script> & "Co" <b>x</b>')
    out = handout_html(flow, school, ui, "en")
    assert "<script>" not in out and "<b>x</b>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; " in out


def test_asks_nothing_of_other_origins(model, demo) -> None:
    flow, ui = model
    out = handout_html(flow, demo, ui, "nl")
    assert "<link" not in out and "@import" not in out and "url(" not in out
    sources = re.findall(r'\ssrc="([^"]*)"', out)
    assert sources and all(src.startswith("data:") for src in sources)


def test_diagram_nodes_link_to_the_live_pages(model, demo) -> None:
    flow, ui = model
    out = handout_html(flow, demo, ui, "fr")
    links = re.findall(r'<a href="([^"]*)" xlink:href="([^"]*)"', out)
    assert len(links) == len(flow.questions) + len(flow.outcomes)
    for href, xlink in links:
        assert href == xlink and href.startswith(demo.language_url("fr")) and href.endswith(".html")


def test_a_handout_that_cannot_fit_is_an_error(model, demo, tmp_path) -> None:
    flow, ui = model
    school = dataclasses.replace(demo, name="Sint-Jozef " * 150)
    with pytest.raises(HelpflowError, match="does not fit on one A4 page"):
        write_handout(flow, school, ui, "nl", tmp_path / "handout-nl.pdf")
    assert not (tmp_path / "handout-nl.pdf").exists()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_link_to_the_handout(model, lang: str) -> None:
    _flow, ui = model
    link = handout_link_markdown(ui, lang)
    assert f'href="handout-{lang}.pdf"' in link
    assert ui["handout_link"][lang].replace("'", "&#x27;") in link


def test_built_site_links_its_handouts(model, demo, demo_site: Path) -> None:
    from helpflow.pages import page_paths

    flow, ui = model
    for lang in demo.languages:
        pdf = demo_site / lang / handout_filename(lang)
        assert pdf.exists(), f"no {pdf.relative_to(demo_site)}"
        _assert_one_a4_page(pdf)
        paths = page_paths(flow, ui, lang)
        for key in ("home", *flow.outcomes):
            page = demo_site / lang / (paths[key].removesuffix(".md") + ".html")
            assert f'href="{handout_filename(lang)}"' in page.read_text(encoding="utf-8"), page.name
