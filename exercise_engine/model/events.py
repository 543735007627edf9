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
    data: dict[str, Any] = {}  # noqa: RUF012 - never mutated; every writer passes its own dict

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
    n = len(events)
    if list(map(_seq_of, events)) == list(range(last_seq + 1, last_seq + n + 1)) \
            and EventKind.decision_logged not in map(_kind_of, events):
        return list(events)  # numbered already, no decision among them (the engine's own, as it applied them)
    out: list[Event] = []
    seq, count = last_seq, decisions_so_far
    for event in events:
        seq += 1
        data = event.data
        if event.kind is EventKind.decision_logged:
            count += 1
            if data.get("decision_id") != seq or data.get("number") != count:
                data = {**data, "decision_id": seq, "number": count}
        out.append(event if (event.seq == seq and data is event.data) else event._replace(seq=seq, data=data))
    return out


_seq_of, _kind_of = itemgetter(0), itemgetter(1)
