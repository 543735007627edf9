"""A session log built by hand for model tests: decisions with actions, amended and retracted at story times."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from exercise_engine.engine.projection import SessionState
from exercise_engine.engine.synthetic import loaded_scenario, make_inject, make_module
from exercise_engine.model.events import Event, EventKind
from exercise_engine.model.records import Action, Decision

WALL = datetime(2027, 6, 19, 20, 40, tzinfo=timezone.utc)


def empty_state() -> SessionState:
    return SessionState(scenario=loaded_scenario([(make_module("m1", 0, 3600, 90), [make_inject("a", 0)])]))


class Log:
    """Appends decision events to a SessionState in seq order (as the engine would)."""

    def __init__(self, state: SessionState | None = None) -> None:
        self.state = state or empty_state()
        self.events: list[Event] = []

    def _add(self, kind: EventKind, at: float, data: dict[str, Any], actor: str = "table:victim-services") -> Event:
        event = Event(self.state.last_seq + 1, kind, float(at), WALL, actor, data)
        self.state.apply(event)
        self.events.append(event)
        return event

    def decide(self, at: float, kind: str, **params: Any) -> int:
        decision = Decision(table="victim-services", text=f"{kind} {params}", actions=[Action(kind=kind, params=params)])
        event = self._add(EventKind.decision_logged, at, {"decision_id": self.state.last_seq + 1,
                                                           "decision": decision.model_dump(mode="json")})
        return event.seq

    def amend(self, decision_id: int, at: float, kind: str, **params: Any) -> None:
        decision = Decision(table="victim-services", text=f"{kind} {params}", actions=[Action(kind=kind, params=params)])
        self._add(EventKind.decision_amended, at, {"decision_id": decision_id, "decision": decision.model_dump(mode="json")})

    def retract(self, decision_id: int, at: float) -> None:
        self._add(EventKind.decision_retracted, at, {"decision_id": decision_id, "reason": "changed our minds"})
