"""`ttx run SCENARIO`: open an exercise console (facilitator by default) on a session file."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..loader.loaded import LoadedScenario
from ..session.live import utc_now
from ..session.opening import find_unfinished, new_session_path, open_store, start_engine
from ..store.session_store import SessionError, SessionStore
from .scenario_arg import read_scenario

ROLES = ("facilitator", "table", "evaluator", "projector")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "run",
        help="open an exercise console (facilitator, table, evaluator or projector)",
        description="Open an exercise console. Without --session the facilitator console resumes the most recent "
        "unfinished session of this scenario under sessions/ (--new starts a new one); with --session it "
        "creates or resumes that file. Other consoles join an existing session with --role (and --table) or "
        "with a join code shown on the facilitator console.",
    )
    parser.add_argument("scenario", metavar="SCENARIO", help="the scenario file (scenarios/….yaml)")
    parser.add_argument("--session", metavar="FILE", help="the session file to create or resume")
    parser.add_argument("--new", action="store_true",
                        help="start a new session even if an unfinished one of this scenario exists")
    parser.add_argument("--role", choices=ROLES, help="which console to open (default: facilitator)")
    parser.add_argument("--table", metavar="NAME", help="the table id, for --role table")
    parser.add_argument("--join", metavar="CODE", help="a join code (selects role and table)")
    parser.add_argument("--name", default="", help="your name, for evaluator consoles")
    parser.add_argument("--landing", action="store_true", help=argparse.SUPPRESS)
    parser.set_defaults(handler=run)


def exercise_factory(loaded: LoadedScenario):
    """Start the engine on a new session, or rebuild it from the log of one that has been played."""

    def build(store: SessionStore):
        return start_engine(loaded, store, clock=utc_now)

    return build


def report_writer():
    """The facilitator's `r` key: the HTML after-action report next to the session file (interim while running)."""

    def write(store: SessionStore) -> Path:
        from ..report.render import write_report  # imported on use: keeps the console's start-up fast

        return write_report(store.path, "html", None)

    return write


def suggested_items(state):
    """The Improvement Plan rows the report prefills from the findings (editable in the console)."""
    from ..report.analysis import prefilled_improvement_items  # imported on use: start-up stays fast

    return prefilled_improvement_items(state)


def run(args: argparse.Namespace) -> int:
    role = args.role or ("table" if args.table else "facilitator")
    loaded = read_scenario(args.scenario)
    if loaded is None:
        return 1

    session = Path(args.session) if args.session else None
    if role != "facilitator" and not args.join and not args.landing and (session is None or not session.exists()):
        print("ttx run: a table, evaluator or projector console joins a running session: give --session FILE "
              "(the facilitator console shows the file name and join codes)", file=sys.stderr)
        return 2
    if role == "table" and not args.table and not args.join:
        tables = ", ".join(t.id for t in loaded.scenario.tables)
        print(f"ttx run: --role table needs --table NAME (one of: {tables})", file=sys.stderr)
        return 2

    from ..tui.app import make_app

    try:
        if args.landing:
            assert session is not None
            from ..tui.join_guard import JoinGuard, join_log_path

            guard = JoinGuard(join_log_path(session), os.environ.get("TTX_CLIENT") or "this terminal")
            app = make_app(None, open_store=lambda: SessionStore.open(session, loaded),
                           exercise_factory=exercise_factory(loaded), write_report=None,
                           suggest_items=suggested_items, title=loaded.scenario.title, join_guard=guard)
            app.run()
            return 0
        greeting = ""
        if session is None:
            unfinished = None if args.new else find_unfinished(loaded)
            if unfinished is not None:
                session = unfinished
                greeting = (f"Resumed the unfinished session {session} (ttx run … --new starts a new one, "
                            "with new join codes).")
            else:
                session = new_session_path(loaded)
        store, created = open_store(loaded, session)
        if created and not greeting:
            greeting = f"New session file {session}."
        app = make_app(store, role=role, table=args.table, name=args.name, join=args.join,
                       exercise_factory=exercise_factory(loaded), write_report=report_writer(),
                       suggest_items=suggested_items, title=loaded.scenario.title, greeting=greeting)
    except SessionError as exc:
        print(f"ttx run: {exc}", file=sys.stderr)
        return 1
    except KeyError as exc:
        print(f"ttx run: {exc.args[0] if exc.args else exc}", file=sys.stderr)
        return 2
    app.run()
    if app.close_warning:
        print(f"ttx run: NOT everything was saved: {app.close_warning}", file=sys.stderr)
        return 1
    if role == "facilitator" or (args.join and app.live and app.live.role.kind == "facilitator"):
        print(f"Session saved in {session}. Resume with: ttx run {args.scenario} --session {session}")
    return 0
