"""`ttx schema -o DIR`: write the JSON Schemas editors use to check files as planners type."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..loader.schemas import write_schemas


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "schema",
        help="write JSON Schemas for scenario, inject-library and community-profile files",
        description="Write scenario.schema.json, inject-library.schema.json and community-profile.schema.json.",
    )
    parser.add_argument("-o", "--output", default="schemas", metavar="DIR", help="folder to write to (default: schemas)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    folder = Path(args.output)
    if folder.exists() and not folder.is_dir():
        print(f"ttx schema: '{folder}' is a file, not a folder")
        return 2
    try:
        written = write_schemas(folder)
    except OSError as exc:
        print(f"ttx schema: cannot write to '{folder}': {exc.strerror or exc}")
        return 1
    for path in written:
        print(f"wrote {path}")
    return 0
