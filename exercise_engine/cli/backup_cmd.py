"""`ttx backup SESSION DEST`: a consistent copy of a session, even while the exercise is running."""

from __future__ import annotations

import argparse
import sys

from ..store.session_store import SessionError, SessionStore


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "backup",
        help="copy a session file safely, even while the exercise runs",
        description="Copy a session file to DEST (a file name, or a folder to copy it into) with SQLite's "
        "online backup: the copy is one complete, consistent file, whatever the consoles are writing. "
        "An existing file is never overwritten.",
    )
    parser.add_argument("session", metavar="SESSION", help="the session file")
    parser.add_argument("destination", metavar="DEST", help="where the copy goes (file or folder)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    try:
        with SessionStore.open(args.session) as store:
            copy = store.backup(args.destination)
    except SessionError as exc:
        print(f"ttx backup: {exc}", file=sys.stderr)
        return 1
    print(f"Copied {args.session} to {copy}")
    return 0
