"""The session file: durable appends, refusals that leave files untouched, join codes, lease, clock."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from exercise_engine.engine.synthetic import generate
from exercise_engine.model.events import EventKind
from exercise_engine.store.session_store import (
    JOIN_CODE_ALPHABET,
    ClockState,
    SessionError,
    SessionStore,
)

T0 = datetime(2027, 6, 19, 20, 40, tzinfo=timezone.utc)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def loaded():
    return generate(12, seed=3, scenario_id="cedar-falls")


@pytest.fixture
def session(tmp_path: Path, loaded):
    store = SessionStore.create(tmp_path / "s.ttx", loaded, clock=Clock())
    yield store
    store.close()


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_a_new_session_holds_the_scenario_and_opens_without_the_yaml(tmp_path: Path, loaded) -> None:
    store = SessionStore.create(tmp_path / "s.ttx", loaded, seed=7)
    store.close()
    reopened = SessionStore.open(tmp_path / "s.ttx")
    assert reopened.scenario().to_snapshot() == loaded.to_snapshot()
    [created] = reopened.events()
    assert created.kind is EventKind.session_created
    assert created.data["scenario_id"] == "cedar-falls" and created.data["seed"] == 7
    assert reopened.seed == 7
    reopened.close()


def test_join_codes_one_per_table_and_role_readable_and_distinct(session, loaded) -> None:
    codes = session.join_codes()
    tables = sorted(j.table for j in codes.values() if j.role == "table")
    assert tables == sorted(t.id for t in loaded.scenario.tables)
    assert sorted(j.role for j in codes.values() if j.role != "table") == ["evaluator", "facilitator", "projector"]
    assert all(len(code) == 6 and set(code) <= set(JOIN_CODE_ALPHABET) for code in codes)
    assert not set(JOIN_CODE_ALPHABET) & set("0O1IL2Z5S8B")


def test_an_acknowledged_append_is_readable_by_another_connection(session) -> None:
    event = session.append(EventKind.observation, {"observation": {"text": "ok"}}, scenario_time=60, actor="evaluator:a")
    other = SessionStore.open(session.path)
    assert [e.seq for e in other.events()] == [1, event.seq]
    assert other.events()[-1].same_story(event)
    other.close()


def test_a_decision_gets_its_own_seq_as_id(session) -> None:
    session.append(EventKind.observation, {"observation": {}}, scenario_time=0, actor="x")
    event = session.append(EventKind.decision_logged, {"decision": {"text": "t"}}, scenario_time=0, actor="table:a")
    assert event.data["decision_id"] == event.seq == 3
    assert session.events(after_seq=2)[0].data["decision_id"] == 3


def test_append_many_is_all_or_nothing(session) -> None:
    with pytest.raises(ValueError):
        session.append_many([(EventKind.observation, {}, 0.0, "x"), ("not-a-kind", {}, 0.0, "x")])  # type: ignore[list-item]
    assert session.last_seq() == 1
    written = session.append_many([(EventKind.observation, {"n": n}, float(n), "x") for n in range(3)])
    assert [e.seq for e in written] == [2, 3, 4]
    assert [e.data["n"] for e in session.events(after_seq=1)] == [0, 1, 2]


def test_events_filter_by_kind_and_seq(session) -> None:
    session.append(EventKind.clock_paused, {}, scenario_time=0, actor="facilitator")
    session.append(EventKind.clock_resumed, {}, scenario_time=0, actor="facilitator")
    assert [e.kind for e in session.events(kinds=[EventKind.clock_resumed])] == [EventKind.clock_resumed]
    assert session.events(kinds=[]) == []
    assert [e.seq for e in session.events(after_seq=2)] == [3]


def test_the_log_cannot_be_edited_or_deleted(session) -> None:
    raw = sqlite3.connect(session.path)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        raw.execute("UPDATE events SET actor = 'someone else'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        raw.execute("DELETE FROM events")
    raw.close()


def test_create_refuses_an_existing_file(tmp_path: Path, loaded) -> None:
    path = tmp_path / "s.ttx"
    path.write_text("my notes")
    with pytest.raises(SessionError, match="already exists"):
        SessionStore.create(path, loaded)
    assert path.read_text() == "my notes"


def test_create_in_a_missing_folder_says_so(tmp_path: Path, loaded) -> None:
    with pytest.raises(SessionError, match="does not exist"):
        SessionStore.create(tmp_path / "nope" / "s.ttx", loaded)


def test_opening_a_missing_file_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(SessionError, match="no such session file"):
        SessionStore.open(tmp_path / "missing.ttx")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("content", [b"", b"hello, this is text", b"SQLite format 3\x00" + b"\xff" * 4000])
def test_non_sqlite_or_damaged_files_are_refused_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.ttx"
    path.write_bytes(content)
    with pytest.raises(SessionError, match="not a session file|damaged"):
        SessionStore.open(path)
    assert _files(tmp_path) == {"x.ttx": content}


def test_a_damaged_session_is_refused_untouched(tmp_path: Path, loaded) -> None:
    SessionStore.create(tmp_path / "good.ttx", loaded).close()
    raw = (tmp_path / "good.ttx").read_bytes()
    damaged = raw[:100] + b"\x00" * 200 + raw[300:]
    (tmp_path / "good.ttx").unlink()
    (tmp_path / "bad.ttx").write_bytes(damaged)
    with pytest.raises(SessionError, match="damaged"):
        SessionStore.open(tmp_path / "bad.ttx")
    assert _files(tmp_path) == {"bad.ttx": damaged}


def test_a_foreign_sqlite_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "budget.db"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE lines (amount REAL)")
    raw.commit()
    raw.close()
    before = _files(tmp_path)
    with pytest.raises(SessionError, match="SQLite database but not a ttx session file"):
        SessionStore.open(path)
    assert _files(tmp_path) == before


@pytest.mark.parametrize("change, message", [
    ({"scenario_id": "another"}, "belongs to scenario 'cedar-falls' version 1, not 'another' version 1"),
    ({"version": "2"}, "belongs to scenario 'cedar-falls' version 1, not 'cedar-falls' version 2"),
])
def test_a_session_of_another_scenario_or_version_is_refused_untouched(tmp_path: Path, loaded, change, message) -> None:
    SessionStore.create(tmp_path / "s.ttx", loaded).close()
    before = _files(tmp_path)
    other = generate(12, seed=3, scenario_id=change.get("scenario_id", "cedar-falls"))
    if "version" in change:
        other = type(other)(path=other.path, scenario=other.scenario.model_copy(update={"version": change["version"]}),
                            profile=None, injects=other.injects, module_of=other.module_of, digest=other.digest)
    with pytest.raises(SessionError, match=message):
        SessionStore.open(tmp_path / "s.ttx", other)
    assert _files(tmp_path) == before


def test_a_session_of_a_changed_scenario_is_refused(tmp_path: Path, loaded) -> None:
    SessionStore.create(tmp_path / "s.ttx", loaded).close()
    edited = type(loaded)(path=loaded.path, scenario=loaded.scenario, profile=None, injects=loaded.injects,
                          module_of=loaded.module_of, digest="0" * 16)
    with pytest.raises(SessionError, match="different copy of scenario 'cedar-falls' version 1"):
        SessionStore.open(tmp_path / "s.ttx", edited)


def test_a_session_from_a_newer_ttx_is_refused_untouched(tmp_path: Path, loaded) -> None:
    SessionStore.create(tmp_path / "s.ttx", loaded).close()
    raw = sqlite3.connect(tmp_path / "s.ttx")
    raw.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    raw.commit()
    raw.close()
    before = _files(tmp_path)
    with pytest.raises(SessionError, match="newer version of ttx"):
        SessionStore.open(tmp_path / "s.ttx")
    assert _files(tmp_path) == before


def test_a_read_only_store_refuses_to_write(session) -> None:
    reader = SessionStore.open(session.path, read_only=True)
    assert reader.last_seq() == 1
    with pytest.raises(SessionError, match="read-only"):
        reader.append(EventKind.observation, {}, scenario_time=0, actor="x")
    reader.close()


def test_only_one_live_facilitator_holds_the_lease(tmp_path: Path, loaded) -> None:
    clock = Clock()
    first = SessionStore.create(tmp_path / "s.ttx", loaded, clock=clock)
    second = SessionStore.open(tmp_path / "s.ttx", clock=clock)
    assert first.acquire_facilitator_lease("laptop-a", ttl_seconds=10)
    assert not second.acquire_facilitator_lease("laptop-b", ttl_seconds=10)
    assert second.facilitator() == "laptop-a"
    clock.now += timedelta(seconds=8)
    assert first.renew_facilitator_lease("laptop-a")
    clock.now += timedelta(seconds=8)
    assert not second.acquire_facilitator_lease("laptop-b")  # renewed 8 s ago: still live
    clock.now += timedelta(seconds=5)
    assert second.acquire_facilitator_lease("laptop-b")  # expired: taken over
    assert not first.renew_facilitator_lease("laptop-a")
    second.release_facilitator_lease("laptop-b")
    assert second.facilitator() is None
    assert first.acquire_facilitator_lease("laptop-a")
    first.close()
    second.close()


def test_the_published_clock_extrapolates_and_stops(session) -> None:
    assert session.read_clock() is None
    clock = ClockState(story_time=600, wall_time=T0, running=True, speed=2.0, pace=6.0, module_id="m1", held=None,
                       phase="exercise", stop_at=1000)
    session.publish_clock(clock)
    read = SessionStore.open(session.path).read_clock()
    assert read == clock
    assert read.story_time_at(T0 + timedelta(seconds=10)) == 600 + 10 * 6 * 2
    assert read.story_time_at(T0 + timedelta(seconds=100)) == 1000
    paused = ClockState(600, T0, False, 1.0, 6.0, "m1", None, "exercise")
    assert paused.story_time_at(T0 + timedelta(hours=1)) == 600


def test_the_scenario_snapshot_holds_each_inject_once() -> None:
    from exercise_engine.loader import load_scenario
    from exercise_engine.loader.loaded import LoadedScenario

    loaded = load_scenario(Path(__file__).resolve().parents[2] / "scenarios" / "session-8-cedar-falls-founders-day.yaml")
    snapshot = loaded.to_snapshot()
    for inject in loaded.injects:
        assert snapshot.count(json.dumps(inject.narrative, ensure_ascii=False)) == 1, inject.id
    back = LoadedScenario.from_snapshot(snapshot)
    assert back.injects == loaded.injects and back.digest == loaded.digest
