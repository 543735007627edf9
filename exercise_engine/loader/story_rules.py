"""Rules about the story as a whole, checked once `use:` references are resolved.

Each catches a file that validates field by field yet would change what participants get: modules
sharing story time, an inject type that does not fit its condition (a contingency with nothing to
wait for is delivered like a standard inject; a condition on a standard inject is ignored),
conditions that can never be settled (on their own inject, in a circle, after the story ends), and
story dates past the calendar's end (reports could not print them).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Callable, Protocol

from ..model.inject import Inject
from ..model.scenario import Module, Scenario
from ..model.story_time import format_story_time
from .errors import Problem
from .yaml_reader import Loc, YamlDocument


class Placed(Protocol):
    """An inject as a scenario uses it, able to point at its own keys."""

    inject: Inject

    def problem(self, message: str, *sub: str | int) -> Problem: ...


def story_problems(scenario: Scenario, doc: YamlDocument, items: list[Placed]) -> list[Problem]:
    """Every story-wide mistake in a scenario whose injects are resolved."""
    last = max(scenario.modules, key=lambda m: m.end)
    found = _overlapping_modules(scenario, doc) + _past_the_calendar(scenario, doc, last)
    for item in items:
        found += inject_problems(item.inject, item.problem, last)
    found += _circles(items)
    return found


def inject_problems(inject: Inject, report: Callable[..., Problem], last: Module | None = None) -> list[Problem]:
    """An inject's type against its condition, a condition on itself, and (in a scenario) `by` after the end."""
    found = []
    mistake = inject.condition_mistake()
    if mistake is not None:
        found.append(report(mistake[0], mistake[1]))
    condition = inject.condition
    if condition is None:
        return found
    if condition.inject == inject.id:
        found.append(report(
            f"the condition looks for answers to its own inject '{inject.id}', which no one can answer "
            "before it is delivered; name another inject or tags", "condition", "inject"))
    if last is not None and condition.by is not None and condition.by > last.end:
        found.append(report(
            f"condition looks until {format_story_time(condition.by)}, after the story ends at "
            f"{format_story_time(last.end)} (the end of module '{last.id}')", "condition", "by"))
    return found


def _overlapping_modules(scenario: Scenario, doc: YamlDocument) -> list[Problem]:
    """Modules may touch (one ends at T+2h, the next starts there) but never share story time."""
    found = []
    order = sorted(range(len(scenario.modules)), key=lambda i: (scenario.modules[i].start, i))
    latest: Module | None = None
    for index in order:
        module = scenario.modules[index]
        if latest is not None and module.start < latest.end:
            line, column = doc.position(("modules", index, "start"))
            found.append(Problem(str(doc.path), line, column,
                                 f"module '{module.id}' ({_span(module)}) overlaps module '{latest.id}' "
                                 f"({_span(latest)}); modules must not share story time"))
        if latest is None or module.end > latest.end:
            latest = module
    return found


def _span(module: Module) -> str:
    return f"{format_story_time(module.start)} to {format_story_time(module.end)}"


def _past_the_calendar(scenario: Scenario, doc: YamlDocument, last: Module) -> list[Problem]:
    start = scenario.incident_start
    if start is None:
        return []
    try:
        start + timedelta(seconds=last.end)
        fits = True
    except OverflowError:
        fits = False
    if fits:
        return []
    loc: Loc = ("incident_start",)
    line, column = doc.position(loc)
    return [Problem(str(doc.path), line, column,
                    f"the story runs past the year {datetime.max.year}: incident_start {start.isoformat()} plus "
                    f"{format_story_time(last.end)} (the end of module '{last.id}'); choose an earlier incident_start")]


def _circles(items: list[Placed]) -> list[Problem]:
    """Conditions that wait on each other's answers in a circle: a → b → a. Each circle is reported once,
    at its first inject in file order."""
    follows = {
        item.inject.id: item.inject.condition.inject
        for item in items
        if item.inject.condition is not None and item.inject.condition.inject not in (None, item.inject.id)
    }
    position = {item.inject.id: n for n, item in enumerate(items)}
    by_id = {item.inject.id: item for item in items}
    found, seen = [], set()
    for start in follows:
        path, current = [], start
        while current in follows and current not in path:
            path.append(current)
            current = follows[current]
        if current not in path:
            continue
        circle = path[path.index(current):]
        if frozenset(circle) in seen:
            continue
        seen.add(frozenset(circle))
        first = min(circle, key=position.__getitem__)
        at = circle.index(first)
        ordered = circle[at:] + circle[:at] + [first]
        found.append(by_id[first].problem(
            f"conditions wait on each other in a circle: {' → '.join(ordered)}; none can be settled "
            "until another is delivered and answered", "condition", "inject"))
    return found
