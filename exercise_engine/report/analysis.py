"""Everything the after-action report shows, computed once from a projected session.

`build_report_data(state, generated_at)` turns a `SessionState` (engine/projection.py) into a
`ReportData`: plain dataclasses of cleaned strings and numbers. Every writer (HTML, Markdown, DOCX,
JSON) only lays this out, so the formats cannot disagree about a number. Each section is built in the
module named for it (overview, scorecard, timeline, findings, eop_plan, improvement_plan, feedback,
appendices) from the same `Evidence` (evidence.py).

Counting rules, stated once (the report's method note repeats them):
- A decision belongs to a practice when the decision names it or answers an inject of that practice.
- Retracted decisions are kept in the decision log but count nowhere else; amendments count as their
  latest version.
- An inject addressed to named tables is answered for each table that logged a decision answering it;
  an inject addressed to `all` is answered when any table did.
- An inject is late when its first answer came more than its discussion time (default 15 minutes)
  of wall-clock time after delivery.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from ..model.records import RATING_DEFINITIONS, ImprovementItem
from .capability_analysis import CapabilityAnalysis, capability_analyses
from .appendices import DecisionEntry, EventEntry, build_decision_log, build_event_log
from .consequences import Consequences, build_consequences
from .eop_plan import EopGroup, build_eop_plan
from .executive_summary import ExecutiveSummary, build_executive_summary
from .evidence import Evidence
from .feedback import FeedbackSummary, build_feedback
from .findings import Finding, ObjectiveAnalysis, PracticeAnalysis, collect_findings, objective_analyses, practice_analyses
from .improvement_plan import ImprovementRow, build_improvement_plan, prefilled_items
from .inject_answers import DEFAULT_DISCUSSION_MINUTES, inject_answers
from .overview import Overview, build_overview, status_line
from .ratings import RATING_COLORS, RATING_NAMES
from .scorecard import ScorecardRow, build_scorecard
from .text import clean, iso, wall
from .timeline import Timeline, build_timeline

METHOD_NOTES: list[str] = [
    "A decision counts for a practice when it names the practice or answers an inject of that practice.",
    "Retracted decisions appear only in the decision log; amended decisions count as their latest version.",
    "An inject addressed to named tables is unanswered for each of those tables that logged no decision "
    "answering it; an inject addressed to all tables is unanswered when no table answered it.",
    f"Time to first decision runs from the inject's delivery to the first decision answering it, per table; "
    f"an inject is late when that took longer than its discussion time (default {DEFAULT_DISCUSSION_MINUTES} "
    "minutes of wall-clock time).",
    "The practice rating is the worst evaluator rating (P < S < M < U) over the objectives tied to the practice.",
]


HANDLING = (
    "This After-Action Report / Improvement Plan is for the exercise's sponsor and partner organizations. It may "
    "contain sensitive details of the community's plans and gaps: handle it according to your organization's "
    "policy for sensitive but unclassified information, and do not post or forward it without the exercise "
    "director's approval. Observations are no-fault: they describe plans and systems, not people."
)


@dataclass(frozen=True)
class ReportData:
    generated_at: str
    generated_label: str
    """The generation time as people read it (`2026-11-25 09:00 UTC`)."""
    interim: bool
    status: str
    overview: Overview
    handling: str
    executive_summary: ExecutiveSummary
    capabilities: list[CapabilityAnalysis]
    """HSEEP's analysis of core capabilities: one entry per objective, numbered."""
    scorecard: list[ScorecardRow]
    timeline: Timeline
    objectives: list[ObjectiveAnalysis]
    practices: list[PracticeAnalysis]
    general_findings: list[Finding]
    """Observations and hotwash notes tied to no practice nor objective."""
    eop_plan: list[EopGroup]
    improvement_plan: list[ImprovementRow]
    feedback: FeedbackSummary
    consequences: Consequences
    """The consequence models' metrics with the decisions that changed them (none without models)."""
    decision_log: list[DecisionEntry]
    events: list[EventEntry]
    rating_definitions: dict[str, str]
    method: list[str]

    def to_dict(self) -> dict[str, Any]:
        """One JSON-ready dict, keys in declaration order (stable across runs)."""
        return _plain(self)


def build_report_data(state: Any, generated_at: datetime, time_zone: str | None = None) -> ReportData:
    """Compute the whole report from a projected session (`SessionState`); wall times in `time_zone` (an IANA
    name), else the exercise's own (scenario or community profile), else UTC."""
    ev = Evidence(state, time_zone)
    answers = inject_answers(ev)
    findings = collect_findings(ev)
    objectives = objective_analyses(ev, findings)
    plan = build_improvement_plan(ev)
    eop = build_eop_plan(ev)
    capabilities = capability_analyses(ev, objectives, plan)
    status = status_line(ev)
    return ReportData(
        handling=HANDLING,
        executive_summary=build_executive_summary(
            clean(ev.scenario.title), status, capabilities, eop, len(ev.active),
            len({dec.table for _, dec in ev.active.values()})),
        capabilities=capabilities,
        generated_at=iso(generated_at) or "",
        generated_label=wall(generated_at, ev.zone),
        interim=not ev.ended,
        status=status,
        overview=build_overview(ev),
        scorecard=build_scorecard(ev, answers, findings),
        timeline=build_timeline(ev),
        objectives=objectives,
        practices=practice_analyses(ev, answers, findings),
        general_findings=[f for f in findings if f.practice is None and f.objective is None],
        eop_plan=eop,
        improvement_plan=plan,
        feedback=build_feedback(ev),
        consequences=build_consequences(ev),
        decision_log=build_decision_log(ev),
        events=build_event_log(ev),
        rating_definitions=dict(RATING_DEFINITIONS),
        method=list(METHOD_NOTES),
    )


def prefilled_improvement_items(state: Any) -> list[ImprovementItem]:
    """Improvement Plan rows as the report prefills them, before the facilitator's edits.

    Ids are stable (`obs-<seq>` for an observation, `hotwash-<seq>` for a hotwash note), so the console
    can edit a row by logging an `improvement_item` event with the same `item_id`.
    """
    return prefilled_items(Evidence(state))


def _plain(value: Any) -> Any:
    if hasattr(value, "__dataclass_fields__"):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


__all__ = ["ReportData", "build_report_data", "prefilled_improvement_items", "DEFAULT_DISCUSSION_MINUTES",
           "RATING_COLORS", "RATING_NAMES", "Finding", "Timeline"]
