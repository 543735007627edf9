"""Story-clock pacing: how wall seconds of play become story seconds, module by module.

Each module plays its span of story in its planned minutes, so its pace (story seconds per wall
second at speed 1) is its own: the first hours run slowly, a later day fast. Pure arithmetic, no
SimPy, so that the clock's rules can be tested on their own.
"""

from __future__ import annotations

import bisect
from typing import Iterable

from ..model.scenario import Module


def pace(module: Module) -> float:
    """Story seconds per wall second at speed 1: the module's span over its planned minutes."""
    return (module.end - module.start) / (module.planned_minutes * 60)


class Pacing:
    """A scenario's modules in story order, and where the paced clock goes (and stops) among them."""

    def __init__(self, modules: Iterable[Module]) -> None:
        self.modules = sorted(modules, key=lambda m: (m.start, m.end))
        self._starts = [m.start for m in self.modules]
        self.end = float(max(m.end for m in self.modules))
        """Where the paced clock stops: the end of the last module."""

    def module_at(self, t: float) -> Module | None:
        """The module whose span holds story time `t` (None between modules and after the last)."""
        index = bisect.bisect_right(self._starts, t) - 1
        for module in reversed(self.modules[: index + 1]):
            if t < module.end:
                return module
        return None

    def pace_at(self, t: float) -> float:
        """The pace at story time `t`; 0 where no module is playing."""
        module = self.module_at(t)
        return pace(module) if module is not None else 0.0

    def story_after(self, t: float, wall_seconds: float, speed: float = 1.0) -> float:
        """Story time after `wall_seconds` of play at `speed` from story time `t`.

        Each module's stretch runs at its own pace; a gap between modules is jumped (the story
        resumes at the next module's start), and the clock never passes the end of the last module.
        """
        t = float(t)
        budget = wall_seconds * speed
        while budget > 1e-12 and t < self.end:
            module = self.module_at(t)
            if module is None:  # between modules: the story jumps to the next one
                t = float(self.modules[bisect.bisect_right(self._starts, t)].start)
                continue
            module_pace = pace(module)
            room = float(module.end) - t
            if budget * module_pace < room:
                return t + budget * module_pace
            budget -= room / module_pace
            t = float(module.end)
        return min(t, self.end)

    def limit(self, now: float, *, hold_at: float | None = None, hold_reached: bool = False) -> float:
        """The story time the clock may not pass: a held inject's time (`hold_at`), or `now` once
        the clock has reached it, else the end of the last module."""
        if hold_reached:
            return float(now)
        if hold_at is not None:
            return min(self.end, hold_at)
        return self.end

    def stop_at(self, now: float, limit: float) -> float:
        """Where the running clock will stop next, for consoles: `limit` or the current module's end."""
        module = self.module_at(now)
        return min(limit, float(module.end)) if module is not None else limit
