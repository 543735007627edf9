"""Section 5, the EOP annex update plan: every active decision flagged as an EOP gap, grouped by practice."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..model.practices import practice as practice_by_number
from .evidence import Evidence, decision_story
from .text import clean, story


@dataclass(frozen=True)
class EopEntry:
    decision_id: int
    table: str
    table_name: str
    text: str
    owner: str
    follow_up: str
    follow_up_due: str
    rationale: str
    inject: str
    practices: list[int]
    story: str


@dataclass(frozen=True)
class EopGroup:
    practice: int | None
    name: str
    entries: list[EopEntry]


def build_eop_plan(ev: Evidence) -> list[EopGroup]:
    """Groups in practice order (decisions naming no practice last); the owner defaults to the table."""
    groups: dict[int | None, list[EopEntry]] = defaultdict(list)
    for did, (logged, dec) in ev.active.items():
        if not dec.eop_gap:
            continue
        groups[ev.primary_practice(dec)].append(EopEntry(
            decision_id=did, table=dec.table, table_name=ev.table_name(dec.table), text=clean(dec.text),
            owner=clean(dec.owner) or ev.table_name(dec.table), follow_up=clean(dec.follow_up),
            follow_up_due=story(dec.follow_up_due), rationale=clean(dec.rationale), inject=clean(dec.inject),
            practices=ev.decision_practices[did], story=story(decision_story(logged, dec))))
    order = sorted(groups, key=lambda p: 99 if p is None else p)
    return [EopGroup(p, practice_by_number(p).name if p is not None else "No practice named", groups[p])
            for p in order]
