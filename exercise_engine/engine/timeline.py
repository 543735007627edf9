"""The timeline: SimPy wake-ups that open modules and settle injects in story order.

A plain `simpy.Environment` whose time is story seconds, advanced only by its caller (a tick, a
control, a rehearsal). At each story instant the timeline settles everything due then: a standard
inject is delivered; a conditional one is delivered if its condition holds and skipped otherwise;
a contingency one is released if it holds and skipped otherwise. Every settlement is an event
recorded through the `Recorder`, like any other.
"""

from __future__ import annotations

import bisect
from typing import Any, Callable

import simpy
from simpy.core import URGENT

from ..model.events import EventKind
from .agenda import INJECT, Entry, Settlement, inject_entry, runs, schedule, settlements_of
from .conditions import DecisionIndex, settle_time
from .projection import InjectState
from .recorder import Recorder

_DELIVERED, _SKIPPED, _MODULE_STARTED = EventKind.inject_delivered, EventKind.inject_skipped, EventKind.module_started
_BEFORE = -1
"""A priority ahead of URGENT: stops the clock at an instant before the timeline settles it."""


class _Wake(simpy.Event):
    """The timeline's next look at the agenda: a timeout that calls it back, processed before
    ordinary events at the same time, so that the timeline settles injects before consequence
    models look at the same story minute."""

    def __init__(self, env: simpy.Environment, delay: float, callback: Callable[[simpy.Event], None]) -> None:
        # as simpy's Timeout sets itself up (no Event.__init__ round trip), at URGENT priority
        self.env = env
        self.callbacks: list[Any] = [callback]
        self._value = None
        self._ok = True
        env.schedule(self, URGENT, delay)


class Timeline:
    """The agenda (modules to open, injects to settle) and the wake-ups that work through it.

    One environment step per story instant where something is due: a `_Wake` whose callback
    settles the instant and schedules the next (a callback rather than a SimPy process: resuming
    a generator made each of a rehearsal's thousands of steps a fifth dearer)."""

    def __init__(self, env: simpy.Environment, recorder: Recorder, items: list[Entry],
                 decisions: DecisionIndex) -> None:
        self.env = env
        self.recorder = recorder
        self.items = items
        """What is ahead, sorted; possibly the scenario's shared schedule (copied before any change)."""
        self._own_items = False
        self.cursor = 0
        """How far the timeline has taken `items`."""
        self._decisions = decisions
        self._runs = runs(recorder.loaded) if items is schedule(recorder.loaded) else {}
        """The shared schedule's instants, prepared (while `items` is that schedule)."""
        self._wake: _Wake | None = _Wake(env, 0, self._settle_due)
        """The next wake-up (None while nothing is left on the agenda)."""

    # ---- moving the clock (the caller's side) -----------------------------------------------------

    def advance_to(self, target: float) -> None:
        """Run the story up to `target` and settle everything due then."""
        if target > self.env.now:
            self.env.run(until=target)
        self.settle_now()

    def advance_until(self, target: float, changed: Callable[[], bool]) -> float | None:
        """`advance_to(target)`, stopping early at the first instant after which `changed()` holds
        (everything due at that instant settled); that instant, or None if it ran to `target`."""
        env = self.env
        while env.peek() <= target:
            env.step()
            if changed():
                self.settle_now()
                return float(env.now)
        self.advance_to(target)
        return None

    def advance_before(self, target: float) -> None:
        """Run the story up to `target` without settling what falls due at `target` itself."""
        env = self.env
        if target <= env.now:
            return
        stop = simpy.Event(env)
        stop._ok, stop._value = True, None
        env.schedule(stop, _BEFORE, target - env.now)
        env.run(until=stop)

    def settle_now(self) -> None:
        """Process everything due at the current story time."""
        env = self.env
        while env.peek() <= env.now:
            env.step()

    # ---- the wake-ups ----------------------------------------------------------------------------

    def _settle_due(self, wake: simpy.Event) -> None:
        """Settle everything due at the current story time, in the agenda's order, then wake up
        again at the next item. Injects are delivered, or skipped if a condition fails (or, for a
        consequence inject, since only a model's threshold releases it). An instant of the shared
        schedule whose injects are all still pending settles as `agenda.runs` prepared it; anything
        else (a module opening, injects settled or put back out of turn) through `_settle_next`."""
        if wake is not self._wake:
            return  # superseded: the agenda changed and an earlier wake-up looked again
        now = self.env.now
        items, runs, i = self.items, self._runs, self.cursor
        n = len(items)
        state = self.recorder.state
        while i < n and items[i][0] <= now:
            run = runs.get(i)
            if run is not None and (not state.settled_apart or state.settled.keys().isdisjoint(run[1])):
                self.cursor, keys, settlements, checks = run
                if checks:
                    holds = self._decisions.check
                    settlements = list(settlements)
                    for place, check, failed in checks:
                        if not holds(check):
                            settlements[place] = failed
                self.recorder.settle(keys, settlements, now, "engine")
            else:
                self._settle_next(now)
            i = self.cursor
        self._wake = _Wake(self.env, items[i][0] - now, self._settle_due) if i < n else None

    def _settle_next(self, now: float) -> None:
        """Open the module at the cursor, or settle the injects due from it one by one."""
        entry = self.items[self.cursor]
        if entry[1] != INJECT:
            self.cursor += 1
            self.recorder.record(_MODULE_STARTED, {"module": entry[3]}, at=now, actor="engine")
        else:
            self.recorder.settle(*self._due_one_by_one(now), now, "engine")

    def _due_one_by_one(self, now: float) -> tuple[list[str], list[Settlement]]:
        """The injects due at `now` from the cursor on (up to the next module opening), looked at
        one by one: those still pending (not fired or skipped by the facilitator before their time),
        each once (an inject put back on the agenda may be due twice now)."""
        items, n, i = self.items, len(self.items), self.cursor
        settled = self.recorder.state.settled
        module_of = self.recorder.loaded.module_of
        holds = self._decisions.check
        keys: list[str] = []
        settlements: list[Settlement] = []
        while i < n:
            entry = items[i]
            at, order, _, key, payload = entry
            if at > now or order != INJECT:
                break
            i += 1
            if key in settled or key in keys:
                continue
            holding, failing = settlements_of(entry, module_of[key])
            keys.append(key)
            settlements.append(holding if failing is None or holds(payload[0]) else failing)
        self.cursor = i
        return keys, settlements

    def settle(self, status: InjectState, *, delivered: bool, reason: str, actor: str = "engine",
               at: float | None = None) -> None:
        """Deliver or skip one inject now (on schedule, by the facilitator or released by a model)."""
        self.recorder.record(_DELIVERED if delivered else _SKIPPED,
                             {"inject": status.inject.id, "module": status.module_id, "reason": reason},
                             at=float(self.env.now) if at is None else at, actor=actor)

    def put_back(self, status: InjectState) -> None:
        """Schedule a restored inject again: at its own time, or now if that has passed."""
        entry = inject_entry(status.inject, max(float(self.env.now), settle_time(status.inject)),
                             10**9 + len(self.items))
        if not self._own_items:  # the shared schedule: change a copy
            self.items, self._own_items, self._runs = list(self.items), True, {}
        bisect.insort(self.items, entry, lo=self.cursor)
        self._wake = _Wake(self.env, 0, self._settle_due)  # look again now (the pending wake-up lapses)
