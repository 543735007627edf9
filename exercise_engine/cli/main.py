"""`ttx`: the one entry point. Subcommands are registered from their own modules."""

from __future__ import annotations

import argparse
import sys

from . import (backup_cmd, handouts_cmd, list_cmd, log_cmd, msel_cmd, plan_cmd, rehearse_cmd, report_cmd, run_cmd,
               schema_cmd, serve_cmd, simulate_cmd, validate_cmd, whatif_cmd)

SUBCOMMANDS = (validate_cmd, plan_cmd, schema_cmd, list_cmd, rehearse_cmd, log_cmd, run_cmd, serve_cmd, report_cmd,
               handouts_cmd, msel_cmd, simulate_cmd, whatif_cmd, backup_cmd)
"""Each exposes `register(subparsers)`; listed in the order `ttx --help` shows them."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ttx", description="Run and report tabletop exercises for mass-violence-incident preparedness.")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in SUBCOMMANDS:
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return int(args.handler(args) or 0)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
