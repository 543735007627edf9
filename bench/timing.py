"""Timing loops the benchmarks share: each figure is a median over runs, set-up inside the work."""

from __future__ import annotations

import statistics
import time
from typing import Callable


def median_seconds(work: Callable[[], object], runs: int) -> float:
    """Median wall seconds of `runs` calls of `work`."""
    return median_wall_and_cpu(work, runs)[0]


def median_wall_and_cpu(work: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median wall and CPU seconds: on a shared, loaded machine the CPU time is the one to compare with a
    target (the wall time includes waiting for a core)."""
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)
