"""One SQLite file per exercise session: the append-only event log every console shares.

(The file's layout and connections are `sqlite_file.py`'s; join codes `join_codes.py`'s.)

Several processes (facilitator, table consoles, evaluators) read and write the same file, so the
database runs in WAL mode with `synchronous=FULL` (an acknowledged append survives `kill -9` and
power loss), every write takes the write lock up front (`BEGIN IMMEDIATE`) and waits for it
(`busy_timeout`, then a bounded retry), so "database is locked" never reaches a user.

Nothing is ever updated or deleted in `events` (triggers refuse it); amendments are new events.
The scenario snapshot lives in `meta`, so reports and consoles work without the YAML files.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from ..loader.loaded import LoadedScenario
from ..model.clock import Clock, ClockState, utc_now
from ..model.events import Event, EventKind, LogError, numbered
from .join_codes import JOIN_CODE_ALPHABET, JoinCode, new_join_codes
from .sqlite_file import APPLICATION, SCHEMA, SCHEMA_VERSION, SQLITE_HEADER, connect_file, dump, is_busy, row_to_event

RETRY_SECONDS = 60.0
"""How long a write keeps retrying on a busy database before giving up with a clear message."""

__all__ = ["JOIN_CODE_ALPHABET", "SQLITE_HEADER", "ClockState", "JoinCode", "SessionError", "SessionStore", "is_busy",
           "utc_now"]


class SessionError(LogError):
    """A problem with a session file, worded for the person running the exercise."""


class SessionStore:
    """An open session file. Safe to share between threads; one per process."""

    def __init__(self, path: Path, conn: sqlite3.Connection, clock: Clock, *, read_only: bool = False) -> None:
        self.path = path
        self._conn = conn
        self._clock = clock
        self._lock = threading.RLock()
        self._scenario: LoadedScenario | None = None
        self._has_position = False
        """The clock table has its `position` column (see `_clock_has_position`)."""
        self.read_only = read_only

    # ---- opening -------------------------------------------------------------------------------

    @classmethod
    def create(cls, path: str | os.PathLike[str], loaded: LoadedScenario, *, clock: Clock = utc_now,
               seed: int | None = None) -> SessionStore:
        """Start a new session file for `loaded`; refuses to touch an existing file."""
        path = Path(path)
        if path.exists():
            raise SessionError(f"{path} already exists; choose a new session file name (sessions are never overwritten)")
        if not path.parent.is_dir():
            raise SessionError(f"{path}: the folder {path.parent} does not exist")
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            raise SessionError(f"{path} already exists; choose a new session file name") from None
        except OSError as exc:
            raise SessionError(f"{path}: cannot create the session file ({exc.strerror})") from None
        os.close(fd)
        try:
            conn = connect_file(path, read_only=False)
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            store = cls(path, conn, clock)
            store._initialise(loaded, seed)
            store.checkpoint()  # the new file holds its scenario at once, not only its write-ahead log
        except BaseException:
            try:
                conn.close()  # type: ignore[possibly-undefined]
            except Exception:
                pass
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            raise
        store._scenario = loaded
        return store

    def _initialise(self, loaded: LoadedScenario, seed: int | None) -> None:
        scenario = loaded.scenario
        seed = scenario.seed if seed is None else seed
        codes = new_join_codes(loaded)
        meta = {
            "application": APPLICATION,
            "schema_version": str(SCHEMA_VERSION),
            "scenario_id": scenario.id,
            "scenario_version": scenario.version,
            "scenario_title": scenario.title,
            "digest": loaded.digest,
            "seed": str(seed),
            "created": self._clock().isoformat(),
            "snapshot": loaded.to_snapshot(),
        }
        created = {
            "scenario_id": scenario.id, "scenario_version": scenario.version, "scenario_title": scenario.title,
            "seed": seed, "digest": loaded.digest,
        }
        start = float(min((m.start for m in scenario.modules), default=0))
        with self._lock:
            self._conn.executescript(SCHEMA)
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                self._conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", meta.items())
                self._conn.executemany("INSERT INTO join_codes (code, role, table_id) VALUES (?, ?, ?)",
                                       [(c, j.role, j.table) for c, j in codes.items()])
                self._conn.execute(
                    "INSERT INTO events (seq, kind, scenario_time, wall_time, actor, data) VALUES (1, ?, ?, ?, ?, ?)",
                    (EventKind.session_created.value, start, self._clock().isoformat(), "engine", dump(created)))
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise

    @classmethod
    def open(cls, path: str | os.PathLike[str], loaded: LoadedScenario | None = None, *, clock: Clock = utc_now,
             read_only: bool = False) -> SessionStore:
        """Open an existing session; checks everything read-only before the first write.

        Refuses (SessionError, file untouched) a missing, non-SQLite, damaged or foreign file, a file
        from a newer `ttx`, and — when `loaded` is given — a session of another scenario id, version
        or content digest.
        """
        path = Path(path)
        if not path.exists():
            raise SessionError(f"{path}: no such session file")
        if not path.is_file():
            raise SessionError(f"{path} is not a file")
        try:
            with open(path, "rb") as handle:
                header = handle.read(len(SQLITE_HEADER))
        except OSError as exc:
            raise SessionError(f"{path}: cannot read the session file ({exc.strerror})") from None
        if header != SQLITE_HEADER:
            raise SessionError(f"{path} is not a session file (it is not a SQLite database)")
        meta = cls._read_meta(path)
        if meta.get("application") != APPLICATION:
            raise SessionError(f"{path} is a SQLite database but not a ttx session file")
        version = int(meta.get("schema_version", "0"))
        if version > SCHEMA_VERSION:
            raise SessionError(
                f"{path} was written by a newer version of ttx (session format {version}; this ttx reads "
                f"{SCHEMA_VERSION}); upgrade ttx to open it")
        if loaded is not None:
            cls._check_scenario(path, meta, loaded)
        try:
            conn = connect_file(path, read_only=read_only)
            if not read_only:
                conn.execute("PRAGMA synchronous = FULL")
        except sqlite3.Error as exc:
            raise SessionError(f"{path}: cannot open the session file ({exc})") from None
        store = cls(path, conn, clock, read_only=read_only)
        if loaded is not None:
            store._scenario = loaded
        return store

    @staticmethod
    def _read_meta(path: Path) -> dict[str, str]:
        conn = None
        try:
            conn = connect_file(path, read_only=True)
            names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not {"meta", "events"} <= names:
                return {}
            return {k: v for k, v in conn.execute(
                "SELECT key, value FROM meta WHERE key != 'snapshot'")}
        except sqlite3.DatabaseError as exc:
            raise SessionError(f"{path} is damaged or not a session file ({exc})") from None
        finally:
            if conn is not None:
                conn.close()

    @staticmethod
    def _check_scenario(path: Path, meta: dict[str, str], loaded: LoadedScenario) -> None:
        scenario = loaded.scenario
        theirs = f"{meta.get('scenario_id')!r} version {meta.get('scenario_version')}"
        ours = f"{scenario.id!r} version {scenario.version}"
        if meta.get("scenario_id") != scenario.id or meta.get("scenario_version") != scenario.version:
            raise SessionError(f"{path} belongs to scenario {theirs}, not {ours}; use a new session file")
        if meta.get("digest") != loaded.digest:
            raise SessionError(
                f"{path} was recorded with a different copy of scenario {ours} (its content has changed since); "
                "use a new session file, or the scenario files the session was recorded with")

    # ---- reading ------------------------------------------------------------------------------

    def meta(self) -> dict[str, str]:
        """Session facts: scenario id/version/title, digest, seed, created (snapshot left out)."""
        with self._lock:
            return {k: v for k, v in self._conn.execute("SELECT key, value FROM meta WHERE key != 'snapshot'")}

    @property
    def seed(self) -> int:
        return int(self.meta().get("seed", "0"))

    def scenario(self) -> LoadedScenario:
        """The scenario as it was when the session was created (from the stored snapshot)."""
        if self._scenario is None:
            with self._lock:
                row = self._conn.execute("SELECT value FROM meta WHERE key = 'snapshot'").fetchone()
            if row is None:
                raise SessionError(f"{self.path} has no scenario snapshot")
            self._scenario = LoadedScenario.from_snapshot(row[0])
        return self._scenario

    def events(self, after_seq: int = 0, kinds: Iterable[EventKind] | None = None) -> list[Event]:
        """Events with seq > after_seq, in order; optionally only some kinds."""
        sql = "SELECT seq, kind, scenario_time, wall_time, actor, data FROM events WHERE seq > ?"
        params: list[Any] = [after_seq]
        if kinds is not None:
            names = [EventKind(k).value for k in kinds]
            if not names:
                return []
            sql += f" AND kind IN ({','.join('?' * len(names))})"
            params += names
        sql += " ORDER BY seq"
        with self._lock:
            rows = self._read(sql, params)
        return [row_to_event(r) for r in rows]

    def event(self, seq: int) -> Event | None:
        with self._lock:
            rows = self._read("SELECT seq, kind, scenario_time, wall_time, actor, data FROM events WHERE seq = ?", [seq])
        return row_to_event(rows[0]) if rows else None

    def last_seq(self) -> int:
        with self._lock:
            rows = self._read("SELECT COALESCE(MAX(seq), 0) FROM events", [])
        return int(rows[0][0])

    def join_codes(self) -> dict[str, JoinCode]:
        with self._lock:
            rows = self._read("SELECT code, role, table_id FROM join_codes ORDER BY role, table_id", [])
        return {code: JoinCode(role, table) for code, role, table in rows}

    def read_clock(self) -> ClockState | None:
        with self._lock:
            position = "position" if self._clock_has_position() else "NULL"
            rows = self._read("SELECT story_time, wall_time, running, speed, pace, module_id, held, phase, stop_at, "
                              f"{position} FROM clock WHERE id = 1", [])
        if not rows:
            return None
        st, wall, running, speed, pace, module_id, held, phase, stop_at, at = rows[0]
        return ClockState(st, datetime.fromisoformat(wall), bool(running), speed, pace, module_id, held, phase, stop_at,
                          at)

    def _clock_has_position(self) -> bool:
        """Session files from before the run of show have no `position` column (added on first write;
        a column once there stays, so it is asked only until seen)."""
        if not self._has_position:
            columns = {row[1] for row in self._read("PRAGMA table_info(clock)", [])}
            self._has_position = "position" in columns
        return self._has_position

    def data_version(self) -> int:
        """Changes whenever another connection commits to the file: a cheap "anything new?"."""
        with self._lock:
            return int(self._read("PRAGMA data_version", [])[0][0])

    def _read(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        return self._retry(lambda: self._conn.execute(sql, params).fetchall())

    # ---- writing ------------------------------------------------------------------------------

    def append(self, kind: EventKind, data: dict[str, Any], *, scenario_time: float, actor: str,
               wall_time: datetime | None = None) -> Event:
        """Append one event and commit it before returning: an acknowledged event is durable."""
        return self.append_many([(kind, data, scenario_time, actor)], wall_time=wall_time)[0]

    def append_many(self, events: Iterable[tuple[EventKind, dict[str, Any], float, str]], *,
                    wall_time: datetime | None = None) -> list[Event]:
        """Append several events in one transaction (rehearsals): all are saved, or none."""
        batch = list(events)
        if not batch:
            return []
        stamp = wall_time or self._clock()
        return self._insert([
            Event(0, EventKind(kind), float(scenario_time), stamp, actor, data)
            for kind, data, scenario_time, actor in batch])

    def append_events(self, events: Sequence[Event]) -> list[Event]:
        """Append already-built events (their wall times kept, seqs reassigned) in one transaction."""
        return self._insert(list(events)) if events else []

    def _insert(self, events: list[Event]) -> list[Event]:
        """Number the events after the last seq (`numbered`: seqs, decision ids and numbers) and
        commit them together."""
        if self.read_only:
            raise SessionError(f"{self.path} was opened read-only")

        def write(conn: sqlite3.Connection) -> list[Event]:
            row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'events'").fetchone()
            count = conn.execute("SELECT COUNT(*) FROM events WHERE kind = 'decision_logged'").fetchone()[0]
            written = numbered(events, int(row[0]) if row else 0, int(count))
            conn.executemany(
                "INSERT INTO events (seq, kind, scenario_time, wall_time, actor, data) VALUES (?, ?, ?, ?, ?, ?)",
                [(e.seq, e.kind.value, float(e.scenario_time), e.wall_time.isoformat(), e.actor, dump(e.data))
                 for e in written])
            return written

        return self._transaction(write)

    def publish_clock(self, clock: ClockState) -> None:
        """Write the live clock row (facilitator only); consoles extrapolate it with `story_time_at`."""
        values = (clock.story_time, clock.wall_time.isoformat(), int(clock.running), clock.speed, clock.pace,
                  clock.module_id, clock.held, clock.phase, clock.stop_at, clock.position)

        def write(conn: sqlite3.Connection) -> None:
            if not self._clock_has_position():
                conn.execute("ALTER TABLE clock ADD COLUMN position REAL")
            conn.execute("INSERT OR REPLACE INTO clock (id, story_time, wall_time, running, speed, pace, module_id, "
                         "held, phase, stop_at, position) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", values)

        self._transaction(write)

    # ---- facilitator lease --------------------------------------------------------------------

    def acquire_facilitator_lease(self, holder: str, *, ttl_seconds: float = 10) -> bool:
        """Become the one facilitator driving the clock; False while another live holder has it."""
        now = self._clock()

        def take(conn: sqlite3.Connection) -> bool:
            row = conn.execute("SELECT holder, expires FROM lease WHERE id = 1").fetchone()
            if row and row[0] and row[0] != holder and datetime.fromisoformat(row[1]) > now:
                return False
            expires = (now + timedelta(seconds=ttl_seconds)).isoformat()
            conn.execute("INSERT OR REPLACE INTO lease (id, holder, expires, ttl) VALUES (1, ?, ?, ?)",
                         (holder, expires, ttl_seconds))
            return True

        return self._transaction(take, durable=False)

    def renew_facilitator_lease(self, holder: str) -> bool:
        """Extend the lease by its ttl; False if someone else holds it now (this holder lost it)."""
        now = self._clock()

        def renew(conn: sqlite3.Connection) -> bool:
            row = conn.execute("SELECT holder, expires, ttl FROM lease WHERE id = 1").fetchone()
            if not row or row[0] != holder:
                return False
            conn.execute("UPDATE lease SET expires = ? WHERE id = 1",
                         ((now + timedelta(seconds=row[2])).isoformat(),))
            return True

        return self._transaction(renew, durable=False)

    def release_facilitator_lease(self, holder: str) -> None:
        self._transaction(lambda conn: conn.execute(
            "UPDATE lease SET holder = NULL, expires = NULL WHERE id = 1 AND holder = ?", (holder,)) and None,
            durable=False)

    def facilitator(self) -> str | None:
        """The current live lease holder, if any."""
        with self._lock:
            rows = self._read("SELECT holder, expires FROM lease WHERE id = 1", [])
        if not rows or not rows[0][0] or datetime.fromisoformat(rows[0][1]) <= self._clock():
            return None
        return rows[0][0]

    # ---- plumbing -----------------------------------------------------------------------------

    def _write(self, sql: str, params: Sequence[Any]) -> None:
        self._transaction(lambda conn: conn.execute(sql, params) and None)

    def _transaction(self, body: Callable[[sqlite3.Connection], Any], *, durable: bool = True) -> Any:
        """Run `body` in a write transaction. Durable commits are synced to disk before returning;
        others (the lease: who is alive now) are not, so they cost no fsync."""
        if self.read_only:
            raise SessionError(f"{self.path} was opened read-only")

        def run() -> Any:
            conn = self._conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                result = body(conn)
                conn.execute("COMMIT")
                return result
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

        with self._lock:
            if durable:
                return self._retry(run)
            self._conn.execute("PRAGMA synchronous = NORMAL")
            try:
                return self._retry(run)
            finally:
                self._conn.execute("PRAGMA synchronous = FULL")

    # ---- keeping the file whole ---------------------------------------------------------------

    def checkpoint(self) -> None:
        """Copy what the write-ahead log holds into the session file itself, so that the `.ttx`
        alone (a USB copy, an e-mail attachment) is a readable, current session."""
        with self._lock:
            if self.read_only:
                return
            try:
                self._conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
            except sqlite3.OperationalError:
                return  # busy: the next one catches up

    def backup(self, destination: str | os.PathLike[str]) -> Path:
        """A consistent copy of this session, even while consoles write to it (SQLite's online backup)."""
        target = Path(destination)
        if target.is_dir():
            target = target / self.path.name
        if target.exists():
            raise SessionError(f"{target} already exists; choose another name (backups are never overwritten)")
        try:
            copy = sqlite3.connect(target)
        except sqlite3.Error as exc:
            raise SessionError(f"{target}: cannot create the copy ({exc})") from None
        try:
            with self._lock:
                self._conn.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")
        except sqlite3.Error as exc:
            copy.close()
            target.unlink(missing_ok=True)
            raise SessionError(f"{target}: the copy failed ({exc})") from None
        copy.close()
        return target

    def _retry(self, operation: Callable[[], Any]) -> Any:
        """Run `operation`, retrying while another process holds the write lock past busy_timeout."""
        deadline = time.monotonic() + RETRY_SECONDS
        delay = 0.01
        while True:
            try:
                return operation()
            except sqlite3.OperationalError as exc:
                if not is_busy(exc):
                    raise SessionError(f"{self.path}: {exc}") from None
                if time.monotonic() > deadline:
                    raise SessionError(
                        f"{self.path} stayed busy for over a minute (another program is holding it); nothing was "
                        "lost, try again") from None
                time.sleep(delay)
                delay = min(delay * 2, 0.5)
            except sqlite3.DatabaseError as exc:
                raise SessionError(f"{self.path} is damaged ({exc})") from None

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> SessionStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
