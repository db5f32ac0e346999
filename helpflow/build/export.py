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

import os
import re
import stat
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from helpflow.build.handout_pdf import write_handout
from helpflow.errors import HelpflowError, problem
from helpflow.load.content import Content
from helpflow.load.safefile import (
    copy_tree,
    file_kind,
    make_folder,
    read_limited,
    read_limited_text,
    remove,
    write_file,
)
from helpflow.load.school import load_school
from helpflow.paths import DOCS_ASSETS, MKDOCS_CONFIG, ROOT
from helpflow.plan import material
from helpflow.plan.site import Page, SitePlan, plan_sites, root_index_html
from helpflow.plan.text import attr
from helpflow.publish.finish import Built, finish_site
from helpflow.publish.output import (
    ASSET_LIMIT,
    MARKER,
    build_folder,
    check_folder,
    check_protected,
    check_replaceable,
    clear_leftovers,
    interrupts_held,
    own_folders,
    real_path,
    swap,
    write_manifest,
    write_root_files,
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
    out = real_path(out)
    check_protected(out, own_folders(content.root, school_path))
    check_folder(out)
    if out.is_dir() and any(out.iterdir()) and not (out / ROOT_FILES / MARKER).is_file():
        raise HelpflowError(problem(out, "", "this folder is not a helpflow export, and an export would "
                                    "replace what is in it", "choose a new or empty folder for --out"))
    school = load_school(school_path, content)
    plans = plan_sites(content, school)
    with writing(out):
        if out.parent.is_dir():
            clear_leftovers(out.parent, [out.name])
        out.mkdir(parents=True, exist_ok=True)
        with build_folder(out) as new:  # beside ``out``: an interrupted export leaves the last one whole
            for plan in plans:
                write_project(plan, new / plan.lang)
            write_root_files(make_folder(new, ROOT_FILES), root_index_html(content, school), school.cname)
            with interrupts_held():
                # Out go the parts the new export replaces, a language the school no longer has
                # and a link planted meanwhile; an assembled site (``EXPORT/site``) stays.
                for earlier in out.iterdir():
                    if (earlier.name in (*school.languages, ROOT_FILES) or earlier.is_symlink()
                            or (earlier / "mkdocs.yml").is_file()):
                        remove(earlier)
                for part in new.iterdir():
                    part.rename(out / part.name)
    return [f"note: {n}" for n in school.notes]


def write_project(plan: SitePlan, project: Path) -> None:
    """One language's plain docs project in the new folder ``project``: ``mkdocs.yml``, its
    pages, assets and handouts in ``docs/``, and the theme overrides."""
    make_folder(project.parent, project.name)
    docs = copy_tree(DOCS_ASSETS, project, "docs/assets").parent
    css = docs / "assets" / "helpflow.css"  # our CSS and the school's in one file, as the hook has it
    write_file(css.parent, css.name, read_limited_text(css, ASSET_LIMIT, "style sheet") + plan.css)
    if plan.logo:
        write_file(docs, f"assets/{plan.logo.name}", plan.logo.data)
    for path, script in plan.scripts.items():
        write_file(docs, path, script)
    for page in plan.pages:
        write_file(docs, page.path, page_source(plan, page))
    for handout in plan.handouts:
        write_handout(plan.school, handout, docs / handout.path)
    config = project_config(plan)
    # The normal build's theme overrides, and the export's own beside them.
    overrides = copy_tree(ROOT / config["theme"]["custom_dir"], project, config["theme"]["custom_dir"])
    for name, text in material.override_templates().items():
        write_file(overrides, name, text)
    header = (f"# The {plan.lang} site of {plan.school.source.name}, exported by `helpflow export` from the\n"
              "# plan `helpflow build` uses. Build it with `properdocs build -f mkdocs.yml`, `zensical build`\n"
              "# or `mkdocs build`, then put the languages together with `helpflow assemble`.\n")
    write_file(project, "mkdocs.yml", header + _yaml(config))


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
    config: dict[str, Any] = yaml.safe_load(read_limited_text(MKDOCS_CONFIG, ASSET_LIMIT, "MkDocs settings"))
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
    config["extra"][material.SCOPE] = plan.site_path
    config["theme"] |= {"language": plan.theme_language, **material.EXPORT_THEME}
    if plan.logo:
        config["theme"]["logo"] = config["theme"]["favicon"] = f"assets/{plan.logo.name}"
    return config


def assemble_site(export: Path, out: Path) -> list[str]:
    """Put an export's built languages together as one site in ``out``; return them.

    What helpflow does after MkDocs in the normal build, after any engine (``finish_site``):
    the root page beside the languages, Material's HTML fixed, the pages squeezed, one copy
    of the theme's files, the security headers, the manifest; and ``out`` is replaced as
    the normal build replaces its folder (``output``). Nothing the engine built is trusted:
    only regular files of a sane size under their own folder are published (a link, a pipe,
    a device is refused by name), only the inline scripts the known engines write may run
    (``engine_scripts``), and every language the root page links to must have been built.
    """
    export, out = real_path(export), real_path(out)
    if not _regular(export / ROOT_FILES / MARKER):
        raise HelpflowError(problem(export, "", "this folder is not a helpflow export",
                                    "make one with `helpflow export --school FILE --out DIR`"))
    projects = _projects(export)
    missing = [p.name for p in projects if not _regular(p / BUILT / "index.html")]
    if missing:
        raise HelpflowError(problem(export, "", f"build {', '.join(missing)} first",
                                    "run `properdocs build -f mkdocs.yml` (or `zensical build`) in "
                                    + ", ".join(str(export / name) for name in missing)))
    unexported = [lang for lang in _root_languages(export) if lang not in {p.name for p in projects}]
    if unexported:
        raise HelpflowError(problem(export / ROOT_FILES / "index.html", "", "the language choice links to "
                                    f"{', '.join(unexported)}, which the export has no project for",
                                    "export the school again (helpflow export), then build every language"))
    if out == export or out in export.parents:
        raise HelpflowError(problem(out, "", "the site would replace the export it is made from",
                                    "choose a folder inside the export (the default) or beside it"))
    check_protected(out, own_folders())
    labels = {project.name: _labels(project) for project in projects}
    with writing(out):
        if out.parent.is_dir():
            clear_leftovers(out.parent, [out.name])
        check_replaceable(out, [p.name for p in projects])
        out.parent.mkdir(parents=True, exist_ok=True)
        with build_folder(out) as tmp:
            _assemble(export, projects, labels, tmp)
            swap(tmp, out)
    return [p.name for p in projects]


FILE_LIMIT = 50 << 20
"""Bytes of one file an engine built, at most: a page, the search index, a handout."""
SITE_LIMIT = 500 << 20
"""Bytes of all the files of an assembled site, at most."""
_ROOT_LINK = re.compile(r'<a href="([a-z]{2,3}(?:-[A-Za-z0-9]+)*)/index\.html" hreflang=')
"""A language's link on the language choice page (``plan.site.root_index_html``)."""


def _assemble(export: Path, projects: list[Path], labels: dict[str, dict[str, str]], site: Path) -> None:
    """Every file of the site, into the empty folder ``site``, its manifest last."""
    origins = {"": export / ROOT_FILES, **{project.name: project / BUILT for project in projects}}
    budget = [SITE_LIMIT]
    for name, origin in origins.items():
        _publish(origin, site, name, budget)

    def where(path: str) -> Path:
        top, _, rest = path.partition("/")
        return origins[top] / rest if top in origins and rest else origins[""] / path

    languages = tuple(project.name for project in projects)
    finish_site(Built(site, languages, languages, labels=labels, engine_built=where))
    write_manifest(site)


def _publish(origin: Path, site: Path, name: str, budget: list[int]) -> None:
    """Copy the folder ``origin`` an engine built to ``name`` in ``site``: its regular files
    only, each read no further than its limit; anything else is refused by name."""
    for base, dirs, files in os.walk(origin):
        here = Path(base)
        target = PurePosixPath(name, here.relative_to(origin).as_posix())
        for entry in sorted(dirs):
            if not stat.S_ISDIR(os.lstat(here / entry).st_mode):
                _refuse(here / entry, os.lstat(here / entry).st_mode)
        if target.parts:
            make_folder(site, target)
        for entry in sorted(files):
            path = here / entry
            mode = os.lstat(path).st_mode
            if not stat.S_ISREG(mode):
                _refuse(path, mode)
            data = read_limited(path, min(FILE_LIMIT, budget[0]), "file")
            budget[0] -= len(data)
            write_file(site, target / entry, data)


def _refuse(path: Path, mode: int) -> None:
    raise HelpflowError(problem(path, "", f"is {file_kind(mode)}: a site is made of the engine's own files only",
                                "remove it and build this language again with the engine"))


def _regular(path: Path) -> bool:
    """Whether ``path`` is a regular file, itself, not through a link."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _projects(export: Path) -> list[Path]:
    """The export's language projects: its folders holding a ``mkdocs.yml``; a link where a
    project or its built site should be is refused by name."""
    found = []
    for entry in sorted(export.iterdir()):
        if entry.is_symlink() and (entry / "mkdocs.yml").exists():
            _refuse(entry, os.lstat(entry).st_mode)
        if entry.is_dir() and not entry.is_symlink() and _regular(entry / "mkdocs.yml"):
            if (entry / BUILT).is_symlink():
                _refuse(entry / BUILT, os.lstat(entry / BUILT).st_mode)
            found.append(entry)
    return found


def _root_languages(export: Path) -> list[str]:
    """The languages the export's language choice page links to."""
    page = read_limited_text(export / ROOT_FILES / "index.html", FILE_LIMIT, "language choice page")
    return list(dict.fromkeys(_ROOT_LINK.findall(page)))


def _labels(project: Path) -> dict[str, str]:
    """The names of Material's page parts a project's ``mkdocs.yml`` carries for ``assemble``."""
    settings = project / "mkdocs.yml"
    try:
        config = yaml.safe_load(read_limited_text(settings, FILE_LIMIT, "MkDocs settings"))
        labels = config["extra"]["helpflow"]["labels"]
    except (yaml.YAMLError, TypeError, KeyError):
        labels = None
    if not isinstance(labels, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in labels.items()):
        raise HelpflowError(problem(settings, "extra.helpflow.labels", "missing, or not names of page parts",
                                    "export the school again (helpflow export)"))
    return labels


def _alternates(plan: SitePlan, key: str) -> list[dict[str, str]]:
    return [{"name": attr(alt.name), "lang": alt.lang, "link": alt.link} for alt in plan.alternates[key]]


def _yaml(data: object) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
