"""What every console screen shares: the session it shows, the trouble banner, clock and change handling."""

from __future__ import annotations

from rich.text import Text
from textual.screen import Screen
from textual.widgets import Static

from collections.abc import Callable

from ...session.live import LiveSession, SessionProblem
from ...model.events import Event
from ..messages import ClockTicked, SessionChanged, SessionTrouble


class TroubleBanner(Static):
    """A red line across the top while the session file is missing or locked; hidden otherwise."""

    DEFAULT_CSS = """
    TroubleBanner { display: none; background: $error; color: $text; padding: 0 1; height: auto; }
    TroubleBanner.-shown { display: block; }
    """

    def show_problem(self, problem: str | None) -> None:
        self.set_class(problem is not None, "-shown")
        self.update(Text(problem or ""))


class ConsoleScreen(Screen):
    """A role's main screen. Subclasses implement `refresh_session()` and `refresh_clock()`."""

    HELP_TITLE = "Keys"
    HELP_NOTES: tuple[str, ...] = ()

    def __init__(self, live: LiveSession) -> None:
        super().__init__()
        self.live = live

    def on_mount(self) -> None:
        self.refresh_session([])
        self.refresh_clock()
        if self.live.notice:
            self.query_one(TroubleBanner).show_problem(self.live.notice)
        if not getattr(self.app, "cursor_blink", True):
            self.set_timer(0.01, self._stop_blinking)

    def _stop_blinking(self) -> None:
        for widget in self.query("Input, TextArea"):
            widget.cursor_blink = False  # type: ignore[attr-defined]

    def on_session_changed(self, message: SessionChanged) -> None:
        self.refresh_session(message.events)

    def on_clock_ticked(self, message: ClockTicked) -> None:
        self.refresh_clock()

    def on_session_trouble(self, message: SessionTrouble) -> None:
        self.query_one(TroubleBanner).show_problem(message.problem or (self.live.notice or None))

    def refresh_session(self, events: list) -> None:
        """Redraw what depends on the event log."""

    def refresh_clock(self) -> None:
        """Redraw the clock."""

    def save(self, write: Callable[[], Event], done: Callable[[Event], None], failed: Callable[[str], None]) -> None:
        """Commit room input in a worker thread: a busy file never freezes the console.

        `done` runs (on the UI thread) only once the store has committed; `failed` gets a message and the
        form keeps its text.
        """

        def job() -> None:
            try:
                event = write()
            except SessionProblem as exc:
                self.app.call_from_thread(failed, str(exc))
                self.app.call_from_thread(self.report_problem, str(exc))
                return
            except ValueError as exc:  # refused by the room rules (e.g. amending a retracted decision)
                self.app.call_from_thread(failed, str(exc))
                return
            self.app.call_from_thread(done, event)
            self.app.call_from_thread(self.app.poll_now)  # type: ignore[attr-defined]

        self.run_worker(job, thread=True, group="save", exit_on_error=False)

    def report_problem(self, message: str) -> None:
        """A save or control failed: tell the person, in the banner and a notification."""
        self.query_one(TroubleBanner).show_problem(message)
        self.notify(message, severity="error", timeout=8)
