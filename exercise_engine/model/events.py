"""The session log: an append-only list of events, each with story time and wall time.

Nothing is deleted: an amendment or retraction is a new event naming the decision it changes.
Every console view and every report is a projection of this list.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from operator import itemgetter
from typing import Any, NamedTuple, Sequence


class LogError(Exception):
    """Where the log is kept cannot be read or written right now (a full disk, a locked or damaged
    file); the message is worded for the person running the exercise."""


class EventKind(str, Enum):
    session_created = "session_created"          # scenario_id, scenario_version, scenario_title, seed, digest
    session_resumed = "session_resumed"          # (no data)
    module_started = "module_started"            # module
    inject_delivered = "inject_delivered"        # inject, reason: scheduled|fired|released
    inject_skipped = "inject_skipped"            # inject, reason: condition|facilitator
    clock_paused = "clock_paused"
    clock_resumed = "clock_resumed"
    speed_changed = "speed_changed"              # speed
    clock_jumped = "clock_jumped"                # to (seconds), target: inject|module|time, ref
    clock_held = "clock_held"                    # inject
    clock_released = "clock_released"
    decision_logged = "decision_logged"          # decision_id (its seq), number (1, 2, 3… per session), decision
    decision_amended = "decision_amended"        # decision_id, decision (Decision, the whole new version)
    decision_retracted = "decision_retracted"    # decision_id, reason
    observation = "observation"                  # observation (Observation)
    rating = "rating"                            # rating (Rating)
    hotwash_started = "hotwash_started"
    hotwash_note = "hotwash_note"                # note (HotwashNote)
    feedback = "feedback"                        # feedback (Feedback)
    improvement_item = "improvement_item"        # item (ImprovementItem)
    record_withdrawn = "record_withdrawn"        # seq (an observation, rating or hotwash_note event) or item_id, reason
    exercise_ended = "exercise_ended"
    model_event = "model_event"                  # model (name), then the model's own fields
    control = "control"                          # action, args: a facilitator control, before what it did
    inject_restored = "inject_restored"          # inject: a skipped inject put back on the timeline
    plan_in_force = "plan_in_force"              # agenda (items: kind, module, start, end), injects {id: start}
    plan_adjusted = "plan_adjusted"              # kind: compress|extend|skip-optional, module, story, minutes, factor, absorbed, skipped


class SharedData(dict):  # type: ignore[type-arg]
    """Event data the engine prepares once and shares between events: what an inject's delivery
    says (`engine.agenda.runs`) is the same in every session on a scenario, and copying it for
    each of a rehearsal's 10,000 deliveries cost as much as building the events. Read-only, so that
    nothing can change one session's log through another's; a plain dict everywhere else (JSON,
    comparisons, `{**data}`)."""

    __slots__ = ()

    def _read_only(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("event data is read-only")

    __setitem__ = __delitem__ = __ior__ = clear = pop = popitem = setdefault = update = _read_only  # type: ignore[assignment]

    def __reduce__(self) -> tuple[type, tuple[dict[str, Any]]]:  # pickled whole, not key by key
        return SharedData, (dict(self),)


class Event(NamedTuple):
    """One entry of the session log. `seq` is assigned by the store and orders everything.

    A named tuple, not a pydantic model: events are built by the engine and the store from values
    already checked (the payloads are validated records), a rehearsal builds tens of thousands of
    them, and a tuple is immutable like the log it mirrors.
    """

    seq: int
    kind: EventKind
    scenario_time: float
    """Story time in seconds from incident start."""
    wall_time: datetime
    actor: str = "engine"
    """Who caused it: engine, facilitator, table:<id>, evaluator:<name>, rehearsal, model:<name>."""
    data: dict[str, Any] = {}  # noqa: RUF012 - never mutated (see `SharedData`)

    def same_story(self, other: Event) -> bool:
        """Equal apart from wall time: what determinism promises."""
        return (self.seq, self.kind, self.scenario_time, self.actor, self.data) == (
            other.seq, other.kind, other.scenario_time, other.actor, other.data)


def numbered(events: Sequence[Event], last_seq: int, decisions_so_far: int) -> list[Event]:
    """The events as the log numbers them after `last_seq`: the one rule for seqs and decision ids.

    Each event takes the next seq. A `decision_logged` event's `decision_id` is its own seq (the
    internal key amendments and retractions name) and its `number` counts the session's decisions
    1, 2, 3… in the order saved (what people see: "Decision 3 saved"). The session file, the
    in-memory log and the engine's optimistic projection all number through here.
    """
    if isinstance(events, list) and EventKind.decision_logged not in map(_kind_of, events) \
            and list(map(_seq_of, events)) == list(range(last_seq + 1, last_seq + len(events) + 1)):
        return events  # numbered already, no decision among them (the engine's own, as it applied them)
    out: list[Event] = []
    seq, decisions = last_seq, decisions_so_far
    for event in events:
        seq += 1
        data = event.data
        if event.kind is EventKind.decision_logged:
            decisions += 1
            if data.get("decision_id") != seq or data.get("number") != decisions:
                data = {**data, "decision_id": seq, "number": decisions}
        out.append(event if (event.seq == seq and data is event.data) else event._replace(seq=seq, data=data))
    return out


_seq_of, _kind_of = itemgetter(0), itemgetter(1)
