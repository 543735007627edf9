"""How fast the consequence models run: prints figures against baselines measured in the same run, asserts nothing.

    python bench/bench_simulate.py [--runs 1000] [--jobs 2] [--no-dask]

1. `runs` replications of Session Eight's models (to its horizon, every model it runs, the bench
   decisions) on `jobs` local processes, pool start-up inside the timer (target: 1,000 on 2 cores in
   < 120 s). Baseline: a tenth of them on one process in the same run. Wall time depends on what else
   the machine runs, so CPU seconds are printed too (this process and its children), with the wall
   time 1,000 replications would take on `jobs` idle cores.
2. Model events a second against a bare SimPy M/M/c queue of the same size (simpy.Resource; the same
   number of lines, callers and talk times): the hotline model alone, and the hotline driven by the
   models' host as in an exercise (its minute-by-minute control, samples and a threshold). An event
   is one caller served, so both sides do the same work (target: at least 0.5x the bare queue).
   CPU time, interleaved, best of three.
3. The Dask path: the same `runs` replications on a LocalCluster with `jobs` worker processes,
   cluster start-up inside the timer, against the local processes of figure 1.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import time
from pathlib import Path
from typing import Any, Callable

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import simpy  # noqa: E402

from exercise_engine.engine.actions import DecisionLog  # noqa: E402
from exercise_engine.engine.models.host import ModelHost  # noqa: E402
from exercise_engine.engine.models.hotline import Hotline  # noqa: E402
from exercise_engine.engine.models.simulate import Plan, run_plan  # noqa: E402
from exercise_engine.engine.script_file import load_decisions  # noqa: E402
from exercise_engine.loader import load_scenario  # noqa: E402
from exercise_engine.model.consequences import HotlineParams, ModelsSection, Threshold  # noqa: E402
from exercise_engine.model.records import Action, Decision  # noqa: E402

SCENARIO = REPO / "scenarios" / "session-8-cedar-falls-founders-day.yaml"
DECISIONS = REPO / "bench" / "data" / "session8-model-decisions.yaml"


def session_eight() -> Plan:
    loaded = load_scenario(SCENARIO)
    assert loaded.scenario.models is not None
    return Plan("session eight", loaded.scenario.models, tuple(load_decisions(DECISIONS, loaded)))


def cpu_now() -> float:
    """CPU seconds of this process and of its children that have ended (a pool's, after shutdown)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measured(body: Callable[[], Any]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of `body`, set-up included."""
    wall, cpu = time.perf_counter(), cpu_now()
    body()
    return time.perf_counter() - wall, cpu_now() - cpu


def replications(runs: int, jobs: int) -> float:
    plan = session_eight()
    sample = max(10, runs // 10)
    one_wall, one_cpu = measured(lambda: run_plan(plan, sample, 1, jobs=1))
    wall, cpu = measured(lambda: run_plan(plan, runs, 1, jobs=jobs))
    per_cpu = cpu / runs
    print(f"1. {runs} replications of Session Eight's models ({', '.join(plan.models.enabled())}; "
          f"to T+{plan.models.horizon / 86400:g}d) on {jobs} processes: {wall:.1f} s wall, {cpu:.1f} CPU s "
          f"({per_cpu * 1000:.0f} ms CPU each).\n"
          f"   Baseline, one process, {sample} replications: {one_wall / sample * 1000:.0f} ms wall, "
          f"{one_cpu / sample * 1000:.0f} ms CPU each; speed-up on {jobs} processes {one_wall / sample * runs / wall:.2f}x.\n"
          f"   1,000 on {jobs} idle cores: ~{per_cpu * 1000 / jobs:.0f} s from CPU time (target < 120 s).")
    return wall


# ---- 2. events a second against a bare SimPy M/M/c queue -----------------------------------------

def bare_mmc(callers: int, lines: int, rate: float, handle: float) -> tuple[float, int]:
    """A bare SimPy M/M/c queue: the callers arrive, hold a line for their talk time, leave."""
    env = simpy.Environment()
    lines_ = simpy.Resource(env, capacity=lines)
    arrivals, service = random.Random(1), random.Random(2)
    served = 0

    def caller(talk: float):
        nonlocal served
        with lines_.request() as request:
            yield request
            yield env.timeout(talk)
        served += 1

    def source():
        for _ in range(callers):
            yield env.timeout(arrivals.expovariate(rate))
            env.process(caller(service.expovariate(1 / handle)))

    env.process(source())
    return measured(env.run)[1], served


def params(rate: float, handle: float) -> HotlineParams:
    return HotlineParams(arrivals="constant", calls_per_hour=rate * 3600, handle_minutes=handle / 60,
                         patience_minutes=None, redial_probability=0, setup_minutes=0)


def model_mmc(callers: int, lines: int, rate: float, handle: float) -> tuple[float, int]:
    """The hotline model alone, on its own environment."""
    env = simpy.Environment()
    model = Hotline(env, 1, params(rate, handle), 0, horizon=callers / rate)
    model.lines.set_capacity(lines)
    return measured(env.run)[1], model.answered


def hosted_mmc(callers: int, lines: int, rate: float, handle: float) -> tuple[float, int]:
    """The hotline as an exercise runs it: the host's minute-by-minute control, a decision staffing
    the lines, metric samples every 15 minutes and a threshold watched every minute."""
    horizon = callers / rate
    section = ModelsSection(hotline=params(rate, handle), horizon=int(horizon), sample_minutes=15,
                            thresholds=[Threshold(id="jam", metric="hotline.waiting", above=50, release="x")])
    decisions = DecisionLog.of([Decision(table="t", text="lines", scenario_time=0,
                                         actions=[Action(kind="staff_hotline", params={"lines": lines})])])
    host = ModelHost(section, 1, decisions, horizon=horizon)
    model = host.models[0]
    assert isinstance(model, Hotline)
    return measured(lambda: host.advance_to(horizon))[1], model.answered


def queue_speed(callers: int = 100_000) -> None:
    lines, handle = 5, 360.0
    rate = 0.8 * lines / handle
    best: dict[str, tuple[float, int]] = {}
    for _ in range(3):  # interleaved, best of three each, CPU time: the machine's other load cancels out
        for name, run in (("bare", bare_mmc), ("model", model_mmc), ("hosted", hosted_mmc)):
            cpu, served = run(callers, lines, rate, handle)
            if name not in best or cpu < best[name][0]:
                best[name] = (cpu, served)
    speed = {name: served / cpu for name, (cpu, served) in best.items()}
    print(f"2. M/M/{lines} at 80 % load, {callers:,} callers, callers served per CPU second: bare SimPy "
          f"{speed['bare']:,.0f}; hotline model {speed['model']:,.0f} = {speed['model'] / speed['bare']:.2f}x; "
          f"hotline in the models' host {speed['hosted']:,.0f} = {speed['hosted'] / speed['bare']:.2f}x "
          "(target >= 0.5x)")


# ---- 3. the Dask path ----------------------------------------------------------------------------

def dask_overhead(runs: int, jobs: int, local: float) -> None:
    try:
        from distributed import LocalCluster
    except ImportError:
        print("3. Dask path: skipped (pip install -e '.[cluster]')")
        return
    plan = session_eight()

    def on_cluster() -> None:
        with LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
            run_plan(plan, runs, 1, cluster=cluster.scheduler_address)
    wall, cpu = measured(on_cluster)
    print(f"3. The same {runs} replications on a Dask LocalCluster ({jobs} worker processes, start-up included): "
          f"{wall:.1f} s wall, {cpu:.1f} CPU s, against {local:.1f} s on {jobs} local processes (figure 1) = "
          f"{wall / local:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--callers", type=int, default=100_000)
    parser.add_argument("--no-dask", action="store_true")
    args = parser.parse_args()
    load()
    local = replications(args.runs, args.jobs)
    load()
    queue_speed(args.callers)
    if not args.no_dask:
        dask_overhead(args.runs, args.jobs, local)
        load()


def load() -> None:
    """Wall-clock figures depend on what else the machine runs: say how loaded it was."""
    print(f"   (load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
