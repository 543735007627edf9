"""The one path every event takes: built, applied to the projection, passed to observers, then
written (or buffered).

Whoever makes an event (the timeline delivering an inject, a facilitator control, a model, a
table console whose decision is read back from the log), it reaches the `SessionState` and the
observers here and nowhere else. The engine's own events are applied before they are written, so
the room never waits for the disk: they wait in `pending` until `flush` writes them in one
transaction (a control's events together; a rehearsal's in batches). A write that fails leaves
them pending, the engine carries on, and the next flush tries again: nothing is delivered twice or
skipped, and `problem` says why until the write succeeds.

If another console wrote while a batch was on its way, the log numbered that batch after the other
events: the projection is then rebuilt from the log, in the log's order.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Iterable, Sequence

from ..model.clock import Clock
from ..loader.loaded import LoadedScenario
from ..model.events import Event, EventKind, LogError, numbered
from .event_log import EventLog
from .observer import Observer, overrides
from .projection import SessionState


BATCH_SIZE = 2000
"""A rehearsal writes this many events per transaction."""

_LOGGED, _AMENDED, _RETRACTED = EventKind.decision_logged, EventKind.decision_amended, EventKind.decision_retracted
_new_event = tuple.__new__
"""`_new_event(Event, (seq, kind, ...))` is `Event(seq, kind, ...)` without the named tuple's
Python-level `__new__` (what `Event._make` does): every settled inject builds one."""


class Recorder:
    """The session's projection, its observers and the log behind them."""

    def __init__(self, loaded: LoadedScenario, log: EventLog, clock: Clock,
                 observers: Iterable[Observer] = ()) -> None:
        self.loaded = loaded
        self.log = log
        self._clock = clock
        self.state = SessionState(scenario=loaded)
        self.pending: list[Event] = []
        """Applied, not yet written (a batch in progress, or a write that failed)."""
        self.problem: str | None = None
        """Why the last write failed; None once everything is written."""
        self.batching = False
        """A rehearsal: write every BATCH_SIZE events instead of at each `flush` the caller makes."""
        self.generation = 0
        """Counts rebuilds: a reader holding seqs from before a rebuild must read the state afresh."""
        self._wall: datetime | None = None
        self._observers: list[Observer] = []
        self._on_event: list[Observer] = []
        self._on_decision: list[Observer] = []
        self._on_retracted: list[Observer] = []
        for observer in observers:
            self.observe(observer)

    def observe(self, observer: Observer) -> None:
        """Pass every event from now on to `observer` (only the hooks it overrides are called)."""
        self._observers.append(observer)
        for hook, callers in (("on_event", self._on_event), ("on_decision", self._on_decision),
                              ("on_retracted", self._on_retracted)):
            if overrides(observer, hook):
                callers.append(observer)

    # ---- in --------------------------------------------------------------------------------------

    def load(self, events: Iterable[Event]) -> None:
        """Take in events already in the log (construction, resume)."""
        for event in events:
            self._apply(event)

    def read(self) -> list[Event]:
        """Take in what other consoles wrote since we last looked; returns those events.

        Our own pending events go first: reading past them would number the log twice."""
        if self.pending and not self.flush():
            return []
        new = self.log.events(after_seq=self.state.last_seq)
        for event in new:
            self._apply(event)
        return new

    def new_instant(self) -> None:
        """A call into the engine began (a tick, a control, a script entry): the next event reads
        the wall clock afresh. Everything one call records happens at one wall moment, however
        many story instants it crosses (reading the clock at each of them cost a rehearsal more
        than settling its injects)."""
        self._wall = None

    def record(self, kind: EventKind, data: dict[str, Any], *, at: float, actor: str) -> Event:
        """Build an event at story time `at`, apply it, pass it on, and queue it for writing."""
        wall = self._wall
        if wall is None:
            wall = self._wall = self._clock()
        state = self.state
        if kind is _LOGGED:
            event = numbered([Event(0, kind, at, wall, actor, data)], state.last_seq, len(state.decisions))[0]
        else:
            event = _new_event(Event, (state.last_seq + 1, kind, at, wall, actor, data))
        self._apply(event)
        self.pending.append(event)
        if self.batching and len(self.pending) >= BATCH_SIZE:
            self.flush()
        return event

    def settle(self, keys: Sequence[str], settlements: Sequence[tuple[EventKind, dict[str, Any]]],
               at: float, actor: str) -> None:
        """Record injects settled together at story time `at`: for each of `keys` (distinct injects
        of the scenario, still pending) an event of the kind and with the data of its settlement
        (often `SharedData` the timeline prepared once per scenario). Built in one pass and applied
        as one batch (`SessionState.settle`), unless an observer wants each event as it is
        applied: the timeline settles thousands of injects in a rehearsal, and a call per event
        cost more than the work."""
        if not keys:
            return
        wall = self._wall
        if wall is None:
            wall = self._wall = self._clock()
        state = self.state
        events: list[Event] = []
        add = events.append
        seq = state.last_seq
        for kind, made in settlements:  # a loop: an instant's few events build faster so
            seq += 1
            add(_new_event(Event, (seq, kind, at, wall, actor, made)))
        if self._on_event:
            for event in events:
                self._apply(event)
        else:
            state.settle(keys, events)
        pending = self.pending
        pending += events
        if self.batching and len(pending) >= BATCH_SIZE:
            self.flush()

    def _apply(self, event: Event) -> None:
        state = self.state
        state.apply(event)
        for observer in self._on_event:
            observer.on_event(event, state)
        kind = event.kind
        if kind is _LOGGED or kind is _AMENDED or kind is _RETRACTED:
            found = state.decisions.get(int(event.data.get("decision_id") or event.seq))
            if found is None:
                return
            for observer in (self._on_retracted if kind is _RETRACTED else self._on_decision):
                (observer.on_retracted if kind is _RETRACTED else observer.on_decision)(found, event, state)

    # ---- out -------------------------------------------------------------------------------------

    def flush(self) -> bool:
        """Write what is pending in one transaction; False (and `problem` set) if the log refused."""
        if not self.pending:
            return True
        pending = self.pending
        try:
            written = self.log.append_events(pending)
        except (LogError, OSError) as exc:
            self.problem = f"{len(pending)} event{'s' if len(pending) != 1 else ''} not yet saved: {exc}"
            return False
        self.pending = []
        self.problem = None
        if written and written[0].seq != pending[0].seq:
            self._rebuild()
        return True

    def _rebuild(self) -> None:
        """Re-project the whole log in its own order. The SessionState keeps its identity (and its
        inject views theirs): consoles and the timeline hold on to them."""
        state = self.state
        state.reset()
        state.extend(self.log.events())
        self.generation += 1
        for observer in self._observers:
            observer.on_reset(state)

    @property
    def events(self) -> Sequence[Event]:
        return self.state.events
