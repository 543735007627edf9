"""Asking for the session file's write lock without waiting.

The engine writes from the session thread (ticks) and from controls. Waiting there for the store's
busy timeout and retries would stall the clock for up to a minute while another program (a backup or
sync tool) holds the file. So the engine only starts writing once a probe connection, which never
waits, got the write lock and gave it back; otherwise nothing is written (nothing is lost), and the
next step tries again. A lock held longer than a table's save takes is shown in the banner.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from ..store.session_store import SessionStore, is_busy

BUSY_GRACE_SECONDS = 0.5
"""A lock held this long is not a table's save finishing: the facilitator is told the file is locked."""


class WriteLock:
    """A probe connection on the session file that never waits for its lock."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._probe: sqlite3.Connection | None = None
        self._busy_since: float | None = None

    def free(self) -> bool:
        """Whether the write lock could be taken right now (it is given back at once)."""
        if self._probe is None:
            self._probe = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=rw", uri=True, timeout=0,
                                          isolation_level=None, check_same_thread=False)
        try:
            self._probe.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if is_busy(exc):
                if self._busy_since is None:
                    self._busy_since = time.monotonic()
                return False
            raise
        self._probe.execute("ROLLBACK")
        self._busy_since = None
        return True

    def busy_for_a_while(self) -> bool:
        """Whether the lock has been taken by someone else for longer than a save takes."""
        return self._busy_since is not None and time.monotonic() - self._busy_since >= BUSY_GRACE_SECONDS

    def close(self) -> None:
        if self._probe is not None:
            self._probe.close()
            self._probe = None


def busy_message(store: SessionStore) -> str:
    return (f"The session file {store.path} is locked by another program (a backup or sync tool?). The clock "
            "waits and nothing is lost; this console retries by itself and carries on once the file is free.")


def locked_message(store: SessionStore, exc: Exception) -> str:
    return (f"The session file {store.path} is busy or locked ({exc}). Retrying; if this persists, check that "
            "no other program (a backup or sync tool) holds the file.")
