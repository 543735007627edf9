"""A failed write never stops the exercise: the engine keeps its place, says so, and catches up."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from exercise_engine.engine.exercise import Exercise
from exercise_engine.store.session_store import SessionError, SessionStore

from .helpers import FakeClock, story
from .test_exercise import scenario


class FullDisk:
    """A session file on a disk that fills up and is freed again: every write the store is asked for
    fails as SQLite reports a full disk, until `free()`."""

    def __init__(self, store: SessionStore) -> None:
        self.full = False
        for name in ("append_events", "publish_clock"):
            real = getattr(store, name)
            setattr(store, name, self._guard(real))

    def _guard(self, real):
        def write(*args, **kwargs):
            if self.full:
                raise SessionError(f"{'the session file'}: database or disk is full")
            return real(*args, **kwargs)
        return write


def test_a_full_disk_delays_the_log_but_loses_no_place_and_no_event(tmp_path: Path) -> None:
    loaded = scenario()
    clock = FakeClock()
    store = SessionStore.create(tmp_path / "full.ttx", loaded, clock=clock)
    disk = FullDisk(store)
    exercise = Exercise(loaded, store, clock=clock)
    exercise.resume()
    clock.advance(7 * 60)
    exercise.tick()
    disk.full = True
    for _ in range(3):  # 21 wall minutes = 2 story hours while nothing can be written
        clock.advance(7 * 60)
        exercise.tick()
        assert exercise.unsaved and "not yet saved" in (exercise.problem or "")
        assert "disk is full" in exercise.problem
    assert exercise.state.injects["a-call"].status == "delivered"  # the room still got its inject
    assert store.last_seq() < exercise.state.last_seq
    pause_refused_to_disk = exercise.pause()  # a control on a full disk: done, kept, not a traceback
    assert pause_refused_to_disk is None and not exercise.running and exercise.unsaved
    disk.full = False
    exercise.resume()
    for _ in range(4):
        clock.advance(7 * 60)
        exercise.tick()
    assert exercise.unsaved == 0 and exercise.problem is None
    written = store.events()
    assert [e.seq for e in written] == list(range(1, len(written) + 1))
    delivered = [e.data["inject"] for e in written if e.kind.value == "inject_delivered"]
    assert len(delivered) == len(set(delivered)), "nothing delivered twice"
    assert story(written) == story(exercise.events), "the file holds exactly what the room saw"


def test_a_control_is_written_in_one_transaction_with_what_it_did(tmp_path: Path) -> None:
    loaded = scenario()
    clock = FakeClock()
    store = SessionStore.create(tmp_path / "one.ttx", loaded, clock=clock)
    exercise = Exercise(loaded, store, clock=clock)
    exercise.tick()
    commits = []
    real = store.append_events
    store.append_events = lambda events: commits.append([e.kind.value for e in events]) or real(events)  # type: ignore[method-assign]
    exercise.next_module()
    assert commits == [["control", "inject_skipped", "inject_skipped", "inject_skipped", "inject_skipped",
                        "clock_jumped", "module_started", "inject_delivered"]]


def test_the_session_file_alone_is_a_readable_session(tmp_path: Path) -> None:
    """A USB copy of the .ttx (without its -wal) is readable: new files and checkpoints write it through."""
    loaded = scenario()
    path = tmp_path / "copy-me.ttx"
    store = SessionStore.create(path, loaded)
    copy = tmp_path / "usb.ttx"
    copy.write_bytes(path.read_bytes())
    assert SessionStore.open(copy, loaded).events()[0].kind.value == "session_created"
    exercise = Exercise(loaded, store, clock=FakeClock())
    exercise.tick()
    store.checkpoint()
    later = tmp_path / "usb-later.ttx"
    later.write_bytes(path.read_bytes())
    with sqlite3.connect(later) as conn:
        kinds = [k for (k,) in conn.execute("SELECT kind FROM events ORDER BY seq")]
    assert "module_started" in kinds
    backup = store.backup(tmp_path / "backup.ttx")
    assert story(SessionStore.open(backup, loaded).events()) == story(store.events())
    store.close()
