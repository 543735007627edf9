"""The projection consoles and reports read: decisions with history, what each table has seen."""

from __future__ import annotations

from pathlib import Path

from exercise_engine.engine import room
from exercise_engine.engine.exercise import Exercise
from exercise_engine.engine.rehearsal import play
from exercise_engine.engine.projection import SessionState, project
from exercise_engine.model.records import (
    Decision,
    Feedback,
    HotwashNote,
    ImprovementItem,
    Observation,
    Rating,
)
from exercise_engine.store.session_store import SessionStore

from .helpers import FakeClock
from .test_exercise import scenario


def test_amend_and_retract_keep_every_version(tmp_path: Path) -> None:
    loaded = scenario()
    store = SessionStore.create(tmp_path / "s.ttx", loaded)
    logged = room.log_decision(store, Decision(table="steering", text="Open the FRC at the library.", practices=[4]),
                               story_time=600, actor="table:steering")
    room.amend_decision(store, logged.seq, Decision(table="steering", text="Open the FRC at the high school.",
                                                    practices=[4, 5]), story_time=900, actor="table:steering")
    other = room.log_decision(store, Decision(table="financial", text="Open a fund.", practices=[9]),
                              story_time=950, actor="table:financial")
    room.retract_decision(store, other.seq, "the foundation will do it", story_time=960, actor="table:financial")
    state = project(loaded, store.events())
    decision = state.decisions[logged.seq]
    assert [d.text for _, d in decision.versions] == ["Open the FRC at the library.", "Open the FRC at the high school."]
    assert decision.current.scenario_time == 600  # an amendment keeps when it was decided
    assert decision.status == "amended" and decision.logged.seq == logged.seq
    assert state.decisions[other.seq].status == "retracted"
    assert state.decisions[other.seq].retracted.data["reason"] == "the foundation will do it"
    assert [d.decision_id for d in state.active_decisions()] == [logged.seq]
    assert state.practices_covered() == {4, 5}
    store.close()


def test_each_table_sees_only_what_was_delivered_to_it_in_delivery_order(tmp_path: Path) -> None:
    loaded = scenario()
    clock = FakeClock()
    exercise = Exercise(loaded, None, clock=clock)
    exercise.fire("b-day2")
    exercise.next_inject()  # a-call, addressed to steering only
    state = project(loaded, exercise.events)
    assert [s.inject.id for s in state.delivered()] == ["a-first", "b-day2", "a-call"]
    assert [s.inject.id for s in state.delivered("steering")] == ["a-first", "b-day2", "a-call"]
    assert [s.inject.id for s in state.delivered("financial")] == ["a-first", "b-day2"]
    assert "a-nudge" in [s.inject.id for s in state.pending()]


def test_evaluator_and_hotwash_records_and_the_latest_improvement_item(tmp_path: Path) -> None:
    loaded = scenario()
    store = SessionStore.create(tmp_path / "s.ttx", loaded)
    room.record_observation(store, Observation(kind="strength", text="Fast FRC.", practice=4), story_time=0,
                            actor="evaluator:kim")
    room.record_rating(store, Rating(objective="obj-1", rating="S", evaluator="kim"), story_time=0, actor="evaluator:kim")
    room.record_hotwash_note(store, HotwashNote(source="steering", kind="improvement", text="Contacts out of date."),
                             story_time=0, actor="facilitator")
    room.record_feedback(store, Feedback(table="financial", ratings={"realistic": 5}), story_time=0, actor="table:financial")
    room.set_improvement_item(store, ImprovementItem(item_id="ip-1", area="Contact list"), story_time=0, actor="facilitator")
    room.set_improvement_item(store, ImprovementItem(item_id="ip-1", area="Contact list", poc="OEM"), story_time=0,
                              actor="facilitator")
    state = project(loaded, store.events())
    assert state.observations[0][1].text == "Fast FRC."
    assert state.ratings[0][1].rating.value == "S"
    assert state.hotwash_notes[0][1].text == "Contacts out of date."
    assert state.feedback[0][1].ratings == {"realistic": 5}
    assert state.improvement_items["ip-1"].poc == "OEM"
    store.close()


def test_incremental_apply_equals_projecting_the_whole_log_and_ignores_repeats(tmp_path: Path) -> None:
    loaded = scenario()
    exercise = Exercise(loaded, None, clock=FakeClock())
    play(exercise, [Decision(table="steering", text="FRC", tags=["frc-opened"], scenario_time=600)])
    events = exercise.events
    state = SessionState(scenario=loaded)
    for start in range(0, len(events), 3):
        state.extend(events[: start + 3])  # consoles may re-read overlapping pages
    whole = project(loaded, events)
    assert state.last_seq == whole.last_seq == len(events)
    assert [e.seq for e in state.events] == [e.seq for e in whole.events]
    assert {k: (v.status, v.reason) for k, v in state.injects.items()} == \
        {k: (v.status, v.reason) for k, v in whole.injects.items()}
    assert state.phase == "ended"


def test_events_the_engine_builds_are_what_the_store_reads_back(tmp_path) -> None:
    from exercise_engine.store.session_store import SessionStore

    loaded = scenario()
    store = SessionStore.create(tmp_path / "s.ttx", loaded, clock=FakeClock())
    exercise = Exercise(loaded, store, clock=FakeClock())
    play(exercise)
    assert store.events() == exercise.events
    store.close()
