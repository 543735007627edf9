"""The consequence-model hook, through its one real model: the family hotline."""

from __future__ import annotations

from pathlib import Path

from exercise_engine.engine import recorder as recorder_module
from exercise_engine.engine.consequence import HotlineModel
from exercise_engine.engine.rehearsal import rehearse
from exercise_engine.engine.synthetic import loaded_scenario, make_inject, make_module
from exercise_engine.model.events import EventKind
from exercise_engine.model.inject import Condition, InjectType
from exercise_engine.model.records import Action, Decision
from exercise_engine.store.session_store import SessionStore

from .helpers import Crash, DyingClock, FakeClock, story

H = 3600


def scenario():
    return loaded_scenario([(make_module("m1", 0, 12 * H, 90), [
        make_inject("s8-first-call", 0),
        make_inject("bp03-hotline-jammed", 10 * H, type=InjectType.contingency,
                    condition=Condition(when="logged", tags=["hotline-overwhelmed"])),
    ])], scenario_id="hotline")


def staffing(lines: int) -> list[Decision]:
    return [Decision(table="victim-services", text=f"Staff the family hotline with {lines} lines.", scenario_time=0,
                     practices=[3], actions=[Action(kind="staff_hotline", params={"lines": lines})])]


def hotline_events(events):
    return [e for e in events if e.kind is EventKind.model_event]


def test_unstaffed_hotline_is_overwhelmed_and_releases_the_contingency() -> None:
    model = HotlineModel(overwhelmed_inject="bp03-hotline-jammed")
    exercise = rehearse(scenario(), [], clock=FakeClock(), models=[model])
    first = hotline_events(exercise.events)[0]
    assert first.actor == "model:hotline" and first.scenario_time == H
    assert first.data["lines"] == 0 and first.data["answered"] == 0 and first.data["calls"] > 0
    jammed = exercise.state.injects["bp03-hotline-jammed"]
    assert (jammed.status, jammed.reason, jammed.event.scenario_time) == ("delivered", "released", H)
    assert jammed.event.actor == "model:hotline"


def test_a_staffed_hotline_answers_calls_and_needs_no_nudge() -> None:
    model = HotlineModel(overwhelmed_inject="bp03-hotline-jammed")
    exercise = rehearse(scenario(), staffing(20), clock=FakeClock(), models=[model])
    hours = hotline_events(exercise.events)
    assert [e.data["hour"] for e in hours] == list(range(1, 13))
    assert all(e.data["lines"] == 20 and e.data["answered"] == e.data["calls"] for e in hours)
    jammed = exercise.state.injects["bp03-hotline-jammed"]
    assert (jammed.status, jammed.reason) == ("skipped", "condition")


def test_the_model_is_reproducible_from_the_seed() -> None:
    def calls(seed: int) -> list[int]:
        exercise = rehearse(scenario(), staffing(3), clock=FakeClock(), seed=seed, models=[HotlineModel()])
        return [e.data["calls"] for e in hotline_events(exercise.events)]

    assert calls(1) == calls(1)
    assert calls(1) != calls(2)


def test_a_killed_run_with_a_model_resumes_to_the_same_log(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(recorder_module, "BATCH_SIZE", 3)
    loaded = scenario()
    expected = story(rehearse(loaded, staffing(2), clock=FakeClock(), models=[HotlineModel()]).events)
    for readings in (3, 7, 12):
        path = tmp_path / f"s{readings}.ttx"
        store = SessionStore.create(path, loaded)
        clock = DyingClock(readings)
        real_append = store.append_events

        def append_unless_dead(events, clock=clock, real_append=real_append):
            if clock.dead:
                raise Crash()
            return real_append(events)

        store.append_events = append_unless_dead  # type: ignore[method-assign]
        try:
            rehearse(loaded, staffing(2), clock=clock, log=store, models=[HotlineModel()])
        except Crash:
            pass
        store.close()
        store = SessionStore.open(path, loaded)
        rehearse(loaded, staffing(2), clock=FakeClock(), log=store, models=[HotlineModel()])
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
        exercise = Exercise(loaded, store, clock=clock, models=[HotlineModel()])
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
            exercise = Exercise.from_log(loaded, store, clock=clock, models=[HotlineModel()])
            exercise.resume()
        clock.advance(60 * 60)
        exercise.tick()
        lines_by_hour.append([(e.data["hour"], e.data["lines"]) for e in hotline_events(exercise.events)])
        store.close()
    assert lines_by_hour[0] == lines_by_hour[1]
    assert lines_by_hour[0][:4] == [(1, 20), (2, 20), (3, 20), (4, 20)]
    assert all(lines == 0 for hour, lines in lines_by_hour[0] if hour > 4)
