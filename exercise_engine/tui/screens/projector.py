"""The projector: a large story clock, the module, the latest inject's headline, narrative and the questions
the room is discussing, and a situation board of the consequence metrics the scenario marks public.
Nothing else.

It shows participant fields only (`ParticipantInject`), never controller notes or what is still to come.
Text longer than the screen (large fonts at the back of the room) turns page by itself every
`PAGE_SECONDS`: nobody stands at the projector laptop to scroll.
"""

from __future__ import annotations

import math

from rich.text import Text
from textual.binding import Binding
from textual.containers import Center, VerticalScroll
from textual.widgets import Digits, Static

from ..format import story_clock
from ...session.live import LiveSession
from ..widgets.clock_header import HOLDING, hold_reached
from ..widgets.situation_board import SituationBoard, public_metrics
from .table import participant_items
from .base import ConsoleScreen, TroubleBanner


class ProjectorScreen(ConsoleScreen):
    PAGE_SECONDS = 15.0
    """How long each page of a long inject stays up."""

    HELP_TITLE = "Projector"
    HELP_NOTES = ("The projector follows the facilitator's clock by itself; nothing here needs a key.",
                  "The situation board under the inject shows the consequence metrics the scenario marks public; "
                  "b hides or shows it.")
    BINDINGS = [
        Binding("question_mark,f1", "app.help", "Help"),
        Binding("b", "board", "Situation board", show=False),
        Binding("t,f8", "app.toggle_dark", "Theme"),
        Binding("q", "app.quit", "Quit"),
    ]
    DEFAULT_CSS = """
    ProjectorScreen { align: center top; }
    ProjectorScreen #proj-title { text-align: center; text-style: bold; height: auto; margin-top: 1;
        color: $text-primary; }
    ProjectorScreen #proj-module { text-align: center; text-style: bold; height: auto; }
    ProjectorScreen Center { height: auto; }
    ProjectorScreen Digits { width: auto; margin: 1 0 0 0; }
    ProjectorScreen #proj-when { text-align: center; height: auto; color: $foreground; }
    ProjectorScreen #proj-inject { border: heavy $text-primary; border-subtitle-color: $foreground;
        padding: 0 2; margin: 1 4; height: 1fr; scrollbar-size-vertical: 0; }
    ProjectorScreen #proj-headline { text-style: bold; height: auto; }
    ProjectorScreen #proj-questions { height: auto; margin-top: 1; }
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
        with VerticalScroll(id="proj-inject", can_focus=False):
            yield Static(id="proj-headline")
            yield Static(id="proj-narrative")
            yield Static(id="proj-questions")
        names = public_metrics(self.live.loaded.scenario.models)
        if names:
            yield SituationBoard(names, id="proj-board")

    def on_mount(self) -> None:
        super().on_mount()
        self.set_interval(self.PAGE_SECONDS, self.turn_page)

    def turn_page(self) -> None:
        """Show the next page of a long inject, or the first again after the last."""
        box = self.query_one("#proj-inject", VerticalScroll)
        page = max(1, box.scrollable_content_region.height - 1)  # one line repeats, so the reader keeps the thread
        if box.max_scroll_y <= 0:
            return
        if box.scroll_y >= box.max_scroll_y:
            box.scroll_home(animate=False)
        else:
            box.scroll_to(y=min(box.max_scroll_y, box.scroll_y + page), animate=False)
        self.call_after_refresh(self._show_page_number)

    def _show_page_number(self) -> None:
        box = self.query_one("#proj-inject", VerticalScroll)
        if box.max_scroll_y <= 0:
            box.border_subtitle = ""
            return
        page = max(1, box.scrollable_content_region.height - 1)
        pages = 1 + math.ceil(box.max_scroll_y / page)
        now = pages if box.scroll_y >= box.max_scroll_y else 1 + math.ceil(box.scroll_y / page)
        box.border_subtitle = f"page {now} of {pages} · turns by itself"

    def action_board(self) -> None:
        for board in self.query(SituationBoard):
            board.display = not board.display

    def refresh_session(self, events: list) -> None:
        for board in self.query(SituationBoard):
            board.refresh_from(self.live.state)
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
        self.query_one("#proj-questions", Static).update(self._questions(latest))
        self.query_one("#proj-inject", VerticalScroll).scroll_home(animate=False)
        self.call_after_refresh(self._show_page_number)

    def _questions(self, latest) -> Text:
        """The latest inject's discussion questions, or else the current module's."""
        questions: tuple[str, ...] = latest.questions if latest is not None else ()
        module_id = self.live.state.module_id
        if not questions and module_id and self.live.state.phase == "exercise":
            questions = tuple(self.live.loaded.module(module_id).questions)
        if not questions:
            return Text("")
        out = Text("For discussion\n", style="bold")
        for question in questions:
            out.append(f" • {question}\n")
        return out

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
        holding = view.held is not None and (hold_reached(self.live.state, view.held) or not view.running)
        if view.phase == "exercise" and view.module_id and holding:
            when += f"  ·  {HOLDING}"
        elif view.phase == "exercise" and view.module_id and not view.running:
            when += "  ·  paused"
        self.query_one("#proj-when", Static).update(Text(when))


def _t_plus_digits(seconds: float) -> str:
    minutes = int(seconds // 60)
    days, rest = divmod(minutes, 24 * 60)
    text = f"{rest // 60:02d}:{rest % 60:02d}"
    return f"+{days}:{text}" if days else f"+{text}"
