"""The hotline's queue against queueing theory: Erlang C, Little's law, conservation, common random numbers."""

from __future__ import annotations

import math

import simpy
from hypothesis import given, settings, strategies as st

from exercise_engine.engine.models.hotline import Hotline
from exercise_engine.model.consequences import HotlineParams

H = 3600.0


def erlang_c_wait(calls_per_hour: float, handle_minutes: float, lines: int) -> float:
    """Mean wait in queue (seconds) of an M/M/c queue: Erlang C over (cμ − λ)."""
    lam, mu = calls_per_hour / H, 1 / (handle_minutes * 60)
    a = lam / mu
    top = a ** lines / math.factorial(lines) * lines / (lines - a)
    waits = top / (sum(a ** k / math.factorial(k) for k in range(lines)) + top)
    return waits / (lines * mu - lam)


def hotline(lines: int, calls_per_hour: float, *, seed: int = 7, handle: float = 6.0, patience: float | None = None,
            horizon: float | None = None, redial: float = 0.6) -> tuple[simpy.Environment, Hotline]:
    env = simpy.Environment()
    params = HotlineParams(arrivals="constant", calls_per_hour=calls_per_hour, handle_minutes=handle,
                           patience_minutes=patience, redial_probability=redial)
    model = Hotline(env, seed, params, 0, horizon=horizon)
    model.lines.set_capacity(lines)
    return env, model


def test_mean_wait_matches_erlang_c_over_a_long_run() -> None:
    for lines, calls in ((2, 14.0), (5, 35.0), (10, 75.0)):  # utilisation 0.70–0.75
        env, model = hotline(lines, calls)
        env.run(until=150_000 / calls * H)  # about 150,000 calls
        simulated = model.wait_total / model.answered
        theory = erlang_c_wait(calls, 6.0, lines)
        assert abs(simulated - theory) / theory < 0.05, (lines, simulated, theory)


def test_littles_law_holds_for_the_queue() -> None:
    env, model = hotline(4, 34.0, patience=4.0)
    env.run(until=3000 * H)
    mean_queue = model.lines.queue_area() / env.now
    # every attempt that waited, answered or abandoned, spent its wait in the queue
    assert model.offered > 90_000
    throughput = (model.answered + model.abandoned) / env.now
    mean_wait = (model.wait_total + model.abandon_wait_total) / (model.answered + model.abandoned)
    assert abs(mean_queue - throughput * mean_wait) / mean_queue < 0.02


def test_every_call_is_answered_abandoned_or_still_waiting() -> None:
    env, model = hotline(2, 60.0, patience=2.0)
    for hours in (0.5, 3, 11.25):
        env.run(until=hours * H)
        assert model.offered == model.answered + model.abandoned + model.lines.waiting
        assert model.offered > model.first_calls  # people redial


def test_without_staff_every_caller_abandons_and_redials_inflate_the_volume() -> None:
    env, model = hotline(0, 60.0, patience=2.0, redial=0.6)
    env.run(until=6 * H)
    assert model.answered == 0
    assert model.offered > 1.5 * model.first_calls  # redials, ~1 / (1 − 0.6) attempts a caller


def test_staffing_never_changes_who_calls_when() -> None:
    """Common random numbers: the same callers arrive whatever the staffing."""
    seen = set()
    for lines in (0, 3, 30):
        env, model = hotline(lines, 50.0, patience=3.0)
        env.run(until=10 * H)
        seen.add(model.first_calls)
    assert len(seen) == 1


def test_same_seed_same_results_other_seed_other_results() -> None:
    def run(seed: int) -> dict[str, float]:
        env, model = hotline(3, 30.0, seed=seed, patience=3.0)
        env.run(until=20 * H)
        return model.metrics()

    assert run(1) == run(1)
    assert run(1) != run(2)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10**6), lines=st.integers(1, 6), more=st.integers(1, 4),
       calls=st.floats(5.0, 80.0), handle=st.floats(1.0, 12.0))
def test_more_lines_never_raise_the_mean_wait(seed: int, lines: int, more: int, calls: float, handle: float) -> None:
    """Under common random numbers, adding lines can only shorten waits (Kiefer–Wolfowitz: FCFS
    waits fall with every added server, caller by caller)."""
    def total_wait(n: int) -> tuple[float, int]:
        env, model = hotline(n, calls, seed=seed, handle=handle, horizon=8 * H)
        env.run()  # arrivals stop at the horizon; run until every caller is served
        return model.wait_total, model.answered

    few, served = total_wait(lines)
    many, served_too = total_wait(lines + more)
    assert served == served_too
    assert many <= few + 1e-6
