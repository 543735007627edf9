"""`ttx simulate SCENARIO`: Monte Carlo over the scenario's consequence models, to compare plans."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

from ..engine.models.simulate import Plan, PlanSummary, run_plan, summarize, vary
from ..engine.script_file import load_decisions
from ..loader import UserError, load_scenario
from ..report.fan_chart import Fan, fan_png, fan_svg


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "simulate",
        help="run the scenario's consequence models many times and report p10/p50/p90",
        description="Run the scenario's consequence models (its `models:` section) many times, with the "
        "decisions of a decisions script, and print each metric's p10, median, p90 and mean at the horizon "
        "and at its peak. --vary compares plans side by side on the same random incidents. "
        "Exit status: 0 done, 1 a file or an option is wrong.",
    )
    parser.add_argument("scenario", metavar="SCENARIO", help="the scenario .yaml file")
    parser.add_argument("--decisions", metavar="FILE", help="a decisions script whose actions drive the models")
    parser.add_argument("--runs", type=int, default=100, metavar="N", help="replications per plan (default 100)")
    parser.add_argument("--seed", type=int, metavar="S", help="random seed (default: the scenario's)")
    parser.add_argument("--jobs", type=int, default=1, metavar="J", help="local processes (default 1)")
    parser.add_argument("--cluster", metavar="ADDRESS", help="run on a Dask scheduler (pip install '.[cluster]')")
    parser.add_argument("--vary", metavar="PARAM=v1,v2,…",
                        help="compare plans: an action parameter (open_frc.staff=4,8,12) or a model parameter "
                             "(hotline.handle_minutes=4,6)")
    parser.add_argument("--format", choices=("table", "json", "csv"), default="table")
    parser.add_argument("--plot", metavar="FILE", help="draw fan charts to FILE (.png or .svg)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    try:
        plans, seed = _plans(args)
    except UserError as exc:
        print(exc, file=sys.stderr)
        return 1
    if args.runs < 1 or args.jobs < 1:
        print("ttx simulate: --runs and --jobs must be at least 1", file=sys.stderr)
        return 1
    if args.plot and Path(args.plot).suffix.lower() not in (".png", ".svg"):
        print("ttx simulate: --plot FILE must end in .png or .svg", file=sys.stderr)
        return 1
    summaries = []
    try:
        with _Progress(args.runs * len(plans)) as progress:
            for plan in plans:
                runs = run_plan(plan, args.runs, seed, jobs=args.jobs, cluster=args.cluster, progress=progress.advance)
                summaries.append(summarize(plan.label, plan.models, runs))
    except UserError as exc:
        print(exc, file=sys.stderr)
        return 1
    _write(summaries, args.format, seed)
    if args.plot:
        _plot(summaries, Path(args.plot))
    return 0


def _plans(args: argparse.Namespace) -> tuple[list[Plan], int]:
    loaded = load_scenario(args.scenario)
    models = loaded.scenario.models
    if models is None or not models.enabled():
        raise UserError(f"{args.scenario}: the scenario has no `models:` section to simulate (see docs/models.md)")
    decisions = tuple(load_decisions(args.decisions, loaded)) if args.decisions else ()
    base = Plan("as written", models, decisions)
    seed = loaded.scenario.seed if args.seed is None else args.seed
    if not args.vary:
        return [base], seed
    setting, _, values = args.vary.partition("=")
    choices = [v.strip() for v in values.split(",") if v.strip()]
    if not setting or not choices:
        raise UserError(f"--vary {args.vary}: write PARAM=v1,v2,… (for example open_frc.staff=4,8,12)")
    return [vary(base, setting.strip(), value) for value in choices], seed


class _Progress:
    """A progress bar on a terminal's stderr (nothing when piped)."""

    def __init__(self, total: int) -> None:
        self.total = total
        self._bar = None

    def __enter__(self) -> _Progress:
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import Progress
            self._bar = Progress(transient=True, console=Console(stderr=True))
            self._bar.start()
            self._task = self._bar.add_task("Simulating", total=self.total)
        return self

    def advance(self, n: int) -> None:
        if self._bar is not None:
            self._bar.advance(self._task, n)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.2f}".rstrip("0").rstrip(".") or "0"


def _write(summaries: list[PlanSummary], form: str, seed: int) -> None:
    if form == "json":
        print(json.dumps({"seed": seed, "plans": [s.to_json() for s in summaries]}, indent=2))
        return
    if form == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["plan", "metric", "at", "p10", "p50", "p90", "mean"])
        for s in summaries:
            for which, table in (("horizon", s.final), ("peak", s.peak)):
                for metric, st in table.items():
                    writer.writerow([s.label, metric, which, *(f"{st[q]:.6g}" for q in ("p10", "p50", "p90", "mean"))])
        return
    first = summaries[0]
    print(f"{first.runs} runs per plan, seed {seed}. Each cell: p10 / median / p90 (mean).")
    for metric in first.final:
        print(f"\n{metric}")
        for s in summaries:
            for which, table in (("at horizon", s.final), ("peak", s.peak)):
                st = table[metric]
                print(f"  {s.label:<28} {which:<11} {_fmt(st['p10']):>9} / {_fmt(st['p50']):>9} / "
                      f"{_fmt(st['p90']):>9}  ({_fmt(st['mean'])})")
    if first.fired:
        print("\nthresholds: share of runs in which each fired")
        for s in summaries:
            shares = ", ".join(f"{k} {v:.0%}" for k, v in s.fired.items())
            print(f"  {s.label:<28} {shares}")


def _plot(summaries: list[PlanSummary], path: Path) -> None:
    fans = {metric: [Fan(s.label, s.times, s.fan[metric]["p10"], s.fan[metric]["p50"], s.fan[metric]["p90"])
                     for s in summaries] for metric in summaries[0].fan}
    if path.suffix.lower() == ".svg":
        path.write_text(fan_svg(fans), encoding="utf-8")
    else:
        path.write_bytes(fan_png(fans))
    print(f"fan charts: {path}", file=sys.stderr)
