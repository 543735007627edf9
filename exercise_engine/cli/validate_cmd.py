"""`ttx validate PATH...`: check scenario, inject-library and community-profile files and say what is wrong."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Sequence

from ..engine.plan_warnings import located
from ..loader import FileCache, FileReport, Problem, validate_file
from ..model.practices import PRACTICES
from ..model.story_time import format_story_time

KIND_NAMES = {"scenario": "scenario", "library": "inject library", "profile": "community profile", "unknown": "file"}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check scenario, inject-library and community-profile files",
        description="Check scenario, inject-library and community-profile files. Folders are expanded to their "
        "*.yaml files. Exit status: 0 all valid, 1 something is wrong in a file, 2 a path was wrong.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="a .yaml file or a folder of them")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    parser.add_argument("--strict", action="store_true",
                        help="treat run-of-show warnings (see `ttx plan`) as errors: exit 1 if there are any")
    parser.set_defaults(handler=run)


def expand(paths: list[str]) -> tuple[list[Path], list[str]]:
    """Files to check, and usage problems (paths that do not exist, folders without .yaml files)."""
    files: list[Path] = []
    errors: list[str] = []
    for text in paths:
        path = Path(text)
        if path.is_dir():
            found = sorted(p for p in path.glob("*.yaml") if p.is_file())
            if not found:
                errors.append(f"no .yaml files in folder '{text}'")
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            errors.append(f"no such file or folder: '{text}'")
    return files, errors


def run(args: argparse.Namespace) -> int:
    files, errors = expand(args.paths)
    if errors:
        for error in errors:
            print(f"ttx validate: {error}", file=sys.stderr)
        return 2
    cache = FileCache()
    reports = [validate_file(path, cache) for path in files]
    warned = {r.path: located(r.scenario, cache=cache) if r.scenario is not None else [] for r in reports}
    if args.format == "json":
        print(json.dumps({"files": [r.to_json() | ({"warnings": [w.to_json() for w in warned[r.path]]}
                                                   if r.kind == "scenario" else {}) for r in reports]},
                         indent=2, ensure_ascii=False))
    else:
        for report in reports:
            print_report(report, warned[report.path])
        invalid = sum(not r.valid for r in reports)
        count = sum(len(w) for w in warned.values())
        print(f"{len(reports)} file{'s' if len(reports) != 1 else ''} checked: {len(reports) - invalid} valid, "
              f"{invalid} with problems, {count} warning{'s' if count != 1 else ''}"
              + (" (errors with --strict)" if args.strict and count else ""))
    if args.strict and any(warned.values()):
        return 1
    return 0 if all(r.valid for r in reports) else 1


NAME_WIDTH = 44


def _short(name: str) -> str:
    return name if len(name) <= NAME_WIDTH else name[: NAME_WIDTH - 1] + "…"


def print_report(report: FileReport, warnings: Sequence[Problem] = ()) -> None:
    kind = KIND_NAMES[report.kind]
    if not report.valid:
        count = len(report.problems)
        print(f"{report.path}: {kind} with {count} problem{'s' if count != 1 else ''}")
        for problem in report.problems:
            print(problem)
        print()
        return
    print(f"{report.path}: valid {kind}")
    loaded = report.scenario
    coverage = report.coverage
    if loaded is None or coverage is None:
        return
    covered = sum(1 for n in coverage.values() if n)
    print(f"  {loaded.scenario.title}")
    print(f"  {len(loaded.injects)} injects; {covered}/16 practices covered (injects per practice):")
    for practice in PRACTICES:
        count = coverage.get(practice.number, 0)
        mark = "" if count else "   <- not covered"
        print(f"    {practice.number:>2}  {_short(practice.name):<{NAME_WIDTH}}  {count:>3}{mark}")
    print("  Modules:")
    for module in loaded.scenario.modules:
        span = f"{format_story_time(module.start)} to {format_story_time(module.end)}"
        print(f"    {module.id:<28} {span:<22} {module.planned_minutes:>4} min  {len(loaded.injects_of(module.id)):>3} injects")
    total = loaded.planned_minutes
    print(f"  Total planned: {total} min ({total // 60} h {total % 60:02d} min)")
    for warning in warnings:
        print(warning)
    print()
