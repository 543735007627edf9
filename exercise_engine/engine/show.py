"""The plan in force during an exercise, and where the room stands against it.

The plan is `run_of_show.plan` of the scenario plus what the log says changed it: contingency and
conditional injects that were delivered (they now take their tables' time), injects the
facilitator skipped (they free it), and the facilitator's compress/extend decisions
(`plan_adjusted` events). So the engine, a resumed session, a rehearsal and the report all derive
the same plan from the same log. Replanning is lazy: a rehearsal settles thousands of injects and
never asks.
"""

from __future__ import annotations

import bisect
from itertools import islice
from operator import itemgetter
from dataclasses import dataclass
from datetime import datetime
from typing import Iterable

from ..loader.loaded import LoadedScenario
from ..model.events import Event, EventKind
from ..model.inject import InjectType
from .run_of_show import Adjustment, Plan, PlannedInject, PlannedItem, plan, wall_at

_DELIVERED, _SKIPPED = EventKind.inject_delivered, EventKind.inject_skipped
_ADJUSTED, _RESUMED = EventKind.plan_adjusted, EventKind.clock_resumed
_seq_of = itemgetter(0)


def _held(loaded: LoadedScenario) -> frozenset[str]:
    """The conditional and contingency injects, which the plan holds no time for until delivered
    (derived once per loaded scenario)."""
    found = loaded.derived.get("held_injects")
    if found is None:
        found = loaded.derived["held_injects"] = frozenset(
            i.id for i in loaded.injects if i.type is not InjectType.standard)
    return found


class PlanKeeper:
    """Follows the log and gives the plan in force (rebuilt only when something changed it)."""

    def __init__(self, loaded: LoadedScenario, events: Iterable[Event] = ()) -> None:
        self.loaded = loaded
        self._held = _held(loaded)
        self.fired: set[str] = set()
        self.dropped: set[str] = set()
        self.adjustments: list[Adjustment] = []
        self.play_started: datetime | None = None
        """Wall time of the first clock start: when the room began playing the first module."""
        self._plan: Plan | None = None
        self._last_seq = 0
        self.changes = 0
        """How many times the log has changed the plan: a pacing built on an older count is out of date,
        whoever followed the log since."""
        self.follow(list(events))

    def follow(self, events: list[Event]) -> bool:
        """Take in the log's events newer than the last one seen (the log is in seq order, and may
        be re-read whole from the store); whether the plan changed.

        One loop over the events, unpacking each, no call per event: a rehearsal's thousands of
        scheduled deliveries change nothing and must cost next to nothing."""
        if not events or events[-1].seq <= self._last_seq:
            return False
        start = bisect.bisect_right(events, self._last_seq, key=_seq_of)
        changed = False
        held, fired, dropped = self._held, self.fired, self.dropped
        for _, kind, _, wall, _, data in islice(events, start, None):
            if kind is _DELIVERED:  # a conditional or contingency inject delivered now takes its tables' time
                inject_id = data.get("inject")
                if inject_id in held and inject_id not in fired:
                    fired.add(inject_id)
                    changed = True
            elif kind is _SKIPPED:  # a planned inject the facilitator skipped frees its time
                if data.get("reason") == "facilitator" and data.get("inject") not in held:
                    dropped.add(data["inject"])
                    changed = True
            elif kind is _ADJUSTED:
                if data.get("kind") in ("compress", "extend"):
                    self.adjustments.append(Adjustment.from_json(data))
                    changed = True
            elif kind is _RESUMED and self.play_started is None:
                self.play_started = wall
        if changed:
            self._plan = None
            self.changes += 1
        self._last_seq = events[-1].seq
        return changed

    @property
    def plan(self) -> Plan:
        if self._plan is None:
            self._plan = plan(self.loaded, fired=self.fired, dropped=self.dropped, adjustments=self.adjustments)
        return self._plan


@dataclass(frozen=True)
class ShowStatus:
    """What the facilitator's run of show shows: where the room is against the plan."""

    position: float
    """Plan minutes (from the start of the day) the room has reached."""
    played: float | None
    """Plan minutes the room would be at if it had kept to the plan since play started (None before)."""
    current: PlannedItem | None
    next: PlannedItem | None
    pending: tuple[PlannedInject, ...]
    """Injects not yet settled, in planned order (standard ones, and held ones as "if fired")."""

    @property
    def behind(self) -> float:
        """Minutes behind the plan (negative: ahead)."""
        return 0.0 if self.played is None else self.played - self.position

    @property
    def module_over(self) -> float:
        """Minutes the current module will run past its planned minutes at this rate (0 if not)."""
        item = self.current
        if item is None or item.module is None:
            return 0.0
        return max(0.0, item.end - (item.start + item.minutes) + self.behind)


def status(keeper: PlanKeeper, *, story: float, pending_ids: Iterable[str], now: datetime,
           position: float | None = None) -> ShowStatus:
    """The room against the plan at story time `story` and wall time `now`. `position` is the
    pacing's plan minute when the engine has one (else where the plan reaches `story`)."""
    the_plan = keeper.plan
    waiting = set(pending_ids)
    where = wall_at(the_plan.points, story) if position is None else position
    first = next((i for i in the_plan.items if i.module is not None), None)
    played = None
    if keeper.play_started is not None and first is not None:
        played = first.start + max(0.0, (now - keeper.play_started).total_seconds() / 60.0)
    current = the_plan.item_at(where)
    if current is not None and current.mode == "step" and played is not None:
        # the room is on plan while it discusses, until the next inject's planned time
        upcoming = [i.start for i in the_plan.injects
                    if i.module == current.module and i.slot and i.start > where and i.id in waiting]
        where = max(where, min(played, min(upcoming, default=current.end)))
    if current is None and the_plan.items and where >= the_plan.end:
        current = the_plan.items[-1]
    following = None
    if current is not None:
        following = next((i for i in the_plan.items if i.index == current.index + 1), None)
    pending = tuple(sorted((i for i in the_plan.injects if i.id in waiting), key=lambda i: (i.start, i.story)))
    return ShowStatus(where, played, current, following, pending)


MIN_FACTOR = 0.25
"""Compress never plays the rest of a module in less than a quarter of its planned time."""


def compress(the_plan: Plan, module_id: str, story: float, at: ShowStatus) -> Adjustment:
    """Keep the room's lateness and play the rest of the module faster, so that it ends when its
    planned minutes are up (as far as a quarter of the time allows)."""
    item = the_plan.module_item(module_id)
    late = max(0.0, at.behind)
    target = item.start + item.minutes
    rest = item.end - at.position
    factor = 1.0 if rest <= 0 else min(1.0, max(MIN_FACTOR, (target - at.position - late) / rest))
    return Adjustment("compress", module_id, story, late, factor)


def extend(module_id: str, story: float, at: ShowStatus, minutes: float | None = None) -> Adjustment:
    """Give the module `minutes` more (default: as much as the room is behind): the rest of the day
    moves that much later."""
    late = max(0.0, at.behind)
    return Adjustment("extend", module_id, story, late if minutes is None else float(minutes))
