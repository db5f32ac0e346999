"""MkDocs adapter for helpflow: hands one language's plan to MkDocs and Material.

The plan is decided by the ``helpflow`` package, which never imports MkDocs; this
file only copies it into MkDocs' config, files and page context, and hands the built
site to ``helpflow.plan.material`` for what it changes in Material's files. ``helpflow build``
puts the plan in ``extra.helpflow``; ``mkdocs serve`` (``make serve``) finds the
content, the school and the language named there instead, and plans from them.
State lives on the config object of the build, never in this module.
"""

from __future__ import annotations

import html
from pathlib import Path
from urllib.parse import urljoin

from jinja2 import ChoiceLoader, DictLoader, Environment
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.theme import Theme

from helpflow.build.mkdocs_site import TEMPLATE_CACHE, ThemeLoader
from helpflow.errors import HelpflowError
from helpflow.plan.material import PAGE_ALTERNATES, PAGE_META, fix_html, override_templates, patch_bundle
from helpflow.plan.site import SitePlan, plan_files

OUR_CSS = "assets/helpflow.css"
"""Our stylesheet (mkdocs.yml's ``extra_css``), to which each build adds the school's: one file."""


def _plan(config: MkDocsConfig) -> SitePlan:
    return config.extra["helpflow"]


# Priority 100: Material's search plugin reads theme.language in its own on_config.
@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    given = config.extra.get("helpflow")
    if not isinstance(given, SitePlan):
        root = Path(config.config_file_path).parent
        try:
            given = plan_files(root / given["content"], root / given["school"], given.get("language"))
        except HelpflowError as exc:
            raise PluginError(str(exc)) from None
        config.extra["helpflow"] = given
    plan = given
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
    compiled (``TEMPLATE_CACHE``) and the theme's files listed (``ThemeLoader``), and finds
    Material's partials as helpflow has them before the theme's.

    Through ``Theme.get_env``, not ``on_env``: MkDocs lists the theme's files with its
    environment before any event, and Material's search plugin makes environments of its
    own in ``on_config`` to read its translations; each would compile or list it all again."""
    make_env = theme.get_env

    def get_env() -> Environment:
        env = make_env()
        env.loader = ChoiceLoader([DictLoader(override_templates()), ThemeLoader(theme.dirs)])
        env.bytecode_cache = TEMPLATE_CACHE
        return env

    theme.get_env = get_env  # type: ignore[method-assign]  # this build's theme only


@event_priority(100)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    plan = _plan(config)
    for page in plan.pages:
        files.append(File.generated(config, page.path, content=page.markdown))
    ours = files.get_file_from_path(OUR_CSS)
    files.remove(ours)
    files.append(File.generated(config, OUR_CSS, content=ours.content_string + plan.css))
    if plan.logo:
        files.append(File.generated(config, f"assets/{plan.logo.name}", content=plan.logo.data))
    for path, script in plan.scripts.items():
        files.append(File.generated(config, path, content=script))
    return files


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: object) -> dict:
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
        # engines want them. Per page on purpose: the <head> reads extra.alternate as each page renders.
        alternates = plan.alternates[planned.key]
        page.meta[PAGE_ALTERNATES] = [{"name": alt.name, "lang": alt.lang, "link": alt.link} for alt in alternates]
        config.extra["alternate"] = [{"name": alt.name, "lang": alt.lang, "link": urljoin(config.site_url, alt.link)}
                                     for alt in alternates]
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return fix_html(output, _plan(config).labels)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    """404.html is a theme template, not a page: it gets the same fixes."""
    if not template_name.endswith(".html"):
        return output_content
    return fix_html(output_content, _plan(config).labels)


def on_post_build(config: MkDocsConfig) -> None:
    """Material's script made to load nothing for search or sitemaps before the parent searches."""
    try:
        patch_bundle(Path(config.site_dir))
    except HelpflowError as exc:
        raise PluginError(str(exc)) from None
