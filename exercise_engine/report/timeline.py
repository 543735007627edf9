"""Section 3's data: injects and decisions on the story-time axis by module and table, and the wall-clock
pacing. timeline_chart.py lays it out; timeline_svg.py and timeline_png.py draw it."""

from __future__ import annotations

from dataclasses import dataclass

from ..engine.show import PlanKeeper
from ..model.events import EventKind
from .evidence import Evidence, decision_story
from .text import clean

PACING_EVENTS = frozenset({
    EventKind.module_started, EventKind.inject_delivered, EventKind.clock_jumped, EventKind.hotwash_started,
    EventKind.exercise_ended, EventKind.clock_paused, EventKind.clock_resumed})
"""The events that move or mark the clock: the points of the pacing line."""


@dataclass(frozen=True)
class TimelineModule:
    id: str
    title: str
    story_start: int
    story_end: int
    planned_minutes: int
    wall_start_minutes: float | None
    planned_start_minutes: float | None = None
    """When the run of show planned it to start, in wall minutes from the start of play."""
    planned_end_minutes: float | None = None


@dataclass(frozen=True)
class TimelineInject:
    id: str
    title: str
    module: str
    story: int
    wall_minutes: float | None
    status: str
    tables: list[str]
    planned_wall_minutes: float | None = None
    """When the run of show in force planned it, in wall minutes from the start of play."""


@dataclass(frozen=True)
class TimelineDecision:
    id: int
    table: str
    story: int
    wall_minutes: float
    retracted: bool
    eop_gap: bool


@dataclass(frozen=True)
class Timeline:
    modules: list[TimelineModule]
    tables: list[tuple[str, str]]
    """(table id, table name), in scenario order."""
    injects: list[TimelineInject]
    decisions: list[TimelineDecision]
    pacing: list[tuple[int, float]]
    """(story seconds, wall minutes since start) of each clock-moving event: the wall-clock pacing."""
    wall_minutes_total: float
    planned_pacing: list[tuple[int, float]] = ()  # type: ignore[assignment]
    """(story seconds, wall minutes since start) of the run of show in force: the planned pace."""


def build_timeline(ev: Evidence) -> Timeline:
    starts = ev.module_starts()
    the_plan = PlanKeeper(ev.loaded, ev.events).plan
    first = next((i.start for i in the_plan.items if i.module is not None), 0.0)
    items = {i.module: i for i in the_plan.items if i.module is not None}
    modules = [TimelineModule(m.id, clean(m.title), m.start, m.end, m.planned_minutes,
                              ev.wall_minutes(starts.get(m.id)), round(items[m.id].start - first, 2),
                              round(items[m.id].end - first, 2)) for m in ev.scenario.modules]
    planned = {i.id: round(i.start - first, 2) for i in the_plan.injects if i.slot}
    injects = []
    for s in ev.state.injects.values():
        t = s.event.scenario_time if s.event is not None else (s.inject.time or 0)
        injects.append(TimelineInject(
            id=s.inject.id, title=clean(s.inject.title), module=s.module_id, story=int(t),
            wall_minutes=ev.wall_minutes(s.event) if s.status == "delivered" else None,
            status=s.status, tables=["all"] if s.inject.addressed_to_all else list(s.inject.to),
            planned_wall_minutes=planned.get(s.inject.id)))
    decisions = []
    for _, ds in sorted(ev.state.decisions.items()):
        logged, dec = ds.versions[0][0], ds.versions[-1][1]
        decisions.append(TimelineDecision(
            id=ds.number, table=dec.table, story=int(decision_story(logged, dec)),
            wall_minutes=ev.wall_minutes(logged) or 0.0, retracted=ds.retracted is not None, eop_gap=dec.eop_gap))
    pacing = []
    for e in ev.events:
        if e.kind in PACING_EVENTS:
            wm = ev.wall_minutes(e)
            if wm is not None and wm >= 0:
                pacing.append((int(e.scenario_time), wm))
    total = max([p[1] for p in pacing] + [d.wall_minutes for d in decisions] + [0.0])
    last = max(m.end for m in ev.scenario.modules)
    planned_pacing = [(int(t), round(w - first, 2)) for w, t in the_plan.points if w >= first and t <= last]
    return Timeline(modules=modules, tables=[(t, ev.table_name(t)) for t in ev.table_ids],
                    injects=injects, decisions=decisions, pacing=pacing, wall_minutes_total=total,
                    planned_pacing=planned_pacing)
