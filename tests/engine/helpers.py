"""Shared by the engine tests: a wall clock the test moves, and log comparison."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any, Iterable

from exercise_engine.model.events import Event, EventKind

START = datetime(2027, 6, 19, 20, 40, tzinfo=timezone.utc)


class FakeClock:
    """Wall time that moves only when the test says so: tests never sleep."""

    def __init__(self, start: datetime = START) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def story(events: Iterable[Event], *, drop: Iterable[EventKind] = (EventKind.session_resumed,)) -> list[tuple[Any, ...]]:
    """A log as comparable story: wall times dropped, `drop` kinds removed and seqs renumbered
    (decision ids follow their decision_logged event's new seq)."""
    dropped = set(drop)
    kept = [e for e in events if e.kind not in dropped]
    renumber = {e.seq: n for n, e in enumerate(kept, start=1)}
    result = []
    for e in kept:
        data = dict(e.data)
        if "decision_id" in data:
            data["decision_id"] = renumber.get(data["decision_id"], -1)
        result.append((renumber[e.seq], e.kind.value, e.scenario_time, e.actor, data))
    return result


class Crash(Exception):
    """Stands in for `kill -9`: raised from inside the engine, and nothing more is written."""


class DyingClock(FakeClock):
    """A wall clock whose process dies on its n-th reading (the engine reads it for every event)."""

    def __init__(self, readings: int) -> None:
        super().__init__()
        self.left = readings
        self.dead = False

    def __call__(self):
        if self.left <= 0:
            self.dead = True
            raise Crash()
        self.left -= 1
        return super().__call__()
