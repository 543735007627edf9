"""The exercise day's agenda: briefing, modules, a break, hotwash and close, with planned times.

One function, `planned_agenda`, until the run-of-show planner lands (engine/run_of_show.py); then it
becomes a thin adapter over the run of show, and every handout follows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from ...loader.loaded import LoadedScenario
from ..text import clean

BRIEFING_MINUTES = 15
BREAK_MINUTES = 10
HOTWASH_MINUTES = 30
CLOSING_MINUTES = 10


@dataclass(frozen=True)
class AgendaItem:
    start_minute: int
    """Minutes from the start of the exercise."""
    minutes: int
    title: str
    kind: str
    """briefing | module | break | hotwash | closing"""

    def clock(self, start: datetime | None) -> str:
        """`09:15` when the day's start is known, else `+1:15` from the start."""
        if start is not None:
            return (start + timedelta(minutes=self.start_minute)).strftime("%H:%M")
        hours, minutes = divmod(self.start_minute, 60)
        return f"+{hours}:{minutes:02d}"


def planned_agenda(loaded: LoadedScenario) -> list[AgendaItem]:
    """Briefing, each module for its planned minutes (a break at the middle module), hotwash, closing."""
    items: list[AgendaItem] = []
    at = 0

    def add(minutes: int, title: str, kind: str) -> None:
        nonlocal at
        items.append(AgendaItem(at, minutes, title, kind))
        at += minutes

    add(BRIEFING_MINUTES, "Welcome, safety note, ground rules and exercise overview", "briefing")
    modules = loaded.scenario.modules
    for i, module in enumerate(modules):
        add(module.planned_minutes, f"Module {i + 1}: {clean(module.title)}", "module")
        if len(modules) > 1 and i == (len(modules) - 1) // 2:
            add(BREAK_MINUTES, "Break", "break")
    add(HOTWASH_MINUTES, "Hotwash: strengths, areas for improvement, feedback forms", "hotwash")
    add(CLOSING_MINUTES, "Closing remarks and next steps", "closing")
    return items


def agenda_rows(loaded: LoadedScenario, start: datetime | None) -> list[list[str]]:
    """The agenda as table rows: time, minutes, item."""
    return [[item.clock(start), str(item.minutes), item.title] for item in planned_agenda(loaded)]
