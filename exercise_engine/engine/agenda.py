"""The timeline's agenda: what happens at which story time, in the order the timeline takes it.

At one story time, module openings come first, then injects. Entries are plain tuples sorted by
(story time, order, position), which is unique, so sorting never compares their payloads. The
whole scenario's schedule is derived once per loaded scenario and shared by every exercise on it
(a new session's agenda is the schedule itself); a resumed session keeps what is still ahead.
"""

from __future__ import annotations

from typing import Any

from ..loader.loaded import LoadedScenario
from ..model.events import EventKind
from ..model.inject import Inject, InjectType
from .conditions import Check, settle_time
from .projection import SessionState

_SETTLING = frozenset({EventKind.inject_delivered, EventKind.inject_skipped})

NOT_RELEASED = "not released"
"""The reason a consequence inject no threshold released is skipped at its time."""

MODULE, INJECT = 1, 2
"""Timeline order at one story time: module openings, then injects."""

Entry = tuple[float, int, int, str, Any]
"""(story time, order, position, module or inject id, payload): for an inject, the payload is its
prepared condition (None when there is none to check) and the reason it is delivered for
("released" for a contingency, else "scheduled"). The timeline reads these instead of the Inject
models: a rehearsal settles thousands of injects, and reaching into each model (scattered in memory)
was a quarter of its delivery time."""


def schedule(loaded: LoadedScenario) -> list[Entry]:
    """Every module opening and inject of the scenario in timeline order (derived once, shared: never
    change it in place)."""
    found = loaded.derived.get("schedule")
    if found is None:
        modules = sorted(loaded.scenario.modules, key=lambda m: (m.start, m.end))
        items: list[Entry] = [(float(m.start), MODULE, n, m.id, None) for n, m in enumerate(modules)]
        items += [inject_entry(inject, settle_time(inject), n) for n, inject in enumerate(loaded.injects)]
        items.sort()
        found = loaded.derived["schedule"] = items
    return found


def final_time(loaded: LoadedScenario) -> float:
    """When every module has ended and every inject has had its time: where a rehearsal stops."""
    found = loaded.derived.get("final_time")
    if found is None:
        ends = [float(m.end) for m in loaded.scenario.modules]
        found = loaded.derived["final_time"] = max(ends + [entry[0] for entry in schedule(loaded)])
    return found


def agenda(loaded: LoadedScenario, state: SessionState) -> list[Entry]:
    """What is still ahead: modules not yet opened and injects still pending (after a resume, what is
    left). For a session that has settled nothing yet, the shared schedule itself."""
    items = schedule(loaded)
    if not state.modules_started and not any(e.kind in _SETTLING for e in state.events):
        return items  # every inject still pending (asked of the log, not of 10,000 inject states)
    started = set(state.modules_started)
    injects = state.injects
    return [e for e in items if (e[3] not in started if e[1] == MODULE else injects[e[3]].status == "pending")]


def inject_entry(inject: Inject, at: float, position: int) -> Entry:
    """An inject's entry: settled at `at` (its settle time, or now when put back on the timeline)."""
    condition = None if inject.type is InjectType.standard else inject.condition
    check = None if condition is None else Check.of(condition, inject)
    reason = "released" if check is not None and inject.type is InjectType.contingency else "scheduled"
    if inject.type is InjectType.consequence:
        check, reason = None, NOT_RELEASED
    return (at, INJECT, position, inject.id, (check, reason))
