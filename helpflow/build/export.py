"""A school's site as plain docs projects, one per language, that any MkDocs-1.6-style engine builds.

The normal build hands each plan to MkDocs through a hook. An export writes the same
plans to disk instead, so the site still builds when that engine is gone: ProperDocs
and Zensical read the same ``mkdocs.yml`` and pages. What the hook sets per page
travels in each page's front matter (title, description, the page in the other
languages); what helpflow writes itself (the handout PDFs, the root page) is written
beside the pages. ``assemble_site`` then does what helpflow does after a build: one
site from the built languages, with the security headers. Plain Python that writes
YAML and Markdown text: it never imports an engine.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from helpflow.build.handout_pdf import write_handout
from helpflow.errors import HelpflowError, problem
from helpflow.load.content import Content
from helpflow.load.school import load_school
from helpflow.paths import DOCS_ASSETS, MKDOCS_CONFIG, ROOT
from helpflow.paths import ROOT_ASSETS as ASSETS
from helpflow.plan import material
from helpflow.plan.site import Page, SitePlan, plan_site, root_index_html
from helpflow.plan.text import attr
from helpflow.publish import theme_assets
from helpflow.publish.headers import write_security_headers
from helpflow.publish.output import (
    MARKER,
    check_folder,
    check_protected,
    check_replaceable,
    clear_leftovers,
    new_build_folder,
    own_folders,
    swap,
    write_manifest,
    writing,
)

"""The normal build's settings: an export starts from them, so both builds look alike."""
ROOT_FILES = "root"
"""The export's folder of the site's root files: the language choice, its assets, CNAME."""
BUILT = "site"
"""Where each language's project builds (``site_dir``): engines keep it inside the project."""
BUILD_ONLY = ("hooks", "watch")
"""Settings of the normal build that a plain project has no use for."""


def export_school(school_path: Path, out: Path, content: Content) -> list[str]:
    """Write one project per language of a school into ``out/<lang>/`` and the site's root
    files into ``out/root/``; return the school file's notes, one line each."""
    out = out.resolve()
    check_protected(out, own_folders(content.root, school_path))
    check_folder(out)
    if out.is_dir() and any(out.iterdir()) and not (out / ROOT_FILES / MARKER).is_file():
        raise HelpflowError(problem(out, "", "this folder is not a helpflow export, and an export would "
                                    "replace what is in it", "choose a new or empty folder for --out"))
    school = load_school(school_path, content)
    plans = [plan_site(content, school, lang) for lang in school.languages]
    with writing(out):
        for earlier in out.glob("*/mkdocs.yml"):  # a language the school no longer has
            if earlier.parent.name not in school.languages:
                shutil.rmtree(earlier.parent)
        for plan in plans:
            write_project(plan, out / plan.lang)
        root = out / ROOT_FILES
        root.mkdir(parents=True, exist_ok=True)
        (root / "index.html").write_text(root_index_html(content, school), encoding="utf-8")
        for asset in ASSETS.iterdir():
            shutil.copyfile(asset, root / asset.name)
        if school.cname:
            (root / "CNAME").write_text(school.cname + "\n", encoding="utf-8")
    return [f"note: {n}" for n in school.notes]


def write_project(plan: SitePlan, project: Path) -> None:
    """One language's plain docs project, replacing any earlier one: ``mkdocs.yml``, its
    pages, assets and handouts in ``docs/``, and the theme overrides."""
    shutil.rmtree(project, ignore_errors=True)
    docs = project / "docs"
    shutil.copytree(DOCS_ASSETS, docs / "assets")
    css = docs / "assets" / "helpflow.css"  # our CSS and the school's in one file, as the hook has it
    css.write_text(css.read_text(encoding="utf-8") + plan.css, encoding="utf-8")
    if plan.logo:
        (docs / "assets" / plan.logo.name).write_bytes(plan.logo.data)
    for path, script in plan.scripts.items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_bytes(script)
    for page in plan.pages:
        target = docs / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page_source(plan, page), encoding="utf-8")
    for handout in plan.handouts:
        write_handout(plan.school, handout, docs / handout.path)
    config = project_config(plan)
    # The normal build's theme overrides, and the export's own beside them.
    overrides = shutil.copytree(ROOT / config["theme"]["custom_dir"], project / config["theme"]["custom_dir"])
    for name, text in material.override_templates().items():
        (overrides / name).parent.mkdir(parents=True, exist_ok=True)
        (overrides / name).write_text(text, encoding="utf-8")
    header = (f"# The {plan.lang} site of {plan.school.source.name}, exported by `helpflow export` from the\n"
              "# plan `helpflow build` uses. Build it with `properdocs build -f mkdocs.yml`, `zensical build`\n"
              "# or `mkdocs build`, then put the languages together with `helpflow assemble`.\n")
    (project / "mkdocs.yml").write_text(header + _yaml(config), encoding="utf-8")


def page_source(plan: SitePlan, page: Page) -> str:
    """A page's Markdown under YAML front matter holding what the hook sets per page.

    The theme prints a page's title and description into HTML as they are: the title is
    HTML-escaped as the hook escapes it, the description made safe in its attribute; the
    YAML dumper quotes whatever YAML would misread.
    """
    meta = {"title": attr(page.title), "description": attr(page.description), **material.PAGE_META,
            material.PAGE_ALTERNATES: _alternates(plan, page.key)}
    return f"---\n{_yaml(meta)}---\n\n{page.markdown}"


def project_config(plan: SitePlan) -> dict[str, Any]:
    """The project's ``mkdocs.yml``: the normal build's settings with the plan's filled in."""
    config: dict[str, Any] = yaml.safe_load(MKDOCS_CONFIG.read_text(encoding="utf-8"))
    for key in BUILD_ONLY:
        config.pop(key, None)
    home = plan.page_for("index.md")
    assert home, "every language's site has a home page"
    config |= {
        "site_name": attr(plan.school.name),
        "site_url": plan.site_url,
        "site_dir": BUILT,
        "copyright": plan.copyright_html,
        "nav": plan.mkdocs_nav(),
    }
    # Site-wide, the switch offers each language's home; each page names its own counterparts.
    config["extra"]["alternate"] = _alternates(plan, home.key)
    # What the normal build's theme overrides read from the plan, and what assemble_site needs.
    config["extra"]["helpflow"] = {"not_found_html": plan.not_found_html, "labels": dict(plan.labels)}
    config["theme"] |= {"language": plan.theme_language, **material.EXPORT_THEME}
    if plan.logo:
        config["theme"]["logo"] = config["theme"]["favicon"] = f"assets/{plan.logo.name}"
    return config


def assemble_site(export: Path, out: Path) -> list[str]:
    """Put an export's built languages together as one site in ``out``; return them.

    What helpflow does after MkDocs in the normal build, after any engine: the root page
    beside the languages, Material's HTML fixed, the security headers (their CSP hashes
    the inline scripts this engine wrote), the manifest; and ``out`` is replaced as the
    normal build replaces its folder (``output``).
    """
    export, out = export.resolve(), out.resolve()
    if not (export / ROOT_FILES / MARKER).is_file():
        raise HelpflowError(problem(export, "", "this folder is not a helpflow export",
                                    "make one with `helpflow export --school FILE --out DIR`"))
    projects = sorted(p.parent for p in export.glob("*/mkdocs.yml"))
    missing = [p.name for p in projects if not (p / BUILT / "index.html").is_file()]
    if missing:
        raise HelpflowError(problem(export, "", f"build {', '.join(missing)} first",
                                    "run `properdocs build -f mkdocs.yml` (or `zensical build`) in "
                                    + ", ".join(str(export / name) for name in missing)))
    if out == export or out in export.parents:
        raise HelpflowError(problem(out, "", "the site would replace the export it is made from",
                                    "choose a folder inside the export (the default) or beside it"))
    check_protected(out, own_folders())
    with writing(out):
        if out.parent.is_dir():
            clear_leftovers(out.parent)
        check_replaceable(out, [p.name for p in projects])
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = new_build_folder(out)
        try:
            _assemble(export, projects, tmp)
            swap(tmp, out)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return [p.name for p in projects]


def _assemble(export: Path, projects: list[Path], site: Path) -> None:
    """Every file of the site, into the empty folder ``site``, its manifest last."""
    shutil.copytree(export / ROOT_FILES, site, dirs_exist_ok=True)
    for project in projects:
        shutil.copytree(project / BUILT, site / project.name)
        config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
        for page in (site / project.name).rglob("*.html"):
            text = page.read_text(encoding="utf-8")
            if (fixed := material.fix_html(text, config["extra"]["helpflow"]["labels"])) != text:
                page.write_text(fixed, encoding="utf-8")
    languages = [project.name for project in projects]
    theme_assets.share(site, languages, languages)  # one copy of the theme's files, as the normal build has
    write_security_headers(site)
    write_manifest(site)


def _alternates(plan: SitePlan, key: str) -> list[dict[str, str]]:
    return [{"name": attr(alt.name), "lang": alt.lang, "link": alt.link} for alt in plan.alternates[key]]


def _yaml(data: object) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
