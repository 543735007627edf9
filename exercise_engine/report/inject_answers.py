"""Which delivered injects each table answered, how fast, and which went unanswered or were answered late.

An inject addressed to named tables is answered for each table that logged a decision answering it;
an inject addressed to `all` is answered when any table did. It is late when its first answer came more
than its discussion time (default 15 minutes) of wall-clock time after delivery.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .evidence import Evidence, decision_story
from .text import clean, story, wall

DEFAULT_DISCUSSION_MINUTES = 15
"""How long a table may take to answer an inject before the report calls it late, when the inject sets no time."""


@dataclass(frozen=True)
class InjectCallout:
    inject: str
    title: str
    module: str
    delivered_story: str
    delivered_wall: str
    tables: list[str]
    """Unanswered: the tables that logged nothing answering it. Late: the table(s) that answered late."""
    minutes_to_answer: float | None
    allowed_minutes: int


@dataclass(frozen=True)
class InjectAnswers:
    """One delivered inject's answers."""
    state: Any
    """The inject's state in the projection (inject, module, delivery event)."""
    unanswered: list[str]
    """Table ids that owed an answer and logged none."""
    firsts: dict[str, tuple[float, float]]
    """Table id → (wall minutes, story seconds) from delivery to that table's first answer."""
    allowed: int
    late: bool
    late_tables: list[str]


def inject_answers(ev: Evidence) -> dict[str, InjectAnswers]:
    """Per delivered inject: unanswered tables, first-answer latencies per table, lateness."""
    out: dict[str, InjectAnswers] = {}
    for istate in ev.delivered():
        inject = istate.inject
        answers = ev.answers.get(inject.id, {})
        firsts: dict[str, tuple[float, float]] = {}
        for table, items in answers.items():
            first_ev, dec = min(((e, d) for _, e, d in items), key=lambda p: p[0].seq)
            wall_min = max(0.0, (first_ev.wall_time - istate.event.wall_time).total_seconds() / 60.0)
            story_s = max(0.0, decision_story(first_ev, dec) - istate.event.scenario_time)
            firsts[table] = (wall_min, story_s)
        allowed = inject.discussion_minutes or DEFAULT_DISCUSSION_MINUTES
        unanswered = ev.state.owing(inject)  # the one rule the facilitator's tracker follows too
        if inject.addressed_to_all:
            first_overall = min((w for w, _ in firsts.values()), default=None)
            out[inject.id] = InjectAnswers(
                state=istate, unanswered=unanswered, firsts=firsts, allowed=allowed,
                late=first_overall is not None and first_overall > allowed, late_tables=sorted(firsts))
        else:
            late_tables = sorted(t for t, (w, _) in firsts.items() if w > allowed)
            out[inject.id] = InjectAnswers(
                state=istate, unanswered=unanswered, firsts=firsts, allowed=allowed,
                late=bool(late_tables), late_tables=late_tables)
    return out


def callout(ev: Evidence, info: InjectAnswers, late: bool) -> InjectCallout:
    """An unanswered (late=False) or late inject as the analysis lists it."""
    istate = info.state
    tables = info.late_tables if late else info.unanswered
    worst = max((info.firsts[t][0] for t in tables if t in info.firsts), default=None) if late else None
    return InjectCallout(
        inject=istate.inject.id, title=clean(istate.inject.title), module=istate.module_id,
        delivered_story=story(istate.event.scenario_time), delivered_wall=wall(istate.event.wall_time, ev.zone),
        tables=[ev.table_name(t) for t in tables],
        minutes_to_answer=None if worst is None else round(worst, 1), allowed_minutes=info.allowed)
