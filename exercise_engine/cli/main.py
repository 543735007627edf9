"""`ttx`: the one entry point. Subcommands are registered from their own modules."""

from __future__ import annotations

import argparse
import importlib
import sys

SUBCOMMANDS = ("validate", "plan", "schema", "list", "rehearse", "log", "run", "serve", "report", "backup")
"""Module names under `exercise_engine.cli`, each exposing `register(subparsers)`."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ttx", description="Run and report tabletop exercises for mass-violence-incident preparedness.")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMANDS:
        try:
            module = importlib.import_module(f"exercise_engine.cli.{name}_cmd")
        except ModuleNotFoundError as exc:
            if exc.name != f"exercise_engine.cli.{name}_cmd":
                raise
            continue
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
