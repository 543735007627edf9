"""Where a decision or an inject stands: what consoles and reports read of `SessionState`.

A `DecisionState` holds every version a table saved; an `InjectState` is a view of the session's
settled map. Both are made by the projection (`projection.py`) and never changed by their readers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from ..model.events import Event, EventKind
from ..model.inject import Inject
from ..model.records import Decision

if TYPE_CHECKING:
    from .projection import SessionState

InjectStatus = Literal["pending", "delivered", "skipped"]
_DELIVERED = EventKind.inject_delivered


@dataclass(slots=True)
class DecisionState:
    """A decision with every version the table saved; amendments and retractions never erase."""

    decision_id: int
    """The seq of its `decision_logged` event: what amendments and retractions name."""
    versions: list[tuple[Event, Decision]]
    retracted: Event | None = None
    number: int = 0
    """What people see: 1, 2, 3… in the order the session saved its decisions."""

    @property
    def current(self) -> Decision:
        return self.versions[-1][1]

    @property
    def logged(self) -> Event:
        return self.versions[0][0]

    @property
    def table(self) -> str:
        return self.current.table

    @property
    def is_retracted(self) -> bool:
        return self.retracted is not None

    @property
    def is_amended(self) -> bool:
        return len(self.versions) > 1

    @property
    def status(self) -> Literal["active", "amended", "retracted"]:
        return "retracted" if self.is_retracted else "amended" if self.is_amended else "active"

    @property
    def story_time(self) -> float:
        """When in the story it was decided (the decision's own time, else when it was logged)."""
        time = self.current.scenario_time
        return float(time) if time is not None else self.logged.scenario_time


class InjectState:
    """An inject and where it stands: a view of the session's `settled` map, so it changes as the
    log does (consoles hold on to it across reads and rebuilds). Made only when someone asks
    (`SessionState.injects`): a rehearsal settling 10,000 injects never builds one."""

    __slots__ = ("inject", "module_id", "_key", "_state")

    def __init__(self, inject: Inject, module_id: str, state: SessionState) -> None:
        self.inject = inject
        self.module_id = module_id
        self._key = inject.id
        self._state = state

    @property
    def event(self) -> Event | None:
        """The inject_delivered or inject_skipped event that settled it."""
        return self._state.settled.get(self._key)

    @property
    def status(self) -> InjectStatus:
        event = self._state.settled.get(self._key)
        return "pending" if event is None else "delivered" if event.kind is _DELIVERED else "skipped"

    @property
    def reason(self) -> str:
        """scheduled | fired | released (delivered); condition | facilitator (skipped)."""
        event = self._state.settled.get(self._key)
        return "" if event is None else event.data.get("reason", "")

    def __repr__(self) -> str:
        return f"InjectState({self._key!r}, {self.status})"
