"""The facilitator console: the only one that runs the engine and moves the clock."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.widgets import Footer, Static

from ...engine.projection import SessionState
from ...model.events import EventKind
from ...model.records import ImprovementItem
from ...session.live import LiveSession, SessionProblem
from ..widgets.clock_header import ClockHeader
from ..widgets.exercise_overview import ExerciseOverview
from ..widgets.run_of_show import RunOfShowPanel
from .base import ConsoleScreen, TroubleBanner
from .confirm import ConfirmScreen
from .mark_actions import MarksExpectedActions

HOTWASH_KINDS = {EventKind.hotwash_started, EventKind.hotwash_note, EventKind.feedback}

SPEEDS = (0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0)
"""Speed steps for `+`/`-`: 1 is the planned pace (the module's story span over its planned minutes)."""


def next_speed(current: float, step: int) -> float:
    index = min(range(len(SPEEDS)), key=lambda i: abs(SPEEDS[i] - current))
    return SPEEDS[max(0, min(len(SPEEDS) - 1, index + step))]


class FacilitatorScreen(MarksExpectedActions, ConsoleScreen):
    HELP_TITLE = "Facilitator console"
    HELP_NOTES = (
        "Only this console moves the clock; tables, evaluators and the projector follow it within a second.",
        "Fire, skip and hold act on the inject selected in the MSEL (arrow keys or mouse).",
        "t (or Enter on a decision) marks which expected actions the selected decision meets: conditions on "
        "contingency injects read those tags.",
        "Quitting pauses the clock; `ttx run SCENARIO --session FILE` resumes exactly where it stopped.",
        "The run of show under the clock says where the room is against the plan. When a module runs over: "
        "c compresses the rest of it, o skips its optional injects, x extends it by the time the room is behind.",
    )
    BINDINGS = [
        Binding("space", "toggle_clock", "Pause/Resume"),
        Binding("plus,equals_sign,right_square_bracket", "speed(1)", "Faster", show=False),
        Binding("minus,left_square_bracket", "speed(-1)", "Slower", show=False),
        Binding("n", "control('next_inject')", "Next inject"),
        Binding("m", "control('next_module')", "Next module"),
        Binding("f", "fire", "Fire"),
        Binding("s", "skip", "Skip"),
        Binding("h", "hold", "Hold/Release", show=False),
        Binding("w", "hotwash", "Hotwash", show=False),
        Binding("e", "end", "End exercise", show=False),
        Binding("i", "improvement_plan", "Improvement plan", show=False),
        Binding("v", "situation", "Module situation", show=False),
        Binding("r", "report", "Report", show=False),
        Binding("t", "mark_actions", "Mark action met"),
        Binding("c", "control('compress')", "Compress module", show=False),
        Binding("o", "control('skip_optional')", "Skip optional injects", show=False),
        Binding("x", "control('extend')", "Extend module", show=False),
        Binding("question_mark,f1", "app.help", "Help"),
        Binding("f8", "app.toggle_dark", "Light/dark theme", show=False),
        Binding("q", "app.quit", "Quit"),
    ]
    DEFAULT_CSS = """
    FacilitatorScreen #join-codes { height: auto; max-height: 3; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, live: LiveSession, *, write_report: Callable[[], Path] | None = None,
                 suggest_items: Callable[[SessionState], list[ImprovementItem]] | None = None) -> None:
        super().__init__(live)
        self.write_report = write_report
        self.suggest_items = suggest_items

    def compose(self):
        who = "Facilitator" + (" (read-only)" if self.live.read_only else "")
        yield ClockHeader(self.live.loaded, who, id="clock")
        yield RunOfShowPanel(self.live.loaded, id="run-of-show")
        yield TroubleBanner(id="trouble")
        yield ExerciseOverview(self.live.state, id="overview")
        yield Static(id="join-codes")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#join-codes", Static).update(self.join_codes_text())
        self.query_one("#msel").focus()

    def join_codes_text(self) -> Text:
        try:
            codes = self.live.store.join_codes()
        except Exception:  # the banner reports file trouble; the codes line just stays empty
            return Text("")
        out = Text("Join codes: ", style="bold")
        for code, join in sorted(codes.items(), key=lambda kv: (kv[1].role, kv[1].table or "")):
            if join.role == "facilitator":
                continue
            out.append(code, style="bold reverse")
            out.append(f" {join.table or join.role}   ")
        state = self.live.state
        if state.phase != "exercise" or state.hotwash_notes or state.feedback:
            out.append(f"\nHotwash: {len(state.hotwash_notes)} notes, {len(state.feedback)} feedback forms",
                       style="bold")
        return out

    def refresh_session(self, events: list) -> None:
        self.query_one(ExerciseOverview).refresh_from(self.live.state)
        if any(e.kind in HOTWASH_KINDS for e in events):
            self.query_one("#join-codes", Static).update(self.join_codes_text())
        for event in events:
            if event.kind == EventKind.inject_delivered:
                inject = self.live.loaded.inject(event.data["inject"])
                self.notify(inject.title, title="Inject delivered", timeout=4)
            elif event.kind == EventKind.decision_logged:
                self.notify(event.data.get("decision", {}).get("text", "")[:80], title=f"Decision · {event.actor}",
                            timeout=4)

    def refresh_clock(self) -> None:
        header = self.query_one(ClockHeader)
        header.who = "Facilitator" + (" (read-only)" if self.live.read_only else "")
        header.show(self.live.clock_view())
        status = self.live.show_status  # taken by the session with the clock; None when read-only
        if status is not None:
            self.query_one(RunOfShowPanel).show(status, self.live.clock())

    # -- controls ---------------------------------------------------------------------------------------
    def _run(self, action: str, *args) -> None:
        try:
            self.live.control(action, *args)
        except SessionProblem as exc:
            self.report_problem(str(exc))
            return
        except (ValueError, KeyError, RuntimeError) as exc:  # the engine refuses (e.g. skip a delivered inject)
            self.notify(str(exc), severity="warning")
            return
        self.app.call_later(self.app.poll_now)

    def action_toggle_clock(self) -> None:
        self._run("pause" if self.live.state.running else "resume")

    def action_speed(self, step: int) -> None:
        self._run("set_speed", next_speed(self.live.state.speed, step))

    def action_control(self, action: str) -> None:
        self._run(action)

    def _selected_pending(self, verb: str) -> str | None:
        inject_id = self.query_one(ExerciseOverview).selected_inject_id
        if inject_id is None:
            return None
        item = self.live.state.injects[inject_id]
        if item.status != "pending":
            self.notify(f"{inject_id} is already {item.status}; only pending injects can be {verb}.", severity="warning")
            return None
        return inject_id

    def action_fire(self) -> None:
        inject_id = self._selected_pending("fired")
        if inject_id:
            self._run("fire", inject_id)

    def action_skip(self) -> None:
        inject_id = self._selected_pending("skipped")
        if inject_id:
            self._run("skip", inject_id)

    def action_hold(self) -> None:
        if self.live.state.held:
            self._run("release")
        else:
            self._run("hold", self.query_one(ExerciseOverview).selected_inject_id)

    def action_hotwash(self) -> None:
        if self.live.state.phase != "exercise":
            self.notify("The session is already in the hotwash.", severity="warning")
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._run("start_hotwash")

        self.app.push_screen(ConfirmScreen(
            "Stop the exercise clock and move every console to the hotwash? Tables and evaluators will be asked "
            "for strengths, areas for improvement and feedback."), answered)

    def action_end(self) -> None:
        if self.live.state.phase == "ended":
            self.notify("The exercise has already ended.", severity="warning")
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._run("end")

        self.app.push_screen(ConfirmScreen(
            "End the exercise? The clock stops for good; notes, feedback and the improvement plan can still be "
            "added, and the report is final."), answered)

    def action_situation(self) -> None:
        from .situation import SituationScreen

        state = self.live.state
        module_id = state.module_id or self.live.loaded.scenario.modules[0].id
        self.app.push_screen(SituationScreen(self.live.loaded.module(module_id)))

    def action_improvement_plan(self) -> None:
        from .improvement_plan import ImprovementPlanScreen

        self.app.push_screen(ImprovementPlanScreen(self.live, self.suggest_items))

    def action_report(self) -> None:
        if self.write_report is None:
            self.notify("Reports are not available in this console.", severity="warning")
            return
        self.notify("Writing the report…", timeout=3)
        self._write_report()

    @work(thread=True, exclusive=True, group="report")
    def _write_report(self) -> None:
        # A thread: rendering must not stop the clock. The report reads the session file on its own.
        assert self.write_report is not None
        try:
            path = self.write_report()
        except Exception as exc:  # a report failure must not take the exercise down
            self.app.call_from_thread(self.notify, f"The report could not be written: {exc}", severity="error",
                                      timeout=10)
            return
        self.app.call_from_thread(self.notify, f"Report written to {path}", title="Report", timeout=10)

    def palette_commands(self) -> list[tuple[str, str, Callable[[], None]]]:
        """Command-palette entries (title, help, callback) for every control."""
        return [
            ("Pause or resume the clock", "Space", self.action_toggle_clock),
            ("Speed up", "+", lambda: self.action_speed(1)),
            ("Slow down", "-", lambda: self.action_speed(-1)),
            ("Next inject", "Jump the clock to the next inject (n)", lambda: self.action_control("next_inject")),
            ("Next module", "Jump to the next module (m)", lambda: self.action_control("next_module")),
            ("Fire selected inject", "Deliver it now (f)", self.action_fire),
            ("Skip selected inject", "Never deliver it (s)", self.action_skip),
            ("Mark expected action met", "Tick the expected actions the selected decision meets (t)",
             self.action_mark_actions),
            ("Hold or release", "Stop the clock on an inject for discussion (h)", self.action_hold),
            ("Start the hotwash", "End play; collect strengths, improvements, feedback (w)", self.action_hotwash),
            ("Module situation", "The current module's situation and questions, to read aloud (v)",
             self.action_situation),
            ("End the exercise", "Stop the clock for good (e)", self.action_end),
            ("Improvement plan", "Edit the HSEEP improvement plan (i)", self.action_improvement_plan),
            ("Write the report", "After-action report for this session (r)", self.action_report),
        ]
