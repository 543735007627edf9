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


def test_one_rule_for_answered_the_facilitators_tracker_and_the_report_agree() -> None:
    """An inject to named tables is owed by each until it answers; a question to `all` is answered
    once any table has answered it. The response tracker and the report read the same rule."""
    from exercise_engine.report.evidence import Evidence
    from exercise_engine.report.inject_answers import inject_answers
    from exercise_engine.tui.widgets.response_tracker import response_rows

    exercise = Exercise(scenario(), None, clock=FakeClock())
    exercise.next_inject()  # a-call, to steering only; a-first (to all) was delivered at T+0
    state = exercise.state
    assert state.owing(state.injects["a-first"].inject) == [t.id for t in exercise.loaded.scenario.tables]
    assert state.owing(state.injects["a-call"].inject) == ["steering"]
    exercise.log_decision(Decision(table="financial", text="We answer the room's question.", inject="a-first"),
                          actor="table:financial")
    assert state.owing(state.injects["a-first"].inject) == []
    assert state.owing(state.injects["a-call"].inject) == ["steering"]
    rows = {inject: cells for inject, _, cells in response_rows(state)}
    assert rows["a-first"]["financial"].startswith("✓") and rows["a-first"]["steering"] == ""
    assert rows["a-call"]["steering"] == "—" and set(rows["a-call"].values()) == {"—", ""}
    report = inject_answers(Evidence(project(exercise.loaded, exercise.events)))
    assert report["a-first"].unanswered == [] and report["a-call"].unanswered == ["steering"]


def test_decisions_are_numbered_one_two_three_in_the_order_saved(tmp_path: Path) -> None:
    loaded = scenario()
    store = SessionStore.create(tmp_path / "n.ttx", loaded)
    exercise = Exercise(loaded, store, clock=FakeClock())
    exercise.tick()
    first = room.log_decision(store, Decision(table="steering", text="one"), story_time=0, actor="table:steering")
    exercise.tick()
    second = exercise.log_decision(Decision(table="financial", text="two"), actor="table:financial")
    third = room.log_decision(store, Decision(table="steering", text="three"), story_time=0, actor="table:steering")
    state = project(loaded, store.events())
    assert [first.data["number"], second.data["number"], third.data["number"]] == [1, 2, 3]
    assert [d.number for d in state.decisions.values()] == [1, 2, 3]
    assert first.seq > 1 and first.data["decision_id"] == first.seq  # the internal key stays the seq
    store.close()
