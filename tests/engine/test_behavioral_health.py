"""The behavioral-health model: people seeking crisis counseling over days and weeks, against counselors."""

from __future__ import annotations

import simpy
from hypothesis import given, settings, strategies as st

from exercise_engine.engine.models.behavioral_health import BehavioralHealth
from exercise_engine.engine.models.host import ModelHost, build_world
from exercise_engine.model.consequences import BehavioralHealthParams, IncidentParams, ModelsSection, Seekers

from .model_log import Log

H = 3600.0
DAY = 24 * H
SMALL = BehavioralHealthParams(witnesses=Seekers(people=60, share=0.3, delay_days=2),
                               responders=Seekers(people=20, share=0.2, delay_days=3),
                               community=Seekers(people=100, share=0.1, delay_days=4), days_between_visits=2)


def model(seed: int, counselors: int, params: BehavioralHealthParams = SMALL) -> tuple[simpy.Environment, BehavioralHealth]:
    env = simpy.Environment()
    world = build_world(env, seed, ModelsSection(incident=IncidentParams(killed=4, injured=10, unaccounted=6)))
    bh = BehavioralHealth(env, seed, params, world)
    bh._deploy(counselors)
    return env, bh


def test_every_visit_is_seen_given_up_or_still_waiting() -> None:
    env, bh = model(3, 0)
    for day in (0.5, 1, 2, 4, 9):
        env.run(until=day * DAY)
        assert bh.requested == bh.seen + bh.unmet + bh.counselors.waiting
        assert bh.seeking <= bh.requested
    assert bh.unmet > 0 and bh.seen > 0


def test_same_seed_same_results_other_seed_other_results() -> None:
    def run(seed: int) -> dict[str, float]:
        env, bh = model(seed, 1)
        env.run(until=6 * DAY)
        return bh.metrics()

    assert run(1) == run(1)
    assert run(1) != run(2)


def test_counselors_never_change_who_seeks_help_when() -> None:
    seen = set()
    for counselors in (0, 2, 20):
        env, bh = model(5, counselors)
        env.run(until=5 * DAY)
        seen.add((bh.seeking, bh.requested))
    assert len(seen) == 1


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10**6), counselors=st.integers(1, 4), more=st.integers(1, 4),
       session=st.floats(20.0, 240.0))
def test_more_counselors_never_raise_the_mean_wait(seed: int, counselors: int, more: int, session: float) -> None:
    """Visits come on their own days and carry their own session times, so FCFS waits can only fall
    with each counselor added (Kiefer–Wolfowitz), visit by visit."""
    params = SMALL.model_copy(update={"patience_days": None, "session_minutes": session})

    def waits(n: int) -> tuple[float, int]:
        env, bh = model(seed, n, params)
        env.run()  # every visit is seen in the end
        return bh.wait_total, bh.seen

    few, seen = waits(counselors)
    many, seen_too = waits(counselors + more)
    assert seen == seen_too and seen > 0
    assert many <= few + 1e-6


def test_deployed_counselors_arrive_after_a_day_and_a_resiliency_center_brings_more_people() -> None:
    section = ModelsSection(behavioral_health=SMALL.model_copy(update={"local_counselors": 0}))

    def run(log: Log, until: float) -> dict[str, float]:
        host = ModelHost(section, 4, log.state)
        host.advance_to(until)
        return host.metrics()

    alone = run(Log(), 6 * DAY)
    assert alone["behavioral_health.seen"] == 0 and alone["behavioral_health.unmet"] > 0
    log = Log()
    log.decide(2 * H, "deploy_crisis_counselors", counselors=3)
    assert run(log, 25 * H)["behavioral_health.counselors_on_duty"] == 0  # deploy_hours: 24
    deployed = run(log, 6 * DAY)
    assert deployed["behavioral_health.counselors_on_duty"] == 3
    assert deployed["behavioral_health.unmet_share"] < alone["behavioral_health.unmet_share"]
    log.decide(1 * DAY, "open_resiliency_center", staff=2)
    center = run(log, 6 * DAY)
    assert center["behavioral_health.counselors_on_duty"] == 5
    assert center["behavioral_health.seeking"] > deployed["behavioral_health.seeking"]


def test_simulate_compares_counselor_plans_on_the_same_people() -> None:
    from exercise_engine.engine.models.simulate import Plan, run_plan, summarize, vary
    from exercise_engine.model.records import Action, Decision

    section = ModelsSection(behavioral_health=SMALL.model_copy(update={"local_counselors": 0}), horizon=3 * 24 * 3600)
    plan = Plan("as written", section, (Decision(table="t", text="counselors", scenario_time=3600, actions=[
        Action(kind="deploy_crisis_counselors", params={"counselors": 1})]),))
    few, many = (summarize(p.label, section, run_plan(p, 3, 2)) for p in (
        vary(plan, "deploy_crisis_counselors.counselors", "1"), vary(plan, "deploy_crisis_counselors.counselors", "6")))
    assert few.final["behavioral_health.seeking"] == many.final["behavioral_health.seeking"]
    assert many.final["behavioral_health.mean_wait_hours"]["mean"] < few.final["behavioral_health.mean_wait_hours"]["mean"]
    assert many.final["behavioral_health.unmet"]["mean"] <= few.final["behavioral_health.unmet"]["mean"]
