"""Writes never follow links (issue 22, class 2).

A folder helpflow wrote before (an export, the schools' folder) may since hold a link where
a file or a folder was, planted to send the next write elsewhere: to a file of the user's,
into a private folder. Every write goes through ``safefile.write_file``, which replaces the
link and writes nothing outside; a temporary name is its own (``O_EXCL``), so a planted one
is never written through either.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from helpflow.build import export
from helpflow.build.export import export_school
from helpflow.load.safefile import make_folder, write_file
from helpflow.publish.output import MARKER

from helpers import in_process, snapshot

SCHOOL = """name: Schrijfschool
smartschool: schrijf
email: secretariaat@schrijf.be
site_url: https://help.schrijf.be/
languages: [nl]
flows: [wachtwoord-vergeten]
"""


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder of the user's that no write may reach, with one file in it."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "thesis.txt").write_text("keep me", encoding="utf-8")
    return folder


def untouched(outside: Path) -> None:
    assert sorted(p.name for p in outside.iterdir()) == ["thesis.txt"]
    assert (outside / "thesis.txt").read_text(encoding="utf-8") == "keep me"


# --- the writer itself ---

@pytest.mark.parametrize("name", ["page.html", "deep/er/page.html"])
def test_a_link_at_the_file_is_replaced_not_written_through(tmp_path, outside, name):
    (tmp_path / "site" / name).parent.mkdir(parents=True)
    (tmp_path / "site" / name).symlink_to(outside / "thesis.txt")
    write_file(tmp_path / "site", name, "new")
    assert not (tmp_path / "site" / name).is_symlink()
    assert (tmp_path / "site" / name).read_text(encoding="utf-8") == "new"
    untouched(outside)


@pytest.mark.parametrize("linked", ["nl", "nl/docs", "nl/docs/assets"])
def test_a_link_where_a_folder_belongs_is_replaced_by_a_folder(tmp_path, outside, linked):
    site = tmp_path / "site"
    (site / linked).parent.mkdir(parents=True, exist_ok=True)
    (site / linked).symlink_to(outside, target_is_directory=True)
    write_file(site, "nl/docs/assets/style.css", "a {}")
    assert not any(p.is_symlink() for p in site.rglob("*"))
    assert (site / "nl/docs/assets/style.css").read_text(encoding="utf-8") == "a {}"
    untouched(outside)


def test_a_link_loop_or_dangling_link_on_the_way_is_replaced(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "a").symlink_to(site / "a")
    (site / "b").symlink_to(tmp_path / "gone")
    write_file(site, "a/x.html", "x")
    make_folder(site, "b/c")
    assert (site / "a" / "x.html").is_file() and (site / "b" / "c").is_dir() and not (tmp_path / "gone").exists()


def test_a_planted_temporary_name_is_never_written_through(tmp_path, outside):
    """The temporary name is new each time, made with O_EXCL: guessing it gets nothing."""
    site = tmp_path / "site"
    site.mkdir()
    for guess in (".texts.lock.tmp", "texts.tmp", ".texts.lock.000000000000.tmp"):
        (site / guess).symlink_to(outside / "thesis.txt")
    write_file(site, "texts.lock", "lock")
    untouched(outside)
    assert sorted(p.name for p in site.iterdir() if not p.is_symlink()) == ["texts.lock"]


def test_a_folder_at_the_name_is_an_oserror_and_leaves_no_temporary_file(tmp_path):
    site = tmp_path / "site"
    (site / "index.html").mkdir(parents=True)
    with pytest.raises(IsADirectoryError):
        write_file(site, "index.html", "x")
    assert [p.name for p in site.iterdir()] == ["index.html"]


@pytest.mark.parametrize("name", ["../x", "/etc/passwd", "a/../../x", ""])
def test_a_name_that_leaves_the_folder_is_refused(tmp_path, name):
    with pytest.raises(ValueError):
        write_file(tmp_path, name, "x")


def test_a_new_file_gets_the_usual_mode(tmp_path):
    write_file(tmp_path, "page.html", "x")
    umask = os.umask(0)
    os.umask(umask)
    assert (tmp_path / "page.html").stat().st_mode & 0o777 == 0o666 & ~umask


# --- export into an earlier export that links out ---

@pytest.fixture(scope="module")
def earlier(tmp_path_factory: pytest.TempPathFactory, content) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("writes")
    school = folder / "schrijf.yml"
    school.write_text(SCHOOL, encoding="utf-8")
    export_school(school, folder / "export", content)
    return school, folder / "export"


@pytest.mark.parametrize("planted", ["root/index.html", "root/CNAME", "nl/mkdocs.yml", "nl/docs/index.md"])
def test_export_over_an_earlier_export_whose_files_became_links(tmp_path, earlier, outside, content, planted):
    school, before = earlier
    out = Path(shutil.copytree(before, tmp_path / "export", symlinks=True))
    (out / planted).unlink()
    (out / planted).symlink_to(outside / "thesis.txt")
    export_school(school, out, content)
    untouched(outside)
    assert (out / planted).is_file() and not (out / planted).is_symlink()


@pytest.mark.parametrize("planted", ["nl", "root", "nl/docs", "nl/overrides", "de"])
def test_export_over_an_earlier_export_whose_folders_became_links(tmp_path, earlier, outside, content, planted):
    school, before = earlier
    out = Path(shutil.copytree(before, tmp_path / "export", symlinks=True))
    if (out / planted).exists():
        shutil.rmtree(out / planted)
    (out / planted).symlink_to(outside, target_is_directory=True)
    if planted == "root":  # the outside folder made to pass for the export's root
        (outside / MARKER).write_text("theirs", encoding="utf-8")
    export_school(school, out, content)
    (outside / MARKER).unlink(missing_ok=True)
    untouched(outside)
    assert not any(p.is_symlink() for p in out.rglob("*"))


def test_an_export_interrupted_half_way_leaves_the_earlier_export_whole(tmp_path, earlier, content, monkeypatch):
    """Ctrl-C while the handout is typeset, the language's pages written: the earlier export is
    as it was, and nothing of the new one is left beside it."""
    school, before = earlier
    out = Path(shutil.copytree(before, tmp_path / "export", symlinks=True))
    (out / "site").mkdir()  # an assembled site, which an export keeps
    (out / "site" / "index.html").write_text("assembled", encoding="utf-8")
    then = snapshot(out)

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(export, "write_handout", interrupted)
    with pytest.raises(KeyboardInterrupt):
        export_school(school, out, content)
    assert snapshot(out) == then
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export"], "nothing left beside it"
    monkeypatch.undo()
    export_school(school, out, content)
    assert snapshot(out) == then, "the same export, its assembled site kept"


# --- `helpflow translated` beside the school files ---

@pytest.fixture
def schools(tmp_path: Path) -> Path:
    folder = tmp_path / "schools"
    folder.mkdir()
    (folder / "schrijf.yml").write_text(
        SCHOOL + "texts: {wachtwoord-vergeten: {title: {nl: Wachtwoord kwijt?}}}\n", encoding="utf-8")
    return folder


def translated(schools: Path) -> str:
    result = in_process("translated", str(schools / "schrijf.yml"))
    assert result.returncode == 0, result.stderr
    return (schools / "texts.lock").read_text(encoding="utf-8")


@pytest.mark.parametrize("planted", ["link", "folder", "dangling"])
def test_translated_never_follows_a_planted_temporary_file(schools, outside, planted):
    tmp = schools / "texts.tmp"
    {"link": lambda: tmp.symlink_to(outside / "thesis.txt"), "folder": tmp.mkdir,
     "dangling": lambda: tmp.symlink_to(outside / "new.txt")}[planted]()
    assert "wachtwoord-vergeten/title" in translated(schools)
    untouched(outside)


def test_translated_replaces_a_lock_that_is_a_link_instead_of_writing_through_it(schools, outside):
    shared = outside / "texts.lock"
    shared.write_text("schrijf.yml: {}\n", encoding="utf-8")
    (schools / "texts.lock").symlink_to(shared)
    assert "wachtwoord-vergeten/title" in translated(schools)
    assert not (schools / "texts.lock").is_symlink()
    assert shared.read_text(encoding="utf-8") == "schrijf.yml: {}\n"


def test_translated_names_a_lock_that_is_a_folder_in_one_line(schools):
    (schools / "texts.lock").mkdir()
    result = in_process("translated", str(schools / "schrijf.yml"))
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert result.returncode == 1 and len(errors) == 1 and "texts.lock" in errors[0], result.stderr


@pytest.mark.parametrize("damage", ["pipe", "folder", "brackets", "list"])
def test_a_damaged_schools_lock_is_named_once_and_every_school_still_checked(schools, damage):
    lock = schools / "texts.lock"
    if damage == "pipe":
        os.mkfifo(lock)
    elif damage == "folder":
        lock.mkdir()
    else:
        lock.write_text("[" * 10_000 if damage == "brackets" else "- a\n- b\n", encoding="utf-8")
    (schools / "fout.yml").write_text(SCHOOL.replace("smartschool: schrijf", "smartschool: fout school"),
                                      encoding="utf-8")
    result = in_process("check", "--schools", str(schools))
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    said = [line for line in errors if "texts.lock" in line]
    assert said == [f"error: {lock}:1: nested more than 50 levels deep; is this the right file?"
                    if damage == "brackets" else f"error: {lock}: not a translation lock file; restore it from "
                    "version control, or delete it and run: helpflow translated --all"], result.stderr
    assert any("fout.yml" in line and "smartschool" in line for line in errors), result.stderr
