"""The run of show: the day's agenda in wall minutes, and when each inject is planned to arrive.

A pure function of the scenario (plus what happened that changes the plan: contingencies that
fired, injects the facilitator dropped, compress/extend decisions), so that `ttx plan`, the
engine's pacing, a resumed session and a rehearsal all follow the same plan.

Wall times are minutes from the start of the day (the first agenda item). Inside a module:

- `discussion` (default): injects are taken in story order; each arrives no earlier than the
  module's even pace would bring it, and no table gets its next inject before it has had the
  previous one's discussion minutes. Tables discuss in parallel. Injects written at the same
  story time arrive together.
- `step`: the facilitator moves the room from inject to inject: the next one comes when every
  table has finished discussing the last.
- `even`: story time runs evenly over the module's planned minutes (the engine's old behaviour).

Conditional and contingency injects take a slot only once they have fired. A module lasts its
planned minutes, or longer when its injects need more discussion; the next agenda item starts
when it ends. The story moves piecewise linearly between consecutive (wall, story) points.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from ..loader.loaded import LoadedScenario
from ..model.inject import Inject, InjectType
from ..model.scenario import AgendaItem, Module
from .conditions import settle_time

DEFAULT_DISCUSSION_MINUTES: dict[InjectType, int] = {
    InjectType.standard: 5,
    InjectType.contingency: 5,
    InjectType.conditional: 3,
    InjectType.consequence: 5,
}
"""Discussion minutes of an inject that gives none: a follow-up (conditional) needs less."""
DEFAULT_WELCOME_MINUTES = 10
DEFAULT_HOTWASH_MINUTES = 20
BREAK_GAP = 1.0
"""Story seconds the clock stays short of a module's end during a break that follows it, when the
next module starts where this one ends (else the next module would open at the break's start)."""


def discussion_minutes(inject: Inject) -> int:
    return inject.discussion_minutes or DEFAULT_DISCUSSION_MINUTES[inject.type]


@dataclass(frozen=True)
class Adjustment:
    """A facilitator's decision that changes the rest of a module's plan (an event in the log).

    At story time `story` in `module`, `minutes` of wall time are added there (the room keeps
    them: the lateness it had, or time it asked for); then for `compress` the rest of the module
    runs `factor` times as long, so that it still ends when planned."""

    kind: str  # "extend" | "compress"
    module: str
    story: float
    minutes: float
    factor: float = 1.0

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "module": self.module, "story": self.story, "minutes": self.minutes,
                "factor": self.factor}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Adjustment:
        return cls(str(data["kind"]), str(data["module"]), float(data["story"]), float(data.get("minutes") or 0),
                   float(data.get("factor") or 1.0))


@dataclass(frozen=True)
class PlannedItem:
    """One agenda entry: a module or another item, with its planned wall start and end."""

    index: int
    kind: str
    """"module", or the item kind: welcome, briefing, break, report-out, hotwash, feedback, other."""
    title: str
    minutes: int
    """As written: the item's minutes, or the module's planned minutes."""
    start: float
    end: float
    module: str | None = None
    mode: str | None = None
    story_start: float | None = None
    story_end: float | None = None
    written: bool = True
    """False for an entry of the default agenda (the scenario has none)."""


@dataclass(frozen=True)
class PlannedInject:
    id: str
    title: str
    module: str
    story: float
    """When it is settled in the story (its time, or its condition's `by` if later)."""
    start: float
    end: float
    tables: tuple[str, ...]
    discussion: int
    type: str
    slot: bool
    """Whether it takes discussion time: standard, or a conditional/contingency that fired."""
    optional: bool = False


@dataclass(frozen=True)
class TableLoad:
    module: str
    table: str
    discussion: int
    """Minutes of discussion of the standard (and fired) injects it gets in the module."""
    contingent: int
    """Minutes more if every conditional and contingency inject for it fired."""
    available: int
    """The module's planned minutes."""
    first: float | None
    last: float | None


@dataclass(frozen=True)
class Plan:
    items: tuple[PlannedItem, ...]
    injects: tuple[PlannedInject, ...]
    loads: tuple[TableLoad, ...]
    points: tuple[tuple[float, float], ...]
    """(wall minutes, story seconds), non-decreasing in both: where the story is when."""
    modes: dict[str, str]
    session: int | None = None
    adjustments: tuple[Adjustment, ...] = ()
    fired: frozenset[str] = frozenset()
    dropped: frozenset[str] = frozenset()
    _by_id: dict[str, PlannedInject] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_id.update({i.id: i for i in self.injects})

    @property
    def end(self) -> float:
        return self.items[-1].end if self.items else 0.0

    def inject(self, inject_id: str) -> PlannedInject | None:
        return self._by_id.get(inject_id)

    def module_item(self, module_id: str) -> PlannedItem:
        return next(i for i in self.items if i.module == module_id)

    def item_at(self, wall: float) -> PlannedItem | None:
        """The agenda item planned at `wall` minutes (None after the last)."""
        return next((i for i in self.items if i.start <= wall < i.end), None)

    def summary(self) -> dict[str, Any]:
        """What the log records as the plan in force when play starts (minutes from the day's start)."""
        return {"agenda": [{"kind": i.kind, "module": i.module, "start": round(i.start, 2), "end": round(i.end, 2)}
                           for i in self.items],
                "modes": dict(self.modes),
                "injects": {i.id: round(i.start, 2) for i in self.injects if i.slot}}

    def to_json(self) -> dict[str, Any]:
        return {
            "session": self.session,
            "agenda": [vars(i) for i in self.items],
            "injects": [{**vars(i), "tables": list(i.tables)} for i in self.injects],
            "loads": [vars(load) for load in self.loads],
            "adjustments": [a.to_json() for a in self.adjustments],
            "fired": sorted(self.fired), "dropped": sorted(self.dropped),
        }


def agenda_of(loaded: LoadedScenario) -> list[tuple[AgendaItem, bool]]:
    """The scenario's agenda, or the default one (welcome, the modules in story order, hotwash),
    each with whether the scenario wrote it."""
    scenario = loaded.scenario
    if scenario.agenda is not None:
        return [(item, True) for item in scenario.agenda]
    modules = sorted(scenario.modules, key=lambda m: (m.start, m.end))
    return ([(AgendaItem(item="welcome", title="Welcome and briefing", minutes=DEFAULT_WELCOME_MINUTES), False)]
            + [(AgendaItem(module=m.id), False) for m in modules]
            + [(AgendaItem(item="hotwash", title="Hotwash", minutes=DEFAULT_HOTWASH_MINUTES), False)])


ITEM_TITLES = {"welcome": "Welcome", "briefing": "Briefing", "break": "Break", "report-out": "Report-out",
               "hotwash": "Hotwash", "feedback": "Participant feedback", "other": "Agenda item"}


def plan(loaded: LoadedScenario, *, fired: Iterable[str] = (), dropped: Iterable[str] = (),
         adjustments: Sequence[Adjustment] = ()) -> Plan:
    """The run of show for a loaded scenario (see the module docstring for the rules)."""
    scenario = loaded.scenario
    fired, dropped = frozenset(fired), frozenset(dropped)
    all_tables = tuple(t.id for t in scenario.tables)
    modules = {m.id: m for m in scenario.modules}
    by_module: dict[str, list[Inject]] = {m.id: [] for m in scenario.modules}
    for inject in loaded.injects:
        by_module[loaded.module_of[inject.id]].append(inject)
    entries = agenda_of(loaded)
    items: list[PlannedItem] = []
    injects: list[PlannedInject] = []
    loads: list[TableLoad] = []
    points: list[tuple[float, float]] = []
    wall = 0.0
    for index, (entry, written) in enumerate(entries):
        if entry.module is None or entry.module not in modules:
            minutes = entry.minutes or 0
            kind = entry.item or "other"
            items.append(PlannedItem(index, kind, entry.title or ITEM_TITLES[kind], minutes, wall, wall + minutes,
                                     written=written))
            if points and minutes:
                _hold_story(points, wall + minutes, entries[index + 1:], modules)
            wall += minutes
            continue
        module = modules[entry.module]
        schedule = _Module(module, wall, by_module[module.id], all_tables, fired, dropped)
        for adjustment in adjustments:
            if adjustment.module == module.id:
                schedule.adjust(adjustment)
        items.append(PlannedItem(index, "module", module.title, module.planned_minutes, wall, schedule.end,
                                 module=module.id, mode=module.pacing, story_start=float(module.start),
                                 story_end=float(module.end), written=written))
        points.extend(schedule.points)
        injects.extend(schedule.planned(_wall_of(schedule.points)))
        loads.extend(schedule.loads())
        wall = schedule.end
    injects.sort(key=lambda i: (i.story, i.start))
    return Plan(tuple(items), tuple(injects), tuple(loads), tuple(points),
                {m.id: m.pacing for m in scenario.modules}, scenario.session, tuple(adjustments), fired, dropped)


def _hold_story(points: list[tuple[float, float]], until: float, rest: Sequence[tuple[AgendaItem, bool]],
                modules: dict[str, Module]) -> None:
    """Keep the story where the last module left it during a non-module item (a break) — short of
    the next module's start, so that the next module opens when the item ends."""
    last_wall, last_story = points[-1]
    upcoming = next((modules[e.module] for e, _ in rest if e.module in modules), None)
    if upcoming is not None and upcoming.start <= last_story:
        held = float(upcoming.start) - BREAK_GAP
        points[-1] = (last_wall, max(held, points[-2][1] if len(points) > 1 else held))
    points.append((until, points[-1][1]))


class _Module:
    """One module's schedule: its slot injects' walls, its (wall, story) points and its end."""

    def __init__(self, module: Module, start: float, injects: list[Inject], all_tables: tuple[str, ...],
                 fired: frozenset[str], dropped: frozenset[str]) -> None:
        self.module = module
        self.start = start
        self.injects = injects
        self.all_tables = all_tables
        # read each Inject model once: a 10,000-inject plan spent most of its time in attribute reads
        self._facts = {i.id: (settle_time(i), all_tables if i.addressed_to_all else tuple(i.to),
                              discussion_minutes(i)) for i in injects}
        facts = self._facts
        slots = [i.id for i in injects if i.id not in dropped and (i.type is InjectType.standard or i.id in fired)]
        self.slot_ids = set(slots)
        span = float(module.end - module.start)
        per_second = module.planned_minutes / span
        groups: dict[float, list[str]] = {}
        for inject_id in sorted(slots, key=lambda i: facts[i][0]):
            groups.setdefault(facts[inject_id][0], []).append(inject_id)
        free = {t: start for t in all_tables}
        used: set[str] = set()
        self.walls: dict[str, float] = {}
        self.points: list[tuple[float, float]] = [(start, float(module.start))]
        previous = start
        for story, group in groups.items():
            even = start + (story - module.start) * per_second
            used |= {t for i in group for t in facts[i][1]}
            # a fired inject was delivered when the story reached it: it takes its tables' time from
            # then on, but cannot have waited for them
            tables = {t for i in group if i not in fired for t in facts[i][1]}
            if module.pacing == "even":
                at = even
            elif module.pacing == "step":
                at = max([previous, *free.values()])
            else:
                at = max([even, previous, *(free[t] for t in tables)])
            for inject_id in group:
                self.walls[inject_id] = at
                minutes = facts[inject_id][2]
                for table in facts[inject_id][1]:
                    free[table] = max(free[table], at) + minutes
            self.points.append((at, story))
            previous = at
        self.end = start + module.planned_minutes
        if module.pacing != "even":
            self.end = max([self.end, *(free[t] for t in used)])
        self.points.append((self.end, float(module.end)))

    def adjust(self, adjustment: Adjustment) -> None:
        """Add `minutes` at story `adjustment.story`, then scale what follows by `factor`."""
        s = adjustment.story
        at = _wall_of_last(self.points, s)

        def moved(wall: float) -> float:
            return at + adjustment.minutes + adjustment.factor * (wall - at)

        before = [p for p in self.points if p[1] <= s and p[0] <= at]
        after = [(moved(w), t) for w, t in self.points if t > s]
        self.points = [*before, (at, s), (at + adjustment.minutes, s), *after]
        for inject_id, wall in self.walls.items():
            if self._facts[inject_id][0] > s:
                self.walls[inject_id] = moved(wall)
        self.end = moved(self.end)

    def planned(self, wall_of: Any) -> list[PlannedInject]:
        out = []
        module_id, walls, slot_ids = self.module.id, self.walls, self.slot_ids
        for inject in self.injects:
            story, tables, minutes = self._facts[inject.id]
            at = walls.get(inject.id)
            if at is None:
                at = wall_of(story)
            out.append(PlannedInject(inject.id, inject.title, module_id, story, at, at + minutes, tables, minutes,
                                     inject.type.value, inject.id in slot_ids, inject.optional))
        return out

    def loads(self) -> list[TableLoad]:
        out = []
        per_table: dict[str, list[str]] = {t: [] for t in self.all_tables}
        for inject_id, (_, tables, _) in self._facts.items():
            for table in tables:
                per_table.setdefault(table, []).append(inject_id)
        for table in self.all_tables:
            mine = per_table[table]
            slots = [i for i in mine if i in self.slot_ids]
            walls = [self.walls[i] for i in slots]
            out.append(TableLoad(self.module.id, table, sum(self._facts[i][2] for i in slots),
                                 sum(self._facts[i][2] for i in mine if i not in self.slot_ids),
                                 self.module.planned_minutes, min(walls, default=None), max(walls, default=None)))
        return out


def _wall_of_last(points: Sequence[tuple[float, float]], story: float) -> float:
    """The last wall minute at which the story is at or before `story` (after any pause there)."""
    best = points[0][0]
    for (w0, t0), (w1, t1) in zip(points, points[1:]):
        if t1 <= story:
            best = w1
        elif t0 <= story < t1:
            best = w0 + (w1 - w0) * (story - t0) / (t1 - t0)
            break
    return best


def _wall_of(points: Sequence[tuple[float, float]]) -> Any:
    def wall_of(story: float) -> float:
        return wall_at(points, story)
    return wall_of


def wall_at(points: Sequence[tuple[float, float]], story: float) -> float:
    """The first wall minute at which the story reaches `story` (the end if it never does)."""
    if not points:
        return 0.0
    index = bisect.bisect_left(points, story, key=lambda p: p[1])
    if index <= 0:
        return points[0][0]
    if index >= len(points):
        return points[-1][0]
    (w0, t0), (w1, t1) = points[index - 1], points[index]
    return w1 if t1 == t0 else w0 + (w1 - w0) * (story - t0) / (t1 - t0)


def story_at(points: Sequence[tuple[float, float]], wall: float) -> float:
    """The story time at `wall` minutes (the latest, where the story jumps at one wall instant)."""
    if not points:
        return 0.0
    if wall < points[0][0]:
        return points[0][1]
    story = points[0][1]
    for (w0, t0), (w1, t1) in zip(points, points[1:]):
        if w1 <= wall:
            story = t1
        elif w0 <= wall < w1:
            return t0 + (t1 - t0) * (wall - w0) / (w1 - w0)
        else:
            break
    return story
