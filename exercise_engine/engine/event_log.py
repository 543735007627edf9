"""Where the engine's events go: the event-log interface, and the in-memory log.

The engine owns this interface and never names SQLite: the session file (`store.SessionStore`)
implements it for live exercises, `MemoryLog` for rehearsals and Monte Carlo runs. A log numbers
what it is given with `model.events.numbered` (seqs, decision ids and numbers), keeps it, and hands
it back in seq order. The live clock is published through the log too, so that other consoles can
draw it and a resumed engine knows where the story stood.
"""

from __future__ import annotations

from operator import itemgetter
from typing import Iterable, Protocol, Sequence

from ..model.clock import ClockState
from ..model.events import Event, EventKind, numbered

_kind_of = itemgetter(1)


class EventLog(Protocol):
    """An append-only event log. Writing may fail (`model.events.LogError`, `OSError`); then
    nothing of the batch was written."""

    def append_events(self, events: Sequence[Event]) -> list[Event]:
        """Number `events` after the last seq and keep them, all or none; return them as written."""

    def events(self, after_seq: int = 0, kinds: Iterable[EventKind] | None = None) -> list[Event]:
        """Events with seq > after_seq, in seq order (optionally only some kinds)."""

    def last_seq(self) -> int:
        """The seq of the newest event (0 for an empty log)."""

    def publish_clock(self, clock: ClockState) -> None:
        """Record where the story clock stands (other consoles extrapolate it; a resume starts there)."""

    def read_clock(self) -> ClockState | None:
        """The clock last published, if any."""


class MemoryLog:
    """An event log in a list: rehearsals that keep no file, Monte Carlo replications, tests."""

    def __init__(self, events: Iterable[Event] = ()) -> None:
        self._events: list[Event] = list(events)
        self._decisions = sum(1 for e in self._events if e.kind is EventKind.decision_logged)
        self._clock: ClockState | None = None

    def append_events(self, events: Sequence[Event]) -> list[Event]:
        written = numbered(events, self.last_seq(), self._decisions)
        if written is not events:  # `numbered` hands back a batch with no decision as it came
            self._decisions += list(map(_kind_of, written)).count(EventKind.decision_logged)
        self._events += written
        return written

    def events(self, after_seq: int = 0, kinds: Iterable[EventKind] | None = None) -> list[Event]:
        wanted = None if kinds is None else set(kinds)
        start = self._index_after(after_seq)
        return [e for e in self._events[start:] if wanted is None or e.kind in wanted]

    def _index_after(self, seq: int) -> int:
        # seqs are 1, 2, 3… in a memory log, so the position is the seq (checked, in case of gaps)
        if 0 <= seq <= len(self._events) and (seq == 0 or self._events[seq - 1].seq == seq):
            return seq
        return next((n for n, e in enumerate(self._events) if e.seq > seq), len(self._events))

    def last_seq(self) -> int:
        return self._events[-1].seq if self._events else 0

    def publish_clock(self, clock: ClockState) -> None:
        self._clock = clock

    def read_clock(self) -> ClockState | None:
        return self._clock
