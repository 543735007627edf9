"""A skipped inject can be put back on the timeline (`restore`): delivered at its time, or at once when
that has passed; the console's question for `next_module` is the engine's own answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from exercise_engine.engine.exercise import Exercise, ExerciseError
from exercise_engine.engine.projection import project
from exercise_engine.model.events import EventKind
from exercise_engine.store.session_store import SessionStore

from .helpers import FakeClock
from .test_exercise import H, scenario, settled


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(tmp_path: Path, clock: FakeClock):
    opened = SessionStore.create(tmp_path / "live.ttx", scenario(), clock=clock)
    yield opened
    opened.close()


@pytest.fixture
def live(store: SessionStore, clock: FakeClock) -> Exercise:
    exercise = Exercise(store.scenario(), store, clock=clock)
    exercise.tick()
    return exercise


def test_a_skipped_inject_put_back_is_delivered_when_the_clock_reaches_it(live) -> None:
    live.skip("b-day2")
    live.restore("b-day2")
    assert "b-day2" not in settled(live)
    assert any(e.kind is EventKind.inject_restored for e in live.events)
    live.next_module()
    assert settled(live)["b-day2"] == ("delivered", "scheduled")


def test_next_module_skips_what_it_said_and_a_put_back_inject_past_its_time_is_delivered_at_once(live) -> None:
    module, to_skip = live.skipped_by_next_module()
    assert module == "m2"
    live.next_module()
    assert {i for i, (status, _) in settled(live).items() if status == "skipped"} == {s.inject.id for s in to_skip}
    live.restore("a-call")
    assert settled(live)["a-call"][0] == "delivered"
    assert live.story_time == 24 * H  # delivered now; the clock did not go back


def test_only_a_skipped_inject_can_be_put_back_and_a_resume_sees_the_same(live, store, clock) -> None:
    with pytest.raises(ExerciseError, match="not skipped"):
        live.restore("a-first")
    live.skip("b-day2")
    live.restore("b-day2")
    resumed = Exercise.from_log(live.loaded, store, clock=clock)
    assert resumed.state.injects["b-day2"].status == "pending"
    assert project(live.loaded, store.events()).injects["b-day2"].status == "pending"
