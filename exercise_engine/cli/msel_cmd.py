"""`ttx msel import|export`: MSEL spreadsheets in and out (wiring only; the work is in exercise_engine.msel)."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime
from pathlib import Path

import yaml

from ..loader import ScenarioError, UserError, load_scenario
from ..msel.columns import FIELDS, Mapping
from ..msel.exporter import VIEWS, export_msel
from ..msel.importer import import_msel
from ..msel.times import parse_time
from ..msel.yaml_out import write_scenario


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("msel", help="import an Excel/CSV MSEL as a scenario, or export a scenario as an MSEL",
                                   description="MSEL (Master Scenario Events List) spreadsheets in and out.")
    commands = parser.add_subparsers(dest="msel_command", metavar="import|export")
    parser.set_defaults(handler=lambda args: (parser.print_help(), 2)[1])

    imp = commands.add_parser(
        "import", help="read an MSEL spreadsheet into a scenario file",
        description="Read an MSEL (.xlsx or .csv) into a scenario YAML file. Columns are recognised by their "
        "headers (Time, Event Time, DTG, Description, Inject, Expected Outcome(s), …); every other column is "
        "kept. Rows that cannot be imported are listed as FILE:SHEET:ROW: reason. Exit status: 0 every row "
        "imported and the scenario valid, 1 written with rows or problems to fix, 2 nothing written.",
        epilog="Fields for --map: " + "; ".join(f"{k} ({v})" for k, v in FIELDS.items()))
    imp.add_argument("file", metavar="FILE", help="the MSEL workbook (.xlsx) or .csv")
    imp.add_argument("-o", "--output", required=True, metavar="FILE.yaml", help="the scenario file to write")
    imp.add_argument("--sheet", metavar="NAME", help="the sheet to read (default: the one that looks most like an MSEL)")
    imp.add_argument("--map", action="append", default=[], metavar="COLUMN=FIELD",
                     help='say what a column holds, e.g. --map "Sim Time=time" (repeatable)')
    imp.add_argument("--mapping", metavar="FILE", help="a column mapping saved with --save-mapping")
    imp.add_argument("--save-mapping", metavar="FILE", help="save the column mapping used, to reuse with --mapping")
    imp.add_argument("--start", metavar="DATETIME",
                     help="the incident's start (e.g. 2027-06-19T20:40); default: the first event's time")
    imp.add_argument("--community", metavar="FILE",
                     help="the community profile the scenario uses (default: community.yaml beside the output)")
    imp.set_defaults(handler=run_import)

    exp = commands.add_parser(
        "export", help="write a scenario's MSEL as .xlsx or .csv",
        description="Write the scenario's MSEL with HSEEP-style columns, ready to print (.xlsx) or open in Excel "
        "(.csv). The participant view leaves out every controller-only field and held injects.")
    exp.add_argument("scenario", metavar="SCENARIO", help="the scenario .yaml file")
    exp.add_argument("-o", "--output", required=True, metavar="FILE.xlsx|FILE.csv")
    exp.add_argument("--view", choices=VIEWS, default="controller", help="whose copy (default: controller)")
    exp.set_defaults(handler=run_export)


def _fail(command: str, message: str) -> int:
    print(f"ttx msel {command}: {message}", file=sys.stderr)
    return 2


def _mapping(args: argparse.Namespace) -> Mapping:
    mapping = Mapping()
    if args.mapping:
        path = Path(args.mapping)
        try:
            mapping = Mapping.from_data(yaml.safe_load(path.read_text(encoding="utf-8")))
        except OSError as exc:
            raise ValueError(f"{path}: cannot read the mapping ({exc.strerror or exc})") from None
        except yaml.YAMLError as exc:
            raise ValueError(f"{path}: not a mapping file ({str(exc).splitlines()[0]})") from None
        except ValueError as exc:
            raise ValueError(f"{path}: {exc}") from None
    return mapping.with_pairs(args.map)


def _start(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        when = parse_time(text)
    except ValueError:
        when = None
    if when is None or when.kind != "dated" or when.moment is None:
        raise ValueError(f"--start {text!r}: write a date and time, for example 2027-06-19T20:40")
    return when.moment


def run_import(args: argparse.Namespace) -> int:
    source, target = Path(args.file), Path(args.output)
    try:
        mapping = _mapping(args)
        start = _start(args.start)
        community = Path(args.community).resolve() if args.community else target.resolve().parent / "community.yaml"
        relative = os.path.relpath(community, target.resolve().parent)
        result = import_msel(source, sheet=args.sheet, mapping=mapping, start=start, community=relative)
    except (UserError, ValueError) as exc:
        return _fail("import", str(exc))
    if len(result.verdicts) > 1:
        print(f"{source}: sheets")
        for verdict in result.verdicts:
            print(f"  {verdict.describe()}" + ("  <- imported" if verdict.sheet.name == result.sheet else ""))
    for note in result.notes:
        print(note)
    for issue in result.issues:
        print(issue)
    if not result.injects:
        return _fail("import", f"no row of sheet {result.sheet!r} could be imported (see above); nothing written")
    try:
        problems = write_scenario(result, source.name, target)
        if args.save_mapping:
            Path(args.save_mapping).write_text(
                yaml.safe_dump(result.mapping.to_data(result.headers), sort_keys=False, allow_unicode=True), encoding="utf-8")
    except OSError as exc:
        return _fail("import", f"cannot write {exc.filename or target}: {exc.strerror or exc}")
    proposed = sum(1 for r in result.review.values() if "practices" in r)
    skipped = len(result.not_imported)
    print(f"Imported {len(result.injects)} injects from {source} (sheet {result.sheet!r}, header row "
          f"{result.header_row}) into {target}; {skipped} row{'' if skipped == 1 else 's'} not imported; "
          f"best practice proposed for {proposed} (marked 'review').")
    if args.save_mapping:
        print(f"Saved the column mapping to {args.save_mapping}; reuse it with --mapping {args.save_mapping}")
    if problems:
        print(f"{target} does not load yet; fix these, then run `ttx validate {target}`:")
        for problem in problems:
            print(f"  {problem}")
        if any("community profile" in p.message for p in problems):
            print("  (a scenario needs a community profile: pass --community FILE, or copy "
                  "scenarios/community.example.yaml beside it as community.yaml and fill it in)")
    return 1 if problems or result.not_imported else 0


def run_export(args: argparse.Namespace) -> int:
    target = Path(args.output)
    if target.suffix.lower() not in (".xlsx", ".xlsm", ".csv"):
        return _fail("export", f"{target}: write to a .xlsx or .csv file")
    try:
        loaded = load_scenario(args.scenario)
    except ScenarioError as exc:
        print(f"ttx msel export: {args.scenario} cannot be loaded:", file=sys.stderr)
        print(str(exc), file=sys.stderr)
        return 1
    try:
        count = export_msel(loaded, target, args.view)
    except OSError as exc:
        return _fail("export", f"cannot write {target}: {exc.strerror or exc}")
    print(f"Wrote the {args.view} MSEL ({count} injects) to {target}")
    return 0
