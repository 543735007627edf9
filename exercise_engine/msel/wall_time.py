"""Planned wall-clock time of each inject: when in the room, counted from the exercise's start, it comes up.

One function, so that the run-of-show planner (engine/run_of_show.py, with breaks and a start time)
can replace the even pacing used here without touching the export.
"""

from __future__ import annotations

from ..engine.pacing import pace
from ..loader.loaded import LoadedScenario


def planned_wall_seconds(loaded: LoadedScenario) -> dict[str, int]:
    """Inject id → wall seconds from the exercise's start, with each module played at its even pace
    (its story span over its planned minutes) and the modules back to back in story order."""
    offsets: dict[str, int] = {}
    wall_start = 0.0
    for module in sorted(loaded.scenario.modules, key=lambda m: (m.start, m.end)):
        module_pace = pace(module)
        for inject in loaded.injects_of(module.id):
            story = max(module.start, min(module.end, inject.time or module.start))
            offsets[inject.id] = round(wall_start + (story - module.start) / module_pace)
        wall_start += module.planned_minutes * 60
    return offsets


def format_wall(seconds: int) -> str:
    """`1:05` for an hour and five minutes into the exercise."""
    hours, minutes = divmod(round(seconds / 60), 60)
    return f"{hours}:{minutes:02d}"
