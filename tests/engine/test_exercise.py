"""The runtime as a facilitator drives it: pacing, controls, conditions, other consoles' decisions."""

from __future__ import annotations

from pathlib import Path

import pytest

from exercise_engine.engine import room
from exercise_engine.engine.exercise import Exercise, ExerciseError
from exercise_engine.engine.rehearsal import play
from exercise_engine.engine.projection import project
from exercise_engine.engine.synthetic import loaded_scenario, make_inject, make_module
from exercise_engine.model.events import EventKind
from exercise_engine.model.inject import Condition, InjectType
from exercise_engine.model.records import Decision, Observation
from exercise_engine.store.session_store import SessionStore

from .helpers import FakeClock

H = 3600


def scenario():
    """Two modules: the first hours (6 h of story in 60 min: pace 6), day two (24 h in 48 min: pace 30)."""
    first = make_module("m1", 0, 6 * H, 60)
    second = make_module("m2", 24 * H, 48 * H, 48)
    return loaded_scenario([
        (first, [
            make_inject("a-first", 0),
            make_inject("a-call", 30 * 60, to=["steering"]),
            make_inject("a-follow", 1 * H, type=InjectType.conditional,
                        condition=Condition(when="logged", tags=["frc-opened"])),
            make_inject("a-nudge", 2 * H, type=InjectType.contingency,
                        condition=Condition(when="missing", tags=["notification-team-assigned"], table="victim-services")),
            make_inject("a-late-check", 3 * H, type=InjectType.contingency,
                        condition=Condition(when="missing", tags=["fac-planned"], by=5 * H)),
        ]),
        (second, [make_inject("b-day2", 24 * H), make_inject("b-day2-later", 30 * H)]),
    ], scenario_id="unit")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def live(tmp_path: Path, clock: FakeClock):
    loaded = scenario()
    store = SessionStore.create(tmp_path / "live.ttx", loaded, clock=clock)
    exercise = Exercise(loaded, store, clock=clock)
    exercise.tick()
    yield exercise
    store.close()


def settled(exercise: Exercise) -> dict[str, tuple[str, str]]:
    return {i: (s.status, s.reason) for i, s in exercise.state.injects.items() if s.status != "pending"}


def test_a_new_exercise_opens_the_first_module_and_waits_for_the_facilitator(live, clock) -> None:
    assert live.module == "m1" and live.story_time == 0 and not live.running
    assert settled(live) == {"a-first": ("delivered", "scheduled")}
    clock.advance(600)
    live.tick()
    assert live.story_time == 0  # paused until the facilitator starts the clock


def test_story_time_follows_wall_time_times_pace_and_speed(live, clock) -> None:
    live.resume()
    clock.advance(60)
    live.tick()
    assert live.story_time == 60 * 6
    live.set_speed(2)
    clock.advance(120)
    live.tick()
    assert live.story_time == 360 + 120 * 6 * 2 == 30 * 60  # exactly the call's time: it is delivered
    assert settled(live)["a-call"] == ("delivered", "scheduled")
    assert live.log.read_clock().story_time == live.story_time


def test_crossing_into_the_next_module_changes_the_pace(live, clock) -> None:
    live.resume()
    clock.advance(59 * 60)  # 1 minute of the plan left in m1 = 6 story minutes
    live.tick()
    assert live.story_time == 59 * 60 * 6
    clock.advance(2 * 60)  # 1 minute finishes m1, the next minute runs at m2's pace from its start
    live.tick()
    assert live.module == "m2"
    assert live.story_time == pytest.approx(24 * H + 60 * 30)


def test_pause_stops_the_clock_and_resume_does_not_count_the_pause(live, clock) -> None:
    live.resume()
    clock.advance(10)
    live.pause()
    clock.advance(3600)
    live.tick()
    assert live.story_time == 60
    live.resume()
    clock.advance(10)
    live.tick()
    assert live.story_time == 120
    kinds = [e.kind for e in live.events if e.actor == "facilitator" and e.kind is not EventKind.control]
    assert kinds == [EventKind.clock_resumed, EventKind.clock_paused, EventKind.clock_resumed]


@pytest.mark.parametrize("factor", [0.4, 100.5, 0, -1, float("nan"), float("inf")])
def test_speeds_outside_half_to_a_hundred_are_refused(live, factor) -> None:
    with pytest.raises(ValueError, match=r"speed must be between ×0.5 and ×100"):
        live.set_speed(factor)


def test_speed_limits_themselves_are_allowed(live) -> None:
    live.set_speed(0.5)
    live.set_speed(100)
    assert live.speed == 100
    assert [e.data["speed"] for e in live.events if e.kind is EventKind.speed_changed] == [0.5, 100.0]


def test_hold_stops_the_clock_at_the_inject_until_released(live, clock) -> None:
    assert live.hold() == "a-call"
    live.resume()
    clock.advance(3600)
    live.tick()
    assert live.story_time == 30 * 60
    assert settled(live)["a-call"] == ("delivered", "scheduled")
    assert live.state.held == "a-call"
    clock.advance(600)
    live.tick()
    assert live.story_time == 30 * 60  # discussion continues, the story waits
    live.release()
    clock.advance(10)
    live.tick()
    assert live.story_time == 30 * 60 + 60
    assert live.state.held is None


def test_next_inject_jumps_the_clock_and_delivers(live) -> None:
    assert live.next_inject() == "a-call"
    assert live.story_time == 30 * 60
    assert settled(live)["a-call"] == ("delivered", "scheduled")
    jump = [e for e in live.events if e.kind is EventKind.clock_jumped][-1]
    assert jump.data == {"from": 0.0, "to": 1800.0, "target": "inject", "ref": "a-call"}


def test_next_module_skips_the_rest_of_the_module(live) -> None:
    assert live.next_module() == "m2"
    assert live.module == "m2" and live.story_time == 24 * H
    assert settled(live)["a-nudge"] == ("skipped", "facilitator")
    assert settled(live)["b-day2"] == ("delivered", "scheduled")
    with pytest.raises(ExerciseError, match="last module"):
        live.next_module()


def test_fire_early_and_skip(live) -> None:
    live.fire("a-nudge")
    live.skip("b-day2")
    assert settled(live)["a-nudge"] == ("delivered", "fired")
    assert settled(live)["b-day2"] == ("skipped", "facilitator")
    with pytest.raises(ExerciseError, match="already delivered"):
        live.fire("a-nudge")
    with pytest.raises(ExerciseError, match="no inject 'nope'"):
        live.skip("nope")
    live.next_module()
    assert [e.data["inject"] for e in live.events if e.kind is EventKind.inject_delivered].count("b-day2") == 0


def test_hotwash_skips_what_was_not_reached_and_end_closes_the_session(live) -> None:
    live.resume()
    live.start_hotwash()
    assert live.phase == "hotwash" and not live.running
    assert all(s.status != "pending" for s in live.state.injects.values())
    with pytest.raises(ExerciseError, match="hotwash phase"):
        live.fire("b-day2")
    live.end()
    assert live.phase == "ended"
    with pytest.raises(ExerciseError, match="already ended"):
        live.end()


def test_conditions_read_decisions_other_consoles_wrote(live, clock, tmp_path) -> None:
    table = SessionStore.open(live.log.path, clock=clock)
    room.log_decision(table, Decision(table="steering", text="Open the FRC at the high school.", tags=["frc-opened"]),
                      story_time=10 * 60, actor="table:steering")
    room.log_decision(table, Decision(table="steering", text="Notify families (wrong table).",
                                      tags=["notification-team-assigned"]), story_time=10 * 60, actor="table:steering")
    live.resume()
    clock.advance(3 * 60 * 60)
    live.tick()
    assert settled(live)["a-follow"] == ("delivered", "scheduled")   # logged → the follow-up comes
    assert settled(live)["a-nudge"] == ("delivered", "released")     # missing at victim-services → released
    table.close()


def test_a_retracted_decision_no_longer_counts(live, clock) -> None:
    logged = room.log_decision(live.log, Decision(table="steering", text="Open the FRC.", tags=["frc-opened"]),
                               story_time=0, actor="table:steering")
    room.retract_decision(live.log, logged.seq, "logged by mistake", story_time=0, actor="table:steering")
    live.next_inject()
    live.next_inject()
    assert settled(live)["a-follow"] == ("skipped", "condition")


def test_a_contingency_waits_until_its_by_time(live) -> None:
    room.log_decision(live.log, Decision(table="financial", text="Plan the FAC.", tags=["fac-planned"]),
                      story_time=4 * H, actor="table:financial")
    while "a-late-check" not in settled(live):
        live.next_inject()
    assert settled(live)["a-late-check"] == ("skipped", "condition")  # logged by T+5h: no nudge needed
    skipped = live.state.injects["a-late-check"].event
    assert skipped.scenario_time == 5 * H


def test_the_engine_state_is_the_projection_of_its_log(live, clock) -> None:
    live.resume()
    for _ in range(30):
        clock.advance(300)
        live.tick()
    fresh = project(live.loaded, live.log.events())
    assert {k: (v.status, v.reason, v.event.seq if v.event else None) for k, v in fresh.injects.items()} == \
        {k: (v.status, v.reason, v.event.seq if v.event else None) for k, v in live.state.injects.items()}
    assert (fresh.module_id, fresh.running, fresh.speed, fresh.phase, fresh.last_seq) == \
        (live.state.module_id, live.state.running, live.state.speed, live.state.phase, live.state.last_seq)


def test_resume_rebuilds_the_clock_and_carries_on(tmp_path, clock) -> None:
    loaded = scenario()
    store = SessionStore.create(tmp_path / "s.ttx", loaded, clock=clock)
    first = Exercise(loaded, store, clock=clock)
    first.resume()  # the first control settles T+0 as a tick would
    first.set_speed(4)
    first.hold("a-nudge")
    clock.advance(10 * 60)
    first.tick()
    held_at = first.story_time
    store.close()  # the facilitator's laptop dies here

    store = SessionStore.open(tmp_path / "s.ttx", loaded, clock=clock)
    again = Exercise.from_log(loaded, store, clock=clock)
    assert (again.story_time, again.speed, again.running, again.state.held, again.module) == (held_at, 4, True, "a-nudge", "m1")
    assert settled(again) == settled(first)
    assert again.events[-1].kind is EventKind.session_resumed
    store.close()


def test_a_fresh_exercise_refuses_a_session_with_history(live, clock) -> None:
    live.resume()
    with pytest.raises(ExerciseError, match="resume it"):
        Exercise(live.loaded, live.log, clock=clock)


def test_in_memory_rehearsal_delivers_or_skips_everything(clock) -> None:
    loaded = scenario()
    exercise = Exercise(loaded, None, clock=clock)
    play(exercise, [Decision(table="steering", text="FRC", tags=["frc-opened"], scenario_time=20 * 60)])
    assert all(s.status != "pending" for s in exercise.state.injects.values())
    assert exercise.phase == "ended"
    assert settled(exercise)["a-follow"] == ("delivered", "scheduled")


def test_a_decision_scripted_at_an_injects_time_counts_for_it(clock) -> None:
    loaded = loaded_scenario([(make_module("m1", 0, H, 30), [
        make_inject("a-now", 0, type=InjectType.conditional, condition=Condition(when="logged", tags=["frc-opened"])),
    ])], scenario_id="same-time")
    exercise = Exercise(loaded, None, clock=clock)
    play(exercise, [Decision(table="steering", text="Open the FRC.", tags=["frc-opened"], scenario_time=0)])
    assert settled(exercise)["a-now"] == ("delivered", "scheduled")


def test_a_console_writing_while_the_engine_writes_keeps_the_log_in_order(live, clock) -> None:
    table = SessionStore.open(live.log.path, clock=clock)
    real_clock = live._clock
    raced: list[int] = []

    def clock_with_a_console_racing() -> object:
        if len(raced) < 3:  # a table saves a decision just before the engine's append
            raced.append(room.log_decision(table, Decision(table="steering", text="FRC", tags=["frc-opened"]),
                                           story_time=live.story_time, actor="table:steering").seq)
        return real_clock()

    live._clock = live.recorder._clock = clock_with_a_console_racing  # the engine reads the wall clock per call
    live.next_inject()
    live._clock = live.recorder._clock = real_clock
    assert raced
    assert [e.seq for e in live.events] == list(range(1, live.log.last_seq() + 1))
    assert sorted(live.state.decisions) == raced
    fresh = project(live.loaded, live.log.events())
    assert fresh.last_seq == live.state.last_seq and set(fresh.decisions) == set(live.state.decisions)
    table.close()


def test_a_rehearsal_batch_racing_another_writer_stays_consistent(tmp_path, clock, monkeypatch) -> None:
    from exercise_engine.engine import recorder as recorder_module

    monkeypatch.setattr(recorder_module, "BATCH_SIZE", 3)
    crowded = [make_inject(f"c-{n}", H) for n in range(10)]  # batches fill up within one story instant
    loaded = loaded_scenario([(make_module("m1", 0, 6 * H, 60), [
        make_inject("a-follow", 2 * H, type=InjectType.conditional, condition=Condition(when="logged", tags=["frc-opened"])),
        *crowded])], scenario_id="crowded")
    store = SessionStore.create(tmp_path / "s.ttx", loaded, clock=clock)
    other = SessionStore.open(store.path, clock=clock)
    real_append = store.append_events

    def racing(events):
        room.record_observation(other, Observation(kind="strength", text="Calm briefing."), story_time=0,
                                actor="evaluator:kim")
        return real_append(events)

    store.append_events = racing  # type: ignore[method-assign]
    exercise = Exercise(loaded, store, clock=clock)
    state = exercise.state
    play(exercise, [Decision(table="steering", text="FRC", tags=["frc-opened"], scenario_time=20 * 60)])
    assert exercise.state is state, "consoles keep a reference to the engine's state"
    fresh = project(loaded, store.events())
    assert fresh.last_seq == state.last_seq == store.last_seq()
    assert [e.seq for e in state.events] == [e.seq for e in fresh.events] == list(range(1, fresh.last_seq + 1))
    assert {k: (v.status, v.event.seq) for k, v in fresh.injects.items()} == \
        {k: (v.status, v.event.seq) for k, v in state.injects.items()}
    assert list(fresh.decisions) == list(state.decisions) and len(state.observations) > 1
    assert settled(exercise)["a-follow"] == ("delivered", "scheduled")
    other.close()
    store.close()


def test_conditions_count_the_tags_of_a_decisions_current_version(live, clock) -> None:
    """A facilitator marks an expected action met by amending the decision: the amended tags count,
    and a tag taken off no longer does."""
    marked = room.log_decision(live.log, Decision(table="victim-services", text="Pairs of advocates and officers."),
                               story_time=10 * 60, actor="table:victim-services")
    room.amend_decision(live.log, marked.seq, Decision(table="victim-services", text="Pairs of advocates and officers.",
                                                         tags=["notification-team-assigned"]),
                        story_time=20 * 60, actor="facilitator")
    unmarked = room.log_decision(live.log, Decision(table="steering", text="FRC at the school.", tags=["frc-opened"]),
                                 story_time=10 * 60, actor="table:steering")
    room.amend_decision(live.log, unmarked.seq, Decision(table="steering", text="FRC at the school."),
                        story_time=20 * 60, actor="facilitator")
    while "a-nudge" not in settled(live):
        live.next_inject()
    assert settled(live)["a-follow"] == ("skipped", "condition")   # the tag was taken off again
    assert settled(live)["a-nudge"] == ("skipped", "condition")    # the facilitator's mark counts


def test_the_clock_is_written_about_once_a_second_while_running_and_never_while_paused(tmp_path, clock) -> None:
    """A paused console writes nothing (no fsync through a 3-hour exercise's breaks); a running one
    writes the clock's position about once a second, and at once whenever its course changes."""
    loaded = scenario()
    store = SessionStore.create(tmp_path / "quiet.ttx", loaded, clock=clock)
    exercise = Exercise(loaded, store, clock=clock)
    exercise.tick()
    written = []
    real = store.publish_clock
    store.publish_clock = lambda state: written.append(state) or real(state)  # type: ignore[method-assign]
    for _ in range(1200):  # a minute of ticks, 20 a second, paused
        clock.advance(0.05)
        exercise.tick()
    assert written == []
    exercise.resume()
    assert len(written) == 1 and written[0].running  # the course changed: published at once
    for _ in range(1200):
        clock.advance(0.05)
        exercise.tick()
    assert 55 <= len(written) <= 62
    exercise.pause()
    assert not written[-1].running and written[-1].story_time == exercise.story_time
    before = len(written)
    for _ in range(200):
        clock.advance(0.05)
        exercise.tick()
    assert len(written) == before
    assert store.read_clock().story_time == exercise.story_time  # a resume starts exactly here
    store.close()
