"""Scripts: what the room and the facilitator did, as a rehearsal plays it back.

A script is a list of entries in the order they happened: room records (decisions, amendments,
retractions, observations, …) and facilitator controls (fire, skip, hold, release, speed, next
inject or module, pause, start, hotwash, end), each at its story time. A rehearsal plays each entry
when the story reaches it; `after_timeline` says whether it came after the timeline had settled
what fell due at that same instant (a decision logged as an inject arrived) or before it (a
decision scripted for an inject's time counts for its condition).

`script_from_log(events)` turns a recorded session into the script that reproduces the same log
(same scenario and seed): the base of the debrief's what-if replay. Engine events (modules opened,
injects settled on schedule, model events) are not in a script: playing it makes them again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from ..model.events import Event, EventKind
from ..model.records import Decision

CONTROLS = ("pause", "resume", "set_speed", "next_inject", "next_module", "fire", "skip", "restore", "hold",
            "release", "start_hotwash", "end", "compress", "extend", "skip_optional")
"""The facilitator's controls a script can hold: `Exercise` methods of those names."""

ROOM_RECORDS = frozenset({
    EventKind.decision_logged, EventKind.decision_amended, EventKind.decision_retracted, EventKind.observation,
    EventKind.rating, EventKind.hotwash_note, EventKind.feedback, EventKind.improvement_item})
"""What people record: played back as the same events (same actor, same data)."""

_SETTLED_BY_TIMELINE = frozenset({EventKind.module_started, EventKind.inject_delivered, EventKind.inject_skipped,
                                  EventKind.model_event})


@dataclass(frozen=True)
class ScriptedRecord:
    """A room record as it was logged: a decision, an amendment, an observation…"""

    at: float
    kind: EventKind
    data: dict[str, Any]
    actor: str
    after_timeline: bool = False


@dataclass(frozen=True)
class ScriptedControl:
    """A facilitator control, e.g. `fire("bp04-frc-overflow")` or `set_speed(2.0)`."""

    at: float
    action: str
    args: tuple[Any, ...] = ()
    after_timeline: bool = True

    def __post_init__(self) -> None:
        if self.action not in CONTROLS:
            raise ValueError(f"unknown control {self.action!r}; one of {', '.join(CONTROLS)}")


@dataclass(frozen=True)
class ScriptedResume:
    """A resumption after a stop or crash (it is in the log, so a replay records it too)."""

    at: float
    after_timeline: bool = True


Entry = ScriptedRecord | ScriptedControl | ScriptedResume


@dataclass(frozen=True)
class Script:
    """Entries in the order they happen, and where the story stood when the recording stopped."""

    entries: tuple[Entry, ...] = ()
    until: float | None = None
    """Play the story to here after the last entry (None: to the end of the scenario, then end it)."""
    seed: int | None = None
    """The recorded session's seed (None: the scenario's)."""
    notes: list[str] = field(default_factory=list)


def decisions_script(decisions: Sequence[Decision], *, actor: str = "rehearsal") -> Script:
    """A hand-written decisions script: each decision logged at its own story time, before the
    timeline settles that instant (so it counts for conditions at the same time)."""
    ordered = sorted(decisions, key=lambda d: float(d.scenario_time or 0))
    return Script(tuple(ScriptedRecord(float(d.scenario_time or 0), EventKind.decision_logged,
                                       {"decision": d.model_dump(mode="json")}, actor) for d in ordered))


def script_from_log(events: Iterable[Event]) -> Script:
    """The script that reproduces a recorded session's log when played on the same scenario."""
    events = list(events)
    settled_at: dict[float, int] = {}
    """Story instant → seq of the first event the timeline (or a model) made then."""
    for event in events:
        if event.kind in _SETTLED_BY_TIMELINE and (event.actor == "engine" or event.actor.startswith("model:")):
            settled_at.setdefault(event.scenario_time, event.seq)
    seed = next((int(e.data.get("seed") or 0) for e in events if e.kind is EventKind.session_created), None)

    def after(event: Event) -> bool:
        first = settled_at.get(event.scenario_time)
        return first is not None and first < event.seq

    entries: list[Entry] = []
    for event in events:
        if event.kind in ROOM_RECORDS:
            data = event.data
            if event.kind is EventKind.decision_logged:
                data = {k: v for k, v in data.items() if k not in ("decision_id", "number")}
            entries.append(ScriptedRecord(event.scenario_time, event.kind, data, event.actor, after(event)))
        elif event.kind is EventKind.control:
            entries.append(ScriptedControl(event.scenario_time, event.data["action"],
                                           tuple(event.data.get("args") or ()), after(event)))
        elif event.kind is EventKind.session_resumed:
            entries.append(ScriptedResume(event.scenario_time, after(event)))
    ended = any(e.kind is EventKind.exercise_ended for e in events)
    until = None if ended or not events else max(e.scenario_time for e in events)
    return Script(tuple(entries), until=until, seed=seed)
