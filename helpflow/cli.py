"""The ``helpflow`` command: check the model and school files, build sites."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import HelpflowError

ROOT = Path(__file__).resolve().parent.parent
FLOW = ROOT / "flow" / "wachtwoord-vergeten.yml"
UI = ROOT / "flow" / "ui.yml"
SCHOOLS = ROOT / "schools"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="helpflow", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="build a school's site (the demo school by default)")
    which = build.add_mutually_exclusive_group()
    which.add_argument("--school", type=Path, default=SCHOOLS / "demo.yml", help="the school file")
    which.add_argument("--all", action="store_true", help="build every schools/*.yml into OUT/<slug>/")
    build.add_argument("--out", type=Path, help="output folder (default: site/, or sites/ with --all)")
    commands.add_parser("check", help="check the model and every school file")
    return parser


def _check() -> list[str]:
    from .flowfile import load_flow, load_ui
    from .school import load_school

    problems: list[str] = []
    for load, path in [(load_flow, FLOW), (load_ui, UI)] + [(load_school, p) for p in sorted(SCHOOLS.glob("*.yml"))]:
        try:
            load(path)
        except HelpflowError as exc:
            problems += exc.problems
    return problems


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "check":
            problems = _check()
            for line in problems:
                print(f"error: {line}", file=sys.stderr)
            if not problems:
                print("helpflow check: the model and all school files are fine")
            return 1 if problems else 0
        from .mkdocs_site import build_school

        out = args.out or ROOT / "site"
        for note in build_school(args.school, out, FLOW, UI):
            print(f"note: {note}", file=sys.stderr)
        print(f"built {out}")
        return 0
    except HelpflowError as exc:
        for line in exc.problems:
            print(f"error: {line}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: the previous site is unchanged", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
