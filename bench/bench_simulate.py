"""How fast the consequence models run: prints figures, asserts nothing.

    python bench/bench_simulate.py [--runs 1000] [--jobs 2] [--no-dask]

1. `runs` replications of Session Eight's models (T+7d, all five models, the bench decisions) on
   `jobs` local processes, pool start-up inside the timer (target: 1,000 on 2 cores in < 120 s);
   baseline: the same replications' share measured on one process in the same run.
2. The hotline's queue against a bare SimPy M/M/c queue of the same size (simpy.Resource, the same
   callers): callers served per CPU second (target: the model at least 0.5x the bare queue).
3. The Dask path: the same replications on a LocalCluster with as many worker processes, cluster
   start-up inside the timer, against local processes (the overhead of going through Dask).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import simpy  # noqa: E402

from exercise_engine.engine.models.hotline import Hotline  # noqa: E402
from exercise_engine.engine.models.simulate import Plan, run_plan  # noqa: E402
from exercise_engine.engine.script_file import load_decisions  # noqa: E402
from exercise_engine.loader import load_scenario  # noqa: E402
from exercise_engine.model.consequences import HotlineParams  # noqa: E402

SCENARIO = REPO / "scenarios" / "session-8-cedar-falls-founders-day.yaml"
DECISIONS = REPO / "bench" / "data" / "session8-model-decisions.yaml"


def session_eight() -> Plan:
    loaded = load_scenario(SCENARIO)
    assert loaded.scenario.models is not None
    return Plan("session eight", loaded.scenario.models, tuple(load_decisions(DECISIONS, loaded)))


def timed(body) -> float:
    start = time.perf_counter()
    body()
    return time.perf_counter() - start


def cpu_timed(body) -> float:
    """CPU seconds of this process: what a single-threaded run costs, whatever else the machine runs."""
    start = time.process_time()
    body()
    return time.process_time() - start


def replications(runs: int, jobs: int) -> None:
    plan = session_eight()
    sample = max(10, runs // 10)
    cpu = time.process_time()
    one = timed(lambda: run_plan(plan, sample, 1, jobs=1)) / sample
    cpu = (time.process_time() - cpu) / sample
    elapsed = timed(lambda: run_plan(plan, runs, 1, jobs=jobs))
    print(f"1. {runs} replications of Session Eight's models, {jobs} processes: {elapsed:.1f} s "
          f"({elapsed / runs * 1000:.0f} ms each; one process: {one * 1000:.0f} ms each, "
          f"speed-up {one * runs / elapsed:.2f}x; CPU {cpu * 1000:.0f} ms each, so 1,000 on 2 idle cores "
          f"~{cpu * 1000 / 2:.0f} s; target < 120 s)")


def bare_mmc(callers: int, lines: int, rate: float, handle: float) -> float:
    """A bare SimPy M/M/c queue: the callers arrive, hold a line for their talk time, leave."""
    env = simpy.Environment()
    resource = simpy.Resource(env, capacity=lines)
    arrivals, service = random.Random(1), random.Random(2)

    def caller(talk: float):
        with resource.request() as request:
            yield request
            yield env.timeout(talk)

    def source():
        for _ in range(callers):
            yield env.timeout(arrivals.expovariate(rate))
            env.process(caller(service.expovariate(1 / handle)))

    env.process(source())
    return cpu_timed(env.run)


def model_mmc(callers: int, lines: int, rate: float, handle: float) -> tuple[float, int]:
    env = simpy.Environment()
    params = HotlineParams(arrivals="constant", calls_per_hour=rate * 3600, handle_minutes=handle / 60,
                           patience_minutes=None, redial_probability=0)
    model = Hotline(env, 1, params, 0, horizon=callers / rate)
    model.lines.set_capacity(lines)
    return cpu_timed(env.run), model.answered


def queue_speed(callers: int = 100_000) -> None:
    lines, handle = 5, 360.0
    rate = 0.8 * lines / handle
    bare_runs, runs = [], []
    for _ in range(3):  # interleaved, best of three each, CPU time: the machine's other load cancels out
        bare_runs.append(bare_mmc(callers, lines, rate, handle))
        runs.append(model_mmc(callers, lines, rate, handle))
    bare, ours, served = min(bare_runs), min(t for t, _ in runs), runs[0][1]
    print(f"2. M/M/{lines} at 80 % load, ~{callers:,} callers: bare SimPy {callers / bare:,.0f} callers/s, "
          f"hotline model {served / ours:,.0f} callers/s = {(served / ours) / (callers / bare):.2f}x "
          "(target >= 0.5x)")


def dask_overhead(runs: int, jobs: int) -> None:
    try:
        from distributed import LocalCluster
    except ImportError:
        print("3. Dask path: skipped (pip install -e '.[cluster]')")
        return
    plan = session_eight()
    local = timed(lambda: run_plan(plan, runs, 1, jobs=jobs))

    def on_cluster() -> None:
        with LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
            run_plan(plan, runs, 1, cluster=cluster.scheduler_address)
    dask = timed(on_cluster)
    print(f"3. {runs} replications: {jobs} local processes {local:.1f} s, Dask LocalCluster ({jobs} workers, "
          f"start-up included) {dask:.1f} s = {dask / local:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--no-dask", action="store_true")
    args = parser.parse_args()
    replications(args.runs, args.jobs)
    queue_speed()
    if not args.no_dask:
        dask_overhead(max(20, args.runs // 5), args.jobs)


if __name__ == "__main__":
    main()
