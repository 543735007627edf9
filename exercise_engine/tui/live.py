"""What one console sees of a session: the store, its projection, the clock and, for the facilitator, the engine.

Only the facilitator console holds an `Exercise` and moves the clock. Every other console reads the
store (new events applied to a projection) and the clock row the facilitator publishes, and writes
room input straight to the store through `engine.room`. Screens talk to this object, never to SQLite.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from ..engine import room
from ..engine.projection import SessionState, project
from ..model.events import Event, EventKind
from ..model.records import Decision, Feedback, HotwashNote, ImprovementItem, Observation, Rating
from ..store.session_store import ClockState, SessionError, SessionStore

if TYPE_CHECKING:
    from ..engine.exercise import Exercise
    from ..loader.loaded import LoadedScenario

Clock = Callable[[], datetime]

TICK_SECONDS = 0.25
"""How often the facilitator's engine advances the clock (and publishes it) when nothing else happens."""


BUSY_GRACE_SECONDS = 0.5
"""A lock held this long is not a table's save finishing: the facilitator is told the file is locked."""
CONTROL_WAIT_SECONDS = 0.3
"""How long a facilitator key (pause, next inject…) waits for the write lock before saying it is locked."""


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class SessionProblem(Exception):
    """The session file cannot be used right now; the message is for the person at the console."""

    def __init__(self, message: str, *, lasting: bool) -> None:
        super().__init__(message)
        self.lasting = lasting
        """True when retrying will not help (the file is gone); False for a lock that may clear."""


@dataclass(frozen=True)
class ClockView:
    """Everything a header or projector needs to draw the clock, computed once per tick."""

    story_time: float
    running: bool
    speed: float
    held: str | None
    phase: str
    module_id: str | None
    wall_elapsed: float
    """Wall seconds since the exercise started (first module), for "elapsed vs plan"."""
    planned_minutes: int
    live: bool
    """False until a facilitator has published a clock (read-only consoles then show the log's time)."""


@dataclass(frozen=True)
class Role:
    """Who this console is: facilitator, table, evaluator or projector (plus table id / evaluator name)."""

    kind: str
    table: str | None = None
    name: str = ""

    @property
    def actor(self) -> str:
        if self.kind == "table":
            return f"table:{self.table}"
        if self.kind == "evaluator":
            return f"evaluator:{self.name or 'evaluator'}"
        return self.kind


class LiveSession:
    """A session as one console uses it; `poll()` is called from a Textual timer."""

    def __init__(self, store: SessionStore, role: Role, *, clock: Clock = utc_now,
                 exercise: Exercise | None = None, lease_holder: str | None = None, notice: str = "") -> None:
        self.store = store
        self.role = role
        self.clock = clock
        self.exercise = exercise
        self.lease_holder = lease_holder
        self.notice = notice
        """Shown once in the console (e.g. "another facilitator console is running: read-only")."""
        self.loaded: LoadedScenario = exercise.state.scenario if exercise is not None else store.scenario()
        self.state: SessionState = exercise.state if exercise is not None else project(self.loaded, store.events())
        self._clock_row: ClockState | None = None if exercise is not None else store.read_clock()
        self._lease_renewed_at: datetime | None = None
        self._ticked_at = float("-inf")
        self._takeover: tuple[Callable[[], Exercise], str] | None = None
        """A read-only facilitator's way to become the facilitator when the lease frees up."""
        self._takeover_tried_at = float("-inf")
        self._writer_store: SessionStore | None = None
        self._writer_lock = threading.Lock()
        self._probe: sqlite3.Connection | None = None
        """Asks for the write lock without waiting (see `_write_lock_free`)."""
        self._busy_since: float | None = None
        self._seen_seq = self.state.last_seq
        """The last event screens were told about (controls append events between polls)."""

    # -- opening ------------------------------------------------------------------------------------------
    @classmethod
    def open_facilitator(cls, store: SessionStore, *, clock: Clock, exercise_factory: Callable[[], Exercise],
                         holder: str) -> LiveSession:
        """Take the facilitator lease and start the engine; without the lease open read-only."""
        role = Role("facilitator")
        if store.acquire_facilitator_lease(holder):
            return cls(store, role, clock=clock, exercise=exercise_factory(), lease_holder=holder)
        live = cls(store, role, clock=clock, notice=(
            "Another facilitator console is running this session: this one is read-only. It takes over "
            "the clock by itself if the other one quits (or, after a crash, within ten seconds)."))
        live._takeover = (exercise_factory, holder)
        return live

    @property
    def read_only(self) -> bool:
        """Read-only for the engine: this console cannot move the clock or deliver injects."""
        return self.exercise is None

    # -- reading ------------------------------------------------------------------------------------------
    def poll(self) -> list[Event]:
        """Bring the projection up to date; returns the new events. Raises SessionProblem."""
        self._check_file()
        try:
            if self.exercise is not None:
                # Tick (which publishes the clock, a durable write) a few times a second, or at once when
                # another console has written something: others' decisions show here without delay.
                now = time.monotonic()
                if now - self._ticked_at >= TICK_SECONDS or self.store.last_seq() > self.state.last_seq:
                    if self._write_lock_free():
                        self._ticked_at = now
                        self.exercise.tick()
                        self._renew_lease()
                    else:
                        self._busy_for_a_while()
            else:
                for event in self.store.events(after_seq=self.state.last_seq):
                    self.state.apply(event)
                self._clock_row = self.store.read_clock()
                self._try_takeover()
        except sqlite3.OperationalError as exc:
            raise SessionProblem(_locked_message(self.store, exc), lasting=False) from None
        except (sqlite3.DatabaseError, SessionError, OSError) as exc:
            raise SessionProblem(f"The session file {self.store.path} cannot be read: {exc}", lasting=True) from None
        if self.state.last_seq <= self._seen_seq:
            return []
        new = [e for e in self.state.events if e.seq > self._seen_seq]
        self._seen_seq = self.state.last_seq
        return new

    def _check_file(self) -> None:
        # SQLite keeps writing to a deleted file's inode on Linux: check so nothing is silently lost.
        if not self.store.path.exists():
            raise SessionProblem(
                f"The session file {self.store.path} has disappeared (moved or deleted). Nothing more can be "
                "saved until it is back. Put the file back, or quit and start again with --session.",
                lasting=True)

    def _try_takeover(self) -> None:
        """A read-only facilitator console takes the clock once no live facilitator holds it."""
        now = time.monotonic()
        if self._takeover is None or now - self._takeover_tried_at < 1.0:
            return
        self._takeover_tried_at = now
        if not self._write_lock_free():
            return
        factory, holder = self._takeover
        if self.store.acquire_facilitator_lease(holder):
            self.exercise = factory()
            self.state = self.exercise.state
            self.lease_holder = holder
            self._takeover = None
            self.notice = ""

    def _renew_lease(self) -> None:
        now = self.clock()
        if not self.lease_holder or (self._lease_renewed_at is not None
                                     and (now - self._lease_renewed_at).total_seconds() < 2):
            return
        self._lease_renewed_at = now
        if self.store.renew_facilitator_lease(self.lease_holder) or self.store.acquire_facilitator_lease(self.lease_holder):
            return
        # This console stalled (a laptop asleep) long enough for another facilitator console to take over:
        # two engines must never run one session, so this one steps down to read-only.
        self.exercise = None
        self.lease_holder = None
        self.notice = ("Another facilitator console has taken over the clock: this one is now read-only. "
                       "Quit it, or use the other console.")
        raise SessionProblem(self.notice, lasting=False)

    # -- the write lock ----------------------------------------------------------------------------------
    # The engine writes on the UI thread (ticks, controls). Waiting there for the store's busy timeout and
    # retries would freeze the console for up to a minute while another program (a backup or sync tool)
    # holds the file. So the engine only starts writing once a probe connection, which never waits, got
    # the write lock and gave it back; otherwise nothing is written (nothing is lost), and the next timer
    # tick tries again. A lock held longer than a table's save takes is shown in the banner.

    def _write_lock_free(self) -> bool:
        if self._probe is None:
            self._probe = sqlite3.connect(f"{self.store.path.resolve().as_uri()}?mode=rw", uri=True, timeout=0,
                                          isolation_level=None, check_same_thread=False)
        try:
            self._probe.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc).lower() or "busy" in str(exc).lower():
                return False
            raise
        self._probe.execute("ROLLBACK")
        self._busy_since = None
        return True

    def _busy_for_a_while(self) -> None:
        """Skip this tick quietly; raise SessionProblem once the file has been locked past the grace time."""
        now = time.monotonic()
        if self._busy_since is None:
            self._busy_since = now
        if now - self._busy_since >= BUSY_GRACE_SECONDS:
            raise SessionProblem(_busy_message(self.store), lasting=False)

    def _check_writable(self, *, wait: float = 0.0) -> None:
        """Raise SessionProblem if the write lock does not come free within `wait` seconds."""
        deadline = time.monotonic() + wait
        while not self._write_lock_free():
            if time.monotonic() >= deadline:
                raise SessionProblem(_busy_message(self.store), lasting=False)
            time.sleep(0.02)

    def story_time(self) -> float:
        """Now, in story seconds: the engine's time, or the published clock extrapolated."""
        if self.exercise is not None:
            return float(self.exercise.story_time)
        row = self._clock_row
        if row is None:
            return float(self.state.story_time)
        return float(row.story_time_at(self.clock()) if row.running and row.phase == "exercise" else row.story_time)

    def clock_view(self) -> ClockView:
        s, row = self.state, self._clock_row
        live = self.exercise is not None or row is not None
        if self.exercise is None and row is not None:
            running, speed, held, phase, module = row.running, row.speed, row.held, row.phase, row.module_id
        else:
            running, speed, held, phase, module = s.running, s.speed, s.held, s.phase, s.module_id
        return ClockView(story_time=self.story_time(), running=running, speed=speed, held=held, phase=phase,
                         module_id=module, wall_elapsed=self._wall_elapsed(), planned_minutes=self.loaded.planned_minutes,
                         live=live)

    def _wall_elapsed(self) -> float:
        started = next((e for e in self.state.events if e.kind == EventKind.module_started), None)
        if started is None:
            return 0.0
        end = next((e for e in reversed(self.state.events) if e.kind == EventKind.exercise_ended), None)
        until = end.wall_time if end is not None else self.clock()
        return max(0.0, (_aware(until) - _aware(started.wall_time)).total_seconds())

    # -- engine controls (facilitator) -------------------------------------------------------------------
    def control(self, action: str, *args: Any) -> None:
        """Call an engine control (pause, resume, set_speed, next_inject, …); no-op when read-only."""
        if self.exercise is None:
            raise SessionProblem(self.notice or "This console is read-only.", lasting=False)
        self._check_file()
        try:
            self._check_writable(wait=CONTROL_WAIT_SECONDS)
            getattr(self.exercise, action)(*args)
        except sqlite3.OperationalError as exc:
            raise SessionProblem(_locked_message(self.store, exc), lasting=False) from None

    def close(self) -> None:
        """Pause the clock (so the session resumes where it stopped), give up the lease, close the file.

        If another program holds the file, quit at once anyway: the lease expires by itself, and a resumed
        session's clock starts from where it was last published."""
        try:
            if self.exercise is not None and self.store.path.exists():
                self._check_writable(wait=1.0)
                if self.state.running and self.state.phase == "exercise":
                    self.exercise.pause()  # the engine logs it and publishes the stopped clock
            if self.lease_holder:
                self.store.release_facilitator_lease(self.lease_holder)
        except (sqlite3.Error, SessionError, SessionProblem, OSError):
            pass
        finally:
            if self._probe is not None:
                self._probe.close()
            self.store.close()
            if self._writer_store is not None:
                self._writer_store.close()

    # -- room input (any console; committed before return) ----------------------------------------------
    def _writer(self) -> SessionStore:
        """A second connection for room input, so a save waiting on a busy file never blocks reading."""
        with self._writer_lock:
            if self._writer_store is None:
                self._writer_store = SessionStore.open(self.store.path, clock=self.clock)
            return self._writer_store

    def _write(self, fn: Callable[..., Event], *args: Any) -> Event:
        """Commit one room record (safe to call from a worker thread); returns the durable event."""
        self._check_file()
        try:
            event = fn(self._writer(), *args, story_time=self.story_time(), actor=self.role.actor)
        except sqlite3.OperationalError as exc:
            raise SessionProblem(_locked_message(self.store, exc), lasting=False) from None
        except (sqlite3.DatabaseError, SessionError, OSError) as exc:
            raise SessionProblem(f"Could not save to {self.store.path}: {exc}", lasting=True) from None
        return event

    def log_decision(self, decision: Decision) -> Event:
        return self._write(room.log_decision, decision)

    def amend_decision(self, decision_id: int, decision: Decision) -> Event:
        return self._write(room.amend_decision, decision_id, decision)

    def retract_decision(self, decision_id: int, reason: str) -> Event:
        return self._write(room.retract_decision, decision_id, reason)

    def record_observation(self, observation: Observation) -> Event:
        return self._write(room.record_observation, observation)

    def record_rating(self, rating: Rating) -> Event:
        return self._write(room.record_rating, rating)

    def record_hotwash_note(self, note: HotwashNote) -> Event:
        return self._write(room.record_hotwash_note, note)

    def record_feedback(self, feedback: Feedback) -> Event:
        return self._write(room.record_feedback, feedback)

    def set_improvement_item(self, item: ImprovementItem) -> Event:
        return self._write(room.set_improvement_item, item)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)


def _busy_message(store: SessionStore) -> str:
    return (f"The session file {store.path} is locked by another program (a backup or sync tool?). The clock "
            "waits and nothing is lost; this console retries by itself and carries on once the file is free.")


def _locked_message(store: SessionStore, exc: Exception) -> str:
    return (f"The session file {store.path} is busy or locked ({exc}). Retrying; if this persists, check that "
            "no other program (a backup or sync tool) holds the file.")
