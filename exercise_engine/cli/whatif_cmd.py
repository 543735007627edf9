"""`ttx whatif SESSION`: the recorded session's consequence models replayed with one decision changed."""

from __future__ import annotations

import argparse
import json
import sys

from ..engine.models.whatif import changed, compare, replay
from ..engine.projection import project
from ..loader import UserError
from ..model.story_time import format_story_time
from ..store.session_store import SessionError, SessionStore


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "whatif",
        help="replay a session's consequence models with one decision changed",
        description="Replay the recorded session's consequence models (same seed, same random incident) with "
        "one change, and print each metric as it happened beside how it would have gone, and which "
        "consequence injects would or would not have been released. Exit status: 0 done, 1 a mistake.",
    )
    parser.add_argument("session", metavar="SESSION", help="a session file (.ttx)")
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--change", metavar="N.PARAM=VALUE", help="change an action parameter of decision number N (as consoles show it), e.g. 3.staff=12")
    what.add_argument("--add", metavar="'ACTION PARAM=V … at T+…'", help="add an action, e.g. 'staff_hotline lines=6 at T+1h'")
    what.add_argument("--remove", type=int, metavar="N", help="replay without decision number N")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    try:
        store = SessionStore.open(args.session, read_only=True)
        try:
            loaded = store.scenario()
            state = project(loaded, store.events())
        finally:
            store.close()
        models = loaded.scenario.models
        if models is None or not models.enabled():
            raise UserError(f"{args.session}: its scenario has no `models:` section, so there is nothing to replay")
        other, label = changed(state, change=args.change, add=args.add, remove=args.remove)
    except (SessionError, UserError) as exc:
        print(exc, file=sys.stderr)
        return 1
    happened = replay(models, state.seed, state.decisions)
    would = replay(models, state.seed, other)
    if args.format == "json":
        print(json.dumps({"change": label, "as_happened": happened.__dict__, "what_if": would.__dict__}, indent=2))
        return 0
    print(f"What if: {label} (seed {state.seed}, models to {format_story_time(models.horizon)})")
    print(f"{'metric':<44} {'as it happened':>22} {'what if':>22}")
    print(f"{'':<44} {'at end':>10} {'peak':>11} {'at end':>10} {'peak':>11}")
    outcome = compare(models, happened, would)
    for name, a_end, a_peak, b_end, b_peak in outcome.rows:
        mark = "  *" if (a_end, a_peak) != (b_end, b_peak) else ""
        print(f"{name:<44} {a_end:>10g} {a_peak:>11g} {b_end:>10g} {b_peak:>11g}{mark}")
    for time, threshold, inject in outcome.not_released:
        print(f"consequence inject {inject} ({threshold}, fired {format_story_time(time)}) would not have been released")
    for time, threshold, inject in outcome.released:
        print(f"consequence inject {inject} ({threshold}) would have been released at {format_story_time(time)}")
    return 0
