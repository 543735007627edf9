"""The exercise day's agenda on paper: the run of show's items (`engine.run_of_show`), with planned times.

The run of show is the one plan of the day (`ttx plan`, the engine's pacing and the printed MSEL follow it),
so the Situation Manual and the C/E handbook print the scenario's own agenda (its welcome, report-outs and
breaks) or, when it has none, the run of show's default one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from ...engine.run_of_show import plan
from ...loader.loaded import LoadedScenario
from ..text import clean


@dataclass(frozen=True)
class AgendaItem:
    start_minute: int
    """Minutes from the start of the exercise."""
    minutes: int
    title: str
    kind: str
    """module, or the item's kind: welcome, briefing, break, report-out, hotwash, feedback, other."""

    def clock(self, start: datetime | None) -> str:
        """`09:15` when the day's start is known, else `+1:15` from the start."""
        if start is not None:
            return (start + timedelta(minutes=self.start_minute)).strftime("%H:%M")
        hours, minutes = divmod(self.start_minute, 60)
        return f"+{hours}:{minutes:02d}"


def planned_agenda(loaded: LoadedScenario) -> list[AgendaItem]:
    """The run of show's items in order, modules numbered as the scenario lists them. A module runs its
    planned minutes, or longer when its injects need more discussion (the run of show says how long)."""
    numbers = {m.id: n for n, m in enumerate(loaded.scenario.modules, start=1)}
    items = []
    for item in plan(loaded).items:
        title = clean(item.title)
        if item.module is not None:
            title = f"Module {numbers[item.module]}: {title}"
        start = round(item.start)
        items.append(AgendaItem(start, round(item.end) - start, title, item.kind))
    return items


def agenda_rows(loaded: LoadedScenario, start: datetime | None) -> list[list[str]]:
    """The agenda as table rows: time, minutes, item."""
    return [[item.clock(start), str(item.minutes), item.title] for item in planned_agenda(loaded)]
