"""The appendices' logs: every decision with its versions (amendments and retractions visible), and every
event in the session log with a one-line summary."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model.events import Event, EventKind
from .evidence import Evidence, decision_story
from .text import clean, story, wall


@dataclass(frozen=True)
class DecisionVersion:
    seq: int
    kind: str
    """logged | amended"""
    wall: str
    story: str
    actor: str
    text: str
    role: str
    person: str
    owner: str
    options: str
    rationale: str
    follow_up: str
    follow_up_due: str
    inject: str
    practices: list[int]
    tags: list[str]
    eop_gap: bool


@dataclass(frozen=True)
class DecisionEntry:
    decision_id: int
    table: str
    table_name: str
    status: str
    """active | amended | retracted"""
    versions: list[DecisionVersion]
    retracted_seq: int | None
    retracted_reason: str
    retracted_wall: str


@dataclass(frozen=True)
class EventEntry:
    seq: int
    wall: str
    story: str
    kind: str
    actor: str
    summary: str


def build_decision_log(ev: Evidence) -> list[DecisionEntry]:
    out = []
    for _, ds in sorted(ev.state.decisions.items()):
        versions = []
        for i, (logged, dec) in enumerate(ds.versions):
            versions.append(DecisionVersion(
                seq=logged.seq, kind="logged" if i == 0 else "amended", wall=wall(logged.wall_time, ev.zone),
                story=story(decision_story(logged, dec)), actor=clean(logged.actor), text=clean(dec.text),
                role=clean(dec.role), person=clean(dec.person), owner=clean(dec.owner),
                options=clean(dec.options), rationale=clean(dec.rationale), follow_up=clean(dec.follow_up),
                follow_up_due=story(dec.follow_up_due), inject=clean(dec.inject), practices=ev.practices_of(dec),
                tags=list(dec.tags), eop_gap=dec.eop_gap))
        table = ds.versions[-1][1].table
        status = "retracted" if ds.retracted is not None else ("amended" if len(ds.versions) > 1 else "active")
        r = ds.retracted
        out.append(DecisionEntry(
            decision_id=ds.number, table=table, table_name=ev.table_name(table), status=status, versions=versions,
            retracted_seq=r.seq if r is not None else None,
            retracted_reason=clean(str(r.data.get("reason", ""))) if r is not None else "",
            retracted_wall=wall(r.wall_time, ev.zone) if r is not None else ""))
    return out


def build_event_log(ev: Evidence) -> list[EventEntry]:
    """Every event but the consequence models' samples (hundreds in a Session Eight run: the report charts
    them instead); threshold crossings stay, as they say why a consequence inject came."""
    return [EventEntry(e.seq, wall(e.wall_time, ev.zone), story(e.scenario_time), e.kind.value, clean(e.actor),
                       _summary(ev, e)) for e in ev.events if not is_model_sample(e)]


def is_model_sample(e: Event) -> bool:
    return e.kind == EventKind.model_event and "metrics" in e.data


def _summary(ev: Evidence, e: Event) -> str:
    """One line saying what an event did; a withdrawn record's line starts "WITHDRAWN (why):"."""
    withdrawn = (getattr(ev.state, "withdrawn", {}) or {}).get(e.seq)
    line = _what(ev, e)
    if withdrawn is not None:
        why = _shorten(str(withdrawn[0].data.get("reason", "")), 60)
        return clean(f"WITHDRAWN (#{withdrawn[0].seq}: {why}): ") + line
    return line


def _what(ev: Evidence, e: Event) -> str:
    d = e.data
    k = e.kind
    if k in (EventKind.inject_delivered, EventKind.inject_skipped, EventKind.clock_held):
        iid = str(d.get("inject", ""))
        title = clean(ev.loaded.inject(iid).title) if ev.loaded.has_inject(iid) else ""
        reason = f" ({clean(str(d['reason']))})" if d.get("reason") else ""
        return f"{iid}: {title}{reason}" if title else f"{clean(iid)}{reason}"
    if k == EventKind.module_started:
        mid = str(d.get("module", ""))
        title = next((m.title for m in ev.scenario.modules if m.id == mid), "")
        return clean(f"{mid}: {title}" if title else mid)
    if k in (EventKind.decision_logged, EventKind.decision_amended):
        dec = d.get("decision") or {}
        return clean(f"#{_number(ev, d)} {dec.get('table', '')}: {_shorten(str(dec.get('text', '')))}")
    if k == EventKind.decision_retracted:
        return clean(f"#{_number(ev, d)}: {_shorten(str(d.get('reason', '')))}")
    if k == EventKind.record_withdrawn:
        target = f"improvement-plan row {d.get('item_id')}" if d.get("item_id") else f"#{d.get('seq')}"
        return clean(f"withdrew {target}: {_shorten(str(d.get('reason', '')))}")
    if k == EventKind.speed_changed:
        return f"speed x{d.get('speed')}"
    if k == EventKind.clock_jumped:
        return f"{story(_num(d.get('from')))} -> {story(_num(d.get('to')))}"
    for key, attr in (("observation", "text"), ("note", "text"), ("item", "area")):
        if key in d and isinstance(d[key], dict):
            return clean(_shorten(str(d[key].get(attr, ""))))
    if k == EventKind.rating and isinstance(d.get("rating"), dict):
        r = d["rating"]
        return clean(f"{r.get('objective', '')}: {r.get('rating', '')}")
    if k == EventKind.feedback and isinstance(d.get("feedback"), dict):
        return clean(f"form from {d['feedback'].get('table') or 'a participant'}")
    if k == EventKind.model_event and d.get("model") == "thresholds":
        verb = "fired, released" if d.get("crossing") == "fired" else "re-armed for"
        return clean(f"threshold {d.get('threshold', '')} {verb} {d.get('inject', '')}: "
                     f"{d.get('metric', '')} at {d.get('value', '')}")
    if k == EventKind.session_created:
        return clean(f"{d.get('scenario_id', '')} v{d.get('scenario_version', '')}")
    return ""


def _num(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) else None


def _shorten(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _number(ev: Evidence, data: dict) -> object:
    """The number people know a decision by, for an event naming it by its id."""
    did = data.get("decision_id")
    return ev.number_of.get(int(did), did) if isinstance(did, int) else did
