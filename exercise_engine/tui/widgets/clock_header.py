"""The header every console shows: scenario, module, story clock and date, wall time against plan, state."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ...loader.loaded import LoadedScenario
from ..format import story_clock, story_date, wall
from ...session.live import ClockView


def clock_state_label(view: ClockView) -> tuple[str, str]:
    """A word for the clock's state and the style to draw it in."""
    if view.phase == "hotwash":
        return "HOTWASH", "bold magenta"
    if view.phase == "ended":
        return "ENDED", "bold"
    if view.held:
        return f"HELD ({view.held})", "bold yellow"
    if view.running:
        return "RUNNING", "bold green"
    return "PAUSED", "bold red"


class ClockHeader(Static):
    """Two lines: what is being played, and where the clock is."""

    DEFAULT_CSS = """
    ClockHeader { height: 2; background: $panel; color: $text; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self, loaded: LoadedScenario, who: str, *, show_speed: bool = True, id: str | None = None) -> None:
        super().__init__(id=id)
        self.loaded = loaded
        self.who = who
        self.show_speed = show_speed

    def show(self, view: ClockView) -> None:
        module = self.loaded.module(view.module_id).title if view.module_id else "Not started"
        line1 = Text.assemble((self.who, "bold reverse"), "  ", module, "  ·  ", (self.loaded.scenario.title, "bold"))
        state, style = clock_state_label(view)
        line2 = Text.assemble((story_clock(view.story_time), "bold reverse"), " ",
                              story_date(self.loaded.story_datetime(view.story_time)), "   ",
                              (state, style), no_wrap=True, overflow="ellipsis")
        if self.show_speed:
            line2.append(f"   ×{view.speed:g}")
            line2.append(f"   wall {wall(view.wall_elapsed)} / plan {wall(view.planned_minutes * 60)}")
        if not view.live:
            line2.append("   (waiting for the facilitator's clock)", style="dim")
        text = Text("\n").join([line1, line2])
        text.no_wrap, text.overflow = True, "ellipsis"
        self.update(text)
