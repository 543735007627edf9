"""The executive summary: the exercise in a paragraph, then its top strengths, top areas for improvement
and the EOP annex gaps, all picked from the evidence (never written by hand).

Ranking: evaluator and hotwash findings first (people saw them), then those from expected actions;
areas for improvement on the worst-rated objectives first.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..model.records import RATING_ORDER
from .capability_analysis import CapabilityAnalysis
from .eop_plan import EopGroup

TOP = 3


@dataclass(frozen=True)
class ExecutiveSummary:
    overview: str
    strengths: list[str]
    improvements: list[str]
    eop_gaps: list[str]


def _rank(a: CapabilityAnalysis) -> int:
    return RATING_ORDER.get(a.rating, -1)


def build_executive_summary(title: str, status: str, analyses: list[CapabilityAnalysis], eop: list[EopGroup],
                            decisions: int, tables: int) -> ExecutiveSummary:
    ratings = Counter(a.rating for a in analyses if a.rating)
    rated = ", ".join(f"{ratings[level]} {level}" for level in ("P", "S", "M", "U") if ratings[level])
    checks = [x for a in analyses for c in a.expected for x in c.expected if x.status != "not tracked"]
    met = sum(1 for x in checks if x.status == "met")
    gaps = sum(len(g.entries) for g in eop)
    overview = (f"{title}: {tables} tables logged {decisions} decisions in force against {len(analyses)} objectives. "
                + (f"Evaluators rated them {rated} (P performed without challenges … U unable to be performed). "
                   if rated else "No objective has been rated yet. ")
                + (f"{met} of {len(checks)} expected actions were seen in the room's decisions. " if checks else "")
                + f"The room flagged {gaps} gaps in its written plans for the EOP annex."
                + ("" if status.startswith("Final") else f" {status}"))

    def pick(kind: str) -> list[str]:
        order = sorted(analyses, key=_rank, reverse=(kind == "improvement"))
        people, derived = [], []
        for a in order:
            for f in (a.strengths if kind == "strength" else a.improvements):
                line = f"Objective {a.number} ({', '.join(a.capabilities)}): {f.title}"
                (derived if f.source == "expected actions" else people).append(line)
        return (people + derived)[:TOP]

    eop_lines = [f"{g.practice}. {g.name}: {len(g.entries)} gap{'s' if len(g.entries) != 1 else ''}"
                 if g.practice else f"{g.name}: {len(g.entries)}" for g in sorted(eop, key=lambda g: -len(g.entries))][:5]
    return ExecutiveSummary(overview, pick("strength"), pick("improvement"), eop_lines)
