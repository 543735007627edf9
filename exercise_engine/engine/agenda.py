"""The timeline's agenda: what happens at which story time, in the order the timeline takes it.

At one story time, scripted decisions come first (so that a decision scripted at an inject's time
counts for its condition), then module openings, then injects. Entries are plain tuples sorted by
(story time, order, position), which is unique, so sorting never compares their payloads.
"""

from __future__ import annotations

from typing import Any, Iterable, Sequence

from ..model.inject import Inject, InjectType
from ..model.records import Decision
from ..model.scenario import Module
from .conditions import Check, settle_time
from .projection import SessionState

DECISION, MODULE, INJECT = 0, 1, 2
"""Timeline order at one story time: scripted decisions, then module openings, then injects."""

Entry = tuple[float, int, int, str, Any]
"""(story time, order, position, module or inject id, payload): the payload is the scripted
Decision, or for an inject (its InjectState, its prepared condition or None when there is none to
check, and the reason it is delivered for: "released" for a contingency, else "scheduled"). The
timeline reads these instead of the Inject models: a rehearsal settles thousands of injects, and
reaching into each model (scattered in memory) was a quarter of its delivery time."""


def agenda(modules: Sequence[Module], injects: Iterable[Inject], state: SessionState) -> list[Entry]:
    """Modules not yet opened and injects still pending (after a resume, what is left), sorted."""
    items: list[Entry] = [(float(m.start), MODULE, n, m.id, None) for n, m in enumerate(modules)
                          if m.id not in state.modules_started]
    for n, inject in enumerate(injects):
        status = state.injects[inject.id]
        if status.status == "pending":
            condition = None if inject.type is InjectType.standard else inject.condition
            check = None if condition is None else Check.of(condition, inject)
            reason = "released" if check is not None and inject.type is InjectType.contingency else "scheduled"
            items.append((settle_time(inject), INJECT, n, inject.id, (status, check, reason)))
    items.sort()
    return items


def with_script(items: list[Entry], cursor: int, script: Sequence[Decision]) -> list[Entry]:
    """The agenda with a rehearsal's scripted decisions merged into what is still ahead of `cursor`."""
    entries: list[Entry] = [(float(d.scenario_time or 0), DECISION, n, "", d) for n, d in enumerate(script)]
    if not entries:
        return items
    return items[:cursor] + sorted(items[cursor:] + entries)
