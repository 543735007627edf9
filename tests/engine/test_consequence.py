"""The scenario's consequence models inside the exercise: recorded in the log, projected, releasing
consequence injects, and the same after a crash and resume or a replay of the log."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from exercise_engine.engine import recorder as recorder_module
from exercise_engine.engine.exercise import Exercise
from exercise_engine.engine.projection import project
from exercise_engine.engine.rehearsal import play, rehearse
from exercise_engine.engine.script import script_from_log
from exercise_engine.engine.synthetic import loaded_scenario, make_inject, make_module
from exercise_engine.model.consequences import HotlineParams, ModelsSection, NotificationParams, Threshold
from exercise_engine.model.events import EventKind
from exercise_engine.model.inject import InjectType
from exercise_engine.model.records import Action, Decision
from exercise_engine.store.session_store import SessionStore

from .helpers import Crash, DyingClock, FakeClock, story

H = 3600
MODELS = ModelsSection(
    horizon=6 * H, sample_minutes=30, hotline=HotlineParams(), notification=NotificationParams(),
    thresholds=[Threshold(id="hotline-jammed", metric="hotline.waiting", above=5, for_minutes=10,
                          release="bp03-hotline-jammed")])


def scenario(models: ModelsSection | None = MODELS):
    loaded = loaded_scenario([(make_module("m1", 0, 8 * H, 90), [
        make_inject("s8-first-call", 0),
        make_inject("bp03-hotline-jammed", 7 * H, type=InjectType.consequence),
    ])], scenario_id="hotline")
    return dataclasses.replace(loaded, scenario=loaded.scenario.model_copy(update={"models": models}))


def staffing(lines: int, teams: int = 2, at: int = 10 * 60) -> list[Decision]:
    return [Decision(table="victim-services", text=f"Staff the hotline with {lines} lines.", scenario_time=at,
                     actions=[Action(kind="staff_hotline", params={"lines": lines})]),
            Decision(table="victim-services", text=f"Assign {teams} notification teams.", scenario_time=H,
                     actions=[Action(kind="assign_notification_teams", params={"teams": teams})])]


def model_events(events):
    return [e for e in events if e.kind is EventKind.model_event]


def test_the_scenarios_models_record_metrics_in_the_log_and_the_projection() -> None:
    exercise = rehearse(scenario(), staffing(4), clock=FakeClock())
    samples = [e for e in model_events(exercise.events) if e.actor == "model:hotline"]
    assert [e.scenario_time for e in samples[:4]] == [0, 11 * 60, 30 * 60, 60 * 60]
    assert samples[1].data["reason"] == "action" and samples[1].data["decisions"] == [
        exercise.state.decisions[d].decision_id for d in exercise.state.decisions][:1]
    assert samples[-1].scenario_time == 6 * H
    state = project(exercise.loaded, exercise.events)
    assert state.metrics["hotline.answered"][-1] == (6 * H, samples[-1].data["metrics"]["answered"])
    assert "notification.pending" in state.metrics


def test_an_unstaffed_hotline_crosses_its_threshold_and_releases_the_consequence_once() -> None:
    exercise = rehearse(scenario(), [], clock=FakeClock())
    crossings = [e for e in model_events(exercise.events) if e.actor == "model:thresholds"]
    assert [c.data["crossing"] for c in crossings] == ["fired", "rearmed"] * (len(crossings) // 2) + \
        ["fired"] * (len(crossings) % 2)  # every crossing is recorded: callers pile up, hang up, pile up
    delivered = [e for e in exercise.events if e.kind is EventKind.inject_delivered
                 and e.data["inject"] == "bp03-hotline-jammed"]
    assert len(delivered) == 1
    jammed = exercise.state.injects["bp03-hotline-jammed"]
    assert (jammed.status, jammed.reason, jammed.event.actor) == ("delivered", "released", "model:thresholds")
    assert jammed.event.scenario_time == crossings[0].scenario_time < 7 * H


def test_a_hotline_staffed_in_time_needs_no_consequence() -> None:
    ready = MODELS.model_copy(update={"hotline": HotlineParams(setup_minutes=0)})  # lines already set up
    exercise = rehearse(scenario(ready), staffing(40, at=0), clock=FakeClock())
    jammed = exercise.state.injects["bp03-hotline-jammed"]
    assert (jammed.status, jammed.reason) == ("skipped", "not released")


def test_a_scenario_without_models_runs_none() -> None:
    exercise = rehearse(scenario(None), staffing(4), clock=FakeClock())
    assert model_events(exercise.events) == []


def test_same_seed_same_model_events_other_seed_other_events() -> None:
    def answered(seed: int) -> list[float]:
        exercise = rehearse(scenario(), staffing(3), clock=FakeClock(), seed=seed)
        return [e.data["metrics"]["offered"] for e in model_events(exercise.events) if e.actor == "model:hotline"]

    assert answered(1) == answered(1)
    assert answered(1) != answered(2)


def test_a_replay_of_the_log_records_the_same_model_events() -> None:
    """What `ttx whatif` stands on: the recorded log, replayed, makes the same model events."""
    recorded = rehearse(scenario(), staffing(3), clock=FakeClock())
    replayed = Exercise(scenario(), clock=FakeClock(), seed=recorded.seed)
    play(replayed, script_from_log(recorded.events))
    assert story(model_events(replayed.events)) == story(model_events(recorded.events))


def test_a_killed_run_with_models_resumes_to_the_same_log(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(recorder_module, "BATCH_SIZE", 7)
    loaded = scenario()
    expected = story(rehearse(loaded, staffing(2), clock=FakeClock()).events)
    for readings in (5, 23, 61):
        path = tmp_path / f"s{readings}.ttx"
        store = SessionStore.create(path, loaded)
        clock = DyingClock(readings)
        try:
            rehearse(loaded, staffing(2), clock=clock, log=store)
        except Crash:
            pass
        store.close()
        store = SessionStore.open(path, loaded)
        rehearse(loaded, staffing(2), clock=FakeClock(), log=store)
        assert story(store.events()) == expected
        store.close()


def test_a_retracted_staffing_decision_stops_counting_live_and_after_a_resume(tmp_path: Path) -> None:
    """The model reads the standing decisions from the projection: a retraction counts at once, and a
    resumed engine sees the same lines as the one that kept running."""
    from exercise_engine.engine import room
    from exercise_engine.engine.exercise import Exercise

    loaded = scenario()
    lines_by_hour = []
    for resume in (False, True):
        clock = FakeClock()
        store = SessionStore.create(tmp_path / f"resume-{resume}.ttx", loaded, clock=clock)
        exercise = Exercise(loaded, store, clock=clock)
        exercise.tick()
        logged = exercise.log_decision(staffing(20)[0], actor="table:victim-services")
        exercise.resume()
        clock.advance(30 * 60)  # 90 wall minutes play 12 story hours: 30 minutes are 4 hours
        exercise.tick()
        room.retract_decision(store, logged.data["decision_id"], "the call center is not ours to staff",
                              story_time=exercise.story_time, actor="facilitator")
        if resume:
            store.close()
            store = SessionStore.open(tmp_path / f"resume-{resume}.ttx", loaded, clock=clock)
            exercise = Exercise.from_log(loaded, store, clock=clock)
            exercise.resume()
        clock.advance(60 * 60)
        exercise.tick()
        lines_by_hour.append([(e.scenario_time, e.data["reason"], e.data.get("decisions"))
                              for e in model_events(exercise.events) if e.actor == "model:hotline"])
        store.close()
    assert lines_by_hour[0] == lines_by_hour[1]
    changes = [(time, decisions) for time, reason, decisions in lines_by_hour[0] if reason == "action"]
    assert [decisions for _, decisions in changes] == [[logged.data["decision_id"]], []]  # staffed, then not
    assert changes[1][0] > changes[0][0] and changes[1][0] % 60 == 0


# ---- with amendments and retractions: live, killed and resumed, replayed ------------------------

from hypothesis import given, settings, strategies as st  # noqa: E402

from exercise_engine.engine.script import Script, ScriptedRecord  # noqa: E402


def amended_script(lines: int, more: int, retract_teams: bool) -> Script:
    """Decisions first (so their ids do not depend on what follows), then an amendment and maybe a
    retraction naming them by the ids a first run gave them."""
    decisions = staffing(lines)
    first = rehearse(scenario(), decisions, clock=FakeClock())
    ids = [d.decision_id for d in sorted(first.state.decisions.values(), key=lambda d: d.number)]
    entries = [ScriptedRecord(float(d.scenario_time), EventKind.decision_logged, {"decision": d.model_dump(mode="json")},
                              "table:victim-services") for d in decisions]
    more_lines = Decision(table="victim-services", text=f"Now {lines + more} lines.", scenario_time=10 * 60,
                          actions=[Action(kind="staff_hotline", params={"lines": lines + more})])
    entries.append(ScriptedRecord(3 * H, EventKind.decision_amended,
                                  {"decision_id": ids[0], "decision": more_lines.model_dump(mode="json")},
                                  "facilitator", after_timeline=True))
    if retract_teams:
        entries.append(ScriptedRecord(4 * H, EventKind.decision_retracted, {"decision_id": ids[1], "reason": "stood down"},
                                      "table:victim-services", after_timeline=True))
    return Script(tuple(entries))


@settings(max_examples=6, deadline=None)
@given(lines=st.integers(0, 4), more=st.integers(1, 8), retract_teams=st.booleans(), readings=st.integers(4, 120))
def test_amended_and_retracted_actions_give_the_same_model_events_live_resumed_and_replayed(
        tmp_path_factory, lines, more, retract_teams, readings) -> None:
    loaded = scenario()
    script = amended_script(lines, more, retract_teams)
    whole = rehearse(loaded, script, clock=FakeClock())
    expected = story(model_events(whole.events))
    amended = [e for e in whole.events if e.kind is EventKind.decision_amended]
    assert amended and any(e.scenario_time == 3 * H + 60 and e.actor == "model:hotline" for e in model_events(whole.events))

    path = tmp_path_factory.mktemp("kill") / "s.ttx"
    store = SessionStore.create(path, loaded)
    try:
        rehearse(loaded, script, clock=DyingClock(readings), log=store)
    except Crash:
        pass
    store.close()
    store = SessionStore.open(path, loaded)
    rehearse(loaded, script, clock=FakeClock(), log=store)
    assert story(model_events(store.events())) == expected
    store.close()

    replayed = Exercise(loaded, clock=FakeClock(), seed=whole.seed)
    play(replayed, script_from_log(whole.events))
    assert story(model_events(replayed.events)) == expected
