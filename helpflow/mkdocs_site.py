"""Running MkDocs: one build per language of a school, swapped into place when complete.

This is the one module of the package that imports MkDocs (with ``hooks/``); the
rest of helpflow is plain Python and would outlive a move to another generator.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, MkDocsException
from mkdocs.theme import Theme

from .branding import contrast_warnings
from .content import Content
from .errors import HelpflowError
from .handout import write_handout
from .headers import write_security_headers
from .material import sitemap_folders
from .plan import SitePlan, plan_site, root_index_html
from .progress import BuildResult
from .school import load_school

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "mkdocs.yml"
ASSETS = Path(__file__).resolve().parent / "root_assets"
MARKER = "helpflow-root.js"
"""A file every built site has at its root: only a folder holding it is ever replaced."""
SITE_MODE = 0o755
"""mkdtemp makes private folders; a published site must be readable by the web server."""


class _Collect(logging.Handler):
    """Keeps MkDocs' warnings so a failed strict build can say why, in a line each."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(" ".join(record.getMessage().split()))


def build_school(school_path: Path, out: Path, content: Content) -> list[str]:
    """Build every language of one school into ``out``; return notes and warnings, one line each.

    The site is built in a temporary folder beside ``out`` and swapped in only when
    complete, so a failed or interrupted build leaves the previous site as it was;
    what an interrupted build left behind is cleared by the next one.
    """
    out = out.resolve()
    if out.parent.exists():
        _clear_leftovers(out)
    if out.exists() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise HelpflowError(f"{out}: this folder is not a helpflow site, and a build would replace it whole; "
                            "choose a new or empty folder for --out")
    school = load_school(school_path, content)
    plans = [plan_site(content, school, lang) for lang in school.languages]
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-{os.getpid()}-", dir=out.parent))
    try:
        tmp.chmod(SITE_MODE)
        for plan in plans:
            _build_language(plan, tmp / plan.lang)
            for handout in plan.handouts:
                write_handout(school, plan.lang, handout, tmp / plan.lang / handout.path)
        (tmp / "index.html").write_text(root_index_html(content, school), encoding="utf-8")
        for asset in ASSETS.iterdir():
            shutil.copyfile(asset, tmp / asset.name)
        if school.cname:
            (tmp / "CNAME").write_text(school.cname + "\n", encoding="utf-8")
        write_security_headers(tmp, default_lang=school.languages[0], base_path=urlsplit(school.site_url).path)
        _swap(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return [f"note: {n}" for n in school.notes] + [f"warning: {w}" for w in contrast_warnings(school)]


def build_all(schools: list[Path], out_dir: Path, content: Content,
              report: Callable[[BuildResult], None]) -> list[BuildResult]:
    """Build each school into ``out_dir/<slug>/``, on every core, reporting each as it ends.

    What all schools share is done once, here: the content is loaded by the caller,
    and the first school built compiles the theme's templates and renders the diagrams
    most schools share. Forked workers inherit all of it. One school failing never
    stops the others.
    """
    results: list[BuildResult] = []

    def done(result: BuildResult) -> None:
        results.append(result)
        report(result)

    pending = list(schools)
    while pending and not any(r.ok for r in results):
        school = pending.pop(0)
        done(_build_reported(school, out_dir / school.stem, content))
    workers = min(os.cpu_count() or 1, len(pending))
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for school in pending:
            done(_build_reported(school, out_dir / school.stem, content))
        return results
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        futures = {pool.submit(_build_reported, school, out_dir / school.stem, content): school
                   for school in pending}
        for future in as_completed(futures):
            try:
                done(future.result())
            except BrokenProcessPool as exc:  # a worker died (killed, out of memory): report, go on
                done(BuildResult(futures[future].stem, 0.0, error=f"the build process stopped ({exc})"))
    return results


def _build_reported(school_path: Path, out: Path, content: Content) -> BuildResult:
    """One school's build as a result record: a failure is a reason, never an exception."""
    start = time.perf_counter()
    try:
        messages = build_school(school_path, out, content)
    except HelpflowError as exc:
        return BuildResult(school_path.stem, time.perf_counter() - start, error="; ".join(exc.problems))
    except OSError as exc:
        return BuildResult(school_path.stem, time.perf_counter() - start, error=f"{exc.filename}: {exc.strerror}")
    except Exception as exc:  # a bug met with this school's data must not stop the other schools
        return BuildResult(school_path.stem, time.perf_counter() - start,
                           error=f"unexpected {type(exc).__name__}: {exc} (please report this)")
    return BuildResult(school_path.stem, time.perf_counter() - start, tuple(messages))


def _build_language(plan: SitePlan, site_dir: Path) -> None:
    """One strict MkDocs build of ``plan``; MkDocs' warnings become the error's one line."""
    logger = logging.getLogger("mkdocs")
    collect = _Collect()
    logger.addHandler(collect)
    try:
        config = load_config(str(CONFIG), site_dir=str(site_dir), strict=True)
        config.extra["helpflow"] = plan
        _share_theme_work(config.theme)
        build(config)
        for folder in sitemap_folders(plan):
            shutil.copyfile(site_dir / "sitemap.xml", site_dir / folder / "sitemap.xml")
    except Abort as exc:
        detail = "; ".join(collect.messages) or str(exc)
        raise HelpflowError(f"{plan.school.source}: the {plan.lang} site did not build: {detail}") from None
    except MkDocsException as exc:
        raise HelpflowError(" ".join(str(exc).split())) from None
    finally:
        logger.removeHandler(collect)


class _TemplateCache(jinja2.BytecodeCache):
    """Compiled theme templates kept in memory, keyed by jinja on name and source checksum."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


_TEMPLATES = _TemplateCache()
_THEME_FILES: dict[tuple[str, ...], list[str]] = {}


def _share_theme_work(theme: Theme) -> None:
    """Compile the theme's templates and list its files once per process, not once per build.

    MkDocs makes a fresh Jinja environment per build, which recompiles every template
    and walks Material's 14,000 icon files; that was two thirds of a build's time.
    """
    make_env = theme.get_env

    def get_env() -> jinja2.Environment:
        env = make_env()
        env.bytecode_cache = _TEMPLATES
        loader = env.loader
        assert isinstance(loader, jinja2.FileSystemLoader)
        key = tuple(theme.dirs)
        if key not in _THEME_FILES:
            # MkDocs skips hidden paths (Material's .icons) when copying theme files.
            _THEME_FILES[key] = [name for name in loader.list_templates()
                                 if not name.startswith(".") and "/." not in name]
        loader.list_templates = lambda: list(_THEME_FILES[key])  # type: ignore[method-assign]
        return env

    theme.get_env = get_env  # type: ignore[method-assign]


def _clear_leftovers(out: Path) -> None:
    """Remove what builds of ``out`` that were killed left behind; put back a site caught mid-swap."""
    pattern = re.compile(rf"\.{re.escape(out.name)}\.(building|old)-(\d+)-[^/]*")
    for leftover in sorted(out.parent.iterdir()):
        match = pattern.fullmatch(leftover.name)
        if not match or _alive(int(match[2])):
            continue
        if match[1] == "old" and not out.exists() and (leftover / "site").is_dir():
            (leftover / "site").rename(out)
        shutil.rmtree(leftover, ignore_errors=True)


def _alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (its build of the same folder is not a leftover)."""
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _swap(new: Path, out: Path) -> None:
    """Put ``new`` where ``out`` is, keeping the old site until the new one is in place."""
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-{os.getpid()}-", dir=out.parent))
        out.rename(old / "site")
    new.rename(out)
    if old:
        shutil.rmtree(old, ignore_errors=True)
