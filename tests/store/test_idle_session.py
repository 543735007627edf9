"""Idle consoles do not work: a paused facilitator does not tick the engine, a table console does not read
the log; each only asks SQLite whether anything changed."""

from __future__ import annotations

from pathlib import Path

from exercise_engine.engine import room
from exercise_engine.engine.synthetic import loaded_scenario, make_inject, make_module
from exercise_engine.model.records import Decision
from exercise_engine.session.live import LiveSession, Role
from exercise_engine.session.opening import start_engine
from exercise_engine.store.session_store import SessionStore


def test_a_paused_facilitator_ticks_only_when_the_file_changed(tmp_path: Path) -> None:
    loaded = loaded_scenario([(make_module("m1", 0, 3600, 30), [make_inject("a", 0)])], scenario_id="idle")
    path = tmp_path / "idle.ttx"
    store = SessionStore.create(path, loaded)
    live = LiveSession.open_facilitator(store, clock=store._clock, holder="here",
                                        exercise_factory=lambda: start_engine(loaded, store, clock=store._clock))
    ticks = []
    real = live.exercise.tick
    live.exercise.tick = lambda: ticks.append(1) or real()  # type: ignore[method-assign]
    live.poll()
    assert len(ticks) == 1  # the first step looks: it opens the first module
    for _ in range(20):
        live.poll()
    assert len(ticks) == 1, "paused and nothing new: no tick"
    table = SessionStore.open(path)
    room.log_decision(table, Decision(table="steering", text="Open the FRC."), story_time=0, actor="table:steering")
    new = live.poll()
    assert len(ticks) == 2 and [e.kind.value for e in new] == ["decision_logged"]
    live.control("resume")
    for _ in range(3):
        live.poll()
    assert len(ticks) == 5, "running: every step ticks"
    table.close()
    live.close()


def test_an_idle_table_console_reads_the_log_only_when_the_file_changed(tmp_path: Path) -> None:
    loaded = loaded_scenario([(make_module("m1", 0, 3600, 30), [make_inject("a", 0)])], scenario_id="idle")
    path = tmp_path / "idle.ttx"
    SessionStore.create(path, loaded).close()
    store = SessionStore.open(path)
    live = LiveSession(store, Role("table", table="steering"))
    reads = []
    real = store.events
    store.events = lambda **kw: reads.append(1) or real(**kw)  # type: ignore[method-assign]
    live.poll()
    assert len(reads) == 1  # the first step looks
    for _ in range(20):
        live.poll()
    assert len(reads) == 1, "nothing new in the file: the log is not read"
    other = SessionStore.open(path)
    room.log_decision(other, Decision(table="steering", text="Open the FRC."), story_time=0, actor="table:steering")
    new = live.poll()
    assert len(reads) == 2 and [e.kind.value for e in new] == ["decision_logged"]
    other.close()
    live.close()
    store.close()
