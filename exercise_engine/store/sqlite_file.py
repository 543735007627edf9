"""The session file as SQLite sees it: its layout, how a console connects, how a row becomes an event.

`session_store.SessionStore` is everything else (opening, reading, writing, the lease, backups)."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

from ..model.events import Event, EventKind

SCHEMA_VERSION = 1
"""Bumped when the file layout changes; an older `ttx` refuses a newer file instead of damaging it."""
APPLICATION = "ttx-exercise-session"
"""Written into `meta` so that a random SQLite file is recognised as foreign."""
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000

SCHEMA = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    scenario_time REAL NOT NULL,
    wall_time TEXT NOT NULL,
    actor TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX events_kind ON events (kind, seq);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'the session log is append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'the session log is append-only'); END;
CREATE TABLE join_codes (code TEXT PRIMARY KEY, role TEXT NOT NULL, table_id TEXT);
CREATE TABLE clock (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    story_time REAL NOT NULL, wall_time TEXT NOT NULL, running INTEGER NOT NULL, speed REAL NOT NULL,
    pace REAL NOT NULL, module_id TEXT, held TEXT, phase TEXT NOT NULL, stop_at REAL, position REAL
);
CREATE TABLE lease (id INTEGER PRIMARY KEY CHECK (id = 1), holder TEXT, expires TEXT, ttl REAL);
PRAGMA user_version = {SCHEMA_VERSION};
"""


def connect_file(path: Path, *, read_only: bool) -> sqlite3.Connection:
    """Connect without ever creating a file.

    Read-only users still connect read-write when they can (and simply never write): a `mode=ro`
    connection to a WAL file leaves `-wal`/`-shm` files behind, a read-write one removes them on close.
    """
    def connect(mode: str) -> sqlite3.Connection:
        uri = f"{path.resolve().as_uri()}?mode={mode}"
        return sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False,
                               timeout=BUSY_TIMEOUT_MS / 1000)

    try:
        conn = connect("rw")
    except sqlite3.OperationalError:
        if not read_only:
            raise
        conn = connect("ro")
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if read_only:
        conn.execute("PRAGMA query_only = 1")
    return conn


def is_busy(exc: sqlite3.Error) -> bool:
    """Another connection holds the lock: retrying later helps (unlike a full disk or a damaged file)."""
    code = getattr(exc, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)  # extended codes too


def row_to_event(row: tuple[Any, ...]) -> Event:
    seq, kind, scenario_time, wall_time, actor, data = row
    return Event(seq, EventKind(kind), scenario_time, datetime.fromisoformat(wall_time), actor, json.loads(data))


def dump(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


