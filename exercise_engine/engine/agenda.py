"""The timeline's agenda: what happens at which story time, in the order the timeline takes it.

At one story time, module openings come first, then injects. Entries are plain tuples sorted by
(story time, order, position), which is unique, so sorting never compares their payloads. The
whole scenario's schedule is derived once per loaded scenario and shared by every exercise on it
(a new session's agenda is the schedule itself); a resumed session keeps what is still ahead.
"""

from __future__ import annotations

from typing import Any

from ..loader.loaded import LoadedScenario
from ..model.events import EventKind, SharedData
from ..model.inject import Inject, InjectType
from .conditions import Check, settle_time
from .projection import SessionState

_DELIVERED, _SKIPPED = EventKind.inject_delivered, EventKind.inject_skipped
_SETTLING = frozenset({_DELIVERED, _SKIPPED})

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


Settlement = tuple[EventKind, dict[str, Any]]
"""How an inject settles: the kind of its event (delivered or skipped) and the event's data."""

Run = tuple[int, tuple[str, ...], tuple[Settlement, ...], tuple[tuple[int, Check, Settlement], ...]]
"""The injects of the shared schedule due at one story time, ready to settle together: (the place
after them, their ids, how each settles if every condition holds, and for each inject with a
condition (its place among them, its check, how it settles if the check fails))."""


def runs(loaded: LoadedScenario) -> dict[int, Run]:
    """For each place in `schedule(loaded)` where a story time's injects begin, those injects
    prepared to settle (derived once; the events' data is shared, read-only, by every session).

    What the timeline otherwise works out inject by inject at every instant, once per scenario: a
    rehearsal settles 10,000 injects, and a Monte Carlo study does so a thousand times."""
    found = loaded.derived.get("runs")
    if found is None:
        found = loaded.derived["runs"] = {}
        items = schedule(loaded)
        module_of = loaded.module_of
        i, n = 0, len(items)
        while i < n:
            if items[i][1] != INJECT:
                i += 1
                continue
            start, at = i, items[i][0]
            keys: list[str] = []
            settlements: list[Settlement] = []
            checks: list[tuple[int, Check, Settlement]] = []
            while i < n and items[i][0] == at and items[i][1] == INJECT:
                key, check = items[i][3], items[i][4][0]
                holding, failing = settlements_of(items[i], module_of[key])
                if failing is not None:
                    checks.append((len(keys), check, failing))
                keys.append(key)
                settlements.append(holding)
                i += 1
            found[start] = (i, tuple(keys), tuple(settlements), tuple(checks))
    return found


def settlements_of(entry: Entry, module: str) -> tuple[Settlement, Settlement | None]:
    """How an inject on the agenda settles at its time: as it does when its condition holds (or it
    has none: delivered, unless only a model's threshold releases it), and, for an inject with a
    condition, as it does when the check fails (skipped; None without a condition). The one rule,
    for the prepared runs and for the timeline's inject-by-inject path alike."""
    _, _, _, key, (check, reason) = entry
    made = SharedData(inject=key, module=module, reason=reason)
    holding = (_SKIPPED if reason is NOT_RELEASED else _DELIVERED, made)
    return holding, None if check is None else (_SKIPPED, SharedData(made, reason="condition"))


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
    settled = state.settled
    return [e for e in items if (e[3] not in started if e[1] == MODULE else e[3] not in settled)]


def inject_entry(inject: Inject, at: float, position: int) -> Entry:
    """An inject's entry: settled at `at` (its settle time, or now when put back on the timeline)."""
    condition = None if inject.type is InjectType.standard else inject.condition
    check = None if condition is None else Check.of(condition, inject)
    reason = "released" if check is not None and inject.type is InjectType.contingency else "scheduled"
    if inject.type is InjectType.consequence:
        check, reason = None, NOT_RELEASED
    return (at, INJECT, position, inject.id, (check, reason))
