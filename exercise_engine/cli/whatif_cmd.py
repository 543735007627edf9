"""`ttx whatif SESSION`: the recorded session's consequence models replayed with one decision changed."""

from __future__ import annotations

import argparse
import json
import sys

from ..engine.models.whatif import Outcome, what_if
from ..engine.projection import project
from ..loader import UserError
from ..model.consequences import MODEL_METRICS
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
    what.add_argument("--change", metavar="N.PARAM=VALUE", help="change an action parameter of decision number N (as consoles show it), e.g. 3.staff=12 "
                      "(N.ACTION.PARAM=VALUE if the decision has two actions with that parameter)")
    what.add_argument("--add", metavar="'ACTION PARAM=V … at T+…'", help="add an action at a story time (T+…, or Day 2 09:00 with the scenario's incident_start), "
                      "e.g. 'staff_hotline lines=6 at T+1h'")
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
        result = what_if(state, change=args.change, add=args.add, remove=args.remove)
    except (SessionError, UserError) as exc:
        print(f"{args.session}: {exc}" if str(exc).startswith(("its scenario", "there is no")) else exc, file=sys.stderr)
        return 1
    if args.format == "json":
        print(json.dumps({"change": result.label, "until": result.until, "reproduced": result.reproduced,
                          "as_happened": _summary(result.happened), "what_if": _summary(result.would),
                          "injects": [i.__dict__ for i in result.injects]}, indent=2))
        return 0
    print(f"What if: {result.label} (seed {state.seed}, the session's models from T+0 to "
          f"{format_story_time(result.until)})")
    if not result.reproduced:
        print("Note: replaying this session's own decisions does not give exactly the metrics it recorded (the "
              "models have changed since it was recorded); read the differences with care.")
    print(f"{'metric':<44} {'as it happened':>22} {'what if':>22}")
    print(f"{'':<44} {'last':>10} {'peak':>11} {'last':>10} {'peak':>11}")
    models = loaded.scenario.models
    assert models is not None
    for model in models.enabled():
        for key in MODEL_METRICS[model]:
            name = f"{model}.{key}"
            cells = [_cell(table.get(name)) for outcome in (result.happened, result.would)
                     for table in (outcome.final, outcome.peak)]
            mark = "  *" if cells[:2] != cells[2:] else ""
            print(f"{name:<44} {cells[0]:>10} {cells[1]:>11} {cells[2]:>10} {cells[3]:>11}{mark}")
    for change in result.injects:
        if change.would is None:
            print(f"Consequence inject {change.inject} ({change.threshold}), released at "
                  f"{format_story_time(change.happened or 0)}, would not have been released.")
        elif change.happened is None:
            print(f"Consequence inject {change.inject} ({change.threshold}) would have been released at "
                  f"{format_story_time(change.would)}.")
        else:
            print(f"Consequence inject {change.inject} ({change.threshold}) would have been released at "
                  f"{format_story_time(change.would)} instead of {format_story_time(change.happened)}.")
    if not result.injects:
        print("Consequence injects: the same as happened.")
    return 0


def _summary(outcome: Outcome) -> dict[str, object]:
    return {"final": outcome.final, "peak": outcome.peak, "fired": outcome.fired}


def _cell(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"
