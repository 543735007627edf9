"""Small text helpers shared by the consoles: clock, practices, people's text as plain data."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from ..model.practices import practice
from ..model.story_time import format_story_time


def story_clock(seconds: float) -> str:
    """`T+1d4h30m`, the planners' notation."""
    return format_story_time(max(0.0, seconds))


def story_date(moment: datetime | None) -> str:
    """`Sat 19 Jun 20:40`, or empty when the scenario has no calendar date."""
    return "" if moment is None else moment.strftime("%a %d %b %H:%M")


def wall(seconds: float) -> str:
    """Wall duration as `1:05` (hours:minutes)."""
    minutes = int(seconds // 60)
    return f"{minutes // 60}:{minutes % 60:02d}"


def duration(seconds: float) -> str:
    """A span of story time as people say it: `15m`, `5h 20m`, `2d 0h` (not `2880m`)."""
    minutes = max(0, int(seconds // 60))
    if minutes < 60:
        return f"{minutes}m"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours}h {minutes}m" if minutes else f"{hours}h"
    days, hours = divmod(hours, 24)
    return f"{days}d {hours}h"


def practices_text(numbers: list[int] | tuple[int, ...]) -> str:
    return ", ".join(str(n) for n in numbers)


def practice_label(number: int) -> str:
    return f"{number} {practice(number).short}"


def plain(text: str, style: str = "") -> Text:
    """Text typed by people or planners, shown literally: never parsed as console markup.

    The one rule for people's text in the consoles: every widget gets a `rich.text.Text` (which Textual
    draws as it is), never a `str` (which Static, DataTable cells and column labels, Select and
    SelectionList prompts parse as markup: `[@click=…]` would become a live control). Notifications
    take a `str`; `ConsoleApp.notify` turns their markup off for the whole app.
    """
    return Text(text, style=style)
