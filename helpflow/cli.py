"""The ``helpflow`` command: check the content and the school files, build sites."""

from __future__ import annotations

import argparse
import contextlib
import datetime
import gc
import logging
import os
import signal
import sys
import threading
from pathlib import Path
from typing import NoReturn

from helpflow.errors import HelpflowError, printable, printable_path, problem
from helpflow.paths import CONTENT, ROOT, SCHOOLS


class _Parser(argparse.ArgumentParser):
    """argparse's parser, but a usage error is one ``error:`` line and exit 1, as every other
    error of the command (subcommands' parsers are of this class too)."""

    def error(self, message: str) -> NoReturn:
        raise HelpflowError(f"{self.prog}: {printable(message, 300)}; see {self.prog} --help")


def _path(text: str) -> Path:
    """A path argument, never empty: ``--out "$DIR"`` with ``DIR`` unset would mean the current folder."""
    if not text.strip():
        raise argparse.ArgumentTypeError("an empty path (is a variable unset?)")
    return Path(text)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="helpflow", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="build a school's site (the demo school by default)")
    which = build.add_mutually_exclusive_group()
    which.add_argument("--school", type=_path, default=SCHOOLS / "demo.yml", help="the school file")
    which.add_argument("--all", action="store_true", help="build every schools/*.yml into OUT/<slug>/")
    build.add_argument("--out", type=_path, help="output folder (default: site/, or sites/ with --all)")
    build.add_argument("--schools", type=_path, default=SCHOOLS, help="with --all: the folder of school files")
    build.add_argument("--shard", help="with --all: build only share K of N of the schools (K/N, stable by slug)")
    build.add_argument("--strict", action="store_true", help="stale translations are errors")
    build.add_argument("--rebuild", action="store_true", help="build every part again, even what is up to date "
                       "(after an upgrade of the system's DejaVu fonts, which no key covers)")
    check = commands.add_parser("check", help="check the flows, their translations and every school file")
    check.add_argument("--strict", action="store_true", help="stale translations are errors")
    check.add_argument("--schools", type=_path, default=SCHOOLS, help="the folder of school files")
    translated = commands.add_parser(
        "translated", help="record that translations (or a school's own texts) are up to date")
    translated.add_argument("file", nargs="?", help="the file named in the stale-translation message, "
                            "or a school file")
    translated.add_argument("key", nargs="?", help="the text's key, e.g. questions.email-given.text")
    translated.add_argument("lang", nargs="?", help="the translation's language, e.g. fr")
    translated.add_argument("--all", action="store_true", help="every text, in every translation language")
    export = commands.add_parser(
        "export", help="write a school's site as plain docs projects, one per language (no hook needed)")
    export.add_argument("--school", type=_path, default=SCHOOLS / "demo.yml", help="the school file")
    export.add_argument("--out", type=_path, required=True, help="the export folder: OUT/<lang>/mkdocs.yml, ...")
    assemble = commands.add_parser(
        "assemble", help="put an export's built languages together as one site, with its security headers")
    assemble.add_argument("export", type=_path, help="the folder `helpflow export` wrote, each language built")
    assemble.add_argument("--out", type=_path, help="the site folder (default: EXPORT/site)")
    po = commands.add_parser("po", help="the texts of one language as a PO file for Poedit or Weblate, and back")
    po_commands = po.add_subparsers(dest="po_command", required=True)
    po_export = po_commands.add_parser("export", help="write every text in LANG, with the source text beside it")
    po_export.add_argument("lang", help="the translation's language, e.g. fr")
    po_export.add_argument("--out", type=_path, required=True, help="the PO file to write, e.g. fr.po")
    po_import = po_commands.add_parser("import", help="write a PO file's translations back into flow/")
    po_import.add_argument("file", type=_path, help="the PO file, as Poedit or Weblate saved it")
    schema = commands.add_parser("schema", help="write schema/school.schema.json, the JSON Schema of school files")
    schema_does = schema.add_mutually_exclusive_group()
    schema_does.add_argument("--check", action="store_true", help="only fail (exit 1) when the committed schema is "
                             "out of date")
    schema_does.add_argument("--fields", action="store_true", help="print the README's table of school fields instead")
    stats = commands.add_parser("stats", help="visits and answers per page, from the web server's access logs")
    stats.add_argument("--site", type=_path, required=True, help="the site as `helpflow build` wrote it")
    stats.add_argument("--csv", type=_path, help="write the counts as CSV here (default: print them)")
    stats.add_argument("--report", type=_path, help="write an HTML report with a bar chart per flow here")
    stats.add_argument("logs", type=_path, nargs="+", metavar="LOG",
                       help="nginx or Apache access logs (combined format), plain or gzipped")
    for command in (build, check, translated, export, po_export, po_import, schema):
        command.add_argument("--content", type=_path, default=CONTENT, help=argparse.SUPPRESS)
    return parser


def _report(errors: list[str], warnings: list[str]) -> None:
    for line in warnings:
        print(f"warning: {line}", file=sys.stderr)
    for line in errors:
        print(f"error: {line}", file=sys.stderr)


def _cmd_check(args: argparse.Namespace) -> int:
    from helpflow.load.content import load_content
    from helpflow.load.school import load_school, school_slug
    from helpflow.load.translations import stale_messages, stale_overrides
    from helpflow.plan.branding import contrast_warnings

    content = load_content(args.content)
    today = datetime.date.today()
    errors: list[str] = content.rule_problems(today)
    stale = stale_messages(content)
    warnings: list[str] = content.freshness_warnings(today)
    for path in _school_files(args.schools):
        try:
            school_slug(path)  # `build --all` names the school's folder after it
        except HelpflowError as exc:
            errors += exc.problems
        try:
            school = load_school(path, content)
        except HelpflowError as exc:
            errors += exc.problems
            continue
        try:
            stale += stale_overrides(content, school)
        except HelpflowError as exc:  # the schools' lock: named once, the other schools still checked
            errors += [line for line in exc.problems if line not in errors]
        warnings += contrast_warnings(school)
    _report(errors + (stale if args.strict else []), warnings + ([] if args.strict else stale))
    if not errors and not stale:
        print("helpflow check: the flows, their translations and all school files are fine")
    return 1 if errors or (args.strict and stale) else 0


def _cmd_translated(args: argparse.Namespace) -> int:
    from helpflow.load.content import load_content
    from helpflow.load.school import load_school
    from helpflow.load.translations import OVERRIDE, OVERRIDES_LOCK, mark_translated, override_sources

    content = load_content(args.content)
    languages = content.languages
    if args.file and not args.key and Path(args.file).suffix == ".yml" and Path(args.file).is_file():
        school = load_school(Path(args.file), content)
        sources = override_sources(content, school)
        which = [(school.source.name, key, OVERRIDE) for key in sources[school.source.name]]
        lock = school.source.parent / OVERRIDES_LOCK
        count = mark_translated(sources, lock, which, languages.source, (OVERRIDE,))
        print(f"recorded {count} text(s) of {printable_path(school.source)} as up to date in {printable_path(lock)}")
        return 0
    sources = content.sources()
    if args.all:
        which = [(file, key, lang) for file, texts in sources.items() for key in texts for lang in languages.targets]
    elif args.file and args.key and args.lang:
        which = [(args.file, args.key, args.lang)]
    else:
        raise HelpflowError("helpflow translated: name FILE KEY LANG (as in the stale-translation message), "
                            "a school file, or --all")
    count = mark_translated(sources, content.lock, which, languages.source, languages.targets)
    print(f"recorded {count} translation(s) as up to date in {printable_path(content.lock)}")
    return 0


def _cmd_build(args: argparse.Namespace) -> int:
    from helpflow.build.inputs import ContentInputs, content_key, up_to_date

    if args.shard is not None and not args.all:
        raise HelpflowError("--shard: a share of a school group needs --all; add --all, or drop --shard")
    if args.shard is not None:
        from helpflow.build.shard import parse_shard

        args.shard = parse_shard(args.shard)  # before anything is read: an empty share is no share
    key = content_key(args.content)  # before the content is read: an edit meanwhile builds again
    if args.all:
        return _build_all(args, args.out or ROOT / "sites", key)
    out = args.out or ROOT / "site"
    record = None if args.rebuild else up_to_date(out, args.school, key)
    if record:
        if _stale(record.stale, args.strict):
            return 1
        for line in record.messages:
            print(line, file=sys.stderr)
        print(f"{printable_path(out)} is up to date")
        return 0
    from helpflow.build.mkdocs_site import build_school
    from helpflow.load.content import load_content
    from helpflow.load.translations import stale_messages

    content = load_content(args.content)
    stale = tuple(stale_messages(content))
    if _stale(stale, args.strict):
        return 1
    for line in build_school(args.school, out, content, ContentInputs(key, stale), rebuild=args.rebuild):
        print(line, file=sys.stderr)
    print(f"built {printable_path(out)}")
    return 0


def _stale(stale: tuple[str, ...], strict: bool) -> bool:
    """Report stale translations (errors when ``strict``); whether they stop the build."""
    _report(list(stale) if strict else [], [] if strict else list(stale))
    return strict and bool(stale)


def _build_all(args: argparse.Namespace, out: Path, key: str) -> int:
    """Build every school file of ``args.schools`` (or one shard of them) into ``out/<slug>/``,
    but those whose sites are up to date, found before anything is loaded; exit 1 when any failed."""
    from helpflow.build.inputs import ContentInputs, Record, up_to_date
    from helpflow.build.progress import BuildResult, summary
    from helpflow.build.shard import in_shard
    from helpflow.load.school import school_slug

    folder = args.schools
    schools = _school_files(folder)
    if not schools:
        raise HelpflowError(problem(folder, "", "no school files (*.yml)", "copy schools/demo.yml to start one"))
    if args.shard is not None:
        schools = [school for school in schools if in_shard(school.stem, args.shard)]
        if not schools:
            print(f"shard {args.shard[0]}/{args.shard[1]}: no school of {folder} falls in it")
            return 0
    fresh: dict[Path, tuple[str, Record]] = {}
    for school in [] if args.rebuild else schools:
        try:
            slug = school_slug(school)
            record = up_to_date(out / slug, school, key)
        except HelpflowError:
            continue  # built, or named, by build_all: one school's trouble never stops the others
        if record:
            fresh[school] = (slug, record)
    stale = next(iter(fresh.values()))[1].stale if fresh else ()
    rest = [school for school in schools if school not in fresh]
    if rest:
        from helpflow.load.content import load_content
        from helpflow.load.translations import stale_messages

        content = load_content(args.content)
        stale = tuple(stale_messages(content))
    if _stale(stale, args.strict):
        return 1
    for _slug, record in fresh.values():
        for line in record.messages:
            print(line, file=sys.stderr)
    if not rest:
        print(f"all {len(fresh)} site(s) in {printable_path(out)} are up to date")
        return 0
    from helpflow.build.mkdocs_site import build_all
    from helpflow.build.progress import Progress

    results = build_all(rest, out, content, Progress(len(rest)).report, content_inputs=ContentInputs(key, stale),
                        rebuild=args.rebuild)
    lines = summary([*results, *(BuildResult(slug, 0.0) for slug, _record in fresh.values())])
    print(f"{lines[0]}{f' ({len(fresh)} already up to date)' if fresh else ''}, into {printable_path(out)}")
    for line in lines[1:]:
        print(line, file=sys.stderr)
    return 0 if all(r.ok for r in results) else 1


def _school_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise HelpflowError(problem(folder, "", "not a folder of school files", "name the folder with --schools"))
    return sorted(folder.glob("*.yml"))


def _cmd_export(args: argparse.Namespace) -> int:
    from helpflow.build.export import export_school
    from helpflow.load.content import load_content

    for line in export_school(args.school, args.out, load_content(args.content)):
        print(line, file=sys.stderr)
    print(f"exported {args.out}: build each language with `properdocs build -f mkdocs.yml` (or `zensical build`, "
          f"or `mkdocs build`) in {args.out}/<lang>/, then run `helpflow assemble {args.out}`")
    return 0


def _cmd_po(args: argparse.Namespace) -> int:
    from helpflow.build.po_files import export_po, import_po

    if args.po_command == "import":
        print(import_po(args.content, args.file))
        return 0
    from helpflow.load.safefile import write_output

    write_output(args.out, export_po(args.content, args.lang), "PO file")
    print(f"wrote {args.out}: translate it in Poedit or Weblate, then run: helpflow po import {args.out}")
    return 0


def _cmd_stats(args: argparse.Namespace) -> int:
    from helpflow.build.stats import count_logs, csv_text, report, summary
    from helpflow.load.safefile import write_output

    stats = count_logs(args.site, args.logs)
    text = csv_text(stats)
    if args.csv:
        write_output(args.csv, text, "table")
    if args.report:
        write_output(args.report, report(stats, args.site, args.logs), "report")
    if not args.csv:
        print(text, end="")
    for line in summary(stats, args.logs):
        print(line, file=sys.stderr)
    return 0


def _cmd_assemble(args: argparse.Namespace) -> int:
    from helpflow.build.export import assemble_site

    out = args.out or args.export / "site"
    languages = assemble_site(args.export, out)
    print(f"assembled {out} from {', '.join(languages)}")
    return 0


class _Terminated(KeyboardInterrupt):
    """SIGTERM, met as Ctrl-C is: a build stops its workers and clears its temporary folders."""


def _cmd_schema(args: argparse.Namespace) -> int:
    """The school files' JSON Schema, generated from the school-field declarations."""
    from helpflow.load.content import load_content
    from helpflow.load.safefile import read_state, write_output
    from helpflow.load.school_schema import fields_table, schema_text
    from helpflow.paths import SCHEMA_FILE

    if args.fields:
        print(fields_table(), end="")
        return 0
    text = schema_text(load_content(args.content))
    current = read_state(SCHEMA_FILE)
    if args.check:
        if current != text:
            raise HelpflowError(problem(SCHEMA_FILE, "", "out of date with the school-field declarations or the "
                                        "flows", "run: helpflow schema"))
        return 0
    if current != text:
        with contextlib.suppress(OSError):  # a folder that cannot be made is named by the write
            SCHEMA_FILE.parent.mkdir(exist_ok=True)
        write_output(SCHEMA_FILE, text, "schema", "check the folder's permissions", mode=0o644, own=True)
    print(printable_path(SCHEMA_FILE))
    return 0


def _terminate(signum: int, frame: object) -> None:
    raise _Terminated


GC_THRESHOLD = (200_000, 30, 30)
"""Python's collector thresholds for a command (mypy sets the same). A build makes millions of
objects that their last reference frees and few cycles: at Python's default (700 new objects)
the collector ran 180 times in one school's build (0.04 s of CPU, 4 %) to find next to nothing; now 7."""


def run() -> NoReturn:
    """The ``helpflow`` command: ``main``, then the process ends at once, as mypy's does. Every file
    a command writes is written and closed when ``main`` returns; Python's own exit would then free
    what the build held object by object (Typst's fonts and caches, MkDocs' pages and templates, a
    last collection): a tenth of a second of a school's build, for nothing."""
    code = main(sys.argv[1:])
    logging.shutdown()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # the output went nowhere (a closed pipe): Python's own exit says so with 120
        code = code or 120
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    gc.set_threshold(*GC_THRESHOLD)
    try:
        args = _parser().parse_args(argv)
    except HelpflowError as exc:
        _report(exc.problems, [])
        return 1
    command = {"check": _cmd_check, "translated": _cmd_translated, "build": _cmd_build,
               "export": _cmd_export, "assemble": _cmd_assemble, "po": _cmd_po, "schema": _cmd_schema,
               "stats": _cmd_stats}[args.command]
    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminate) if main_thread else None
    try:
        return command(args)
    except HelpflowError as exc:
        _report(exc.problems, [])
        return 1
    except KeyboardInterrupt as exc:
        print("interrupted: the previous site is unchanged", file=sys.stderr)
        return 128 + (signal.SIGTERM if isinstance(exc, _Terminated) else signal.SIGINT)
    except Exception as exc:  # a bug: still one line, not a traceback, unless asked for
        if os.environ.get("HELPFLOW_DEBUG"):
            raise
        _report([f"helpflow stopped on an unexpected {type(exc).__name__}: {printable(str(exc), 200)}; please "
                 "report it with the command you ran (HELPFLOW_DEBUG=1 shows where it happened)"], [])
        return 1
    finally:
        if main_thread:
            signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)


if __name__ == "__main__":
    sys.exit(main())
