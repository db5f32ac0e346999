"""What the normal build relies on in MkDocs and Material, pinned: each test fails loudly when
an upgrade changes it, and says what to look at (README.md, "Engines")."""

from __future__ import annotations

import importlib.metadata
import os
import re
from pathlib import Path

import jinja2
import material
import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.structure.files import Files

from helpflow.build import mkdocs_site, templates
from helpflow.paths import ROOT
from helpflow.plan.material import BUNDLE, fix_html, patched_bundle
from helpflow.plan.site import plan_site

CHECKBOX_AUTOCOMPLETE = re.compile(r'<input [^>]*type="checkbox"[^>]*autocomplete=')


def test_the_installed_engine_is_the_pinned_one():
    pins = dict(line.strip().split("==") for line in (ROOT / "requirements.txt").read_text(encoding="utf-8")
                .splitlines() if "==" in line and not line.startswith("#"))
    for package in ("mkdocs", "mkdocs-material", "pymdown-extensions"):
        assert importlib.metadata.version(package) == pins[package], (
            f"{package} is not the pinned version: check material.fix_html and the hook against it, "
            "then pin the new one in requirements.txt and pyproject.toml")


def test_fix_html_still_finds_what_it_fixes_in_materials_own_markup(tmp_path, content, demo):
    """A plain Material page with the site's theme settings but no hook or overrides: each of
    fix_html's targets is there, and gone after it."""
    theme = {key: value for key, value in yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
             ["theme"].items() if key != "custom_dir"}
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Test\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump({"site_name": "t", "theme": theme}), encoding="utf-8")
    build(load_config(str(tmp_path / "mkdocs.yml")))
    raw = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    labels = plan_site(content, demo, "nl").labels
    fixed = fix_html(raw, labels)
    assert CHECKBOX_AUTOCOMPLETE.search(raw) and not CHECKBOX_AUTOCOMPLETE.search(fixed), \
        "Material's toggles changed: see material.drop_checkbox_autocomplete"
    assert 'aria-label="Header"' in raw and f'aria-label="{labels["landmark_header"]}"' in fixed, \
        "Material's header landmark changed: see material.name_page_parts"
    assert re.search(r'role="dialog" aria-label="[^"]+">', fixed), \
        "Material's search dialog changed: see material.name_page_parts"


def test_materials_script_still_has_what_patched_bundle_changes():
    """The theme's own script, unbuilt: each part ``material.patched_bundle`` replaces is there
    once (it raises, naming the part, if not), so search and sitemaps stay unloaded on a first visit."""
    scripts = sorted((Path(material.__file__).parent / "templates").glob(BUNDLE))
    assert len(scripts) == 1, f"Material's script is no longer {BUNDLE}: see material.patch_bundle"
    assert "__helpflowLazyWorker(e)" in patched_bundle(scripts[0].read_text(encoding="utf-8"), scripts[0].name)


def test_every_build_of_a_process_shares_the_compiled_templates(demo_site, content, demo, tmp_path,
                                                                monkeypatch):
    """The hook hands each environment of a build the process's cache (``_share_theme_work``),
    so a build after the first compiles no template again."""
    assert templates.TEMPLATE_CACHE.compiled, "the demo site's build compiled no template into the cache"
    compiled: list[str] = []
    monkeypatch.setattr(templates.TEMPLATE_CACHE, "dump_bytecode", lambda bucket: compiled.append(bucket.key))
    mkdocs_site._build_language(plan_site(content, demo, demo.languages[-1]), tmp_path / "site")
    assert (tmp_path / "site" / "index.html").is_file() and compiled == []


def test_the_theme_files_listed_once_are_those_mkdocs_copies(tmp_path):
    """``ThemeLoader`` lists the theme's folders once per process and leaves hidden folders out:
    MkDocs keeps exactly the files it kept from its own listing (Material's, with the overrides)."""
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    mine, theirs = Files([]), Files([])
    listed = templates.ThemeLoader(config.theme.dirs)
    mine.add_files_from_theme(jinja2.Environment(loader=listed), config)
    theirs.add_files_from_theme(jinja2.Environment(loader=jinja2.FileSystemLoader(config.theme.dirs)), config)
    kept = sorted(file.src_uri for file in mine)
    assert kept == sorted(file.src_uri for file in theirs)
    assert any(name.startswith("assets/javascripts/bundle.") for name in kept), "Material's script is not listed"
    assert len(listed.list_templates()) < len(jinja2.FileSystemLoader(config.theme.dirs).list_templates()) / 2, \
        "the hidden icon folders are listed: every build would test each of their names"


def _compiles(monkeypatch: pytest.MonkeyPatch, cache: templates.TemplateCache) -> list[str]:
    """The names of the templates the builds from now on compile, with ``cache`` as the process's."""
    compiled: list[str] = []
    source = jinja2.Environment._compile

    def counted(env: jinja2.Environment, code: str, filename: str) -> object:
        compiled.append(filename)
        return source(env, code, filename)

    monkeypatch.setattr(templates, "TEMPLATE_CACHE", cache)
    monkeypatch.setattr(jinja2.Environment, "_compile", counted)
    return compiled


def test_a_later_process_loads_the_templates_an_earlier_one_compiled(content, demo, tmp_path, monkeypatch):
    """The compiled templates are kept in the user's cache folder: a new process (a cache with an
    empty memory) builds a language compiling none; a cache file that is not Jinja's code (cut
    short, written over, a named pipe) is compiled again, and the site is the same."""
    plan = plan_site(content, demo, demo.languages[0])
    folder = tmp_path / "cache" / "helpflow" / templates.CACHE_FOLDER
    first = _compiles(monkeypatch, templates.TemplateCache(folder))
    mkdocs_site._build_language(plan, tmp_path / "first")
    kept = sorted(folder.glob("*.jinja"))
    assert first and len(kept) == len(first), f"{len(first)} templates compiled, {len(kept)} kept in {folder}"
    assert oct(folder.stat().st_mode & 0o777) == "0o700", "the compiled templates' folder is open to other users"
    again = _compiles(monkeypatch, templates.TemplateCache(folder))
    mkdocs_site._build_language(plan, tmp_path / "again")
    assert again == [], f"a new process compiled {again} again"
    kept[0].write_bytes(kept[0].read_bytes()[:40])
    kept[1].write_bytes(b"not a template")
    kept[2].unlink()
    os.mkfifo(kept[2])  # a named pipe would never answer a plain read
    broken = _compiles(monkeypatch, templates.TemplateCache(folder))
    mkdocs_site._build_language(plan, tmp_path / "broken")
    assert len(broken) == 3, f"three broken cache files, {broken} compiled again"
    assert (tmp_path / "broken" / "index.html").read_bytes() == (tmp_path / "first" / "index.html").read_bytes()


@pytest.mark.parametrize("opened", ["folder", "parent"])
def test_compiled_templates_another_user_could_write_are_never_loaded(content, demo, tmp_path, monkeypatch, opened):
    """What the cache folder holds runs as code: a folder (or its parent) that others may write to
    is neither read nor written, and every template is compiled in the process."""
    plan = plan_site(content, demo, demo.languages[0])
    folder = tmp_path / "helpflow" / templates.CACHE_FOLDER
    _compiles(monkeypatch, templates.TemplateCache(folder))
    mkdocs_site._build_language(plan, tmp_path / "first")
    names = sorted(path.name for path in folder.glob("*.jinja"))
    assert names
    (folder if opened == "folder" else folder.parent).chmod(0o777)
    for path in folder.glob("*.jinja"):
        path.write_bytes(b"planted")
    compiled = _compiles(monkeypatch, templates.TemplateCache(folder))
    mkdocs_site._build_language(plan, tmp_path / "again")
    assert len(compiled) >= len(names), "templates were taken from a folder other users can write to"
    assert all(path.read_bytes() == b"planted" for path in folder.glob("*.jinja")), "an open folder was written to"


def test_a_cache_folder_that_cannot_be_made_leaves_the_templates_to_memory(content, demo, tmp_path, monkeypatch):
    """Where the user's cache folder cannot be made (a file stands in its way, a read-only home),
    the build compiles its templates in memory and says nothing: the cache only saves time."""
    blocker = tmp_path / "home-cache"
    blocker.write_text("a file, not a folder")
    cache = templates.TemplateCache(blocker / "helpflow" / templates.CACHE_FOLDER)
    compiled = _compiles(monkeypatch, cache)
    mkdocs_site._build_language(plan_site(content, demo, demo.languages[0]), tmp_path / "site")
    assert compiled and (tmp_path / "site" / "index.html").is_file()
    assert blocker.read_text() == "a file, not a folder" and len(cache.compiled) == len(compiled)
