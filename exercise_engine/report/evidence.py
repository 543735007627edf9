"""What every section of the report reads from a session, worked out once.

The active decisions (latest version of each, retracted ones left out), the practices each counts for,
the answers to each inject per table, the evaluators' latest ratings and the wall-clock origin.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any, Iterable

from ..model.events import Event, EventKind
from ..model.records import Decision
from .ratings import latest_ratings, worst_rating
from .text import clean


def decision_story(ev: Event, dec: Decision) -> float:
    """When a decision happened in the story: the time the table gave, else when it was logged."""
    return float(dec.scenario_time) if dec.scenario_time is not None else ev.scenario_time


class Evidence:
    def __init__(self, state: Any, time_zone: str | None = None) -> None:
        self.state = state
        self.loaded = state.scenario
        self.zone: str | None = time_zone or getattr(state.scenario, "time_zone", None)
        """The IANA time zone wall times are shown in (None: as stored, UTC)."""
        self.scenario = state.scenario.scenario
        self.table_ids = [t.id for t in self.scenario.tables]
        self.table_names = {t.id: clean(t.name) for t in self.scenario.tables}
        self.events: list[Event] = list(state.events)
        self.ended = any(e.kind == EventKind.exercise_ended for e in self.events)
        self.t0 = self._wall_origin()
        self.number_of: dict[int, int] = {did: ds.number for did, ds in state.decisions.items()}
        """Decision id (its seq, what records cite) → its number (what the report shows: 1, 2, 3…)."""
        self.active: dict[int, tuple[Event, Decision]] = {}
        """Decision number → (first logged event, latest version), for decisions not retracted."""
        for did, ds in sorted(state.decisions.items()):
            if ds.retracted is None:
                self.active[ds.number] = (ds.versions[0][0], ds.versions[-1][1])
        self.decision_practices: dict[int, list[int]] = {
            did: self.practices_of(dec) for did, (_, dec) in self.active.items()}
        self.answers: dict[str, dict[str, list[tuple[int, Event, Decision]]]] = defaultdict(lambda: defaultdict(list))
        """Inject id → table → the active decisions answering it."""
        for did, (ev, dec) in self.active.items():
            if dec.inject:
                self.answers[dec.inject][dec.table].append((did, ev, dec))
        self.ratings = latest_ratings(state)

    def _wall_origin(self) -> datetime | None:
        starts = [e.wall_time for e in self.events if e.kind == EventKind.module_started]
        if starts:
            return starts[0]
        return self.events[0].wall_time if self.events else None

    def wall_minutes(self, event: Event | None) -> float | None:
        """Wall minutes from the start of play to an event."""
        if event is None or self.t0 is None:
            return None
        return round((event.wall_time - self.t0).total_seconds() / 60.0, 2)

    def practices_of(self, dec: Decision) -> list[int]:
        """The practices a decision counts for (the projection's rule, shared with the consoles)."""
        return self.state.practices_of(dec)

    def primary_practice(self, dec: Decision) -> int | None:
        """The practice a decision is filed under: the first it names, else its inject's first (main) practice."""
        if dec.practices:
            return dec.practices[0]
        if dec.inject and self.loaded.has_inject(dec.inject):
            return self.loaded.inject(dec.inject).practices[0]
        return None

    def table_name(self, table_id: str) -> str:
        return self.table_names.get(table_id, clean(table_id))

    def worst_rating(self, objective_ids: Iterable[str]) -> str:
        return worst_rating(self.ratings, objective_ids)

    def objectives_of_practice(self, number: int) -> list[str]:
        return [o.id for o in self.scenario.objectives if number in o.practices]

    def delivered(self) -> list[Any]:
        """The delivered injects' states, in scenario order."""
        return [s for s in self.state.injects.values() if s.status == "delivered"]

    def module_starts(self) -> dict[str, Event]:
        """Module id → the event that first started it."""
        starts: dict[str, Event] = {}
        for e in self.events:
            if e.kind == EventKind.module_started and e.data.get("module") not in starts:
                starts[e.data.get("module")] = e
        return starts
