"""Story-clock pacing: how wall seconds of play become story seconds, following the run of show.

The plan (`run_of_show.plan`) gives (wall, story) points for the whole day; the story moves
piecewise linearly between them, stands still during a break, and jumps where the plan jumps.
`Pacing` keeps a cursor: where in the plan's wall time the room is. Running wall time moves the
cursor (times the facilitator's speed); a jump, a hold or a resume puts it back at the first plan
minute that reaches the engine's story time. In a `step` module the clock never runs: it moves
only when the facilitator goes on to the next inject. Pure arithmetic, no SimPy, so that the
clock's rules can be tested on their own.
"""

from __future__ import annotations

import bisect
import math
from typing import Callable, Iterable

from ..model.scenario import Module
from .run_of_show import Plan


GRID = 1024
"""Story times the running clock reaches are multiples of 1/GRID seconds."""


def pace(module: Module) -> float:
    """Story seconds per wall second at speed 1 of an evenly paced module: its span over its minutes."""
    return (module.end - module.start) / (module.planned_minutes * 60)


def even_points(modules: Iterable[Module]) -> list[tuple[float, float]]:
    """(wall minutes, story seconds) of modules played back to back, each evenly."""
    points: list[tuple[float, float]] = []
    wall = 0.0
    for module in sorted(modules, key=lambda m: (m.start, m.end)):
        points += [(wall, float(module.start)), (wall + module.planned_minutes, float(module.end))]
        wall += module.planned_minutes
    return points


class Pacing:
    """A scenario's modules in story order, and where the paced clock goes (and stops) among them."""

    def __init__(self, modules: Iterable[Module], plan: Plan | Callable[[], Plan] | None = None) -> None:
        self.modules = sorted(modules, key=lambda m: (m.start, m.end))
        self._starts = [m.start for m in self.modules]
        self.end = float(max(m.end for m in self.modules))
        """Where the paced clock stops: the end of the last module."""
        self._plan = plan
        """The run of show, or how to make it: planned only once the clock first runs (a rehearsal
        of 10,000 injects never needs it)."""
        self._walls: list[float] = []
        self._stories: list[float] = []
        self._cursor: float | None = None
        """Plan wall seconds where the room is; None until the clock first runs."""
        self._story = 0.0
        """The story time the cursor gave last, to tell whether the engine's clock moved otherwise."""

    def replanned(self, plan: Plan | Callable[[], Plan], *, absorbed_minutes: float = 0.0) -> Pacing:
        """The same clock following a new plan (a contingency fired, the facilitator compressed or
        extended); `absorbed_minutes` of the room's lateness are now part of the plan. The plan may be
        given as how to make it: a rehearsal, which never reads the curve, never plans."""
        fresh = Pacing(self.modules, plan)
        if self._cursor is not None:
            fresh._cursor = self._cursor + absorbed_minutes * 60.0
            fresh._story = self._story
        return fresh

    def module_at(self, t: float) -> Module | None:
        """The module whose span holds story time `t` (None between modules and after the last)."""
        index = bisect.bisect_right(self._starts, t) - 1
        for module in reversed(self.modules[: index + 1]):
            if t < module.end:
                return module
        return None

    def mode_at(self, t: float) -> str | None:
        module = self.module_at(t)
        return None if module is None else module.pacing

    # ---- the plan's curve ------------------------------------------------------------------------

    @property
    def loaded(self) -> bool:
        """Whether the plan's curve has been read (until then, nothing of the plan is in use)."""
        return bool(self._walls)

    @property
    def plan(self) -> Plan | None:
        self._load()
        return self._plan if isinstance(self._plan, Plan) else None

    def _load(self) -> None:
        if self._walls:
            return
        if callable(self._plan) and not isinstance(self._plan, Plan):
            self._plan = self._plan()
        points = list(self._plan.points) if isinstance(self._plan, Plan) else even_points(self.modules)
        self._walls = [w * 60.0 for w, _ in points]
        self._stories = [s for _, s in points]

    def wall_of(self, story: float) -> float:
        """The first plan wall second at which the story reaches `story`."""
        self._load()
        return _along(self._stories, self._walls, story)

    def story_of(self, wall: float) -> float:
        """The story time at plan wall second `wall` (where the story jumps: before the jump, which
        comes the moment after, so a module ends at its end and the next opens just after)."""
        self._load()
        return _along(self._walls, self._stories, wall)

    @property
    def position(self) -> float | None:
        """Plan wall minutes where the room is (None before the clock first ran)."""
        return None if self._cursor is None else self._cursor / 60.0

    @property
    def cursor(self) -> float | None:
        """Plan wall seconds where the room is (None before the clock first ran)."""
        return self._cursor

    def resume_at(self, cursor: float, story: float) -> None:
        """Pick up where a stopped engine was in the plan (it published both)."""
        self._cursor, self._story = float(cursor), float(story)

    def where(self, now: float) -> float:
        """Plan wall seconds where the room is at story time `now` (see `_where`)."""
        return self._where(now)

    def position_at(self, now: float) -> float | None:
        """What to publish as the room's place in the plan at story time `now`: the cursor, unless the
        clock has moved otherwise since (a jump), or None before the clock first ran."""
        return None if self._cursor is None else self._where(now)

    def _where(self, now: float) -> float:
        """Plan wall seconds where the room is at story time `now` (the cursor, unless the engine's
        clock moved otherwise: a jump, a resume), without moving anything."""
        self._load()
        if self._cursor is None or abs(now - self._story) > 1e-6:
            return self.wall_of(now)
        return self._cursor

    def _sync(self, now: float) -> float:
        cursor = self._where(now)
        if cursor != self._cursor:
            self._cursor, self._story = cursor, float(now)
        return cursor

    # ---- what the engine asks --------------------------------------------------------------------

    def pace_at(self, t: float) -> float:
        """Story seconds per wall second at speed 1 at story time `t`; 0 where the clock stands."""
        if self.module_at(t) is None or self.mode_at(t) == "step":
            return 0.0
        cursor = self._sync(t)
        index = bisect.bisect_right(self._walls, cursor)
        if index <= 0 or index >= len(self._walls):
            return 0.0
        w0, w1 = self._walls[index - 1], self._walls[index]
        t0, t1 = self._stories[index - 1], self._stories[index]
        return (t1 - t0) / (w1 - w0) if w1 > w0 else 0.0

    def story_after(self, t: float, wall_seconds: float, speed: float = 1.0) -> float:
        """Story time after `wall_seconds` of play at `speed` from story time `t`: along the plan,
        never backwards, never past the last module's end, and not at all in a step module."""
        t = float(t)
        if t >= self.end or self.mode_at(t) == "step":
            return min(t, self.end) if t < self.end else t
        cursor = self._sync(t) + wall_seconds * speed
        self._cursor = cursor
        # on a grid of 1/1024 s, so that a replay reaching this story time by a SimPy delay from the
        # previous one lands on exactly the same float (same log, bit for bit)
        raw = self.story_of(cursor)
        planned = math.floor(raw * GRID) / GRID
        story = min(max(planned, t), self.end)
        # the cursor keeps the room's exact place in the plan (snapping it back to the gridded story
        # would lose up to a grid step a tick, minutes over a slow stretch); the engine publishes it
        # with the clock, so a resumed engine picks up at the same place
        self._story = story
        return story

    def limit(self, now: float, *, hold_at: float | None = None, hold_reached: bool = False,
              stepping: bool = False) -> float:
        """The story time the clock may not pass: now in a step module (unless the facilitator is
        `stepping` on) or once a held inject has arrived, a held inject's time (`hold_at`), else the
        end of the last module."""
        if hold_reached or (self.mode_at(now) == "step" and not stepping):
            return float(now)
        if hold_at is not None:
            return min(self.end, hold_at)
        return self.end

    def stop_at(self, now: float, limit: float, *, follow_plan: bool = True) -> float:
        """Where consoles may extrapolate the running clock to: `limit`, the current module's end,
        or (`follow_plan`: a clock paced by the wall) where the plan's pace next changes, so that a
        console never runs ahead and steps back."""
        module = self.module_at(now)
        stop = min(limit, float(module.end)) if module is not None else limit
        if follow_plan:
            cursor = self._where(now)  # the plan is read here (a replanned clock makes it when first read)
            index = bisect.bisect_right(self._walls, cursor)
            if 0 < index < len(self._walls):
                stop = min(stop, max(float(now), self._stories[index]))
        return stop


def _along(xs: list[float], ys: list[float], x: float) -> float:
    """The plan's curve read one way or the other: y at `x`, linear between points, at the first point
    reaching `x` (bisect left), held at the ends."""
    index = bisect.bisect_left(xs, x)
    if index <= 0:
        return ys[0]
    if index >= len(xs):
        return ys[-1]
    x0, x1 = xs[index - 1], xs[index]
    y0, y1 = ys[index - 1], ys[index]
    return y1 if x1 == x0 else y0 + (y1 - y0) * (x - x0) / (x1 - x0)
