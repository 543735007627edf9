"""A recorded session, turned into a script, plays back to the same log: the base of the what-if replay."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from exercise_engine.engine import room
from exercise_engine.engine.exercise import Exercise, ExerciseError
from exercise_engine.engine.rehearsal import rehearse
from exercise_engine.engine.room import RoomError
from exercise_engine.engine.script import ScriptedControl, ScriptedRecord, script_from_log
from exercise_engine.model.events import EventKind
from exercise_engine.model.records import Decision, Observation

from .helpers import FakeClock, story
from .test_properties import SETTINGS, TABLES, TAGS, scenarios

STEPS = ("tick", "tick", "decide", "decide", "amend", "retract", "observe", "speed", "pause", "resume", "hold",
         "release", "fire", "skip", "restore", "next_inject", "next_module")


@st.composite
def live_sessions(draw):
    loaded = draw(scenarios())
    steps = draw(st.lists(st.tuples(st.sampled_from(STEPS), st.integers(1, 900), st.integers(0, 99)),
                          min_size=1, max_size=30))
    return loaded, steps, draw(st.integers(0, 5)), draw(st.booleans())


def act(exercise: Exercise, clock: FakeClock, step: tuple[str, int, int]) -> None:
    """One moment of a live session: wall time passes, then the room or the facilitator acts."""
    action, seconds, pick = step
    clock.advance(seconds)
    decisions = list(exercise.state.decisions.values())
    pending = [s.inject.id for s in exercise.state.pending()]
    skipped = [s.inject.id for s in exercise.state.skipped() if s.reason == "facilitator"]
    try:
        if action == "decide":
            exercise.log_decision(Decision(table=TABLES[pick % 3], text=f"decided {pick}", tags=[TAGS[pick % 3]]),
                                  actor=f"table:{TABLES[pick % 3]}")
        elif action == "amend" and decisions:
            found = decisions[pick % len(decisions)]
            room.amend_decision(exercise.room, found.decision_id,
                                Decision(table=found.table, text=f"amended {pick}", tags=[TAGS[(pick + 1) % 3]]),
                                story_time=exercise.story_time, actor=f"table:{found.table}")
        elif action == "retract" and decisions:
            found = decisions[pick % len(decisions)]
            room.retract_decision(exercise.room, found.decision_id, "mistake", story_time=exercise.story_time,
                                  actor="facilitator")
        elif action == "observe":
            room.record_observation(exercise.room, Observation(text=f"seen {pick}", kind="strength"),
                                    story_time=exercise.story_time, actor="evaluator:E")
        elif action == "speed":
            exercise.set_speed([0.5, 1, 2, 10, 100][pick % 5])
        elif action in ("pause", "resume", "release", "next_inject", "next_module"):
            getattr(exercise, action)()
        elif action == "hold":
            exercise.hold()
        elif action in ("fire", "skip") and pending:
            getattr(exercise, action)(pending[pick % len(pending)])
        elif action == "restore" and skipped:
            exercise.restore(skipped[pick % len(skipped)])
    except (ExerciseError, RoomError):
        pass  # refused now: a script never holds what was refused
    exercise.tick()


@SETTINGS
@given(live_sessions())
def test_a_recorded_session_played_from_its_script_gives_the_same_log(case) -> None:
    loaded, steps, seed, ends = case
    clock = FakeClock()
    recorded = Exercise(loaded, None, clock=clock, seed=seed)
    recorded.resume()
    for step in steps:
        act(recorded, clock, step)
    if ends and recorded.phase != "ended":
        recorded.end()
    script = script_from_log(recorded.events)
    assert all(isinstance(e, (ScriptedRecord, ScriptedControl)) for e in script.entries)
    replayed = rehearse(loaded, script, clock=FakeClock())
    assert story(replayed.events, drop=()) == story(recorded.events, drop=())


def test_a_script_holds_the_rooms_records_and_the_controls_not_what_the_engine_made() -> None:
    from .test_exercise import scenario

    clock = FakeClock()
    exercise = Exercise(scenario(), None, clock=clock)
    exercise.resume()
    exercise.log_decision(Decision(table="steering", text="Open the FRC.", tags=["frc-opened"]), actor="table:steering")
    exercise.fire("b-day2")
    script = script_from_log(exercise.events)
    assert [(type(e).__name__, getattr(e, "action", getattr(e, "kind", None))) for e in script.entries] == [
        ("ScriptedControl", "resume"), ("ScriptedRecord", EventKind.decision_logged), ("ScriptedControl", "fire")]
    assert script.entries[2].args == ("b-day2",)
    assert "decision_id" not in script.entries[1].data  # numbered again when played
