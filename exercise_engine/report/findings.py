"""Section 4, the analysis: strengths and areas for improvement per objective and per best practice.

Findings come from the evaluators' observations (which cite the decisions behind them) and the hotwash
notes; each practice also calls out its unanswered and late injects.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from ..model.practices import PRACTICES
from ..model.records import ObservationKind
from .evidence import Evidence
from .inject_answers import InjectAnswers, InjectCallout, callout
from .ratings import RATING_COLORS, RATING_NAMES
from .text import clean, story


@dataclass(frozen=True)
class Finding:
    kind: str
    """strength | improvement"""
    source: str
    """"observation" or "hotwash"."""
    who: str
    """Evaluator name or hotwash source (table name)."""
    text: str
    practice: int | None
    objective: str | None
    decisions: list[int]
    """Decision ids cited (observations cite them; hotwash notes do not)."""
    seq: int
    story: str


@dataclass(frozen=True)
class RatingEntry:
    evaluator: str
    rating: str
    rating_name: str
    explanation: str
    seq: int


@dataclass(frozen=True)
class ObjectiveAnalysis:
    id: str
    text: str
    practices: list[int]
    rating: str
    rating_name: str
    rating_color: str
    ratings: list[RatingEntry]
    strengths: list[Finding]
    improvements: list[Finding]


@dataclass(frozen=True)
class PracticeAnalysis:
    number: int
    name: str
    rating: str
    rating_name: str
    rating_color: str
    decisions: list[int]
    strengths: list[Finding]
    improvements: list[Finding]
    unanswered: list[InjectCallout]
    late: list[InjectCallout]


def collect_findings(ev: Evidence) -> list[Finding]:
    """Every observation and hotwash note, in log order."""
    out = []
    for logged, obs in ev.state.observations:
        out.append(Finding(
            kind=obs.kind.value, source="observation", who=clean(obs.evaluator) or clean(logged.actor),
            text=clean(obs.text), practice=obs.practice, objective=clean(obs.objective) or None,
            decisions=sorted({ev.number_of.get(d, d) for d in obs.decisions}), seq=logged.seq, story=story(logged.scenario_time)))
    for logged, note in ev.state.hotwash_notes:
        out.append(Finding(
            kind=note.kind.value, source="hotwash", who=ev.table_name(note.source),
            text=clean(note.text), practice=note.practice, objective=None, decisions=[],
            seq=logged.seq, story=story(logged.scenario_time)))
    return sorted(out, key=lambda f: f.seq)


def objective_analyses(ev: Evidence, findings: list[Finding]) -> list[ObjectiveAnalysis]:
    out = []
    for o in ev.scenario.objectives:
        rating = ev.worst_rating([o.id])
        entries = [RatingEntry(clean(r.evaluator) or clean(logged.actor), r.rating.value, RATING_NAMES[r.rating.value],
                               clean(r.explanation), logged.seq) for logged, r in ev.ratings.get(o.id, [])]
        strengths, improvements = _by_kind(f for f in findings if f.objective == o.id)
        out.append(ObjectiveAnalysis(
            id=o.id, text=clean(o.text), practices=list(o.practices), rating=rating,
            rating_name=RATING_NAMES[rating], rating_color=RATING_COLORS[rating], ratings=entries,
            strengths=strengths, improvements=improvements))
    return out


def practice_analyses(ev: Evidence, answers: dict[str, InjectAnswers],
                      findings: list[Finding]) -> list[PracticeAnalysis]:
    """The practices the session touched (findings, unanswered or late injects, decisions), in order."""
    out = []
    for bp in PRACTICES:
        n = bp.number
        mine = [f for f in findings if f.practice == n]
        delivered = [answers[s.inject.id] for s in ev.delivered() if n in s.inject.practices]
        unanswered = [callout(ev, info, late=False) for info in delivered if info.unanswered]
        late = [callout(ev, info, late=True) for info in delivered if info.late]
        decisions = [did for did, ps in ev.decision_practices.items() if n in ps]
        if not (mine or unanswered or late or decisions):
            continue
        rating = ev.worst_rating(ev.objectives_of_practice(n))
        strengths, improvements = _by_kind(mine)
        out.append(PracticeAnalysis(
            number=n, name=bp.name, rating=rating, rating_name=RATING_NAMES[rating],
            rating_color=RATING_COLORS[rating], decisions=decisions, strengths=strengths, improvements=improvements,
            unanswered=unanswered, late=late))
    return out


def _by_kind(findings: Iterable[Finding]) -> tuple[list[Finding], list[Finding]]:
    """(strengths, areas for improvement), each in log order."""
    strengths, improvements = [], []
    for f in findings:
        if f.kind == ObservationKind.strength.value:
            strengths.append(f)
        elif f.kind == ObservationKind.improvement.value:
            improvements.append(f)
    return strengths, improvements
