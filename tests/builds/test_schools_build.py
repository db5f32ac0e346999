"""Many schools at once with the real command: each its own branded site, failures reported, output atomic."""

from __future__ import annotations

import hashlib
import io
import os
import re
import signal
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
from playwright.sync_api import expect

from helpflow.build.progress import BuildResult, Progress, summary
from helpflow.load.content import load_content
from helpflow.load.school import load_school
from helpflow.paths import CONTENT, SCHOOLS
from helpflow.plan.site import page_paths
from helpflow.publish.headers import inline_scripts

HELPFLOW = Path(sys.executable).parent / "helpflow"


def png(rgb: tuple[int, int, int], size: int = 16) -> bytes:
    """A real one-colour PNG, to tell two schools' logos apart by their pixels."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\0" + bytes(rgb) * size for _ in range(size))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


SCHOOL_FILES = {
    "alfa.yml": """name: Alfa-college
smartschool: alfa-college
email: secretariaat@alfa.be
site_url: https://help.alfa.be/
colors: {primary: "#0b5fff", accent: "#a33b00"}
logo: alfa.svg
flows: [wachtwoord-vergeten]
""",
    "beta.yml": """name: Athénée Bêta
smartschool: https://Beta-Namur.smartschool.be/login
email: direction@beta.be
site_url: https://beta.github.io/help
platform_language: fr
languages: [fr, nl]
colors: {primary: "#1b6e2e", accent: "#ffcc00"}
logo: beta.png
""",
    "kapot.yml": """name: Kapotte school
smartschool: kapot
email: secretariaat.kapot.be
site_url: https://help.kapot.be/
""",
}
ALFA_SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" fill="#ff0000"/></svg>'
BETA_PNG = png((0, 0, 255))


@pytest.fixture(scope="module")
def group(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """Three school files, one broken, built by one `helpflow build --all`."""
    folder = tmp_path_factory.mktemp("group")
    schools = folder / "schools"
    schools.mkdir()
    for name, text in SCHOOL_FILES.items():
        (schools / name).write_text(text, encoding="utf-8")
    (schools / "alfa.svg").write_bytes(ALFA_SVG)
    (schools / "beta.png").write_bytes(BETA_PNG)
    result = subprocess.run([str(HELPFLOW), "build", "--all", "--schools", str(schools), "--out", str(folder / "sites")],
                            capture_output=True, text=True, timeout=300, check=False)
    return folder / "sites", result


def test_one_broken_school_fails_alone_and_the_summary_says_why(group):
    sites, result = group
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "built 2, failed 1" in result.stdout
    assert "failed kapot: " in result.stderr and "email: 'secretariaat.kapot.be' is not an e-mail address" in result.stderr
    # not a terminal: one progress line per school, naming it
    progress = [line for line in result.stderr.splitlines() if line.startswith("[")]
    assert sorted(line.split("] ")[1].split(" (")[0] for line in progress) == [
        "built alfa", "built beta", "failed kapot"]
    assert sorted(p.name for p in sites.iterdir()) == ["alfa", "beta"]


def test_notes_and_contrast_warnings_are_printed(group):
    _, result = group
    assert "note: " in result.stderr and "reduced to 'beta-namur'" in result.stderr
    assert "warning: " in result.stderr and "beta.yml: colors.accent: '#ffcc00'" in result.stderr


def test_each_site_has_its_own_address_in_cname_canonical_and_sitemap(group):
    sites, _ = group
    assert (sites / "alfa" / "CNAME").read_text() == "help.alfa.be\n"
    assert not (sites / "beta" / "CNAME").exists()  # github.io's own host under a path: no custom domain
    assert '<link rel="canonical" href="https://help.alfa.be/nl/index.html">' in (
        sites / "alfa" / "nl" / "index.html").read_text()
    assert "<loc>https://beta.github.io/help/fr/index.html</loc>" in (sites / "beta" / "fr" / "sitemap.xml").read_text()
    assert oct((sites / "alfa").stat().st_mode & 0o777) == oct(0o755)


@pytest.mark.parametrize(("slug", "path"), [("alfa", "/"), ("beta", "/help/")])
def test_every_page_runs_the_same_inline_scripts_whatever_its_folder(group, slug, path):
    """Material's script in each page's head is keyed to the site's own path (``material.SCOPE``),
    not to the page's way up to its language (``.``, ``..``, ``/nl/``): one script on every page,
    404 pages too, so the policy that every response carries names one hash for it."""
    sites, _ = group
    site = sites / slug
    scripts = {tuple(inline_scripts(page.read_text(encoding="utf-8"))) for page in site.rglob("*.html")} - {()}
    assert len(scripts) == 1, f"{slug}: {len(scripts)} different sets of inline scripts"
    assert any(f'new URL("{path}",location)' in script for script in scripts.pop()), f"{slug}: not scoped to {path}"


def test_a_school_without_english_gets_no_english_site(group):
    sites, _ = group
    assert sorted(p.name for p in (sites / "beta").iterdir() if p.is_dir() and p.name != "assets") == ["fr", "nl"]


@pytest.fixture(scope="module")
def group_url(group, serve) -> str:
    return serve(group[0])


def outcome_page(group, slug: str, lang: str, kind: str) -> str:
    """The address of the password flow's outcome of ``kind`` in a built school of the group
    (alfa has that flow alone, at its language's root; beta has every flow, each in a folder)."""
    content = load_content(CONTENT)
    school = load_school(group[0].parent / "schools" / f"{slug}.yml", content)
    flow = content.flows["wachtwoord-vergeten"]
    node = next(o.id for o in flow.outcomes.values() if o.kind == kind)
    return f"{lang}/" + page_paths(content, school, lang)[f"{flow.slug}/{node}"].removesuffix(".md") + ".html"


@pytest.mark.parametrize(("slug", "lang", "primary", "logo", "platform", "email"), [
    ("alfa", "nl", "rgb(11, 95, 255)", "assets/logo.svg", "https://alfa-college.smartschool.be/", "secretariaat@alfa.be"),
    ("beta", "fr", "rgb(27, 110, 46)", "assets/logo.png", "https://beta-namur.smartschool.be/", "direction@beta.be"),
])
def test_two_schools_side_by_side_show_their_own_branding(watched_page, group, group_url, slug, lang, primary, logo,
                                                          platform, email):
    page = watched_page
    page.goto(f"{group_url}{slug}/{outcome_page(group, slug, lang, 'self-service')}")
    header = page.locator("header.md-header")
    assert header.evaluate("e => getComputedStyle(e).backgroundColor") == primary
    assert page.locator("article a").first.evaluate("e => getComputedStyle(e).color") == primary
    img = page.locator("header .md-logo img")
    depth = "../" * outcome_page(group, slug, lang, "self-service").count("/", len(lang) + 1)
    stem, ext = logo.rsplit(".", 1)  # once at the site's root, named by its content
    logo_url = re.compile(rf"{re.escape(depth)}\.\./{re.escape(stem)}\.[0-9a-f]+\.{ext}")
    expect(img).to_have_attribute("src", logo_url)
    assert img.evaluate("e => e.complete && e.naturalWidth > 0")
    expect(page.locator("link[rel=icon]")).to_have_attribute("href", logo_url)
    page.set_viewport_size({"width": 360, "height": 740})
    expect(img).to_be_visible()  # Material hides it on phones; the school's CSS shows it
    assert page.locator(f'article a[href="{platform}"]').count() >= 1
    page.goto(f"{group_url}{slug}/{outcome_page(group, slug, lang, 'contact-school')}")
    mail = page.locator(f'article a[href="mailto:{email}"]').first
    expect(mail).to_have_text(email)
    assert page.locator('a[href^="mailto:"]').evaluate_all(
        "links => links.every(a => a.href.startsWith('mailto:" + email + "'))")


def test_logos_differ_by_pixels(watched_page, group_url):
    colours = []
    for slug, lang in (("alfa", "nl"), ("beta", "fr")):
        watched_page.goto(f"{group_url}{slug}/{lang}/index.html")
        colours.append(watched_page.locator("header .md-logo img").evaluate("""img => {
            const c = document.createElement('canvas'); c.width = c.height = 16;
            const g = c.getContext('2d'); g.drawImage(img, 0, 0, 16, 16);
            return Array.from(g.getImageData(8, 8, 1, 1).data.slice(0, 3)); }"""))
    assert colours == [[255, 0, 0], [0, 0, 255]]


def test_french_first_root_lists_french_first(new_page, group_url):
    page = new_page(java_script_enabled=False)
    page.goto(f"{group_url}beta/index.html")
    assert page.locator(".languages a[hreflang]").evaluate_all("links => links.map(a => a.hreflang)") == ["fr", "nl"]
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.goto(f"{group_url}beta/en/index.html").status == 404


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_progress_is_one_redrawn_bar_then_a_summary():
    stream = _Terminal()
    progress = Progress(2, stream)
    progress.report(BuildResult("alfa", 0.4))
    progress.report(BuildResult("kapot", 0.1, error="kapot.yml:3: email: 'x' is not an e-mail address"))
    assert stream.getvalue() == ("\r\033[K[############------------] 1/2 built alfa (0.4 s)"
                                 "\r\033[K[########################] 2/2 failed kapot\n")
    assert summary([BuildResult("alfa", 0.4), BuildResult("kapot", 0.1, error="why")]) == [
        "built 1, failed 1", "failed kapot: why"]


def tree(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with the hash of its bytes."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_killing_a_build_half_way_leaves_the_previous_site(tmp_path):
    out = tmp_path / "site"
    command = [str(HELPFLOW), "build", "--school", str(SCHOOLS / "demo.yml"), "--out", str(out)]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    (out / "nl" / "index.html").write_text("the previous site")  # any later build would differ
    before = tree(out)

    build = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".site.building-*/nl/index.html")):  # the first language is done
        assert build.poll() is None and time.monotonic() < deadline, "the build ended before it was killed"
        time.sleep(0.005)
    os.kill(build.pid, signal.SIGKILL)
    build.wait()

    assert tree(out) == before
    assert list(tmp_path.glob(".site.building-*"))  # what the killed build left behind...
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # ...is cleared by the next build
    assert (out / "nl" / "index.html").read_text() != "the previous site"


def test_a_folder_that_is_not_a_site_is_never_replaced(tmp_path):
    (tmp_path / "notes.txt").write_text("the secretariat's own files")
    result = subprocess.run([str(HELPFLOW), "build", "--out", str(tmp_path)],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "is not a helpflow site" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_a_site_caught_mid_swap_is_put_back_even_if_the_next_build_fails(tmp_path):
    out, ended = tmp_path / "site", subprocess.Popen(["true"])
    ended.wait()
    stray = tmp_path / f".site.old-{ended.pid}-x"  # as left by a build killed between its two renames
    (stray / "site").mkdir(parents=True)
    (stray / "site" / "index.html").write_text("the previous site")
    bad = tmp_path / "bad.yml"
    bad.write_text("name: x\n")
    result = subprocess.run([str(HELPFLOW), "build", "--school", str(bad), "--out", str(out)],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 1
    assert (out / "index.html").read_text() == "the previous site"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yml", "site"]
