"""MkDocs adapter for helpflow: hands one language's plan to MkDocs and Material.

The plan is decided by the ``helpflow`` package, which never imports MkDocs; this
file only copies it into MkDocs' config, files and page context (each page's HTML blocks kept
out of Python-Markdown's way, ``build.raw_html``), and hands the built site to
``helpflow.plan.material`` for what it changes in Material's files. ``helpflow build``
hands each language's plan over on the config (``mkdocs_site.PLAN``); ``mkdocs serve``
(``make serve``) has none, and plans the demo school itself (``_preview``). State lives on
the config object of the build, never in this module.

Each ``extra`` key has one meaning, the same in a build and in an export's ``mkdocs.yml``:
``extra.helpflow`` is what helpflow's own templates read (``overrides/404.html``), and
``extra.alternate`` and ``extra.scope`` are Material's (the language switch and the ``<head>``'s
hreflang links; the path its settings are stored under, ``material.SCOPE``).
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from jinja2 import ChoiceLoader, DictLoader, Environment
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.theme import Theme

from helpflow.build import raw_html, templates
from helpflow.build.mkdocs_site import PLAN, RAW_HTML, THEME_ELSEWHERE
from helpflow.errors import HelpflowError
from helpflow.paths import CONTENT, DEMO_SCHOOL
from helpflow.plan.material import (
    PAGE_ALTERNATES,
    PAGE_META,
    SCOPE,
    THEME_ASSETS,
    fix_html,
    override_templates,
    patch_bundle,
)
from helpflow.plan.site import SitePlan, plan_files
from helpflow.publish.whitespace import squeeze

OUR_CSS = "assets/helpflow.css"
"""Our stylesheet (mkdocs.yml's ``extra_css``), to which each build adds the school's: one file."""


def _plan(config: MkDocsConfig) -> SitePlan:
    plan: SitePlan = config[PLAN]
    return plan


def _preview() -> SitePlan:
    """What ``mkdocs serve`` shows: the demo school, in its first language, planned from the
    files as they are now (each rebuild of the live preview plans again)."""
    try:
        return plan_files(CONTENT, DEMO_SCHOOL)
    except HelpflowError as exc:
        raise PluginError(str(exc)) from None


# Priority 100: Material's search plugin reads theme.language in its own on_config.
@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if PLAN not in config:
        config[PLAN] = _preview()
    plan = _plan(config)
    # What helpflow's templates read, as an export's mkdocs.yml has it (export.project_config).
    config.extra["helpflow"] = {"not_found_html": plan.not_found_html, "labels": dict(plan.labels)}
    config.extra[SCOPE] = plan.site_path
    # MkDocs' templates print site_name unescaped; Markup keeps it escaped everywhere.
    config.site_name = Markup(html.escape(plan.school.name))
    config.site_url = plan.site_url
    config.copyright = Markup(plan.copyright_html)
    config.theme["language"] = plan.theme_language
    config.nav = plan.mkdocs_nav()
    if plan.logo:
        config.theme["logo"] = config.theme["favicon"] = f"assets/{plan.logo.name}"
    _share_theme_work(config.theme)
    return config


def _share_theme_work(theme: Theme) -> None:
    """Every Jinja environment of this build shares what the process did once: the templates
    compiled (``templates.TEMPLATE_CACHE``) and the theme's files listed (``ThemeLoader``), and finds
    Material's partials as helpflow has them before the theme's.

    Through ``Theme.get_env``, not ``on_env``: MkDocs lists the theme's files with its
    environment before any event, and Material's search plugin makes environments of its
    own in ``on_config`` to read its translations; each would compile or list it all again."""
    make_env = theme.get_env

    def get_env() -> Environment:
        env = make_env()
        env.loader = ChoiceLoader([DictLoader(override_templates()), templates.ThemeLoader(theme.dirs)])
        env.bytecode_cache = templates.TEMPLATE_CACHE
        return env

    theme.get_env = get_env  # type: ignore[method-assign]  # this build's theme only


@event_priority(100)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    plan = _plan(config)
    config[RAW_HTML] = {}
    for page in plan.pages:
        markdown, config[RAW_HTML][page.path] = raw_html.set_aside(page.markdown)
        files.append(File.generated(config, page.path, content=markdown))
    ours = files.get_file_from_path(OUR_CSS)
    assert ours, f"docs/{OUR_CSS} is mkdocs.yml's extra_css"
    files.remove(ours)
    files.append(File.generated(config, OUR_CSS, content=ours.content_string + plan.css))
    if plan.logo:
        files.append(File.generated(config, f"assets/{plan.logo.name}", content=plan.logo.data))
    for path, script in plan.scripts.items():
        files.append(File.generated(config, path, content=script))
    if config.get(THEME_ELSEWHERE):
        for theirs in [file for file in files if file.src_uri.startswith(tuple(f"{d}/" for d in THEME_ASSETS))]:
            files.remove(theirs)
    return files


@event_priority(100)
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """The HTML blocks set aside in ``on_files`` back in place, before any plugin reads the page."""
    return raw_html.put_back(html, config[RAW_HTML].get(page.file.src_uri, ()))


class _PageConfig:
    """The build's config as one page's templates see it: Material's ``extra.alternate`` (its
    ``<head>`` hreflang links) is that page's counterparts. The config itself never changes per
    page, so no page's links outlive it (the 404 page, rendered last, has none)."""

    def __init__(self, config: MkDocsConfig, alternate: list[dict[str, str]]) -> None:
        self._config = config
        self.extra = {**config.extra, "alternate": alternate}

    def __getattr__(self, name: str) -> Any:
        return getattr(self._config, name)

    def __getitem__(self, key: str) -> Any:
        return self.extra if key == "extra" else self._config[key]


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: object) -> dict[str, Any]:
    plan = _plan(config)
    planned = plan.page_for(page.file.src_uri)
    if planned:
        # Material prints page.meta.title unescaped in <title> and the header.
        page.meta["title"] = Markup(html.escape(planned.title))
        # Material prints the description into a <meta content="..."> as it is.
        page.meta["description"] = Markup(html.escape(planned.description))
        page.meta.update(PAGE_META)
        # The page's counterparts (links from the language's root): for its language switch, as an
        # export's front matter has them, and in full for Material's <head> hreflang links, as search
        # engines want them, in the config as this page's templates alone see it.
        alternates = plan.alternates[planned.key]
        page.meta[PAGE_ALTERNATES] = [{"name": alt.name, "lang": alt.lang, "link": alt.link} for alt in alternates]
        context["config"] = _PageConfig(config, [{"name": alt.name, "lang": alt.lang,
                                                  "link": urljoin(plan.site_url, alt.link)} for alt in alternates])
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Material's HTML fixed, and squeezed (``whitespace``) before MkDocs writes it, not read back after."""
    return squeeze(fix_html(output, _plan(config).labels))


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    """404.html is a theme template, not a page: it gets the same fixes."""
    if not template_name.endswith(".html"):
        return output_content
    return squeeze(fix_html(output_content, _plan(config).labels))


def on_post_build(config: MkDocsConfig) -> None:
    """Material's script made to load nothing for search or sitemaps before the parent searches."""
    if config.get(THEME_ELSEWHERE):
        return
    try:
        patch_bundle(Path(config.site_dir))
    except HelpflowError as exc:
        raise PluginError(str(exc)) from None
