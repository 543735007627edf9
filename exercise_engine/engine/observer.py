"""What follows the log as it grows: the condition index, consequence models, a console's feed.

The recorder passes every event, whoever made it and whether read back from the log or new, to each
observer after applying it to the projection. Every method does nothing by default (as Ciw's
trackers do), so an observer overrides only what it needs; the recorder calls only those.
"""

from __future__ import annotations

from .projection import DecisionState, SessionState
from ..model.events import Event


class Observer:
    """Override the hooks you need; the state passed in already includes the event."""

    def on_event(self, event: Event, state: SessionState) -> None:
        """Any event."""

    def on_decision(self, decision: DecisionState, event: Event, state: SessionState) -> None:
        """A decision was logged or amended (`decision.current` is the version `event` saved)."""

    def on_retracted(self, decision: DecisionState, event: Event, state: SessionState) -> None:
        """A decision was withdrawn; it stays in the log and counts nowhere from now on."""

    def on_reset(self, state: SessionState) -> None:
        """The projection was rebuilt from the log (another console wrote while this engine's
        batch was on its way): derive again whatever was derived from it."""


def overrides(observer: Observer, hook: str) -> bool:
    """Whether an observer does something on `hook` (the recorder skips the no-op defaults)."""
    return getattr(type(observer), hook, None) is not getattr(Observer, hook)
