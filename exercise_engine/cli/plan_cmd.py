"""`ttx plan SCENARIO`: the run of show — when each agenda item and inject is planned, each
table's load per module, and the warnings, each at file:line:col."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from datetime import timedelta

from ..engine.plan_warnings import located
from ..engine.run_of_show import Plan, plan
from ..loader import LoadedScenario
from ..model.story_time import format_story_time
from .scenario_arg import read_scenario


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "plan",
        help="print the run of show: planned times, table loads and pacing warnings",
        description="Print the run of show of a scenario: each agenda item and inject with its planned wall "
        "start and end (minutes from the start of the day), story time, tables and discussion minutes; each "
        "table's load per module; then warnings at file:line:col. Exit status: 0 planned (warnings or not), "
        "1 the scenario has errors.",
    )
    parser.add_argument("scenario", metavar="SCENARIO", help="the scenario .yaml file")
    parser.add_argument("--format", choices=("text", "json", "csv"), default="text", help="output format (default: text)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    loaded = read_scenario(args.scenario)
    if loaded is None:
        return 1
    the_plan = plan(loaded)
    problems = located(loaded, the_plan)
    if args.format == "json":
        print(json.dumps({**the_plan.to_json(), "warnings": [p.to_json() for p in problems]}, indent=2,
                         ensure_ascii=False))
    elif args.format == "csv":
        write_csv(loaded, the_plan)
    else:
        print_text(loaded, the_plan)
        for problem in problems:
            print(problem)
        print(f"{len(problems)} warning{'s' if len(problems) != 1 else ''}")
    return 0


def clock(minutes: float) -> str:
    """Wall minutes from the start of the day as `1:05`."""
    whole = int(round(minutes))
    return f"{whole // 60}:{whole % 60:02d}"


def story(loaded: LoadedScenario, seconds: float | None) -> str:
    """`T+12h20m (Sun 09:00)`: both forms when the scenario has a calendar start."""
    if seconds is None:
        return ""
    start = loaded.scenario.incident_start
    day = "" if start is None else f" ({(start + timedelta(seconds=seconds)):%a %H:%M})"
    return f"{format_story_time(seconds)}{day}"


def print_text(loaded: LoadedScenario, the_plan: Plan) -> None:
    names = {t.id: t.name for t in loaded.scenario.tables}
    print(f"Run of show: {loaded.scenario.title}")
    print(f"  {'start':>6} {'end':>6}  item")
    for item in the_plan.items:
        label = item.title if item.module is None else f"{item.module}: {item.title} [{item.mode}]"
        print(f"  {clock(item.start):>6} {clock(item.end):>6}  {label} ({item.minutes} min planned)")
        if item.module is None:
            continue
        for inject in (i for i in the_plan.injects if i.module == item.module):
            note = "" if inject.slot else f"  ({inject.type}: only if it fires)"
            tables = ", ".join(inject.tables)
            print(f"  {clock(inject.start):>6} {clock(inject.end):>6}    {inject.id}  {story(loaded, inject.story)}  "
                  f"[{tables}] {inject.discussion} min{note}")
    print(f"  Total: {clock(the_plan.end)} ({the_plan.end:.0f} min)")
    print("Table load per module (discussion / minutes available, first and last inject):")
    for load in the_plan.loads:
        extra = f" (+{load.contingent} if fired)" if load.contingent else ""
        span = "no injects" if load.first is None else f"first {clock(load.first)}, last {clock(load.last or 0)}"
        print(f"  {load.module:<24} {names.get(load.table, load.table):<32} {load.discussion:>3}{extra} / "
              f"{load.available} min  {span}")


def write_csv(loaded: LoadedScenario, the_plan: Plan) -> None:
    writer = csv.writer(sys.stdout)
    writer.writerow(["kind", "id", "title", "module", "wall_start", "wall_end", "story_time", "story_day",
                     "tables", "discussion_minutes", "type", "takes_slot"])
    start = loaded.scenario.incident_start

    def day(seconds: float | None) -> str:
        return "" if start is None or seconds is None else (start + timedelta(seconds=seconds)).strftime("%a %H:%M")

    for item in the_plan.items:
        writer.writerow(["agenda", item.module or item.kind, item.title, item.module or "", clock(item.start),
                         clock(item.end), "" if item.story_start is None else format_story_time(item.story_start),
                         day(item.story_start), "", item.minutes, item.mode or item.kind, ""])
        for inject in (i for i in the_plan.injects if i.module == item.module and item.module):
            writer.writerow(["inject", inject.id, inject.title, inject.module, clock(inject.start), clock(inject.end),
                             format_story_time(inject.story), day(inject.story), " ".join(inject.tables),
                             inject.discussion, inject.type, "yes" if inject.slot else "if fired"])



