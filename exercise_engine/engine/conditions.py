"""Whether an inject's condition holds: the decisions logged so far, indexed by tag and by inject.

Conditional and contingency injects are settled by what the room decided by their time (or by the
condition's `by`). Tables log thousands of decisions in a long rehearsal, so decisions are indexed
by each tag and by the inject they answer, in story order; a check reads only the lists it names
and stops at the first decision after `by`. Amendments and retractions are read from the decision's
current version at check time, so the index only ever grows.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Mapping

from ..model.events import Event
from ..model.inject import Condition, Inject, InjectType
from .observer import Observer
from .projection import DecisionState, SessionState

_Key = tuple[str, str]
"""("tag", tag) or ("inject", inject id)."""


def settle_time(inject: Inject) -> float:
    """When an inject is settled: its time, or later when its condition looks until `by`."""
    time = float(inject.time or 0)
    condition = inject.condition
    if inject.type is not InjectType.standard and condition is not None and condition.by is not None:
        return max(time, float(condition.by))
    return time


class DecisionIndex(Observer):
    """The session's decisions by tag and by inject, sorted by (story time, decision id)."""

    def __init__(self, decisions: Mapping[int, DecisionState]) -> None:
        self._build(decisions)

    def _build(self, decisions: Mapping[int, DecisionState]) -> None:
        self._decisions = decisions
        """The session state's decisions, read at check time for their current version."""
        self._index: dict[_Key, list[tuple[float, int]]] = {}
        self._indexed: set[tuple[str, str, float, int]] = set()
        for found in decisions.values():
            self.add(found)

    def on_decision(self, decision: DecisionState, event: Event, state: SessionState) -> None:
        self.add(decision)

    def on_reset(self, state: SessionState) -> None:
        self._build(state.decisions)

    def add(self, found: DecisionState) -> None:
        """Index a decision as logged or amended (new tags, a new time); entries are never removed."""
        decision = found.current
        time = found.story_time
        decision_id = found.decision_id
        keys: list[_Key] = [("tag", tag) for tag in decision.tags]
        if decision.inject is not None:
            keys.append(("inject", decision.inject))
        for key in keys:
            if (*key, time, decision_id) not in self._indexed:
                self._indexed.add((*key, time, decision_id))
                entries = self._index.setdefault(key, [])
                if not entries or entries[-1] <= (time, decision_id):
                    entries.append((time, decision_id))
                else:
                    bisect.insort(entries, (time, decision_id))

    def holds(self, condition: Condition, inject: Inject) -> bool:
        """Whether a condition holds now, from the decisions logged (and not retracted) by `by`."""
        return self.check(Check.of(condition, inject))

    def check(self, check: Check) -> bool:
        """Whether a prepared condition holds now (the timeline prepares each one once): whether a
        standing decision matching it was decided by `by` (for `when: logged`), or none was.

        Each index list is sorted by story time, so the scan stops at the first entry after `by`;
        every entry is checked against the decision's current version (amended, retracted)."""
        index = self._index
        for key in check.keys:
            entries = index.get(key)
            if not entries:  # most tags no decision carries yet
                continue
            by, table, tags, inject = check.by, check.table, check.tags, check.inject
            decisions = self._decisions
            for time, decision_id in entries:
                if time > by:
                    break
                found = decisions[decision_id]
                if found.retracted is not None:
                    continue
                decision = found.current
                if table is not None and decision.table != table:
                    continue
                if not (tags.intersection(decision.tags) or (inject and decision.inject == inject)):
                    continue
                if found.story_time <= by:
                    return check.when_logged
        return not check.when_logged


@dataclass(frozen=True, slots=True)
class Check:
    """A condition as the index reads it: the lists to scan and the story time it looks until.

    Prepared once per inject (in the agenda): rebuilding these from the pydantic Condition at
    every check cost 1.3 ms of a 10,000-inject rehearsal's delivery (bench/bench_rehearse.py)."""

    keys: tuple[_Key, ...]
    tags: frozenset[str]
    inject: str | None
    table: str | None
    by: float
    when_logged: bool

    @classmethod
    def of(cls, condition: Condition, inject: Inject) -> Check:
        keys: list[_Key] = [("tag", tag) for tag in condition.tags]
        if condition.inject is not None:
            keys.append(("inject", condition.inject))
        by = condition.by if condition.by is not None else inject.time or 0
        return cls(tuple(keys), frozenset(condition.tags), condition.inject, condition.table, by,
                   condition.when == "logged")
