"""`ttx list`: the scenarios and inject library that ship with the engine."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..loader import FileCache, coverage_of, validate_file
from ..loader.library import read_library
from ..model.practices import PRACTICES

BUNDLED_ROOT = Path(__file__).resolve().parent.parent.parent
"""The folder holding `scenarios/` and `injects/` beside the package (a source checkout)."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "list",
        help="show the bundled scenarios and the inject library",
        description="Show the bundled scenarios (title, planned duration, practices covered) and the inject library.",
    )
    parser.add_argument("--scenarios", type=Path, default=BUNDLED_ROOT / "scenarios", metavar="DIR")
    parser.add_argument("--injects", type=Path, default=BUNDLED_ROOT / "injects", metavar="DIR")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    for folder in (args.scenarios, args.injects):
        if not folder.is_dir():
            print(f"ttx list: folder not found: '{folder}'")
            return 2
    cache = FileCache()
    print(f"Scenarios ({args.scenarios}):")
    shown = 0
    for path in sorted(args.scenarios.glob("*.yaml")):
        report = validate_file(path, cache)
        if report.kind != "scenario":
            continue
        shown += 1
        if report.scenario is None:
            print(f"  {path.name}: has problems; run `ttx validate {path}`")
            continue
        loaded = report.scenario
        covered = [n for n, count in coverage_of(loaded).items() if count]
        print(f"  {path.name}")
        print(f"      {loaded.scenario.title}")
        print(
            f"      {loaded.planned_minutes} min planned, {len(loaded.injects)} injects, "
            f"{len(covered)}/16 practices: {', '.join(map(str, covered)) or 'none'}"
        )
    if not shown:
        print("  (none)")
    library = read_library([args.injects], cache)
    counts = {p.number: 0 for p in PRACTICES}
    for inject in library.injects:
        for number in set(inject.practices):
            counts[number] += 1
    print()
    files = len(library.files)
    print(f"Inject library ({args.injects}): {len(library.entries)} injects in {files} file{'s' if files != 1 else ''}")
    for practice in PRACTICES:
        name = practice.name if len(practice.name) <= 44 else practice.name[:43] + "…"
        print(f"  {practice.number:>2}  {name:<44}  {counts[practice.number]:>3}")
    if library.problems:
        print(f"  ({len(library.problems)} problems in library files; run `ttx validate {args.injects}`)")
    return 0
