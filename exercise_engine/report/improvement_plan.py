"""Section 6, the Improvement Plan matrix (HSEEP's columns), prefilled from the areas for improvement.

Each evaluator's improvement observation and each improvement hotwash note becomes a row with a stable id
(`obs-<seq>`, `hotwash-<seq>`); the facilitator's edits (`improvement_item` events with the same id)
replace the prefilled row, and edits with new ids add rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.core_capabilities import PRACTICE_CAPABILITIES, core_capability
from ..model.practices import practice as practice_by_number
from ..model.records import ImprovementItem, ObservationKind
from .evidence import Evidence
from .text import clean


@dataclass(frozen=True)
class ImprovementRow:
    item_id: str
    practice: int | None
    capability: str
    """The practice, "4. Friends & Relatives Center (FRC)"."""
    core_capability: str
    """The core capability the practice mainly exercises (FEMA's name), for HSEEP's Capability column."""
    area: str
    corrective_action: str
    element: str
    organization: str
    poc: str
    start: str
    completion: str
    source: str
    edited: bool
    """True when the facilitator's edits (improvement_item events) set this row."""


def prefilled_items(ev: Evidence) -> list[ImprovementItem]:
    """The rows before the facilitator's edits; the organization defaults to the cited decisions' owners."""
    items = []
    for logged, obs in ev.state.observations:
        if obs.kind != ObservationKind.improvement:
            continue
        numbers = [ev.number_of[d] for d in obs.decisions if d in ev.number_of]
        cited = [ev.active[n][1] for n in numbers if n in ev.active]
        owners = [dec.owner or ev.table_name(dec.table) for dec in cited]
        items.append(ImprovementItem(
            item_id=f"obs-{logged.seq}", practice=obs.practice or _practice_of_objective(ev, obs.objective),
            area=obs.text, organization="; ".join(dict.fromkeys(o for o in owners if o)),
            source="observation"))
    for logged, note in ev.state.hotwash_notes:
        if note.kind != ObservationKind.improvement:
            continue
        org = ev.table_name(note.source) if note.source in ev.table_names else ""
        items.append(ImprovementItem(item_id=f"hotwash-{logged.seq}", practice=note.practice, area=note.text,
                                     organization=org, source="hotwash"))
    return items


def build_improvement_plan(ev: Evidence) -> list[ImprovementRow]:
    edits: dict[str, ImprovementItem] = dict(getattr(ev.state, "improvement_items", {}) or {})
    prefilled = prefilled_items(ev)
    rows = [_row(edits.get(item.item_id) or item, item.item_id in edits) for item in prefilled]
    seen = {item.item_id for item in prefilled}
    rows.extend(_row(item, True) for item_id, item in edits.items() if item_id not in seen)
    return sorted(rows, key=lambda r: (99 if r.practice is None else r.practice))


def _practice_of_objective(ev: Evidence, objective_id: str | None) -> int | None:
    for o in ev.scenario.objectives:
        if o.id == objective_id:
            return o.practices[0]
    return None


def _row(item: ImprovementItem, edited: bool) -> ImprovementRow:
    cap = f"{item.practice}. {practice_by_number(item.practice).name}" if item.practice else ""
    return ImprovementRow(
        item_id=clean(item.item_id), practice=item.practice, capability=cap,
        core_capability=core_capability(PRACTICE_CAPABILITIES[item.practice][0]).name if item.practice else "",
        area=clean(item.area),
        corrective_action=clean(item.corrective_action), element=item.element.value,
        organization=clean(item.organization), poc=clean(item.poc),
        start=item.start.isoformat() if item.start else "",
        completion=item.completion.isoformat() if item.completion else "",
        source=item.source, edited=edited)
