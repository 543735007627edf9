"""Section 1, the exercise overview (HSEEP's AAR/IP): who, when, what, and the modules as played."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..model.events import EventKind
from ..model.core_capabilities import core_capability
from ..model.practices import committee
from .evidence import Evidence, decision_story
from .text import clean, iso, story, story_date, story_span, wall


@dataclass(frozen=True)
class Contact:
    name: str
    title: str
    organization: str
    phone: str
    email: str


@dataclass(frozen=True)
class ObjectiveRef:
    number: int
    id: str
    text: str
    practices: list[int]
    capabilities: list[str]
    """Core capability names (FEMA), the objective's own or its practices' ones."""


@dataclass(frozen=True)
class Organization:
    table: str
    name: str
    committees: list[str]
    roles: list[str]
    decisions: int
    """Active decisions this table logged."""


@dataclass(frozen=True)
class ModuleSummary:
    id: str
    title: str
    story_start: str
    story_end: str
    story_start_seconds: int
    story_end_seconds: int
    planned_minutes: int
    actual_minutes: float | None
    """Wall minutes from this module's start to the next module (or the end of play); None if never started."""
    injects_delivered: int
    injects_skipped: int
    decisions: int


@dataclass(frozen=True)
class Overview:
    title: str
    scenario_id: str
    scenario_version: str
    roadmap_session: int | None
    community: str
    jurisdiction: str
    status: str
    wall_start: str
    wall_end: str
    wall_start_iso: str | None
    wall_end_iso: str | None
    duration_minutes: float | None
    planned_minutes: int
    story_start: str
    story_end: str
    story_span: str
    story_start_date: str
    story_end_date: str
    scope: str
    mission_areas: list[str]
    threat_hazard: str
    summary: str
    sponsor: str
    point_of_contact: Contact
    objectives: list[ObjectiveRef]
    organizations: list[Organization]
    modules: list[ModuleSummary]
    totals: dict[str, int]
    time_zone: str
    """The IANA zone wall times are shown in, or "UTC"."""


def status_line(ev: Evidence) -> str:
    """Where the session stands, in one sentence (an interim report says so)."""
    if ev.ended:
        return "Final: the exercise has ended."
    phase = getattr(ev.state, "phase", "exercise")
    if phase == "hotwash":
        return "The hotwash is in progress."
    module = getattr(ev.state, "module_id", None)
    if module:
        title = clean(ev.loaded.module(module).title) if any(m.id == module for m in ev.scenario.modules) else module
        return f"The exercise is in progress (module {title}, story time {story(ev.state.story_time)})."
    return "The exercise has not started."


def build_overview(ev: Evidence) -> Overview:
    sc = ev.scenario
    profile = ev.loaded.profile
    poc = sc.point_of_contact
    end_events = [e for e in ev.events if e.kind == EventKind.exercise_ended]
    wall_end_at = end_events[-1].wall_time if end_events else (ev.events[-1].wall_time if ev.events else None)
    duration = None
    if ev.t0 is not None and wall_end_at is not None:
        duration = round(max(0.0, (wall_end_at - ev.t0).total_seconds() / 60.0), 1)
    played = [e.scenario_time for e in ev.events if e.kind in (
        EventKind.module_started, EventKind.inject_delivered, EventKind.decision_logged,
        EventKind.decision_amended, EventKind.clock_jumped)]
    s_start = min(played) if played else None
    s_end = max(played + [ev.state.story_time]) if played else None
    return Overview(
        title=clean(sc.title), scenario_id=sc.id, scenario_version=clean(sc.version),
        roadmap_session=sc.session,
        community=clean(profile.community.name) if profile else "",
        jurisdiction=clean(profile.community.jurisdiction) if profile else "",
        status=status_line(ev),
        wall_start=wall(ev.t0, ev.zone), wall_end=wall(wall_end_at, ev.zone),
        wall_start_iso=iso(ev.t0), wall_end_iso=iso(wall_end_at),
        duration_minutes=duration, planned_minutes=ev.loaded.planned_minutes,
        story_start=story(s_start), story_end=story(s_end),
        story_span=story_span(None if s_start is None or s_end is None else s_end - s_start),
        story_start_date=story_date(ev.loaded.story_datetime(s_start)) if s_start is not None else "",
        story_end_date=story_date(ev.loaded.story_datetime(s_end)) if s_end is not None else "",
        scope=clean(sc.scope), mission_areas=[m.value for m in sc.mission_areas],
        threat_hazard=clean(sc.threat_hazard), summary=clean(sc.summary), sponsor=clean(sc.sponsor),
        point_of_contact=Contact(clean(poc.name), clean(poc.title), clean(poc.organization),
                                 clean(poc.phone), clean(poc.email)),
        objectives=[ObjectiveRef(n, o.id, clean(o.text), list(o.practices), [core_capability(c).name for c in o.capabilities])
                    for n, o in enumerate(sc.objectives, start=1)],
        organizations=_organizations(ev),
        modules=_module_summaries(ev),
        totals=_totals(ev),
        time_zone=ev.zone or "UTC",
    )


def _organizations(ev: Evidence) -> list[Organization]:
    counts: dict[str, int] = defaultdict(int)
    for _, dec in ev.active.values():
        counts[dec.table] += 1
    return [Organization(table=t.id, name=clean(t.name), committees=[_committee_name(c) for c in t.committees],
                         roles=[clean(r) for r in t.roles], decisions=counts.get(t.id, 0))
            for t in ev.scenario.tables]


def _totals(ev: Evidence) -> dict[str, int]:
    state = ev.state
    return {
        "injects_planned": len(state.injects),
        "injects_delivered": len(ev.delivered()),
        "injects_skipped": sum(1 for s in state.injects.values() if s.status == "skipped"),
        "decisions": len(ev.active),
        "decisions_amended": sum(1 for ds in state.decisions.values() if len(ds.versions) > 1),
        "decisions_retracted": sum(1 for ds in state.decisions.values() if ds.retracted is not None),
        "eop_gaps": sum(1 for _, dec in ev.active.values() if dec.eop_gap),
        "observations": len(state.observations),
        "ratings": len(state.ratings),
        "hotwash_notes": len(state.hotwash_notes),
        "feedback_forms": len(state.feedback),
        "events": len(ev.events),
    }


def _module_summaries(ev: Evidence) -> list[ModuleSummary]:
    ordered = sorted(ev.module_starts().values(), key=lambda e: e.seq)
    end_of_play = next((e for e in ev.events if e.kind in (EventKind.hotwash_started, EventKind.exercise_ended)), None)
    end_of_play = end_of_play or (ev.events[-1] if ev.events else None)
    actual: dict[str, float] = {}
    for i, start in enumerate(ordered):
        nxt = ordered[i + 1] if i + 1 < len(ordered) else end_of_play
        if nxt is not None:
            actual[start.data["module"]] = round(max(0.0, (nxt.wall_time - start.wall_time).total_seconds() / 60.0), 1)
    decisions_by_module: dict[str, int] = defaultdict(int)
    for logged, dec in ev.active.values():
        decisions_by_module[_module_at(ev, decision_story(logged, dec))] += 1
    out = []
    for m in ev.scenario.modules:
        states = [s for s in ev.state.injects.values() if s.module_id == m.id]
        out.append(ModuleSummary(
            id=m.id, title=clean(m.title), story_start=story(m.start), story_end=story(m.end),
            story_start_seconds=m.start, story_end_seconds=m.end, planned_minutes=m.planned_minutes,
            actual_minutes=actual.get(m.id), injects_delivered=sum(1 for s in states if s.status == "delivered"),
            injects_skipped=sum(1 for s in states if s.status == "skipped"),
            decisions=decisions_by_module.get(m.id, 0)))
    return out


def _module_at(ev: Evidence, seconds: float) -> str:
    current = ev.scenario.modules[0].id
    for m in ev.scenario.modules:
        if seconds >= m.start:
            current = m.id
    return current


def _committee_name(committee_id: str) -> str:
    try:
        return committee(committee_id).name
    except KeyError:
        return committee_id
