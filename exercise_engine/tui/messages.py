"""Messages the app posts to its screens when the session changes or the clock ticks."""

from __future__ import annotations

from textual.message import Message

from ..model.events import Event
from ..session.live import ClockView


class SessionChanged(Message):
    """New events were applied to the projection; screens refresh what depends on them."""

    def __init__(self, events: list[Event]) -> None:
        super().__init__()
        self.events = events


class ClockTicked(Message):
    """The clock moved. Ticks are frequent: a newer one replaces one still queued."""

    def __init__(self, view: ClockView) -> None:
        super().__init__()
        self.view = view

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, ClockTicked)


class SessionTrouble(Message):
    """The session file is missing or locked (message) or usable again (None)."""

    def __init__(self, problem: str | None, lasting: bool = False) -> None:
        super().__init__()
        self.problem = problem
        self.lasting = lasting
