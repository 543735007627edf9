"""What a rehearsal (or any session) did, in a few lines for the facilitator."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..model.practices import PRACTICES
from ..model.story_time import format_story_time
from .projection import SessionState


@dataclass(frozen=True)
class SessionSummary:
    title: str
    scenario_id: str
    version: str
    delivered: Counter[str]
    """Delivered injects by reason (scheduled, fired, released)."""
    skipped: Counter[str]
    """Skipped injects by reason (condition, facilitator)."""
    pending: int
    decisions: int
    tables: int
    practices: frozenset[int]
    """Practices the standing decisions count for."""
    practices_delivered: frozenset[int]
    """Practices of the injects delivered."""
    story_start: float
    story_end: float
    events: int

    def lines(self) -> list[str]:
        missing = [p.number for p in PRACTICES if p.number not in self.practices]
        delivered = sum(self.delivered.values())
        skipped = sum(self.skipped.values())
        lines = [
            f"Story span: {format_story_time(self.story_start)} to {format_story_time(self.story_end)}",
            f"Injects: {delivered} delivered{_reasons(self.delivered, 'scheduled')}, "
            f"{skipped} skipped{_reasons(self.skipped, None)}"
            + (f", {self.pending} not reached" if self.pending else ""),
            f"Decisions: {self.decisions} from {self.tables} table{'s' if self.tables != 1 else ''}",
            f"Practices covered: {len(self.practices_delivered)}/{len(PRACTICES)} by delivered injects, "
            f"{len(self.practices)}/{len(PRACTICES)} by decisions"
            + (f" (no decision for: {', '.join(map(str, missing))})" if missing else ""),
            f"Events: {self.events} in the session log",
        ]
        return lines


def _reasons(counts: Counter[str], usual: str | None) -> str:
    parts = [f"{n} {reason}" for reason, n in sorted(counts.items()) if reason != usual and n]
    if usual is None and parts:
        parts = [f"{n} by {reason}" for reason, n in sorted(counts.items()) if n]
    return f" ({', '.join(parts)})" if parts else ""


def summarize(state: SessionState) -> SessionSummary:
    scenario = state.scenario.scenario
    decisions = state.active_decisions()
    return SessionSummary(
        title=scenario.title, scenario_id=scenario.id, version=scenario.version,
        delivered=Counter(s.reason for s in state.injects.values() if s.status == "delivered"),
        skipped=Counter(s.reason for s in state.injects.values() if s.status == "skipped"),
        pending=sum(1 for s in state.injects.values() if s.status == "pending"),
        decisions=len(decisions), tables=len({d.table for d in decisions}),
        practices=frozenset(state.practices_covered()),
        practices_delivered=frozenset(p for s in state.delivered() for p in s.inject.practices),
        story_start=min((e.scenario_time for e in state.events), default=0.0),
        story_end=state.story_time, events=len(state.events),
    )
