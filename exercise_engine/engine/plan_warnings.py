"""What the run of show warns a planner about before the day goes wrong.

Each warning names its subject as the planner wrote it (an inject, a module, an agenda entry;
see `loader.positions`), so the CLI can print it at file:line:col. Warnings never stop a scenario
from loading: `ttx validate --strict` makes them errors.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..loader.errors import Problem
from ..loader.files import FileCache
from ..loader.loaded import LoadedScenario
from ..loader.positions import Locator
from ..model.inject import InjectType
from ..model.practices import SESSIONS
from ..model.story_time import format_story_time
from .run_of_show import Plan, PlannedInject, plan as make_plan, wall_at

IDLE_MINUTES = 20
"""A table idle this long in a module (no inject to discuss) is warned about."""
CROWDED_MINUTES = 5
"""Two injects for one table closer than this (wall minutes) are warned about."""
BREAK_AFTER_MINUTES = 120


@dataclass(frozen=True)
class PlanWarning:
    subject: tuple[Any, ...]
    message: str
    code: str
    """A short stable name for tools: overloaded, idle, crowded, contingency-window, module-over,
    agenda-over, agenda-under, no-break."""


def warnings(loaded: LoadedScenario, plan: Plan | None = None) -> list[PlanWarning]:
    """Every run-of-show warning for a scenario, in agenda order."""
    plan = plan or make_plan(loaded)
    names = {t.id: t.name for t in loaded.scenario.tables}
    found: list[PlanWarning] = []
    for item in plan.items:
        if item.module is None:
            continue
        module = loaded.module(item.module)
        minutes = item.end - item.start
        if round(minutes) > module.planned_minutes:
            found.append(PlanWarning(("module", module.id, "planned_minutes"),
                                  f"module '{module.id}' needs {minutes:.0f} min against its {module.planned_minutes} "
                                  "planned: its injects' discussion runs over", "module-over"))
        found += _table_warnings(plan, item, module.planned_minutes, names)
    found += _crowded(plan, names)
    found += _contingency_windows(loaded, plan)
    found += _agenda(plan)
    return found


def _table_warnings(plan: Plan, item: Any, available: int, names: dict[str, str]) -> list[PlanWarning]:
    found = []
    for load in (load for load in plan.loads if load.module == item.module):
        name = names.get(load.table, load.table)
        if load.discussion > available:
            found.append(PlanWarning(("module", item.module, "planned_minutes"),
                                  f"{name} is given {load.discussion} min of discussion in module '{item.module}', "
                                  f"which has {available} min", "overloaded"))
        mine = sorted((i for i in plan.injects if i.module == item.module and i.slot and load.table in i.tables),
                      key=lambda i: i.start)
        free, after = item.start, None
        for inject in mine:
            if inject.start - free > IDLE_MINUTES:
                found.append(_idle(name, item, inject.start - free, ("inject", inject.id, "time"), after))
            free, after = max(free, inject.end), inject
        if item.end - free > IDLE_MINUTES:
            subject = ("inject", after.id, "time") if after else ("module", item.module, "id")
            found.append(_idle(name, item, item.end - free, subject, after, at_end=True))
    return found


def _idle(name: str, item: Any, minutes: float, subject: tuple[Any, ...], after: PlannedInject | None,
          at_end: bool = False) -> PlanWarning:
    if at_end and after is None:
        text = f"{name} has no inject in module '{item.module}' ({minutes:.0f} min)"
    else:
        where = "after this inject in" if at_end else "before this inject in" if after else "at the start of"
        text = f"{name} has nothing to discuss for {minutes:.0f} min {where} module '{item.module}'"
    return PlanWarning(subject, text, "idle")


def _crowded(plan: Plan, names: dict[str, str]) -> list[PlanWarning]:
    found = []
    last: dict[str, PlannedInject] = {}
    for inject in sorted((i for i in plan.injects if i.slot), key=lambda i: (i.start, i.story)):
        for table in inject.tables:
            before = last.get(table)
            if before is not None and before.module == inject.module and inject.start - before.start < CROWDED_MINUTES:
                found.append(PlanWarning(("inject", inject.id, "time"),
                                      f"{names.get(table, table)} gets '{inject.id}' {inject.start - before.start:.1f} "
                                      f"min after '{before.id}' (less than {CROWDED_MINUTES} min to discuss it)",
                                      "crowded"))
                break
        for table in inject.tables:
            last[table] = inject
    return found


def _contingency_windows(loaded: LoadedScenario, plan: Plan) -> list[PlanWarning]:
    """A contingency (or a conditional on something missing) must leave the room at least the
    prompting inject's discussion time between that inject and the condition's `by`."""
    found = []
    asking: dict[str, list[PlannedInject]] = {}
    """Slot injects by the tags their expected actions carry (and by their own id)."""
    for planned in (p for p in plan.injects if p.slot):
        asking.setdefault(f"#{planned.id}", []).append(planned)
        for tag in {a.tag for a in loaded.inject(planned.id).expected_actions if a.tag}:
            asking.setdefault(tag, []).append(planned)
    for inject in loaded.injects:
        condition = inject.condition
        if inject.type in (InjectType.standard, InjectType.consequence) or condition is None \
                or condition.when != "missing":
            continue  # a consequence inject has no window: a model's threshold releases it
        by = float(condition.by if condition.by is not None else inject.time or 0)
        keys = [*condition.tags, *([f"#{condition.inject}"] if condition.inject else [])]
        prompts = [p for key in keys for p in asking.get(key, ()) if p.story <= by and p.id != inject.id]
        kind = inject.type.value
        subject = ("inject", inject.id, "condition", "by") if condition.by is not None else ("inject", inject.id, "time")
        looked = ", ".join(condition.tags) or condition.inject or ""
        if not prompts:
            found.append(PlanWarning(subject, f"{kind} '{inject.id}' checks for {looked} by {format_story_time(by)}, "
                                           "but no inject before then asks the room for it", "contingency-window"))
            continue
        prompt = max(prompts, key=lambda p: (p.start, p.story))
        window = wall_at(plan.points, by) - prompt.start
        if window < prompt.discussion:
            found.append(PlanWarning(subject, f"{kind} '{inject.id}' leaves {max(window, 0):.1f} min between "
                                           f"'{prompt.id}' and its `by` ({format_story_time(by)}), less than that "
                                           f"inject's {prompt.discussion} min of discussion: it may fire although "
                                           "the room is still deciding", "contingency-window"))
    return found


def _agenda(plan: Plan) -> list[PlanWarning]:
    found = []
    total = plan.end
    written = sum(i.minutes for i in plan.items)
    if plan.session is not None:
        low, high = SESSIONS[plan.session - 1].minutes
        if round(total) > high:
            found.append(PlanWarning(("agenda",), f"the agenda needs {total:.0f} min ({written} planned), over Session "
                                               f"{plan.session}'s {high} min", "agenda-over"))
        elif round(total) < low:
            found.append(PlanWarning(("agenda",), f"the agenda fills {total:.0f} min, under Session {plan.session}'s "
                                               f"{low} min", "agenda-under"))
    if round(total) > BREAK_AFTER_MINUTES and not any(i.kind == "break" for i in plan.items):
        found.append(PlanWarning(("agenda",), f"the agenda runs {total:.0f} min with no break; add "
                                           "`- item: break` with its `minutes`", "no-break"))
    return found


def located(loaded: LoadedScenario, plan: Plan | None = None, cache: FileCache | None = None) -> list[Problem]:
    """The warnings as `file:line:col: warning: …` problems, in file order."""
    locator = Locator.of(loaded.path, cache)
    found = warnings(loaded, plan)
    if locator is None:
        return [Problem(str(loaded.path), 0, 0, f"warning: {w.message}") for w in found]
    return sorted({locator.problem(w.subject, f"warning: {w.message}") for w in found},
                  key=lambda p: (p.line, p.column, p.message))
