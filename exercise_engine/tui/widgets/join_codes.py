"""The facilitator's join-codes line: table and projector codes, the rest only on request, wrong codes tried.

The evaluator code opens the full controller view and the facilitator code the clock, and the facilitator's
screen is often mirrored to the room: those two are shown only after "Show all codes", and hidden again
after `REVEAL_SECONDS`. Wrong codes typed in browsers (see `join_guard`) are summarised here.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.containers import Horizontal
from textual.widgets import Button, Static

from ...store.session_store import JoinCode
from ..join_guard import join_log_path, summary

PRIVATE_ROLES = ("evaluator", "facilitator")
REVEAL_SECONDS = 60.0
CHECK_LOG_SECONDS = 2.0


def codes_text(codes: dict[str, JoinCode], *, reveal: bool, extra: Text | None = None, wrong: str = "") -> Text:
    out = Text("Join codes: ", style="bold")
    hidden = 0
    for code, join in sorted(codes.items(), key=lambda kv: (kv[1].role, kv[1].table or "")):
        if join.role in PRIVATE_ROLES and not reveal:
            hidden += 1
            continue
        out.append(code, style="bold reverse")
        out.append(f" {join.table or join.role}   ")
    if hidden:
        out.append(f"(+{hidden} private)", style="italic")
    if wrong:
        out.append("\n" + wrong, style="bold")
    if extra is not None and extra.plain:
        out.append("\n")
        out.append_text(extra)
    return out


class JoinCodes(Horizontal):
    """`show(extra)` redraws; `extra` is whatever else the facilitator screen puts on this line."""

    DEFAULT_CSS = """
    JoinCodes { height: auto; }
    JoinCodes > Static { width: 1fr; height: auto; }
    JoinCodes > Button { width: auto; min-width: 18; }
    """

    def __init__(self, session: Path, codes: dict[str, JoinCode], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.codes = codes
        self.wrong_log = join_log_path(session)
        self.reveal = False
        self.extra: Text | None = None
        self._wrong = ""
        self._hide_timer = None

    def compose(self):
        yield Static(id="join-codes-text")
        yield Button("Show all codes", id="join-codes-toggle", compact=True)

    def on_mount(self) -> None:
        self.set_interval(CHECK_LOG_SECONDS, self._check_log)
        self._check_log()

    def show(self, extra: Text | None = None) -> None:
        self.extra = extra
        self._draw()

    def _draw(self) -> None:
        self.query_one("#join-codes-text", Static).update(
            codes_text(self.codes, reveal=self.reveal, extra=self.extra, wrong=self._wrong))
        self.query_one("#join-codes-toggle", Button).label = "Hide codes" if self.reveal else "Show all codes"

    def _check_log(self) -> None:
        wrong = summary(self.wrong_log)
        if wrong != self._wrong:
            self._wrong = wrong
            self._draw()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.toggle()

    def toggle(self) -> None:
        self.reveal = not self.reveal
        if self._hide_timer is not None:
            self._hide_timer.stop()
            self._hide_timer = None
        if self.reveal:
            self._hide_timer = self.set_timer(REVEAL_SECONDS, self.toggle)
        self._draw()
