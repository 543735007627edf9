"""The timeline's agenda: what happens at which story time, in the order the timeline takes it.

At one story time, module openings come first, then injects. Entries are plain tuples sorted by
(story time, order, position), which is unique, so sorting never compares their payloads.
"""

from __future__ import annotations

from typing import Any, Iterable, Sequence

from ..model.inject import Inject, InjectType
from ..model.scenario import Module
from .conditions import Check, settle_time
from .projection import InjectState, SessionState

MODULE, INJECT = 1, 2
"""Timeline order at one story time: module openings, then injects."""

Entry = tuple[float, int, int, str, Any]
"""(story time, order, position, module or inject id, payload): for an inject, the payload is its
InjectState, its prepared condition or None when there is none to check, and the reason it is
delivered for ("released" for a contingency, else "scheduled"). The timeline reads these instead
of the Inject models: a rehearsal settles thousands of injects, and reaching into each model
(scattered in memory) was a quarter of its delivery time."""


def agenda(modules: Sequence[Module], injects: Iterable[Inject], state: SessionState) -> list[Entry]:
    """Modules not yet opened and injects still pending (after a resume, what is left), sorted."""
    items: list[Entry] = [(float(m.start), MODULE, n, m.id, None) for n, m in enumerate(modules)
                          if m.id not in state.modules_started]
    for n, inject in enumerate(injects):
        status = state.injects[inject.id]
        if status.status == "pending":
            items.append(agenda_entry(status, settle_time(inject), n))
    items.sort()
    return items


def agenda_entry(status: InjectState, at: float, position: int) -> Entry:
    """An inject's entry: settled at `at` (its settle time, or now when put back on the timeline)."""
    inject = status.inject
    condition = None if inject.type is InjectType.standard else inject.condition
    check = None if condition is None else Check.of(condition, inject)
    reason = "released" if check is not None and inject.type is InjectType.contingency else "scheduled"
    return (at, INJECT, position, inject.id, (status, check, reason))
