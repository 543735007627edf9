"""How fast the runtime rehearses: prints figures, asserts nothing.

    python bench/bench_rehearse.py [--injects 10000] [--decisions 10000]

1. Delivery without persistence, engine construction included, against a bare SimPy loop doing the
   same work with the same number of environment steps (one timeout per distinct story instant, every
   inject due then recorded), measured in the same run (target: the engine at least 0.5x the bare loop).
   The two are interleaved, 21 runs each, every run on a freshly collected heap (otherwise one side
   pays for collecting the other's garbage), and the cyclic collector is paused in both as a
   rehearsal pauses it.
2. The whole rehearsal with persistence: session file created, every event written (target < 5 s).
3. `ttx rehearse` on the Session Eight scenario, as a user runs it (target < 2 s).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import simpy  # noqa: E402

from exercise_engine.engine.exercise import Exercise  # noqa: E402
from exercise_engine.engine.rehearsal import play  # noqa: E402
from exercise_engine.engine.synthetic import decisions as make_decisions  # noqa: E402
from exercise_engine.engine.synthetic import generate  # noqa: E402
from exercise_engine.store.session_store import SessionStore  # noqa: E402

REPEATS = 21
"""Delivery runs per side: each takes milliseconds, so the machine's noise needs many."""


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def bare_simpy(times: list[int], ids: list[str]) -> tuple[float, int]:
    """One process, one timeout per distinct instant, recording (time, id) of each inject due then:
    the floor any engine pays. Returns the time and the number of environment steps."""
    start = time.perf_counter()
    env = simpy.Environment()
    order = sorted(zip(times, ids))
    instants: list[tuple[int, list[str]]] = []
    for at, inject_id in order:
        if instants and instants[-1][0] == at:
            instants[-1][1].append(inject_id)
        else:
            instants.append((at, [inject_id]))
    delivered: list[tuple[float, str]] = []

    def deliver(env: simpy.Environment):
        for at, due in instants:
            yield env.timeout(at - env.now)
            for inject_id in due:
                delivered.append((env.now, inject_id))

    env.process(deliver(env))
    gc.disable()  # as a rehearsal does, so that both run under the same conditions
    steps = 0
    while True:
        try:
            env.step()
        except simpy.core.EmptySchedule:
            break
        steps += 1
    gc.enable()
    elapsed = time.perf_counter() - start
    assert len(delivered) == len(times)
    return elapsed, steps


class CountingEnvironment(simpy.Environment):
    """Counts the engine's environment steps, to show both sides take as many."""

    steps = 0

    def step(self) -> None:
        CountingEnvironment.steps += 1
        super().step()


def engine_delivery(loaded, decisions) -> tuple[float, int]:
    start = time.perf_counter()
    exercise = Exercise(loaded, None, clock=utc_now)
    play(exercise, decisions)
    elapsed = time.perf_counter() - start
    return elapsed, len(exercise.events)


def engine_steps(loaded) -> int:
    from exercise_engine.engine import exercise as exercise_module

    real = exercise_module.simpy.Environment
    exercise_module.simpy.Environment = CountingEnvironment  # type: ignore[misc]
    try:
        CountingEnvironment.steps = 0
        play(Exercise(loaded, None, clock=utc_now), [])
    finally:
        exercise_module.simpy.Environment = real  # type: ignore[misc]
    return CountingEnvironment.steps


def persisted(loaded, decisions) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        store = SessionStore.create(Path(folder) / "bench.ttx", loaded)
        exercise = Exercise(loaded, store, clock=utc_now)
        play(exercise, decisions)
        store.close()
        elapsed = time.perf_counter() - start
        return elapsed, len(exercise.events)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--injects", type=int, default=10_000)
    parser.add_argument("--decisions", type=int, default=10_000)
    args = parser.parse_args()

    loaded = generate(args.injects, seed=1, n_modules=10)
    decisions = make_decisions(loaded, args.decisions, seed=2)
    times = [int(i.time or 0) for i in loaded.injects]
    ids = [i.id for i in loaded.injects]
    print(f"Generated scenario: {len(loaded.injects)} injects ({len(set(times))} distinct story minutes, "
          f"{sum(i.condition is not None for i in loaded.injects)} conditional/contingency), "
          f"{len(decisions)} decisions")

    # Interleave the two measurements so that machine noise hits both alike.
    bare_runs, engine_runs = [], []
    # Each run starts on a collected heap: otherwise one run pays for collecting the other's garbage
    # (the engine's, the larger, landed on the bare loop's set-up and flattered the ratio).
    for _ in range(REPEATS):
        gc.collect()
        bare_runs.append(bare_simpy(times, ids))
        gc.collect()
        engine_runs.append(engine_delivery(loaded, [])[0])
    bare, bare_steps = min(bare_runs)
    engine = min(engine_runs)
    bare_median = statistics.median(run[0] for run in bare_runs)
    engine_median = statistics.median(engine_runs)
    print(f"\n1. Delivery without persistence, construction included (best and median of {REPEATS}, "
          "interleaved, each on a collected heap; the cyclic GC paused in both)")
    print(f"   environment steps: bare {bare_steps}, engine {engine_steps(loaded)} "
          "(one per distinct story instant and each side's start: the bare process's, the engine's first wake-up)")
    print(f"   bare SimPy loop:   {len(times) / bare:12,.0f} injects/s  (best {bare * 1000:.1f} ms, "
          f"median {bare_median * 1000:.1f} ms)")
    print(f"   engine:            {len(times) / engine:12,.0f} injects/s  (best {engine * 1000:.1f} ms, "
          f"median {engine_median * 1000:.1f} ms)")
    print(f"   ratio engine/bare: {bare / engine:.2f}x best, {bare_median / engine_median:.2f}x median   "
          "(target >= 0.5x)")
    with_decisions, events = min(engine_delivery(loaded, decisions) for _ in range(3))
    print(f"   with {len(decisions)} decisions: {events / with_decisions:,.0f} events/s "
          f"({events} events in {with_decisions * 1000:.0f} ms)")

    elapsed, events = min(persisted(loaded, decisions) for _ in range(3))
    print("\n2. Whole rehearsal with persistence (best of 3)")
    print(f"   {events} events in {elapsed:.2f} s = {events / elapsed:,.0f} events/s   (target < 5 s)")

    print("\n3. `ttx rehearse` on the Session Eight scenario")
    scenario = next(iter(sorted((REPO / "scenarios").glob("session-8-*.yaml"))), None)
    if scenario is None:
        print("   skipped: no scenarios/session-8-*.yaml")
        return
    runs = []
    for _ in range(3):
        with tempfile.TemporaryDirectory() as folder:
            start = time.perf_counter()
            result = subprocess.run(
                [sys.executable, "-m", "exercise_engine.cli.main", "rehearse", str(scenario), "--session",
                 str(Path(folder) / "s8.ttx")], cwd=REPO, capture_output=True, text=True)
            runs.append(time.perf_counter() - start)
            if result.returncode != 0:
                print(f"   failed ({result.returncode}): {result.stderr.strip()}")
                return
    print(f"   {scenario.name}: median {statistics.median(runs):.2f} s, best {min(runs):.2f} s "
          f"(whole command, interpreter start included; target < 2 s)")


if __name__ == "__main__":
    main()
