"""The console application: one App for every role, handed its session (harlequin style).

`make_app()` is what `ttx run`, `ttx serve` and the tests call. The app polls the session on a timer:
the facilitator's poll ticks the engine and publishes the clock; other consoles read new events and the
published clock. Changes reach every screen as messages.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import Screen

from ..engine.projection import SessionState
from ..model.records import ImprovementItem
from ..store.session_store import SessionStore
from ..session.live import Clock, LiveSession, Role, utc_now
from .join_guard import JoinGuard
from .messages import ClockTicked, SessionChanged, SessionTrouble
from .screens.base import ConsoleScreen
from .screens.confirm import ConfirmScreen
from .screens.help import HelpScreen

if TYPE_CHECKING:
    from ..engine.exercise import Exercise

ROLES = ("facilitator", "table", "evaluator", "projector")
POLL_SECONDS = 0.25
"""How often a console redraws its clock; news (events, problems) wakes it at once from the session's
thread (`SessionNews`), so this only paces the clock."""
CLOCK_SECONDS = 0.25
"""How often the clock is redrawn when nothing else changes."""
STOPPED_CLOCK_SECONDS = 1.0
"""How often while it stands still (paused, held, ended): only the wall time moves. A control that
starts it comes as an event, which redraws at once."""


class SessionNews(Message):
    """Posted from the session's thread: new events or a changed problem are waiting for `poll()`."""


class ConsoleApp(App[None]):
    CSS_PATH = "styles.tcss"
    TITLE = "Tabletop exercise"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", show=False, priority=True)]

    def __init__(self, live: LiveSession | None, *, connect: Callable[[str], LiveSession] | None = None,
                 title: str = "", write_report: Callable[[], Path] | None = None, poll_seconds: float = POLL_SECONDS,
                 cursor_blink: bool = True,
                 suggest_items: Callable[[SessionState], list[ImprovementItem]] | None = None,
                 greeting: str = "", join_guard: JoinGuard | None = None) -> None:
        super().__init__()
        self.greeting = greeting
        """Said once when the console opens (which session file it opened, new or resumed)."""
        self.join_guard = join_guard
        self.suggest_items = suggest_items
        self.live = live
        self.connect = connect
        self.write_report = write_report
        self.poll_seconds = poll_seconds
        self.cursor_blink = cursor_blink
        self.exercise_title = title or (live.loaded.scenario.title if live else "Tabletop exercise")
        self._problem: str | None = None
        self._clock_drawn_at = float("-inf")
        self._read_only = live.read_only if live is not None else True
        self.close_warning: str | None = None
        """Set on quitting when not everything could be saved (the command line says so)."""

    # -- start --------------------------------------------------------------------------------------------
    def on_mount(self) -> None:
        self.title = self.exercise_title
        if self.live is not None:
            self.begin(self.live)
        else:
            from .screens.join import JoinScreen

            assert self.connect is not None
            self.push_screen(JoinScreen(self.exercise_title, self.connect, self.join_guard), self.begin)

    def begin(self, live: LiveSession | None) -> None:
        if live is None:
            return
        self.live = live
        self._read_only = live.read_only
        self.sub_title = f"{live.role.actor} · {live.store.path.name}"
        if self.greeting:
            self.notify(self.greeting, title="Session", timeout=10)
        self.push_screen(self.screen_for(live))
        live.notify = lambda: self.post_message(SessionNews())
        self.set_interval(self.poll_seconds, self.poll_now)

    def on_session_news(self, message: SessionNews) -> None:
        self.poll_now()

    def screen_for(self, live: LiveSession) -> Screen:
        kind = live.role.kind
        if kind == "facilitator":
            from .screens.facilitator import FacilitatorScreen

            return FacilitatorScreen(live, write_report=self.write_report, suggest_items=self.suggest_items)
        if kind == "table":
            from .screens.table import TableScreen

            return TableScreen(live)
        if kind == "evaluator":
            from .screens.evaluator import EvaluatorScreen

            return EvaluatorScreen(live)
        from .screens.projector import ProjectorScreen

        return ProjectorScreen(live)

    # -- polling ------------------------------------------------------------------------------------------
    def poll_now(self) -> None:
        """Read the session (tick the engine for the facilitator) and tell the screens what changed."""
        live = self.live
        if live is None:
            return
        events = live.poll()
        problem = live.problem
        if problem is not None:
            if self._problem != str(problem):
                self._problem = str(problem)
                self._broadcast(SessionTrouble(str(problem), problem.lasting))
        elif self._problem is not None:
            self._problem = None
            self._broadcast(SessionTrouble(None))
        if live.read_only != self._read_only:
            self._read_only = live.read_only
            self._broadcast(SessionTrouble(None))  # banners show the new notice, or hide
            if not live.read_only:
                self.notify("This console now runs the clock.", title="Facilitator", timeout=8)
        if events:
            self._broadcast(SessionChanged(events))
        now = time.monotonic()
        every = CLOCK_SECONDS if live.clock_running else STOPPED_CLOCK_SECONDS
        if events or now - self._clock_drawn_at >= every:
            self._clock_drawn_at = now
            self._broadcast(ClockTicked(live.clock_view()))

    def _broadcast(self, message) -> None:
        """Post to the screens that handle `message` (each its own instance). Not to the others: a message
        wakes a screen, and the app's empty default screen under the console, woken, had the whole
        console repainted on every event and clock tick."""
        for screen in self.screen_stack:
            if hasattr(screen, message.handler_name):
                screen.post_message(_copy(message))

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Every pop-up in every console shows its text literally: messages carry decisions, inject
        titles and names, and markup in them crashed the console (`[/note]`) or made live links
        (`[@click=…]`, `[link=…]`). Widgets' `notify` lands here too."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    # -- app-wide actions ---------------------------------------------------------------------------------
    def action_help(self) -> None:
        screen = self.screen
        if isinstance(screen, ConsoleScreen):
            bindings = [b for b in screen.BINDINGS if isinstance(b, Binding)  # not keys this session lacks
                        and screen.check_action(b.action.split("(")[0], ()) is not False]
            self.push_screen(HelpScreen(screen.HELP_TITLE, bindings, screen.HELP_NOTES))

    def action_toggle_dark(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    async def action_quit(self) -> None:
        live = self.live
        if live is not None and live.role.kind == "facilitator" and not live.read_only:
            def answered(yes: bool | None) -> None:
                if yes:
                    self._close_and_exit()

            self.push_screen(ConfirmScreen(
                "Quit the facilitator console? The clock will be paused and the session saved; start it again "
                f"with `ttx run … --session {live.store.path}` to resume.", yes="Quit", no="Stay"), answered)
            return
        unsaved = self.screen.unsaved_text() if isinstance(self.screen, ConsoleScreen) else ""
        if unsaved:  # a scribe's half-typed decision is not dropped by one keystroke
            def leave(yes: bool | None) -> None:
                if yes:
                    self._close_and_exit()

            self.push_screen(ConfirmScreen(f"{unsaved} is not saved yet. Quit and lose it?", yes="Quit",
                                           no="Stay"), leave)
            return
        self._close_and_exit()

    def _close_and_exit(self) -> None:
        if self.live is not None:
            self.close_warning = self.live.close()
        self.exit()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help", "Show the keys of this console (?)", self.action_help)
        yield SystemCommand("Light/dark theme", "Switch between the light and dark theme", self.action_toggle_dark)
        commands = getattr(screen, "palette_commands", None)
        if callable(commands):
            for title, help_text, callback in commands():
                yield SystemCommand(title, help_text, callback)


def _copy(message):
    if isinstance(message, SessionChanged):
        return SessionChanged(message.events)
    if isinstance(message, ClockTicked):
        return ClockTicked(message.view)
    return SessionTrouble(message.problem, message.lasting)


def lease_holder() -> str:
    """Who holds the facilitator lease: host and process, so a crashed console's lease simply expires."""
    return f"{socket.gethostname()}:{os.getpid()}"


def make_app(store: SessionStore | None, *, role: str = "facilitator", table: str | None = None, name: str = "",
             clock: Clock = utc_now, exercise_factory: Callable[[SessionStore], Exercise] | None = None,
             join: str | None = None, open_store: Callable[[], SessionStore] | None = None,
             write_report: Callable[[SessionStore], Path] | None = None, poll_seconds: float = POLL_SECONDS,
             cursor_blink: bool = True, holder: str | None = None, title: str = "",
             suggest_items: Callable[[SessionState], list[ImprovementItem]] | None = None,
             threaded: bool = True, greeting: str = "", join_guard: JoinGuard | None = None) -> ConsoleApp:
    """Build the console for a role on an open session store.

    `exercise_factory(store)` creates or resumes the engine; only a facilitator that wins the lease calls
    it. `threaded` runs the session's work (engine ticks, reads, writes) on a thread of its own, so the
    screen never waits for the disk. `write_report(store)` backs the `r` key; `suggest_items(state)` gives the Improvement Plan rows the
    report prefills from the findings, so the facilitator edits exactly those. With `store=None` and `open_store` the app starts on the join screen (browser mode) and opens the
    store once a valid code is typed; `join_guard` slows and logs wrong codes there. `join` resolves a code now. Raises KeyError for an unknown code or
    table, with a message for the person.
    """
    holder = holder or lease_holder()

    def session_for(st: SessionStore, kind: str, table_id: str | None) -> LiveSession:
        if kind not in ROLES:
            raise KeyError(f"unknown role {kind!r}; use one of {', '.join(ROLES)}")
        if kind == "facilitator":
            if exercise_factory is None:
                return LiveSession(st, Role("facilitator"), clock=clock, notice="Read-only facilitator view.",
                                   threaded=threaded)
            return LiveSession.open_facilitator(st, clock=clock, exercise_factory=lambda: exercise_factory(st),
                                                holder=holder, threaded=threaded)
        if kind == "table":
            tables = [t.id for t in st.scenario().scenario.tables]
            if table_id not in tables:
                raise KeyError(f"unknown table {table_id!r}; this scenario has: {', '.join(tables)}")
        return LiveSession(st, Role(kind, table=table_id, name=name), clock=clock, threaded=threaded)

    def by_code(st: SessionStore, code: str) -> LiveSession:
        codes = {k.upper(): v for k, v in st.join_codes().items()}
        found = codes.get(code.strip().upper())
        if found is None:
            raise KeyError(f"{code!r} is not a join code for this session; check it with the facilitator.")
        return session_for(st, found.role, found.table)

    report = None
    if write_report is not None and store is not None:
        report = lambda: write_report(store)  # noqa: E731

    if store is None:
        assert open_store is not None, "make_app needs a store or open_store"
        opened: list[SessionStore] = []

        def connect(code: str) -> LiveSession:
            if not opened:
                opened.append(open_store())
            return by_code(opened[0], code)

        return ConsoleApp(None, connect=connect, title=title, poll_seconds=poll_seconds, cursor_blink=cursor_blink,
                          suggest_items=suggest_items, join_guard=join_guard)

    live = by_code(store, join) if join else session_for(store, role, table)
    return ConsoleApp(live, title=title, write_report=report, poll_seconds=poll_seconds, cursor_blink=cursor_blink,
                      suggest_items=suggest_items, greeting=greeting)
