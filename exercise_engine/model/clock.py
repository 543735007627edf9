"""The live story clock as the facilitator's engine publishes it, so that other consoles can draw it.

In the model layer because the engine builds it, the store keeps it and every console reads it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable

Clock = Callable[[], datetime]
"""Where the engine, the store and the consoles read the wall time: injected, so tests never sleep."""


def utc_now() -> datetime:
    """The real wall clock (the default `Clock`)."""
    return datetime.now(timezone.utc)


@dataclass(frozen=True)
class ClockState:
    """Where the story clock stands, and how to extrapolate it between two publications."""

    story_time: float
    wall_time: datetime
    running: bool
    speed: float
    pace: float
    """Story seconds per wall second at speed 1, for the current module."""
    module_id: str | None
    held: str | None
    phase: str
    """"exercise" | "hotwash" | "ended"."""
    stop_at: float | None = None
    """Story time the clock cannot pass before the facilitator's next tick (module end, held inject)."""
    position: float | None = None
    """Where the room is in the run of show, in planned wall seconds: during a break or while tables
    discuss, the story stands still but the room moves on, and a resumed engine picks up here."""

    def story_time_at(self, now: datetime) -> float:
        """Extrapolate the story time at `now` (wall), never beyond `stop_at`."""
        if not self.running or self.phase != "exercise":
            return self.story_time
        elapsed = max(0.0, (now - self.wall_time).total_seconds())
        value = self.story_time + elapsed * self.pace * self.speed
        return value if self.stop_at is None else min(value, max(self.stop_at, self.story_time))

    def same_course(self, other: ClockState | None) -> bool:
        """Whether `other` extrapolates to the same clock: nothing but the position has moved.

        The engine republishes only when the course changes (or, while running, about once a
        second so that a crash resumes close to where it stopped)."""
        if other is None:
            return False
        return (self.running, self.speed, self.pace, self.module_id, self.held, self.phase, self.stop_at) == (
            other.running, other.speed, other.pace, other.module_id, other.held, other.phase, other.stop_at)
