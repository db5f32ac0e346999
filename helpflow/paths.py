"""Where helpflow's own files are, and the names of the files it writes: defined once.

Every layer may read these; none defines a path or a file name of its own.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
"""The repository: helpflow runs from a checkout (``pip install -e .``)."""
CONTENT = ROOT / "flow"
"""The content folder: flows, site texts, screen labels, the language registry."""
SCHOOLS = ROOT / "schools"
"""One file per school; ``demo.yml`` is the demo and a template."""
DEMO_SCHOOL = SCHOOLS / "demo.yml"
MKDOCS_CONFIG = ROOT / "mkdocs.yml"
DOCS_ASSETS = ROOT / "docs" / "assets"
"""Our stylesheet and script, copied into every language's site."""
TOOLS = Path(__file__).resolve().parent / "plan" / "tools"
"""The widget's tools, one component folder each (``tool.yml``, code, script, style)."""
ROOT_ASSETS = Path(__file__).resolve().parent / "root_assets"
"""The language choice page's own files, at the site's root."""
SCHEMA_FILE = ROOT / "schema" / "school.schema.json"
"""The JSON Schema of school files, generated from their declarations (``helpflow schema``)."""
DEFAULT_SITE = ROOT / "site"
DEFAULT_SITES = ROOT / "sites"

HEADERS_FILE = "_headers"
NGINX_FILE = "nginx.conf"
HTACCESS_FILE = ".htaccess"
NOT_FOUND_FILE = "404.html"
"""Each language's 404 page, in its folder; the default language's also at the site's root."""
MANIFEST_FILE = ".helpflow-manifest"
"""Every file and folder a build wrote: a rebuild deletes nothing else."""
INPUTS_FILE = ".helpflow-inputs"
"""What a site was built from, for incremental rebuilds."""
DEPLOY_FILES = (HEADERS_FILE, NGINX_FILE, HTACCESS_FILE, "CNAME", MANIFEST_FILE, INPUTS_FILE)
"""Files a build writes for the host, never served as pages."""
STATEMENT_PAGE = "accessibility.md"
"""The accessibility statement's page, in every language's site (its footer links to it)."""
FEEDBACK_FOLDER = "feedback"
"""The pages an answer to "Did this help?" opens, in every language's site; ``helpflow stats`` counts them."""
REACHED_FILE = f"{FEEDBACK_FOLDER}/reached.txt"
"""The file the widget asks for when the parent reaches an outcome (the school's ``statistics: true``)."""
