"""The projector: a large story clock, the module, the latest inject's headline and narrative. Nothing else.

It shows participant fields only (`ParticipantInject`), never controller notes or what is still to come.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.widgets import Digits, Static

from ..format import story_clock
from ...session.live import LiveSession
from .table import participant_items
from .base import ConsoleScreen, TroubleBanner


class ProjectorScreen(ConsoleScreen):
    HELP_TITLE = "Projector"
    HELP_NOTES = ("The projector follows the facilitator's clock by itself; nothing here needs a key.",)
    BINDINGS = [
        Binding("question_mark,f1", "app.help", "Help"),
        Binding("t,f8", "app.toggle_dark", "Theme"),
        Binding("q", "app.quit", "Quit"),
    ]
    DEFAULT_CSS = """
    ProjectorScreen { align: center top; }
    ProjectorScreen #proj-title { text-align: center; text-style: bold; height: auto; margin-top: 1; color: $accent; }
    ProjectorScreen #proj-module { text-align: center; text-style: bold; height: auto; }
    ProjectorScreen Center { height: auto; }
    ProjectorScreen Digits { width: auto; margin: 1 0 0 0; }
    ProjectorScreen #proj-when { text-align: center; height: auto; color: $text-muted; }
    ProjectorScreen #proj-inject { border: heavy $accent; padding: 0 2; margin: 1 4; height: 1fr; }
    ProjectorScreen #proj-headline { text-style: bold; height: auto; }
    """

    def __init__(self, live: LiveSession) -> None:
        super().__init__(live)
        self._shown: str | None = None

    def compose(self):
        yield TroubleBanner(id="trouble")
        yield Static(Text(self.live.loaded.scenario.title), id="proj-title")
        yield Static(id="proj-module")
        with Center():
            yield Digits("", id="proj-clock")
        yield Static(id="proj-when")
        with Vertical(id="proj-inject"):
            yield Static(id="proj-headline")
            yield Static(id="proj-narrative")

    def refresh_session(self, events: list) -> None:
        items = participant_items(self.live, None)
        latest = items[0] if items else None
        key = latest.id if latest else None
        if key == self._shown and events:
            return
        self._shown = key
        headline = self.query_one("#proj-headline", Static)
        narrative = self.query_one("#proj-narrative", Static)
        if latest is None:
            headline.update(Text("Waiting for the first inject…"))
            narrative.update("")
        else:
            headline.update(Text(f"{story_clock(latest.time)}  {latest.title}"))
            source = "" if latest.situation else f"From {latest.from_} ({latest.delivery})\n\n"
            narrative.update(Text(source + latest.narrative.strip()))

    def refresh_clock(self) -> None:
        view = self.live.clock_view()
        loaded = self.live.loaded
        if view.phase == "hotwash":
            module = "Hotwash"
        elif view.phase == "ended":
            module = "Exercise ended"
        else:
            module = loaded.module(view.module_id).title if view.module_id else "Starting soon"
        self.query_one("#proj-module", Static).update(Text(module))
        moment = loaded.story_datetime(view.story_time)
        digits = moment.strftime("%H:%M") if moment else _t_plus_digits(view.story_time)
        self.query_one("#proj-clock", Digits).update(digits)
        when = story_clock(view.story_time)
        if moment:
            when += moment.strftime("  ·  %A %d %B %Y")
        if view.phase == "exercise" and view.module_id and not view.running:
            when += "  ·  paused"
        self.query_one("#proj-when", Static).update(Text(when))


def _t_plus_digits(seconds: float) -> str:
    minutes = int(seconds // 60)
    days, rest = divmod(minutes, 24 * 60)
    text = f"{rest // 60:02d}:{rest % 60:02d}"
    return f"+{days}:{text}" if days else f"+{text}"
