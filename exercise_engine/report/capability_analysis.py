"""HSEEP's "Analysis of Core Capabilities": per objective and capability, strengths and areas for
improvement written as observation, reference, analysis and recommendation, with the expected actions of
the objective's injects beside what the room decided.

Sources, in this order: the evaluators' observations (with the ratings and cited decisions behind them),
the hotwash, then the expected actions: a tagged action is met when a decision in force carries its tag
(a table's own tag, or the controller's mark); an inject delivered with none of its tagged actions met is
an area for improvement, one with actions met is a strength.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.core_capabilities import core_capability
from ..model.practices import practice as practice_by_number
from ..model.scenario import Objective
from .evidence import Evidence
from .findings import Finding, ObjectiveAnalysis
from .improvement_plan import ImprovementRow
from .text import clean, story

DEFAULT_REFERENCE = "The community's Emergency Operations Plan and its MVI annex"


@dataclass(frozen=True)
class ExpectedAction:
    text: str
    tag: str
    status: str
    """met | not seen | not tracked (no tag, so only a reader of the decisions can tell)"""


@dataclass(frozen=True)
class ExpectedCheck:
    """One delivered inject of the objective: what the planners expected beside what the room decided."""

    inject_number: int
    inject_id: str
    title: str
    delivered_story: str
    expected: list[ExpectedAction]
    decided: list[str]
    """"Victim Services Committee (#12): text", for the decisions answering it or meeting its actions."""


@dataclass(frozen=True)
class HseepFinding:
    kind: str
    """strength | improvement"""
    title: str
    observation: str
    reference: str
    analysis: str
    recommendation: str
    source: str
    """Who recorded it: "evaluator Dana", "hotwash: Steering Committee", "expected actions"."""
    decisions: list[int]


@dataclass(frozen=True)
class CapabilityAnalysis:
    number: int
    objective_id: str
    objective_text: str
    capabilities: list[str]
    practices: list[str]
    rating: str
    rating_name: str
    rating_color: str
    rating_notes: list[str]
    """"M from Dana: explanation", one per evaluator's latest rating."""
    strengths: list[HseepFinding]
    improvements: list[HseepFinding]
    expected: list[ExpectedCheck]


STATUS_MARKS = {"met": "\u2713 met", "not seen": "\u2717 NOT SEEN", "not tracked": "? not tracked"}


def expected_lines(check: ExpectedCheck) -> str:
    """The expected actions of one inject, each with whether the room's decisions met it."""
    return "\n".join(f"{STATUS_MARKS[a.status]}: {a.text}" for a in check.expected)


def _title(text: str, limit: int = 110) -> str:
    first = text.split("\n")[0]
    first = first.split(". ")[0].rstrip(".")
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "\u2026"


def _reference(objective: Objective, practice: int | None) -> str:
    parts = [f"Best practice {practice}: {practice_by_number(practice).name}"] if practice else []
    parts += [clean(s) for s in objective.sources] or [DEFAULT_REFERENCE]
    return "; ".join(parts)


def _decision_line(ev: Evidence, did: int) -> str:
    _, dec = ev.active[did]
    text = clean(dec.text)
    return f"{ev.table_name(dec.table)} (#{did}): {text if len(text) <= 300 else text[:299] + chr(0x2026)}"


def _recommendation(finding: Finding, plan: dict[str, ImprovementRow]) -> str:
    row = plan.get(f"{'obs' if finding.source == 'observation' else 'hotwash'}-{finding.seq}")
    if finding.kind == "strength":
        return "Keep it: write the practice into the plan or annex so it does not depend on who is in the room."
    if row is not None and row.corrective_action:
        who = f" ({row.organization})" if row.organization else ""
        return row.corrective_action + who
    return "Set a corrective action, owner and date in the improvement plan (Appendix A)."


def _from_finding(ev: Evidence, f: Finding, objective: Objective, analysis: ObjectiveAnalysis,
                  plan: dict[str, ImprovementRow]) -> HseepFinding:
    notes = [f"Rated {r.rating} by {r.evaluator}" + (f": {r.explanation}" if r.explanation else "")
             for r in analysis.ratings]
    cited = [_decision_line(ev, d) for d in f.decisions if d in ev.active]
    parts = []
    if cited:
        parts.append("Decisions cited: " + "; ".join(c.rstrip(".") for c in cited) + ".")
    parts += notes
    if not parts:
        parts.append("Recorded during the exercise; no rating or decision is tied to it.")
    who = f"evaluator {f.who}" if f.source == "observation" else f"hotwash: {f.who}"
    return HseepFinding(f.kind, _title(f.text), f.text, _reference(objective, f.practice or objective.practices[0]),
                        "\n".join(parts), _recommendation(f, plan), who, list(f.decisions))


def expected_checks(ev: Evidence, objective: Objective, numbers: dict[str, int]) -> list[ExpectedCheck]:
    tagged: dict[str, list[int]] = {}
    for did, (_, dec) in ev.active.items():
        for tag in dec.tags:
            tagged.setdefault(tag, []).append(did)
    out = []
    for item in ev.delivered():
        inject = item.inject
        if objective.id not in inject.objectives or not inject.expected_actions:
            continue
        actions, meeting = [], []
        for a in inject.expected_actions:
            if a.tag is None:
                actions.append(ExpectedAction(clean(a.text), "", "not tracked"))
                continue
            met = tagged.get(a.tag, [])
            meeting += [d for d in met if d not in meeting]
            actions.append(ExpectedAction(clean(a.text), a.tag, "met" if met else "not seen"))
        answering = [did for table in ev.answers.get(inject.id, {}).values() for did, _, _ in table]
        decided = [_decision_line(ev, d) for d in dict.fromkeys(answering + meeting)]
        out.append(ExpectedCheck(numbers.get(inject.id, 0), inject.id, clean(inject.title),
                                 story(item.event.scenario_time) if item.event is not None else "",
                                 actions, decided))
    return out


def _met_strength(checks: list[ExpectedCheck], objective: Objective, practice: int) -> HseepFinding | None:
    """One strength for the injects whose tagged expected actions were all seen."""
    done = [c for c in checks if (t := [a for a in c.expected if a.status != "not tracked"])
            and all(a.status == "met" for a in t)]
    if not done:
        return None
    listed = "; ".join(f"inject {c.inject_number} \u201c{c.title}\u201d" for c in done)
    actions = sum(1 for c in done for a in c.expected if a.status == "met")
    return HseepFinding(
        "strength", f"Every expected action taken for {len(done)} inject{'s' if len(done) != 1 else ''}",
        f"The room's decisions met all {actions} tracked expected actions of {listed}.",
        _reference(objective, practice),
        "The decisions that met them are listed beside each inject in the table of expected actions below.",
        "Keep it: write the practice into the plan or annex so it does not depend on who is in the room.",
        "expected actions", [])


def _missed(check: ExpectedCheck, objective: Objective, practice: int) -> HseepFinding | None:
    tracked = [a for a in check.expected if a.status != "not tracked"]
    met = [a for a in tracked if a.status == "met"]
    missed = [a for a in tracked if a.status == "not seen"]
    if not missed:
        return None
    decided = "; ".join(d.rstrip(".") for d in check.decided) or "no table logged a decision answering it"
    return HseepFinding(
        "improvement", f"Inject {check.inject_number}, \u201c{check.title}\u201d: "
        f"{len(missed)} of {len(tracked)} expected actions not seen",
        "Not seen in any decision: " + "; ".join(a.text.rstrip(".") for a in missed) + ".",
        _reference(objective, practice),
        f"What the room decided: {decided}." + (f" Met: {'; '.join(a.text.rstrip('.') for a in met)}." if met else ""),
        "Assign an owner to write these actions into the plan or annex and train the people named in it.",
        "expected actions", [])


def capability_analyses(ev: Evidence, objectives: list[ObjectiveAnalysis], plan: list[ImprovementRow]
                        ) -> list[CapabilityAnalysis]:
    numbers = {i.id: n for n, i in enumerate(ev.loaded.injects, start=1)}
    rows = {r.item_id: r for r in plan}
    by_id = {o.id: o for o in ev.scenario.objectives}
    out = []
    for n, analysis in enumerate(objectives, start=1):
        objective = by_id[analysis.id]
        strengths = [_from_finding(ev, f, objective, analysis, rows) for f in analysis.strengths]
        improvements = [_from_finding(ev, f, objective, analysis, rows) for f in analysis.improvements]
        checks = expected_checks(ev, objective, numbers)
        kept = _met_strength(checks, objective, objective.practices[0])
        strengths += [kept] if kept else []
        improvements += [f for c in checks if (f := _missed(c, objective, objective.practices[0]))]
        out.append(CapabilityAnalysis(
            number=n, objective_id=objective.id, objective_text=analysis.text,
            capabilities=[core_capability(c).name for c in objective.capabilities],
            practices=[f"{p}. {practice_by_number(p).name}" for p in objective.practices],
            rating=analysis.rating, rating_name=analysis.rating_name, rating_color=analysis.rating_color,
            rating_notes=[f"{r.rating} from {r.evaluator}" + (f": {r.explanation}" if r.explanation else "")
                          for r in analysis.ratings],
            strengths=strengths, improvements=improvements, expected=checks))
    return out
