"""Running MkDocs: one build per language of a school, swapped into place when complete.

This is the one module of the package that imports MkDocs (with ``hooks/``); the
rest of helpflow is plain Python and would outlive a move to another generator.
"""

from __future__ import annotations

import functools
import logging
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, MkDocsException

from helpflow.build.handout_pdf import load_typesetter, write_handout
from helpflow.build.inputs import (
    ContentInputs,
    Part,
    Record,
    content_key,
    generator_key,
    handout_key,
    language_key,
    read_record,
    school_key,
    stamp,
    write_record,
)
from helpflow.build.progress import BuildResult
from helpflow.build.workers import Job, can_fork, run_forked
from helpflow.errors import HelpflowError, printable
from helpflow.load.content import Content
from helpflow.load.school import load_school, school_slug
from helpflow.load.translations import stale_messages
from helpflow.model.school import School
from helpflow.paths import MANIFEST_FILE, MKDOCS_CONFIG
from helpflow.plan.branding import contrast_warnings
from helpflow.plan.site import SitePlan, plan_sites, root_index_html
from helpflow.publish.finish import Built, finish_site
from helpflow.publish.output import (
    SHARED_ASSETS,
    build_folder,
    check_folder,
    check_protected,
    check_replaceable,
    clear_leftovers,
    files_under,
    keep_unchanged,
    link_or_copy,
    own_folders,
    real_path,
    swap,
    write_manifest,
    write_root_files,
    writing,
)

PLAN = "helpflow_plan"
"""The config key under which a build hands the hook its language's plan: a key of its own, not
one of ``extra`` (what templates read) nor of mkdocs.yml (a build sets it after loading the file)."""
RAW_HTML = "helpflow_raw_html"
"""The config key under which the hook keeps, per page source, the HTML blocks it set aside
(``raw_html``) until the page is converted."""
THEME_ELSEWHERE = "helpflow_theme_elsewhere"
"""The config key that tells the hook to copy none of Material's own files (``material.THEME_ASSETS``)
into this language's site: the site's root has them from the first language built
(``theme_assets.share``), and they are the same in every language."""


class _Collect(logging.Handler):
    """Keeps MkDocs' warnings so a failed strict build can say why, in a line each."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(" ".join(record.getMessage().split()))


def build_school(school_path: Path, out: Path, content: Content, content_inputs: ContentInputs | None = None, *,
                 rebuild: bool = False) -> list[str]:
    """Build every language of one school into ``out``; return notes and warnings, one line each.

    The site is built in a temporary folder beside ``out`` and swapped in only when
    complete, so a failed or interrupted build leaves the previous site as it was;
    what an interrupted build left behind is cleared by the next one. A folder that is
    not an earlier site, or holds files that site's build did not write, is refused
    (``output.check_replaceable``), and so is any folder of helpflow's own.

    What the previous site's record (``inputs``) shows unchanged, a language's site or a
    handout, is taken from it as it is; ``rebuild`` builds every part again. The caller
    gives the ``content_inputs`` it took before loading the content, or they are taken now.
    """
    out = real_path(out)
    check_protected(out, own_folders(content.root, school_path))
    with writing(out):
        if out.parent.is_dir():
            clear_leftovers(out.parent, [out.name])
        check_replaceable(out, content.languages)
    shared = content_inputs or _content_inputs(content)
    key, logo = school_key(shared.key, school_path)  # before the school is read: an edit meanwhile builds again
    school = load_school(school_path, content)
    plans = plan_sites(content, school)
    messages = [f"note: {n}" for n in school.notes] + [f"warning: {w}" for w in contrast_warnings(school)]
    with writing(out):
        previous = _Previous(out, None if rebuild else read_record(out)) if out.is_dir() else None
        out.parent.mkdir(parents=True, exist_ok=True)
        with build_folder(out) as tmp:
            keys = _write_site(content, school, plans, tmp, previous)
            write_record(tmp, _record(tmp, keys, key, logo, shared.stale, tuple(messages)))
            write_manifest(tmp)
            if previous:
                keep_unchanged(tmp, out, [MANIFEST_FILE])
            swap(tmp, out)
    return messages


def _content_inputs(content: Content) -> ContentInputs:
    """The inputs every school shares, from the content as loaded (an edit to it during the
    build goes unseen: callers that can, take them before loading it)."""
    return ContentInputs(content_key(content.root), tuple(stale_messages(content)))


class _Previous:
    """The site a build replaces, and what of it may be taken as it is: the parts its record
    keys as the new build does, every file of them as that build left it."""

    def __init__(self, site: Path, record: Record | None) -> None:
        self.site, self.record = site, record
        self.theme_kept = record is not None and self._kept(SHARED_ASSETS, files_under(site, SHARED_ASSETS))

    def language(self, lang: str, key: str) -> list[str] | None:
        """The files of language ``lang``'s site (its handouts aside) when they may be taken."""
        if not self.theme_kept or self.record is None or self.record.parts.get(lang, Part("", "")).key != key:
            return None
        files = [name for name in files_under(self.site, lang) if name not in self.record.handouts]
        return files if self._kept(lang, files) else None

    def handout(self, name: str, key: str) -> bool:
        part = self.record.handouts.get(name) if self.record else None
        return part is not None and part.key == key and stamp(self.site, [name]) == part.stamp

    def theme(self) -> list[str]:
        return files_under(self.site, SHARED_ASSETS) if self.theme_kept else []

    def take(self, site: Path, names: list[str]) -> None:
        for name in names:
            link_or_copy(self.site / name, site / name)

    def _kept(self, part: str, files: list[str]) -> bool:
        recorded = self.record.parts.get(part) if self.record else None
        return recorded is not None and stamp(self.site, files) == recorded.stamp


def _write_site(content: Content, school: School, plans: list[SitePlan], site: Path,
                previous: _Previous | None) -> dict[str, dict[str, str]]:
    """Every file of the school's site, into the empty folder ``site``, but its record and
    manifest; return the keys of its parts and of its handouts. What ``previous`` keeps is
    taken from the site it replaces."""
    keys: dict[str, dict[str, str]] = {"parts": {SHARED_ASSETS: generator_key()}, "handouts": {}}
    fresh: list[str] = []
    for plan in plans:
        keys["parts"][plan.lang] = language_key(plan)
        kept = previous.language(plan.lang, keys["parts"][plan.lang]) if previous else None
        if previous and kept is not None:
            previous.take(site, kept)
        else:
            _build_language(plan, site / plan.lang, theme=not fresh)
            fresh.append(plan.lang)
        for handout in plan.handouts:
            name = f"{plan.lang}/{handout.path}"
            keys["handouts"][name] = handout_key(handout)
            if previous and previous.handout(name, keys["handouts"][name]):
                previous.take(site, [name])
            else:
                write_handout(school, handout, site / name)
    if not fresh and previous:
        previous.take(site, previous.theme())
    write_root_files(site, root_index_html(content, school), school.cname)
    finish_site(Built(site, tuple(plan.lang for plan in plans), tuple(fresh), default_lang=school.languages[0],
                      base_path=urlsplit(school.site_url).path))
    if previous:
        keep_unchanged(site, previous.site, files_under(site))
    return keys


def _record(site: Path, keys: dict[str, dict[str, str]], key: str, logo: str, stale: tuple[str, ...],
            messages: tuple[str, ...]) -> Record:
    """The record of the complete ``site``: the school's ``key``, the ``keys`` of its parts, the
    stamps of their files, and what its build said."""
    handouts = {name: Part(part, stamp(site, [name])) for name, part in keys["handouts"].items()}
    parts = {name: Part(part, stamp(site, [file for file in files_under(site, name) if file not in handouts]))
             for name, part in keys["parts"].items()}
    return Record(key, logo, stamp(site, files_under(site)), parts, handouts, stale, messages)


def build_all(schools: list[Path], out_dir: Path, content: Content, report: Callable[[BuildResult], None], *,
              content_inputs: ContentInputs | None = None, rebuild: bool = False) -> list[BuildResult]:
    """Build each school into ``out_dir/<slug>/``, on every core, reporting each as it ends.

    What all schools share is done once, here: the content is loaded by the caller,
    and ``_warm_up`` compiles the theme's templates and renders the diagrams most schools
    share, without a handout (Typst's threads would hang a forked worker). Forked workers
    inherit all of it. One school failing, or its
    process dying, never stops the others; an interrupted run stops every worker and
    clears what they left. The caller has left out the schools whose sites are up to date.
    """
    results: list[BuildResult] = []

    def done(result: BuildResult) -> None:
        results.append(result)
        report(result)

    out_dir = real_path(out_dir)
    check_protected(out_dir, own_folders(content.root, *schools), whole=False)
    check_folder(out_dir)
    shared = content_inputs or _content_inputs(content)
    pending: list[Job] = []
    first: Path | None = None
    for school in schools:
        try:
            slug = school_slug(school)
        except HelpflowError as exc:
            done(BuildResult(printable(school.name), 0.0, error="; ".join(exc.problems)))
            continue
        first = first or school
        pending.append((slug, functools.partial(_build_reported, school, out_dir / slug, content, shared, rebuild)))
    workers = min(os.cpu_count() or 1, len(pending))
    if workers > 1 and can_fork() and first:
        _warm_up(first, content)
    else:
        while pending and not any(r.ok for r in results):
            done(pending.pop(0)[1]())
        workers = min(os.cpu_count() or 1, len(pending))
    if workers < 2 or not can_fork():
        for _slug, work in pending:
            done(work())
        return results
    try:
        run_forked(pending, workers, done)
    except KeyboardInterrupt:
        with writing(out_dir):
            clear_leftovers(out_dir, [slug for slug, _work in pending])
        raise
    return results


def _warm_up(school_path: Path, content: Content) -> None:
    """What the forked workers inherit, done once here: the theme's templates compiled and its files
    listed (one language of the first school built into a scratch folder, then dropped), and that
    school's diagrams drawn in every language, and the typesetter imported. No handout is made here:
    Typst starts a thread pool that a forked worker cannot use (its first handout would wait
    forever, ``workers.can_fork``)."""
    load_typesetter()
    try:
        school = load_school(school_path, content)
        plans = plan_sites(content, school)
        with tempfile.TemporaryDirectory(prefix="helpflow-warm-up-") as scratch:
            _build_language(plans[0], Path(scratch) / plans[0].lang)
    except HelpflowError:
        pass  # that school's own build, in a worker, says why


def _build_reported(school_path: Path, out: Path, content: Content, shared: ContentInputs,
                    rebuild: bool) -> BuildResult:
    """One school's build as a result record: a failure is a reason, never an exception."""
    slug = out.name
    start = time.perf_counter()
    try:
        messages = build_school(school_path, out, content, shared, rebuild=rebuild)
    except HelpflowError as exc:
        return BuildResult(slug, time.perf_counter() - start, error="; ".join(exc.problems))
    except Exception as exc:  # a bug met with this school's data must not stop the other schools
        return BuildResult(slug, time.perf_counter() - start,
                           error=printable(f"unexpected {type(exc).__name__}: {exc} (please report this)", 300))
    return BuildResult(slug, time.perf_counter() - start, tuple(messages))


def _build_language(plan: SitePlan, site_dir: Path, *, theme: bool = True) -> None:
    """One strict MkDocs build of ``plan``; MkDocs' warnings become the error's one line. Without
    ``theme``, Material's own files are left out (another language's build has them)."""
    logger = logging.getLogger("mkdocs")
    collect = _Collect()
    logger.addHandler(collect)
    try:
        config = load_config(str(MKDOCS_CONFIG), site_dir=str(site_dir), strict=True)
        config[PLAN], config[THEME_ELSEWHERE] = plan, not theme
        build(config)
    except Abort as exc:
        detail = "; ".join(collect.messages) or str(exc)
        raise HelpflowError(f"{plan.school.source}: the {plan.lang} site did not build: {detail}") from None
    except MkDocsException as exc:
        raise HelpflowError(" ".join(str(exc).split())) from None
    finally:
        logger.removeHandler(collect)
