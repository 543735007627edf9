"""`ttx rehearse SCENARIO --session FILE`: a dry run of the whole exercise, headless and at full speed."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..engine.exercise import Exercise, ExerciseError
from ..engine.projection import project
from ..engine.rehearsal import play
from ..engine.script import Script
from ..engine.script_file import load_script
from ..engine.summary import summarize
from ..loader import UserError, load_scenario
from ..model.events import EventKind
from ..session.opening import open_store
from ..store.session_store import SessionError, utc_now


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "rehearse",
        help="run a whole scenario headless at full speed into a session file",
        description="Run a whole scenario headless at full speed, log the scripted decisions at their story "
        "times, and print what happened. An interrupted rehearsal is finished by running the same command "
        "again. Exit status: 0 done, 1 a file is wrong (nothing is written).",
    )
    parser.add_argument("scenario", metavar="SCENARIO", help="the scenario .yaml file")
    parser.add_argument("--session", required=True, metavar="FILE", help="the session file to create (e.g. sessions/dry-run.ttx)")
    parser.add_argument("--decisions", metavar="FILE",
                        help="a YAML script: decisions to log at their times, and facilitator controls")
    parser.add_argument("--seed", type=int, metavar="N", help="random seed (default: the scenario's)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    try:
        loaded = load_scenario(args.scenario)
        script = load_script(args.decisions, loaded) if args.decisions else Script()
    except UserError as exc:
        print(exc, file=sys.stderr)
        return 1
    session = Path(args.session)
    try:
        store, created = open_store(loaded, session, seed=args.seed)
    except SessionError as exc:
        print(f"ttx rehearse: {exc}", file=sys.stderr)
        return 1
    try:
        exercise = Exercise.open(loaded, store, clock=utc_now)
        if not created:
            if exercise.phase == "ended":
                print(f"{session} is a finished session; nothing to rehearse (choose a new --session file)",
                      file=sys.stderr)
                return 1
            if any(e.kind is EventKind.decision_logged and e.actor != "rehearsal" for e in exercise.events):
                print(f"{session} holds a live exercise, not a rehearsal; choose a new --session file", file=sys.stderr)
                return 1
        play(exercise, script)
        if exercise.unsaved:
            print(f"ttx rehearse: {exercise.problem}", file=sys.stderr)
            return 1
        state = project(loaded, store.events())
    except (SessionError, ExerciseError) as exc:
        print(f"ttx rehearse: {exc}", file=sys.stderr)
        return 1
    finally:
        store.close()
    summary = summarize(state)
    verb = "Rehearsed" if created else "Finished the interrupted rehearsal of"
    print(f"{verb} {summary.title!r} ({summary.scenario_id} v{summary.version}) into {session}")
    for line in summary.lines():
        print(f"  {line}")
    return 0
