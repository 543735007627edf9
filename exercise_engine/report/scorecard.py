"""Section 2, the best-practice scorecard: one row per practice, 1 to 16, with the evaluators' rating."""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median

from ..model.practices import PRACTICES
from .evidence import Evidence
from .findings import Finding
from .inject_answers import InjectAnswers
from .ratings import RATING_COLORS, RATING_NAMES
from .text import minutes, story_span


@dataclass(frozen=True)
class ScorecardRow:
    number: int
    name: str
    short: str
    injects_planned: int
    injects_delivered: int
    decisions: int
    tables_responding: int
    tables: list[str]
    median_first_decision_wall_minutes: float | None
    median_first_decision_wall: str
    median_first_decision_story_seconds: int | None
    median_first_decision_story: str
    answers_timed: int
    """How many (inject, table) first answers the medians are taken over."""
    unanswered_injects: int
    late_injects: int
    eop_gaps: int
    rating: str
    """Worst evaluator rating over the objectives tied to the practice: P, S, M, U or empty."""
    rating_name: str
    rating_color: str
    rated_objectives: list[str]
    exercised: bool
    """Whether anything in the session touched this practice (injects, decisions, notes)."""


def build_scorecard(ev: Evidence, answers: dict[str, InjectAnswers], findings: list[Finding]) -> list[ScorecardRow]:
    rows = []
    for bp in PRACTICES:
        n = bp.number
        planned = [s for s in ev.state.injects.values() if n in s.inject.practices]
        delivered = [s for s in planned if s.status == "delivered"]
        decisions = [did for did, ps in ev.decision_practices.items() if n in ps]
        tables = sorted({ev.active[d][1].table for d in decisions},
                        key=lambda t: (ev.table_ids.index(t) if t in ev.table_ids else 99, t))
        walls, stories = [], []
        for s in delivered:
            for w, st in answers[s.inject.id].firsts.values():
                walls.append(w)
                stories.append(st)
        med_wall = round(median(walls), 1) if walls else None
        med_story = int(median(stories)) if stories else None
        unanswered = sum(1 for s in delivered if answers[s.inject.id].unanswered)
        late = sum(1 for s in delivered if answers[s.inject.id].late)
        objectives = ev.objectives_of_practice(n)
        rating = ev.worst_rating(objectives)
        eop = sum(1 for d in decisions if ev.active[d][1].eop_gap)
        touched = bool(delivered or decisions or any(f.practice == n for f in findings) or rating)
        rows.append(ScorecardRow(
            number=n, name=bp.name, short=bp.short, injects_planned=len(planned), injects_delivered=len(delivered),
            decisions=len(decisions), tables_responding=len(tables), tables=[ev.table_name(t) for t in tables],
            median_first_decision_wall_minutes=med_wall, median_first_decision_wall=minutes(med_wall),
            median_first_decision_story_seconds=med_story, median_first_decision_story=story_span(med_story),
            answers_timed=len(walls), unanswered_injects=unanswered, late_injects=late, eop_gaps=eop,
            rating=rating, rating_name=RATING_NAMES[rating], rating_color=RATING_COLORS[rating],
            rated_objectives=[o for o in objectives if ev.ratings.get(o)], exercised=touched))
    return rows
