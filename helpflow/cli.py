"""The ``helpflow`` command: check the model and school files, build sites."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import HelpflowError

ROOT = Path(__file__).resolve().parent.parent
FLOW = ROOT / "flow" / "wachtwoord-vergeten.yml"
UI = ROOT / "flow" / "ui.yml"
LOCK = ROOT / "flow" / "translations.lock"
SCHOOLS = ROOT / "schools"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="helpflow", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="build a school's site (the demo school by default)")
    which = build.add_mutually_exclusive_group()
    which.add_argument("--school", type=Path, default=SCHOOLS / "demo.yml", help="the school file")
    which.add_argument("--all", action="store_true", help="build every schools/*.yml into OUT/<slug>/")
    build.add_argument("--out", type=Path, help="output folder (default: site/, or sites/ with --all)")
    build.add_argument("--schools", type=Path, default=SCHOOLS, help="with --all: the folder of school files")
    build.add_argument("--strict", action="store_true", help="stale translations are errors")
    build.add_argument("--flow", type=Path, default=FLOW, help=argparse.SUPPRESS)
    check = commands.add_parser("check", help="check the model, the translations and every school file")
    check.add_argument("--strict", action="store_true", help="stale translations are errors")
    check.add_argument("--flow", type=Path, default=FLOW, help=argparse.SUPPRESS)
    check.add_argument("--schools", type=Path, default=SCHOOLS, help=argparse.SUPPRESS)
    translated = commands.add_parser(
        "translated", help="record that translations are up to date with the Dutch text")
    translated.add_argument("file", nargs="?", help="the file named in the stale-translation message")
    translated.add_argument("key", nargs="?", help="the text's key, e.g. questions.email-given.text")
    translated.add_argument("lang", nargs="?", choices=("fr", "en"), help="fr or en")
    translated.add_argument("--all", action="store_true", help="every text, in fr and en")
    return parser


def _report(errors: list[str], warnings: list[str]) -> None:
    for line in warnings:
        print(f"warning: {line}", file=sys.stderr)
    for line in errors:
        print(f"error: {line}", file=sys.stderr)


def _translation_sources(flow_path: Path) -> dict:
    # The build's own loaders, cached per file: a build then reads the model only once.
    from .language_site import load_flow_cached, load_ui_cached

    return {flow_path.name: load_flow_cached(flow_path).texts, UI.name: load_ui_cached(UI)}


def _stale(flow_path: Path) -> list[str]:
    from .translations import stale_messages

    return stale_messages(_translation_sources(flow_path), LOCK, flow_path.parent)


def _cmd_check(args: argparse.Namespace) -> int:
    from .flowfile import load_flow, load_ui
    from .school import load_school

    errors: list[str] = []
    for load, path in [(load_flow, args.flow), (load_ui, UI)] + [
            (load_school, p) for p in sorted(args.schools.glob("*.yml"))]:
        try:
            load(path)
        except HelpflowError as exc:
            errors += exc.problems
    stale = [] if errors else _stale(args.flow)
    _report(errors + (stale if args.strict else []), [] if args.strict else stale)
    if not errors and not stale:
        print("helpflow check: the model, its translations and all school files are fine")
    return 1 if errors or (args.strict and stale) else 0


def _cmd_translated(args: argparse.Namespace) -> int:
    from .translations import TARGETS, mark_translated

    sources = _translation_sources(FLOW)
    if args.all:
        which = [(file, key, lang) for file, texts in sources.items() for key in texts for lang in TARGETS]
    elif args.file and args.key and args.lang:
        which = [(args.file, args.key, args.lang)]
    else:
        raise HelpflowError("helpflow translated: name FILE KEY LANG (as in the stale-translation message), "
                            "or --all")
    count = mark_translated(sources, LOCK, which)
    print(f"recorded {count} translation(s) as up to date in {LOCK}")
    return 0


def _cmd_build(args: argparse.Namespace) -> int:
    from .mkdocs_site import build_school

    stale = _stale(args.flow)
    _report(stale if args.strict else [], [] if args.strict else stale)
    if args.strict and stale:
        return 1
    if args.all:
        return _build_all(args.schools, args.out or ROOT / "sites")
    out = args.out or ROOT / "site"
    for line in build_school(args.school, out, args.flow, UI):
        print(line, file=sys.stderr)
    print(f"built {out}")
    return 0


def _build_all(folder: Path, out: Path) -> int:
    """Build every school file of ``folder`` into ``out/<slug>/``; exit 1 when any failed."""
    from .mkdocs_site import build_all
    from .progress import Progress, summary

    schools = sorted(folder.glob("*.yml"))
    if not schools:
        raise HelpflowError(f"{folder}: no school files (*.yml); copy schools/demo.yml to start one")
    results = build_all(schools, out, FLOW, UI, Progress(len(schools)).report)
    lines = summary(results)
    print(f"{lines[0]}, into {out}")
    for line in lines[1:]:
        print(line, file=sys.stderr)
    return 0 if all(r.ok for r in results) else 1


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    command = {"check": _cmd_check, "translated": _cmd_translated, "build": _cmd_build}[args.command]
    try:
        return command(args)
    except HelpflowError as exc:
        _report(exc.problems, [])
        return 1
    except KeyboardInterrupt:
        print("interrupted: the previous site is unchanged", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
