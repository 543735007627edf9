"""A console asks the engine a question (what `next_module` would skip) through the session, which holds
the engine while the session thread ticks it; a read-only console gets its notice, not a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from exercise_engine.engine.synthetic import loaded_scenario, make_inject, make_module
from exercise_engine.session.live import LiveSession, SessionProblem
from exercise_engine.session.opening import start_engine
from exercise_engine.store.session_store import SessionStore


def test_the_engine_answers_under_the_session_lock_and_a_read_only_console_is_told_why(tmp_path: Path) -> None:
    loaded = loaded_scenario([(make_module("m1", 0, 3600, 30), [make_inject("a", 0), make_inject("b", 1800)]),
                              (make_module("m2", 7200, 9000, 20), [make_inject("c", 7200)])], scenario_id="ask")
    store = SessionStore.create(tmp_path / "ask.ttx", loaded)

    def factory():
        return start_engine(loaded, store, clock=store._clock)

    live = LiveSession.open_facilitator(store, clock=store._clock, holder="here", exercise_factory=factory)
    live.poll()
    held = []
    real = live.exercise.skipped_by_next_module

    def answer():
        held.append(live._lock._is_owned())  # the question runs with the session's lock held
        return real()

    live.exercise.skipped_by_next_module = answer  # type: ignore[method-assign]
    module, skipped = live.ask("skipped_by_next_module")
    assert module == "m2" and [s.inject.id for s in skipped] == ["b"] and held == [True]
    other = LiveSession.open_facilitator(SessionStore.open(tmp_path / "ask.ttx"), clock=store._clock,
                                         holder="there", exercise_factory=factory)
    with pytest.raises(SessionProblem, match="read-only"):
        other.ask("skipped_by_next_module")
    other.close()
    live.close()
    store.close()
