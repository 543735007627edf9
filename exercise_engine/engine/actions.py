"""Which structured actions are in force at a story time: a pure function of the session log.

Models never keep their own copy of what the room decided. They ask, at each story minute, which
actions of a kind are in force, and the answer comes from the projection's decisions, using the
story time of each event: a decision counts from when it was logged, an amendment from when it was
saved, a retraction from when it was made. So an amended, retracted or resumed session gives the
models exactly what an uninterrupted one would.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from ..model.records import Action, Decision
from ..model.events import Event, EventKind
from .projection import DecisionState


class HasDecisions(Protocol):
    """A SessionState, or a bare decision log (`ttx simulate`): all a model needs of the session."""

    decisions: dict[int, DecisionState]
    last_seq: int
    """Grows with every event logged (lets a reader skip re-reading an unchanged log)."""


@dataclass
class DecisionLog:
    """Decisions alone, each logged at its own story time: what `ttx simulate` feeds the models."""

    decisions: dict[int, DecisionState]

    @property
    def last_seq(self) -> int:
        return len(self.decisions)

    @classmethod
    def of(cls, decisions: list[Decision], wall: object = None) -> DecisionLog:
        found: dict[int, DecisionState] = {}
        for seq, decision in enumerate(sorted(decisions, key=lambda d: d.scenario_time or 0), start=1):
            event = Event(seq, EventKind.decision_logged, float(decision.scenario_time or 0), wall, "script",  # type: ignore[arg-type]
                          {"decision_id": seq})
            found[seq] = DecisionState(seq, [(event, decision)])
        return cls(found)


@dataclass(frozen=True, slots=True)
class ActiveAction:
    """One action in force: which decision (and which saved version of it) set it."""

    decision_id: int
    version_seq: int
    """The seq of the decision_logged / decision_amended event whose version is in force."""
    since: float
    """Story time that version was saved."""
    action: Action


def _version_at(decision: DecisionState, at: float, before: bool) -> int | None:
    def counts(time: float) -> bool:
        return time < at if before else time <= at

    if decision.retracted is not None and counts(decision.retracted.scenario_time):
        return None
    found = None
    for index, (event, _) in enumerate(decision.versions):
        if counts(event.scenario_time):
            found = index
    return found


def active_actions(state: HasDecisions, kind: str, at: float, *, before: bool = False) -> list[ActiveAction]:
    """Actions of `kind` in force at story time `at` (logged at or before it; with `before`, strictly
    before), oldest first: the last one is the room's latest word."""
    found: list[ActiveAction] = []
    for decision in state.decisions.values():
        index = _version_at(decision, at, before)
        if index is None:
            continue
        event, version = decision.versions[index]
        found += [ActiveAction(decision.decision_id, event.seq, event.scenario_time, action)
                  for action in version.actions if action.kind == kind]
    found.sort(key=lambda a: (a.since, a.version_seq))
    return found


def latest(actions: list[ActiveAction]) -> ActiveAction | None:
    """The room's latest word on a kind of action (None: nothing in force)."""
    return actions[-1] if actions else None
