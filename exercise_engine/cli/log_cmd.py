"""`ttx log SESSION --format jsonl|csv`: export a session's log, for archives and spreadsheets."""

from __future__ import annotations

import argparse
import sqlite3
import sys

from ..engine.export import decisions_csv, events_jsonl
from ..model.events import EventKind
from ..store.session_store import SessionError, SessionStore


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "log",
        help="export a session's event log (JSON lines) or its decisions (CSV)",
        description="Export a session file. jsonl: one event per line with kind, scenario_time (seconds), "
        "story_time (T+...), wall_time (ISO-8601), actor, seq and the event's own fields. csv: the decisions "
        "as a spreadsheet, one row per decision (its current version). The session is only read.",
    )
    parser.add_argument("session", metavar="SESSION", help="the session file")
    parser.add_argument("--format", choices=("jsonl", "csv"), default="jsonl", help="output format (default: jsonl)")
    parser.add_argument("--kind", action="append", choices=[k.value for k in EventKind], metavar="KIND",
                        help="only events of this kind (jsonl; repeatable): " + ", ".join(k.value for k in EventKind))
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.kind and args.format != "jsonl":
        print("ttx log: --kind applies to --format jsonl only (csv always lists the decisions)", file=sys.stderr)
        return 2
    try:
        store = SessionStore.open(args.session, read_only=True)
    except SessionError as exc:
        print(f"ttx log: {exc}", file=sys.stderr)
        return 1
    try:
        if args.format == "jsonl":
            kinds = [EventKind(k) for k in args.kind] if args.kind else None
            for line in events_jsonl(store.events(kinds=kinds)):
                sys.stdout.write(line + "\n")
        else:
            sys.stdout.write(decisions_csv(store.scenario(), store.events()))
    except SessionError as exc:
        print(f"ttx log: {exc}", file=sys.stderr)
        return 1
    except (sqlite3.DatabaseError, ValueError, KeyError, TypeError) as exc:  # damaged pages, a garbled snapshot
        print(f"ttx log: {args.session} is damaged: its scenario snapshot or event log cannot be read ({exc}); "
              "keep the file for recovery and export from a backup copy if there is one", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `ttx log … | head`
        return 0
    finally:
        store.close()
    return 0
