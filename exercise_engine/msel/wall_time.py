"""Planned wall-clock time of each inject: when in the room, counted from the exercise's start, it comes up.

The run of show (`engine.run_of_show`) is the one plan of the day: agenda items, breaks, discussion
time per table. A contingency or conditional inject is shown where it would come if it fires.
"""

from __future__ import annotations

from ..engine.run_of_show import plan
from ..loader.loaded import LoadedScenario


def planned_wall_seconds(loaded: LoadedScenario) -> dict[str, int]:
    """Inject id → wall seconds from the start of the day, as the run of show plans it (every held
    inject counted as if it fired, so that each has its place on the printed MSEL)."""
    held = [i.id for i in loaded.injects if i.type.value != "standard"]
    day = plan(loaded, fired=held)
    return {i.id: round(planned.start * 60) for i in loaded.injects if (planned := day.inject(i.id)) is not None}


def format_wall(seconds: int) -> str:
    """`1:05` for an hour and five minutes into the exercise."""
    hours, minutes = divmod(round(seconds / 60), 60)
    return f"{hours}:{minutes:02d}"
