"""MkDocs adapter for helpflow: a thin layer that hands the core's pages to MkDocs.

All content and logic live in the ``helpflow`` package, which never imports MkDocs;
this file only copies its results into MkDocs' config, files and page context.
"""

from __future__ import annotations

import html
from pathlib import Path

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from helpflow.errors import HelpflowError
from helpflow.htmlfix import fix_html
from helpflow.language_site import LanguageSite, language_site

_site: LanguageSite | None = None


# Priority 100: Material's search plugin reads theme.language in its own on_config.
@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _site
    options = config.extra.get("helpflow", {})
    root = Path(config.config_file_path).parent
    try:
        _site = language_site(root / options["flow"], root / options["ui"], root / options["school"],
                              options.get("language", "nl"))
    except HelpflowError as exc:
        raise PluginError(str(exc)) from None
    school = _site.school
    # MkDocs' templates print site_name unescaped; Markup keeps it escaped everywhere.
    config.site_name = Markup(html.escape(school.name))
    config.site_url = school.language_url(_site.lang)
    config.copyright = Markup(_site.copyright_html)
    config.theme["language"] = _site.lang
    config.nav = [{html.escape(page.title): page.path} for page in _site.pages]
    config.extra_css.append("assets/school.css")
    if _site.logo:
        config.theme["logo"] = config.theme["favicon"] = f"assets/{_site.logo.name}"
    return config


@event_priority(100)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    assert _site is not None
    for page in _site.pages:
        files.append(File.generated(config, page.path, content=page.markdown))
    files.append(File.generated(config, "assets/school.css", content=_site.css))
    if _site.logo:
        files.append(File.generated(config, f"assets/{_site.logo.name}", content=_site.logo.data))
    return files


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: object) -> dict:
    assert _site is not None
    generated = _site.page_for(page.file.src_uri)
    if generated:
        # Material prints page.meta.title unescaped in <title> and the header.
        page.meta["title"] = Markup(html.escape(generated.title))
        config.extra["alternate"] = [{"name": alt.name, "lang": alt.lang, "link": alt.link}
                                     for alt in _site.alternates[generated.key]]
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return fix_html(output)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    """404.html is a theme template, not a page: it gets the same fixes."""
    return fix_html(output_content) if template_name.endswith(".html") else output_content
