# helpflow: `make site` builds the demo school into site/, `make test` runs every test.
# Both set up everything on a fresh Debian machine first.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
APT_GET := $(shell command -v apt-get 2>/dev/null)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: site test lint serve bench check setup bytecode graphviz chromium handout-tools pdf-tools quality-tools engines clean

site: setup bytecode graphviz handout-tools
	$(BIN)/helpflow build --out site

test: setup bytecode graphviz chromium handout-tools pdf-tools quality-tools engines lint
	$(BIN)/pytest

# The code's own checks: style (ruff), types (mypy, strict on the core layers) and the layers'
# import contract (import-linter: each layer imports only those below it).
lint: setup
	$(BIN)/ruff check helpflow hooks tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

serve: setup graphviz
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

# Everything `make test` has (target 7 times the test suite; quality-tools brings npm and nginx),
# and Lighthouse (bench/package-lock.json, its own folder: make test's npm ci does not pull it).
bench: setup bytecode graphviz chromium handout-tools pdf-tools quality-tools engines
	@test bench/node_modules/.package-lock.json -nt bench/package-lock.json || npm ci --prefix bench --ignore-scripts --no-audit --no-fund
	$(BIN)/python -m bench

check: setup
	$(BIN)/helpflow check

setup: $(STAMP)

# helpflow's own modules compiled to bytecode, as pip compiles an installed package's: an editable
# install is not, and where PYTHONDONTWRITEBYTECODE is set (as on this project's machines) every
# process, each build and each of MkDocs' loads of the hook, compiled them again (a tenth of a
# second each). Only what changed since is compiled again.
bytecode: setup
	@$(BIN)/python -m compileall -q -j 0 helpflow hooks tests bench >/dev/null

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

# Debian's Graphviz for the diagram, when `dot` is missing.
graphviz:
	@command -v dot >/dev/null || { \
	  if [ -n "$(APT_GET)" ]; then $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq graphviz fonts-dejavu-core; \
	  else echo "helpflow needs Graphviz's 'dot'. Install it: 'apt-get install graphviz' (Debian/Ubuntu), 'brew install graphviz' (macOS) or 'winget install graphviz' (Windows)"; exit 1; fi; }

# Debian's Chromium for the browser tests (Playwright cannot download browsers here).
chromium:
	@test -x /usr/bin/chromium || { \
	  if [ -n "$(APT_GET)" ]; then $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; \
	  else echo "the browser tests need Chromium at /usr/bin/chromium: 'apt-get install chromium'"; exit 1; fi; }

# Debian's DejaVu fonts, the only ones the handout PDFs are typeset in (Typst, from the
# venv, reads these files and no other font), when they are missing.
DEJAVU := /usr/share/fonts/truetype/dejavu
handout-tools:
	@{ test -f $(DEJAVU)/DejaVuSans.ttf && test -f $(DEJAVU)/DejaVuSansCondensed.ttf; } || { \
	  if [ -n "$(APT_GET)" ]; then $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq fonts-dejavu-core fonts-dejavu-extra; \
	  else echo "the handout PDFs need the DejaVu fonts in $(DEJAVU): 'apt-get install fonts-dejavu-core fonts-dejavu-extra' (Debian/Ubuntu)"; exit 1; fi; }

# Debian's pdftoppm and zbarimg for the handout tests: render the PDF, read its QR code.
pdf-tools:
	@{ command -v pdftoppm && command -v zbarimg; } >/dev/null || { \
	  if [ -n "$(APT_GET)" ]; then $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq poppler-utils zbar-tools; \
	  else echo "the handout tests need pdftoppm and zbarimg: 'apt-get install poppler-utils zbar-tools'"; exit 1; fi; }

# npm's axe-core and Nu Html Checker (package-lock.json), Java, and Debian's nginx and Apache
# (apache2-bin: the server alone, no service started) to serve the built site with its own
# nginx.conf and .htaccess, for the quality tests; gettext's msgfmt checks the PO export. Only what is missing is asked of apt, one
# package at a time: a Node.js from NodeSource bundles npm, and asking apt for `npm` beside it
# fails the whole install ("nodejs: Conflicts: npm").
QUALITY_TOOLS := npm:npm java:default-jre-headless /usr/sbin/nginx:nginx /usr/sbin/apache2:apache2-bin msgfmt:gettext

quality-tools:
	@missing=""; for pair in $(QUALITY_TOOLS); do tool=$${pair%%:*}; pkg=$${pair#*:}; \
	  command -v $$tool >/dev/null 2>&1 || missing="$$missing $$pkg"; done; \
	if [ -n "$$missing" ]; then \
	  if [ -n "$(APT_GET)" ]; then $(SUDO) apt-get update -qq && for pkg in $$missing; do $(SUDO) apt-get install -y -qq $$pkg || exit 1; done; \
	  else echo "the quality tests need:$$missing ('apt-get install$$missing' on Debian/Ubuntu)"; exit 1; fi; fi
	@test -d node_modules/axe-core -a -f node_modules/vnu-jar/build/dist/vnu.jar || npm ci --ignore-scripts --no-audit --no-fund

# ProperDocs and Zensical, each in its own venv, for tests/test_engines.py only: they build the
# projects of `helpflow export`. --no-deps: each file pins every package (ProperDocs' leaves MkDocs
# out on purpose). Made once, both at a time (5 s less in a fresh clone); again only when a
# requirements file changes.
ENGINES := .venv-engines

engines:
	@$(MAKE) --no-print-directory -s -j2 $(ENGINES)/properdocs/.installed $(ENGINES)/zensical/.installed

$(ENGINES)/%/.installed: requirements-%.txt
	rm -rf $(ENGINES)/$*
	$(PYTHON) -m venv $(ENGINES)/$*
	$(ENGINES)/$*/bin/pip install --quiet --disable-pip-version-check --no-deps -r $<
	touch $@

clean:
	rm -rf site sites .pytest_cache
