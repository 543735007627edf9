"""What one console sees of a session: its projection, the clock and, for the facilitator, the engine.

Only the facilitator console holds an `Exercise` and moves the clock. Every other console reads the
log (new events applied to a projection) and the clock row the facilitator publishes, and writes
room input straight to the session file through `engine.room`. Consoles talk to this object, never
to SQLite.

The session's work (ticking the engine, writing, reading the file, renewing the lease) runs on a
background thread of its own when `threaded` (the consoles), so that the console's screen never
waits for the disk; the thread hands new events over through a queue, and `poll()` (called on the
console's own thread) folds them into `state`, which only the console touches. Without `threaded`
(tests, scripts), `poll()` does the same work itself.
"""

from __future__ import annotations

import queue
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from ..engine import room
from ..engine.exercise import Exercise, ExerciseError
from ..engine.projection import SessionState, project
from ..engine.show import ShowStatus
from ..loader.loaded import LoadedScenario
from ..model.clock import Clock, ClockState, utc_now
from ..model.consequences import action_problems
from ..model.events import Event, EventKind
from ..model.records import Decision, Feedback, HotwashNote, ImprovementItem, Observation, Rating
from ..store.session_store import SessionError, SessionStore
from .lease import FacilitatorLease
from .write_lock import WriteLock, busy_message, locked_message


STEP_SECONDS = 0.05
"""How often the session thread ticks the engine (or reads the log) when nothing wakes it sooner."""
CONTROL_WAIT_SECONDS = 0.3
"""How long a facilitator key (pause, next inject…) waits for the write lock before saying it is locked."""
CHECKPOINT_SECONDS = 30.0
"""How stale the session file itself may get behind its write-ahead log while the room writes."""



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


_RESET = object()
"""Put on the inbox when the engine rebuilt its projection: the console re-projects the whole log."""


class LiveSession:
    """A session as one console uses it; `poll()` is called from the console's timer."""

    def __init__(self, store: SessionStore, role: Role, *, clock: Clock = utc_now,
                 exercise: Exercise | None = None, lease: FacilitatorLease | None = None, notice: str = "",
                 threaded: bool = False) -> None:
        self.store = store
        self.role = role
        self.clock = clock
        self.exercise = exercise
        self.lease = lease
        self.notice = notice
        """Shown in the console (e.g. "another facilitator console is running: read-only")."""
        self.loaded: LoadedScenario = exercise.loaded if exercise is not None else store.scenario()
        events = list(exercise.events) if exercise is not None else store.events()
        self.state: SessionState = project(self.loaded, events)
        """The console's own projection (only the console's thread touches it)."""
        self.problem: SessionProblem | None = None
        """What is wrong with the session file right now (shown until it clears)."""
        self.notify: Callable[[], None] | None = None
        """Called from the session thread when there is news for `poll()` (e.g. post a message)."""
        self._clock_row: ClockState | None = exercise.clock_state() if exercise is not None else store.read_clock()
        self.show_status: ShowStatus | None = exercise.run_of_show() if exercise is not None else None
        """The facilitator engine's run of show (where the room is against the plan), taken with the
        clock at each step (and once now: a paused session's steps may find nothing to do); None on a
        read-only console."""
        self._read_seq = self.state.last_seq
        """The session thread's position: the last event handed to the console."""
        self._generation = exercise.recorder.generation if exercise is not None else 0
        self._inbox: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._news: list[Event] = []
        """Applied to `state`, not yet reported by `poll()`."""
        self._lock = threading.RLock()
        """Held by whoever drives the engine or the store's reading side (the session thread, a control)."""
        self._write_lock = WriteLock(store.path)
        self._takeover: Callable[[], Exercise] | None = None
        """A read-only facilitator's way to become the facilitator when the lease frees up."""
        self._takeover_tried_at = float("-inf")
        self._writer_store: SessionStore | None = None
        self._writer_guard = threading.Lock()
        self._data_version: int | None = None
        """SQLite's count of other connections' commits, as last seen (see `_file_changed`)."""
        self._wall_span: tuple[list[Event] | None, int, datetime | None, datetime | None] = (None, -1, None, None)
        """(the log and how much of it was seen, first module's start, the end): the exercise's wall time."""
        self._checkpointed_seq = self.state.last_seq
        self._checkpointed_at = time.monotonic()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        if threaded:
            self._thread = threading.Thread(target=self._run, name="ttx-session", daemon=True)
            self._thread.start()

    # -- opening ------------------------------------------------------------------------------------------
    @classmethod
    def open_facilitator(cls, store: SessionStore, *, clock: Clock, exercise_factory: Callable[[], Exercise],
                         holder: str, threaded: bool = False) -> LiveSession:
        """Take the facilitator lease and start the engine; without the lease open read-only."""
        role = Role("facilitator")
        lease = FacilitatorLease(store, holder, clock)
        if lease.acquire():
            return cls(store, role, clock=clock, exercise=exercise_factory(), lease=lease, threaded=threaded)
        live = cls(store, role, clock=clock, lease=lease, threaded=False, notice=(
            "Another facilitator console is running this session: this one is read-only. It takes over "
            "the clock by itself if the other one quits (or, after a crash, within ten seconds)."))
        live._takeover = exercise_factory
        if threaded:
            live._thread = threading.Thread(target=live._run, name="ttx-session", daemon=True)
            live._thread.start()
        return live

    @property
    def read_only(self) -> bool:
        """Read-only for the engine: this console cannot move the clock or deliver injects."""
        return self.exercise is None

    @property
    def unsaved(self) -> int:
        """Events the engine applied that are not yet in the file (a write failed; it is retried)."""
        exercise = self.exercise
        return exercise.unsaved if exercise is not None else 0

    # -- the console's side -------------------------------------------------------------------------------
    def poll(self) -> list[Event]:
        """Bring the console's projection up to date; returns the new events. While the file cannot
        be used, `problem` says why (and the exercise goes on where it can)."""
        if self._thread is None:
            with self._lock:
                self._step()
        self._drain()
        news, self._news = self._news, []
        return news

    def _drain(self) -> None:
        """Fold what the session thread handed over into the console's projection."""
        while True:
            try:
                item = self._inbox.get_nowait()
            except queue.Empty:
                return
            if item is _RESET:  # the log was re-read in its own order: start the projection afresh
                self.state = project(self.loaded, [])
                self._news = []
                continue
            for event in item:
                if event.seq > self.state.last_seq:
                    self.state.apply(event)
                    self._news.append(event)

    # -- the session's side (its thread, or poll() itself) ------------------------------------------------
    def _run(self) -> None:
        while not self._stop.is_set():
            with self._lock:
                self._step()
            notify = self.notify
            if notify is not None and not self._inbox.empty():
                try:
                    notify()
                except Exception:  # noqa: BLE001 - the console is closing; nothing to tell
                    pass
            self._wake.wait(STEP_SECONDS)
            self._wake.clear()

    def _step(self) -> None:
        """Tick the engine (facilitator) or read what others wrote, and hand new events over."""
        try:
            self._check_file()
            exercise = self.exercise
            if exercise is not None:
                if self._standing_still(exercise):
                    self._renew_lease()  # nothing to tick: the clock stands and nobody wrote
                    return self._settle_problem()
                if self._write_lock.free():
                    exercise.tick()
                    self._renew_lease()
                    self._checkpoint_if_due(exercise)
                elif self._write_lock.busy_for_a_while():
                    raise SessionProblem(busy_message(self.store), lasting=False)
                self._clock_row = exercise.clock_state()
                self.show_status = exercise.run_of_show()
                self._hand_over_engine(exercise)
            else:
                if self._file_changed():
                    events = self.store.events(after_seq=self._read_seq)
                    if events:
                        self._read_seq = events[-1].seq
                        self._inbox.put(events)
                    self._clock_row = self.store.read_clock()
                self._try_takeover()
            self._settle_problem()
        except SessionProblem as exc:
            self.problem = exc
        except sqlite3.OperationalError as exc:
            self.problem = SessionProblem(locked_message(self.store, exc), lasting=False)
        except (sqlite3.DatabaseError, SessionError, OSError) as exc:
            self.problem = SessionProblem(f"The session file {self.store.path} cannot be read: {exc}", lasting=True)

    def _standing_still(self, exercise: Exercise) -> bool:
        """A paused (or ended) clock with nothing unsaved and nothing new in the file: a tick would do
        nothing, so an idle paused console only asks SQLite whether the file changed."""
        return not self._file_changed() and not exercise.state.running and not exercise.unsaved

    def _file_changed(self) -> bool:
        """Has another connection committed to the file since the last step? (True the first time.) An
        idle console then reads nothing: one cheap question instead of the log and the clock row."""
        version = self.store.data_version()
        changed, self._data_version = version != self._data_version, version
        return changed

    def _settle_problem(self) -> None:
        """The banner after a step: unsaved events (a write failed and is retried), or nothing."""
        if self.exercise is not None and self.exercise.problem:
            self.problem = SessionProblem(self._unsaved_message(self.exercise.problem), lasting=False)
        else:
            self.problem = None

    def _hand_over_engine(self, exercise: Exercise) -> None:
        if exercise.recorder.generation != self._generation:  # rebuilt in the log's order
            self._generation = exercise.recorder.generation
            self._inbox.put(_RESET)
            self._read_seq = 0
        events = exercise.events
        if events and events[-1].seq > self._read_seq:
            start = len(events)
            while start > 0 and events[start - 1].seq > self._read_seq:
                start -= 1
            self._inbox.put(list(events[start:]))
            self._read_seq = events[-1].seq

    def _checkpoint_if_due(self, exercise: Exercise) -> None:
        """Keep the `.ttx` itself near-current: checkpoint every CHECKPOINT_SECONDS while the log grows."""
        now = time.monotonic()
        if exercise.state.last_seq != self._checkpointed_seq and now - self._checkpointed_at >= CHECKPOINT_SECONDS:
            self.store.checkpoint()
            self._checkpointed_seq = exercise.state.last_seq
            self._checkpointed_at = now

    def _unsaved_message(self, problem: str) -> str:
        return (f"Not saved yet: {problem}. The exercise carries on and nothing is lost while this console "
                f"stays open; it keeps retrying. Free some disk space or fix the file {self.store.path}.")

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
        if self._takeover is None or self.lease is None or now - self._takeover_tried_at < 1.0:
            return
        self._takeover_tried_at = now
        if not self._write_lock.free():
            return
        if self.lease.acquire():
            exercise = self._takeover()
            self._inbox.put(_RESET)
            self._read_seq = 0
            self._generation = exercise.recorder.generation
            self.exercise = exercise
            self._takeover = None
            self.notice = ""
            self._clock_row = exercise.clock_state()
            self.show_status = exercise.run_of_show()
            self._hand_over_engine(exercise)

    def _renew_lease(self) -> None:
        if self.lease is None or self.lease.renew():
            return
        # This console stalled (a laptop asleep) long enough for another facilitator console to take over:
        # two engines must never run one session, so this one steps down to read-only.
        self.exercise = None
        self.lease = None
        self.notice = ("Another facilitator console has taken over the clock: this one is now read-only. "
                       "Quit it, or use the other console.")
        raise SessionProblem(self.notice, lasting=False)

    # -- the clock ----------------------------------------------------------------------------------------
    def story_time(self) -> float:
        """Now, in story seconds: the engine's published clock extrapolated (or the log's time)."""
        row = self._clock_row
        if row is None:
            return float(self.state.story_time)
        return float(row.story_time_at(self.clock()) if row.running and row.phase == "exercise" else row.story_time)

    def clock_view(self) -> ClockView:
        s, row = self.state, self._clock_row
        live = row is not None
        if row is not None:
            running, speed, held, phase, module = row.running, row.speed, row.held, row.phase, row.module_id
        else:
            running, speed, held, phase, module = s.running, s.speed, s.held, s.phase, s.module_id
        return ClockView(story_time=self.story_time(), running=running, speed=speed, held=held, phase=phase,
                         module_id=module, wall_elapsed=self._wall_elapsed(), planned_minutes=self.loaded.planned_minutes,
                         live=live)

    @property
    def clock_running(self) -> bool:
        """Is the story clock running (as last read)? Cheap: consoles ask it several times a second."""
        row = self._clock_row
        return row.running if row is not None else self.state.running

    def _wall_elapsed(self) -> float:
        events = self.state.events
        seen, count = self._wall_span[:2]
        if seen is not events or count != len(events):  # look again only when the log grew or was re-read
            started = next((e for e in events if e.kind == EventKind.module_started), None)
            end = next((e for e in reversed(events) if e.kind == EventKind.exercise_ended), None)
            self._wall_span = (events, len(events), started.wall_time if started else None,
                               end.wall_time if end else None)
        _, _, started_at, ended_at = self._wall_span
        if started_at is None:
            return 0.0
        until = ended_at if ended_at is not None else self.clock()
        return max(0.0, (_aware(until) - _aware(started_at)).total_seconds())

    # -- engine controls (facilitator) -------------------------------------------------------------------
    def ask(self, question: str, *args: Any) -> Any:
        """Ask the engine something without changing it (what `next_module` would skip…), under the
        session's lock: the session thread ticks the engine meanwhile, and its state is the engine's own."""
        with self._lock:
            exercise = self.exercise
            if exercise is None:
                raise SessionProblem(self.notice or "This console is read-only.", lasting=False)
            return getattr(exercise, question)(*args)

    def control(self, action: str, *args: Any) -> Any:
        """Call an engine control (pause, resume, set_speed, next_inject, …) and fold in what it did.

        Raises SessionProblem when this console is read-only or the file is locked, ExerciseError when
        the control cannot be done now; a control whose events could not be written yet is done (the
        state shows it) and `problem` says it is not saved."""
        if self.exercise is None:
            raise SessionProblem(self.notice or "This console is read-only.", lasting=False)
        self._check_file()
        with self._lock:
            exercise = self.exercise
            if exercise is None:
                raise SessionProblem(self.notice or "This console is read-only.", lasting=False)
            deadline = time.monotonic() + CONTROL_WAIT_SECONDS
            while not self._write_lock.free():
                if time.monotonic() >= deadline:
                    raise SessionProblem(busy_message(self.store), lasting=False)
                time.sleep(0.02)
            try:
                result = getattr(exercise, action)(*args)
            except sqlite3.OperationalError as exc:
                raise SessionProblem(locked_message(self.store, exc), lasting=False) from None
            self._clock_row = exercise.clock_state()
            self.show_status = exercise.run_of_show()
            self._hand_over_engine(exercise)
        self._drain()  # the console's state shows what the control did at once; screens hear at the next poll
        return result

    def close(self) -> str | None:
        """Stop the session thread, pause the clock (so the session resumes where it stopped), give up
        the lease, close the file. Returns a warning when not everything could be saved.

        If another program holds the file, quit at once anyway: the lease expires by itself, and a resumed
        session's clock starts from where it was last published."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        warning = None
        try:
            exercise = self.exercise
            if exercise is not None and self.store.path.exists():
                deadline = time.monotonic() + 1.0
                while not self._write_lock.free() and time.monotonic() < deadline:
                    time.sleep(0.02)
                if exercise.state.running and exercise.state.phase == "exercise":
                    exercise.pause()  # the engine logs it and publishes the stopped clock
                else:
                    exercise.save()
                if exercise.unsaved:
                    warning = (f"{exercise.unsaved} event(s) of this session could not be saved to "
                               f"{self.store.path}: {exercise.problem}")
            if self.lease is not None:
                self.lease.release()
            self.store.checkpoint()
        except (sqlite3.Error, SessionError, SessionProblem, ExerciseError, OSError) as exc:
            if self.exercise is not None and self.exercise.unsaved:
                warning = f"{self.exercise.unsaved} event(s) could not be saved to {self.store.path}: {exc}"
        finally:
            self._write_lock.close()
            self.store.close()
            if self._writer_store is not None:
                self._writer_store.close()
        return warning

    # -- room input (any console; committed before return) ----------------------------------------------
    def _writer(self) -> SessionStore:
        """A second connection for room input, so a save waiting on a busy file never blocks reading."""
        with self._writer_guard:
            if self._writer_store is None:
                self._writer_store = SessionStore.open(self.store.path, clock=self.clock)
            return self._writer_store

    def _write(self, fn: Callable[..., Event], *args: Any) -> Event:
        """Commit one room record (safe to call from a worker thread); returns the durable event."""
        self._check_file()
        try:
            event = fn(self._writer(), *args, story_time=self.story_time(), actor=self.role.actor)
        except sqlite3.OperationalError as exc:
            raise SessionProblem(locked_message(self.store, exc), lasting=False) from None
        except (sqlite3.DatabaseError, SessionError, OSError) as exc:
            raise SessionProblem(f"Could not save to {self.store.path}: {exc}", lasting=True) from None
        self._wake.set()  # read it back at once
        return event

    def log_decision(self, decision: Decision) -> Event:
        self._check_actions(decision)
        return self._write(room.log_decision, decision)

    def amend_decision(self, decision_id: int, decision: Decision) -> Event:
        self._check_actions(decision)
        return self._write(room.amend_decision, decision_id, decision)

    def _check_actions(self, decision: Decision) -> None:
        """A decision's structured actions must suit the scenario's models (RoomError says how not)."""
        venues = list(self.loaded.profile.venues) if self.loaded.profile is not None else []
        for action in decision.actions:
            problems = action_problems(action, self.loaded.scenario.models, venues)
            if problems:
                raise room.RoomError("; ".join(message for _, message in problems))

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

    def withdraw_record(self, *, seq: int | None = None, item_id: str | None = None, reason: str) -> Event:
        """Withdraw an observation, rating or hotwash note (its event's seq) or an improvement-plan row."""
        return self._write(lambda store, **at: room.withdraw_record(store, seq=seq, item_id=item_id, reason=reason,
                                                                    **at))


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)
