"""The facilitator's run of show: where the room is against the plan, what is next, and when
each pending inject is planned, with the choices when a module runs over."""

from __future__ import annotations

from datetime import datetime, timedelta

from rich.text import Text
from textual.widgets import Static

from ...engine.show import ShowStatus
from ...loader.loaded import LoadedScenario
from ..format import story_clock, story_date

SHOWN_INJECTS = 6
OVER_CHOICES = "c compress the rest · o skip optional injects · x extend the module"


def shown_injects(screen_height: int) -> int:
    """How many pending injects the panel lists on a screen this tall: on a laptop's 24 rows the
    MSEL, the response tracker and the decisions need the room (the MSEL lists them too)."""
    return 0 if screen_height < 30 else 3 if screen_height < 40 else SHOWN_INJECTS


def _minutes(value: float) -> str:
    return f"{abs(value):.0f} min"


def _item(item) -> str:
    return item.title if item.module is None else f"{item.title} ({item.minutes} min)"


def render(status: ShowStatus, loaded: LoadedScenario, now: datetime, *, injects: int = SHOWN_INJECTS) -> Text:
    """The panel's text (pure: tests read it without an app), listing up to `injects` pending
    injects. Titles are planners' text: plain. (On screen each line is one row, cut short with an
    ellipsis rather than wrapped: the panel's style.)"""
    line = Text("Run of show", style="bold")
    behind = status.behind  # first: what a narrow screen must not cut off
    if status.played is None:
        line.append("  ·  not started", style="dim")
    elif abs(behind) < 0.5:
        line.append("  ·  on plan", style="green")
    else:
        line.append(f"  ·  {_minutes(behind)} {'behind' if behind > 0 else 'ahead'}",
                    style="bold yellow" if behind > 0 else "cyan")
    if status.current is not None:
        line.append("  ·  now: ")
        line.append(_item(status.current))
    if status.next is not None:
        line.append("  ·  next: ")
        line.append(_item(status.next))
    lines = [line]
    over = status.module_over
    if over >= 0.5:
        lines.append(Text.assemble((f"This module runs {_minutes(over)} over: ", "bold yellow"), OVER_CHOICES))
    for inject in status.pending[:injects]:
        due = now + timedelta(minutes=inject.start - status.position)
        row = Text(f"  {due:%H:%M}  ")
        row.append(story_clock(inject.story), style="bold")
        day = story_date(loaded.story_datetime(inject.story))
        if day:
            row.append(f" {day}", style="dim")
        row.append("  ")
        row.append(inject.title)
        if not inject.slot:
            row.append(f"  ({inject.type}: if it fires)", style="dim")
        elif inject.optional:
            row.append("  (optional)", style="dim")
        lines.append(row)
    if injects and len(status.pending) > injects:
        lines.append(Text(f"  … {len(status.pending) - injects} more", style="dim"))
    return Text("\n").join(lines)


class RunOfShowPanel(Static):
    """A few lines under the clock; the facilitator screen calls `show` on every refresh."""

    DEFAULT_CSS = """
    RunOfShowPanel { height: auto; max-height: 10; padding: 0 1; border-top: solid $panel;
                     text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self, loaded: LoadedScenario, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.loaded = loaded
        self._shown: Text | None = None

    def show(self, status: ShowStatus, now: datetime) -> None:
        """Redraw only when the text changed, and lay the screen out again only when its height did."""
        text = render(status, self.loaded, now, injects=shown_injects(self.app.size.height))
        if text == self._shown:
            return
        taller = self._shown is None or len(text.plain.splitlines()) != len(self._shown.plain.splitlines())
        self._shown = text
        self.update(text, layout=taller)
