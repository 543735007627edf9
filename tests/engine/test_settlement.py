"""How the engine settles injects fast without a second rule: what a batch settles is what the log
says, inject views follow it, and the data deliveries share cannot be changed through one session."""

from __future__ import annotations

import pickle

import pytest

from exercise_engine.engine.exercise import Exercise
from exercise_engine.engine.projection import project
from exercise_engine.engine.rehearsal import play, rehearse
from exercise_engine.engine.synthetic import decisions as make_decisions
from exercise_engine.engine.synthetic import generate
from exercise_engine.model.events import EventKind

from .helpers import FakeClock


@pytest.fixture(scope="module")
def synthetic():
    """400 injects, a fifth of them conditional or contingency, with decisions that meet some conditions."""
    loaded = generate(400, seed=3, n_modules=4)
    return loaded, make_decisions(loaded, 150, seed=4)


def settled_seqs(state) -> dict[str, int]:
    return {key: event.seq for key, event in state.settled.items()}


def test_what_the_engine_settled_in_batches_is_what_its_log_says(synthetic) -> None:
    loaded, decisions = synthetic
    exercise = rehearse(loaded, decisions, clock=FakeClock())
    replayed = project(loaded, exercise.events)  # one event at a time, through `extend`
    assert settled_seqs(exercise.state) == settled_seqs(replayed)
    assert len(exercise.state.settled) == len(loaded.injects)
    kinds = {e.kind for e in exercise.events}
    assert EventKind.inject_skipped in kinds and EventKind.inject_delivered in kinds


def test_facilitator_controls_between_batches_settle_each_inject_once(synthetic) -> None:
    """Fired and skipped ahead of their time, then reached by the timeline: settled once, by the
    facilitator's event, and the batch for that instant settles the rest."""
    loaded, _ = synthetic
    clock = FakeClock()
    exercise = Exercise(loaded, None, clock=clock)
    exercise.tick()
    later = [i.id for i in loaded.injects if (i.time or 0) > 3600][:6]
    exercise.fire(later[0])
    exercise.skip(later[1])
    exercise.skip(later[2])
    exercise.restore(later[2])
    play(exercise, [])
    settled = exercise.state.settled
    assert settled[later[0]].data["reason"] == "fired" and settled[later[0]].actor == "facilitator"
    assert settled[later[1]].data["reason"] == "facilitator"
    assert settled[later[2]].actor == "engine"  # restored: the timeline settled it at its time
    settling = [e.data["inject"] for e in exercise.events
                if e.kind in (EventKind.inject_delivered, EventKind.inject_skipped)]
    restored_twice = {later[2]}  # skipped, restored, settled again
    assert all(settling.count(key) == 1 for key in settling if key not in restored_twice)
    assert settled_seqs(exercise.state) == settled_seqs(project(loaded, exercise.events))


def test_an_inject_view_follows_the_log(synthetic) -> None:
    loaded, decisions = synthetic
    exercise = Exercise(loaded, None, clock=FakeClock())
    first = loaded.injects[-1].id
    view = exercise.state.injects[first]  # held by a console before anything happened
    assert view.status == "pending" and view.event is None and view.reason == ""
    play(exercise, decisions)
    assert view is exercise.state.injects[first]
    assert view.status in ("delivered", "skipped") and view.event is exercise.state.settled[first]
    assert view.reason == view.event.data["reason"]
    assert [s.inject.id for s in exercise.state.pending()] == []


def test_no_session_can_change_the_data_another_shares(synthetic) -> None:
    loaded, decisions = synthetic
    one = rehearse(loaded, decisions, clock=FakeClock())
    other = rehearse(loaded, decisions, clock=FakeClock())
    delivered = next(e for e in one.events if e.kind is EventKind.inject_delivered and e.actor == "engine")
    before = dict(delivered.data)
    with pytest.raises(TypeError, match="read-only"):
        delivered.data["reason"] = "tampered"
    with pytest.raises(TypeError, match="read-only"):
        delivered.data.update(reason="tampered")
    twin = next(e for e in other.events if e.seq == delivered.seq)
    assert twin.data == before == delivered.data
    copy = pickle.loads(pickle.dumps(delivered))  # a Dask worker's copy, for instance
    assert copy == delivered and dict(copy.data) == before
    assert {**delivered.data, "reason": "x"}["reason"] == "x"  # a copy to change is a plain dict
