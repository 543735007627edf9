"""What the room records, written straight to the session store by any console.

Table and evaluator consoles run no engine: they call these functions on their own SessionStore,
and the facilitator's engine reads the new events at its next tick. Each call commits before it
returns, so a console may show "saved" as soon as it has the Event back.
"""

from __future__ import annotations

from typing import Any, Protocol

from pydantic import BaseModel

from ..model.events import Event, EventKind
from ..model.records import Decision, Feedback, HotwashNote, ImprovementItem, Observation, Rating


class EventSink(Protocol):
    """A SessionStore, or the engine's in-memory log: anything that appends events."""

    def append(self, kind: EventKind, data: dict[str, Any], *, scenario_time: float, actor: str) -> Event: ...

    def event(self, seq: int) -> Event | None: ...

    def events(self, after_seq: int = 0, kinds: Any = None) -> list[Event]: ...


class RoomError(ValueError):
    """An input the room cannot record as asked (amending a retracted decision, …)."""


def _with_time(decision: Decision, story_time: float | str | None) -> Decision:
    """Fill in the story time when the console left it out (validated, unlike model_copy)."""
    if decision.scenario_time is None and story_time is not None:
        return Decision.model_validate({**decision.model_dump(), "scenario_time": story_time})
    return decision


def log_decision(store: EventSink, decision: Decision, *, story_time: float, actor: str) -> Event:
    """Record a new decision; its id is the seq of the returned event (`event.data["decision_id"]`)."""
    decision = _with_time(decision, int(story_time))
    return _record(store, EventKind.decision_logged, "decision", decision, story_time, actor)


def _check_open(store: EventSink, decision_id: int) -> Event:
    logged = store.event(decision_id)
    if logged is None or logged.kind is not EventKind.decision_logged:
        raise RoomError(f"there is no decision #{decision_id}")
    for event in store.events(decision_id, kinds=[EventKind.decision_retracted]):
        if event.data.get("decision_id") == decision_id:
            raise RoomError(f"decision #{decision_id} was retracted; log a new decision instead")
    return logged


def amend_decision(store: EventSink, decision_id: int, decision: Decision, *, story_time: float, actor: str) -> Event:
    """Save a new version of a decision (the whole record); the earlier versions stay in the log."""
    logged = _check_open(store, decision_id)
    decision = _with_time(decision, logged.data["decision"].get("scenario_time"))
    return store.append(EventKind.decision_amended,
                        {"decision_id": decision_id, "decision": decision.model_dump(mode="json")},
                        scenario_time=story_time, actor=actor)


def retract_decision(store: EventSink, decision_id: int, reason: str, *, story_time: float, actor: str) -> Event:
    """Withdraw a decision; it stays in the log and the report shows it struck through."""
    _check_open(store, decision_id)
    return store.append(EventKind.decision_retracted, {"decision_id": decision_id, "reason": reason},
                        scenario_time=story_time, actor=actor)


def record_observation(store: EventSink, obs: Observation, *, story_time: float, actor: str) -> Event:
    return _record(store, EventKind.observation, "observation", obs, story_time, actor)


def record_rating(store: EventSink, rating: Rating, *, story_time: float, actor: str) -> Event:
    return _record(store, EventKind.rating, "rating", rating, story_time, actor)


def record_hotwash_note(store: EventSink, note: HotwashNote, *, story_time: float, actor: str) -> Event:
    return _record(store, EventKind.hotwash_note, "note", note, story_time, actor)


def record_feedback(store: EventSink, feedback: Feedback, *, story_time: float, actor: str) -> Event:
    return _record(store, EventKind.feedback, "feedback", feedback, story_time, actor)


def set_improvement_item(store: EventSink, item: ImprovementItem, *, story_time: float, actor: str) -> Event:
    """Add or replace (same item_id) a row of the Improvement Plan."""
    return _record(store, EventKind.improvement_item, "item", item, story_time, actor)


WITHDRAWABLE = (EventKind.observation, EventKind.rating, EventKind.hotwash_note)


def withdraw_record(store: EventSink, *, seq: int | None = None, item_id: str | None = None, reason: str,
                    story_time: float, actor: str) -> Event:
    """Withdraw an observation, rating or hotwash note (by its event's `seq`) or an improvement-plan row (by
    `item_id`). Nothing is erased: the record stays in the log, and the report shows it as withdrawn."""
    if not reason.strip():
        raise RoomError("say why the record is withdrawn")
    if (seq is None) == (item_id is None):
        raise RoomError("withdraw either a record (seq) or an improvement-plan row (item_id)")
    if seq is not None:
        target = store.event(seq)
        if target is None or target.kind not in WITHDRAWABLE:
            raise RoomError(f"#{seq} is not an observation, rating or hotwash note")
        if any(e.data.get("seq") == seq for e in store.events(kinds=[EventKind.record_withdrawn])):
            raise RoomError(f"#{seq} was already withdrawn")
        data: dict[str, Any] = {"seq": seq, "reason": reason.strip()}
    else:
        data = {"item_id": item_id, "reason": reason.strip()}
    return store.append(EventKind.record_withdrawn, data, scenario_time=story_time, actor=actor)


def _record(store: EventSink, kind: EventKind, key: str, record: BaseModel, story_time: float, actor: str) -> Event:
    """Append one room record as `{key: record}` (the shape the projection reads back)."""
    return store.append(kind, {key: record.model_dump(mode="json")}, scenario_time=story_time, actor=actor)
