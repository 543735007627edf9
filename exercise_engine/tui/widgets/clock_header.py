"""The header every console shows: scenario, module, story clock and date, wall time against plan, state."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ...engine.projection import SessionState
from ...loader.loaded import LoadedScenario
from ..format import story_clock, story_date, wall
from ...session.live import ClockView


HOLDING = "The facilitator is holding the clock"
"""What participants read during a hold: never which inject it waits at (its id can name an expected action)."""


def clock_state_label(view: ClockView, *, participant: bool = False, hold_reached: bool = True) -> tuple[str, str]:
    """A word for the clock's state and the style to draw it in.

    Participant consoles (`participant=True`) never get the held inject's id; they read `HOLDING` once the
    clock has stopped at the hold (`hold_reached`), and RUNNING until then, as it still is.
    """
    if view.phase == "hotwash":
        return "HOTWASH", "bold magenta"
    if view.phase == "ended":
        return "ENDED", "bold"
    if view.held and participant:
        if hold_reached or not view.running:
            return HOLDING, "bold yellow"
    elif view.held:
        return f"HELD ({view.held})", "bold yellow"
    if view.running:
        return "RUNNING", "bold green"
    return "PAUSED", "bold red"


def hold_reached(state: SessionState, held: str | None) -> bool:
    """Has the clock stopped at the hold yet? (The engine stops once the held inject is no longer pending.)"""
    status = state.injects.get(held) if held else None
    return status is not None and status.status != "pending"


class ClockHeader(Static):
    """Two lines: what is being played, and where the clock is."""

    DEFAULT_CSS = """
    ClockHeader { height: 2; background: $panel; color: $text; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self, loaded: LoadedScenario, who: str, *, show_speed: bool = True, participant: bool = False,
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.loaded = loaded
        self.who = who
        self.show_speed = show_speed
        self.participant = participant
        """A table console: the state never names an inject (see `clock_state_label`)."""
        self._shown: Text | None = None

    def show(self, view: ClockView, *, hold_reached: bool = True) -> None:
        module = self.loaded.module(view.module_id).title if view.module_id else "Not started"
        line1 = Text.assemble((self.who, "bold reverse"), "  ", module, "  ·  ", (self.loaded.scenario.title, "bold"))
        state, style = clock_state_label(view, participant=self.participant, hold_reached=hold_reached)
        if self.participant:  # tablets in daylight: a stopped clock reads as a badge, not as a shade of red
            style = "bold reverse" if state in ("PAUSED", HOLDING) else "bold"
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
        if text == self._shown:
            return  # paused, or the same minute: nothing to draw (ticks come several times a second)
        self._shown = text
        self.update(text, layout=False)  # two fixed lines: redraw the header only, no layout pass
