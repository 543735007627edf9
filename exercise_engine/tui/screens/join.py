"""The landing screen in browser mode: a participant types the join code the facilitator gave out."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from ...session.live import LiveSession, SessionProblem


class JoinScreen(Screen[LiveSession]):
    """Dismissed with the session opened for the code's role and table."""

    DEFAULT_CSS = """
    JoinScreen { align: center middle; }
    JoinScreen > Vertical { width: 60; max-width: 95%; height: auto; border: thick $primary; padding: 1 2; }
    JoinScreen #join-error { color: $error; }
    """

    def __init__(self, title: str, connect: Callable[[str], LiveSession]) -> None:
        super().__init__()
        self.exercise_title = title
        self.connect = connect

    def compose(self):
        with Vertical():
            yield Static(Text(self.exercise_title, style="bold"))
            yield Static(Text("Type the join code for your table (the facilitator has it), then press Enter."))
            yield Input(placeholder="join code", id="join-code")
            yield Static("", id="join-error")
        yield Footer()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        code = event.value.strip()
        try:
            live = self.connect(code)
        except (KeyError, SessionProblem) as exc:
            message = str(exc.args[0]) if exc.args else str(exc)
            self.query_one("#join-error", Static).update(Text(message))
            return
        self.dismiss(live)
