"""The facilitator console: the only one that runs the engine and moves the clock."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.widgets import Footer, Static

from ...engine.projection import InjectState, SessionState
from ...model.events import EventKind
from ...model.records import ImprovementItem
from ..control_words import inject_label, next_inject_words, next_module_words, restore_done, skip_words
from ..format import plain, story_clock
from ...session.live import LiveSession, SessionProblem
from ..widgets.clock_header import ClockHeader
from ..widgets.exercise_overview import ExerciseOverview
from ..widgets.join_codes import JoinCodes
from ..widgets.run_of_show import RunOfShowPanel
from .base import ConsoleScreen, TroubleBanner
from .confirm import ConfirmScreen
from .decision_actions import AttachesModelActions
from .mark_actions import MarksExpectedActions
from .metrics_toggle import ShowsConsequenceMetrics
from .news import NewsPopups

HOTWASH_KINDS = {EventKind.hotwash_started, EventKind.hotwash_note, EventKind.feedback}

SPEEDS = (0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0)
"""Speed steps for `+`/`-`: 1 is the planned pace (the module's story span over its planned minutes)."""


def next_speed(current: float, step: int) -> float:
    index = min(range(len(SPEEDS)), key=lambda i: abs(SPEEDS[i] - current))
    return SPEEDS[max(0, min(len(SPEEDS) - 1, index + step))]


class FacilitatorScreen(ShowsConsequenceMetrics, MarksExpectedActions, AttachesModelActions, ConsoleScreen):
    HELP_TITLE = "Facilitator console"
    HELP_NOTES = (
        "Only this console moves the clock; tables, evaluators and the projector follow it within a second.",
        "Fire, skip, hold and put back (u) act on the inject selected in the MSEL (arrow keys or mouse).",
        "n (next inject), m (next module) and s (skip) ask first and say what they will do; a skipped inject "
        "can be put back on the timeline with u. The line above the join codes says what the last control did.",
        "t (or Enter on a decision) marks which expected actions the selected decision meets: conditions on "
        "contingency injects read those tags.",
        "a (scenarios with consequence models) attaches, changes or removes what the selected decision sets in "
        "motion (open the FRC with N staff, staff N hotline lines…); the models act on it from then on.",
        "Quitting pauses the clock; `ttx run SCENARIO --session FILE` resumes exactly where it stopped.",
        "The run of show under the clock says where the room is against the plan. When a module runs over: "
        "c compresses the rest of it, o skips its optional injects, x extends it by the time the room is behind.",
    )
    BINDINGS = [
        Binding("space", "toggle_clock", "Pause", tooltip="Pause/Resume the clock"),
        Binding("plus,equals_sign,right_square_bracket", "speed(1)", "Faster", show=False),
        Binding("minus,left_square_bracket", "speed(-1)", "Slower", show=False),
        Binding("n", "next_inject", "Next inject", tooltip="Next inject: jump the clock to it (asks first)"),
        Binding("m", "next_module", "Module",
                tooltip="Next module: skip the rest of this module and open the next (asks first)"),
        Binding("f", "fire", "Fire"),
        Binding("s", "skip", "Skip", tooltip="Skip the selected inject (asks first)"),
        Binding("u", "restore", "Put back", show=False, tooltip="Put the selected skipped inject back on the timeline"),
        Binding("h", "hold", "Hold/Release", show=False),
        Binding("w", "hotwash", "Hotwash", show=False),
        Binding("e", "end", "End exercise", show=False),
        Binding("i", "improvement_plan", "Improvement plan", show=False),
        Binding("v", "situation", "Module situation", show=False),
        Binding("r", "report", "Report", show=False),
        Binding("c", "control('compress')", "Compress module", show=False),
        Binding("o", "control('skip_optional')", "Skip optional injects", show=False),
        Binding("x", "control('extend')", "Extend module", show=False),
        # Help and Quit before the longer entries: at 80 columns the footer still shows them
        Binding("question_mark,f1", "app.help", "Help"),
        Binding("q", "app.quit", "Quit"),
        Binding("t", "mark_actions", "Mark action met"),
        Binding("a", "model_actions", "Model actions",
                tooltip="Model actions of the selected decision: what the consequence models act on"),
        Binding("g", "metrics", "Metrics", tooltip="Consequence metrics (value, sparkline, the decisions that "
                "drove them) in place of the responses, and back"),
        Binding("p", "whatif", "What-if", show=False, tooltip="What-if (for the hotwash): replay the consequence models with "
                "one decision changed"),
        Binding("f8", "app.toggle_dark", "Light/dark theme", show=False),
    ]
    DEFAULT_CSS = """
    FacilitatorScreen #join-codes { height: auto; max-height: 3; padding: 0 1; color: $text-muted; }
    /* pop-ups at the top right, over the inject's heading, narrow: not over the decisions, the
       practices or the join codes */
    FacilitatorScreen ToastRack { dock: top; align: right top; margin-top: 3; margin-bottom: 0; }
    FacilitatorScreen Toast { width: 40; max-width: 40%; }
    FacilitatorScreen #last-control { height: 1; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self, live: LiveSession, *, write_report: Callable[[], Path] | None = None,
                 suggest_items: Callable[[SessionState], list[ImprovementItem]] | None = None) -> None:
        super().__init__(live)
        self.write_report = write_report
        self.suggest_items = suggest_items
        self._news = NewsPopups(live.loaded, lambda title, message, timeout: self.notify(message, title=title,
                                                                                         timeout=timeout),
                                self.set_timer)

    def compose(self):
        who = "Facilitator" + (" (read-only)" if self.live.read_only else "")
        yield ClockHeader(self.live.loaded, who, id="clock")
        yield RunOfShowPanel(self.live.loaded, id="run-of-show")
        yield TroubleBanner(id="trouble")
        yield ExerciseOverview(self.live.state, metrics=self.consequence_models(), id="overview")
        yield Static(Text("No control used yet.", style="dim"), id="last-control")
        yield JoinCodes(self.live.store.path, self._codes(), id="join-codes")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(JoinCodes).show(self.join_codes_text())
        self.query_one("#msel").focus()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """What-if only where the scenario has models (hidden from the footer otherwise)."""
        if action == "whatif":
            return self.consequence_models() is not None
        return super().check_action(action, parameters)  # metrics and model actions ask their mixins

    def action_whatif(self) -> None:
        from .whatif import WhatIfScreen

        self.app.push_screen(WhatIfScreen(self.live.state, self.consequence_models()))

    def _codes(self) -> dict:
        try:
            return self.live.store.join_codes()
        except Exception:  # the banner reports file trouble; the codes line just stays empty
            return {}

    def join_codes_text(self) -> Text:
        """What the join-codes line shows besides the codes (see `JoinCodes`)."""
        out = Text()
        state = self.live.state
        if state.phase != "exercise" or state.hotwash_notes or state.feedback:
            out.append(f"Hotwash: {len(state.hotwash_notes)} notes, {len(state.feedback)} feedback forms",
                       style="bold")
        return out

    def refresh_session(self, events: list) -> None:
        self.query_one(ExerciseOverview).refresh_from(self.live.state)
        if any(e.kind in HOTWASH_KINDS for e in events):
            self.query_one(JoinCodes).show(self.join_codes_text())
        self._news.add(events)

    def refresh_clock(self) -> None:
        header = self.query_one(ClockHeader)
        header.who = "Facilitator" + (" (read-only)" if self.live.read_only else "") + f" · {self.live.store.path.name}"
        header.show(self.live.clock_view())
        status = self.live.show_status  # taken by the session with the clock; None when read-only
        if status is not None:
            self.query_one(RunOfShowPanel).show(status, self.live.clock())

    # -- controls ---------------------------------------------------------------------------------------
    def _run(self, action: str, *args, done: str = "") -> None:
        """Do a control; the status line says what it did (or why not)."""
        at = story_clock(self.live.story_time())
        try:
            self.live.control(action, *args)
        except SessionProblem as exc:
            self.report_problem(str(exc))
            self._show_last(f"Not done ({at}): {exc}", "bold red")
            return
        except (ValueError, KeyError, RuntimeError) as exc:  # the engine refuses (e.g. skip a delivered inject)
            self.notify(str(exc), severity="warning")
            self._show_last(f"Not done ({at}): {exc}", "yellow")
            return
        if done:
            self._show_last(f"Last control ({at}): {done}", "bold")
        self.app.call_later(self.app.poll_now)

    def _show_last(self, words: str, style: str) -> None:
        self.query_one("#last-control", Static).update(plain(words, style))

    def _ask(self, question: str, action: str, *args, done: str, yes: str = "Yes") -> None:
        """Controls that skip or jump ask first, saying what they will do."""
        def answered(go: bool | None) -> None:
            if go:
                self._run(action, *args, done=done)
            else:
                self._show_last(f"Cancelled: {done}", "dim")

        self.app.push_screen(ConfirmScreen(question, yes=yes, no="Cancel"), answered)

    def action_control(self, action: str) -> None:
        """The run-of-show keys: compress, skip optional injects, extend (the status line says what it did)."""
        self._run(action, done={"compress": "compressed the rest of the module",
                                "skip_optional": "skipped the module's optional injects",
                                "extend": "extended the module"}.get(action, action))

    def action_toggle_clock(self) -> None:
        if self.live.state.running:
            self._run("pause", done="paused the clock")
        else:
            self._run("resume", done="started the clock")

    def action_speed(self, step: int) -> None:
        speed = next_speed(self.live.state.speed, step)
        self._run("set_speed", speed, done=f"speed ×{speed:g} of the plan")

    def action_next_inject(self) -> None:
        words = next_inject_words(self.live.state, self.live.story_time())
        if words is None:
            self.notify("There is no inject left to deliver.", severity="warning")
            return
        self._ask(words[0], "next_inject", done=words[1], yes="Deliver")

    def action_next_module(self) -> None:
        live = self.live
        try:
            words = next_module_words(lambda: live.ask("skipped_by_next_module"), live.state)
        except SessionProblem as exc:  # read-only (or no longer the facilitator's console)
            self.notify(str(exc), severity="warning")
            return
        if words is None:
            self.notify("This is the last module; start the hotwash (w) when the discussion ends.",
                        severity="warning")
            return
        self._ask(words[0], "next_module", done=words[1], yes="Skip and open" if "Skip" in words[0] else "Jump")

    def _selected(self, verb: str, status: str = "pending") -> InjectState | None:
        inject_id = self.query_one(ExerciseOverview).selected_inject_id
        if inject_id is None:
            return None
        item = self.live.state.injects[inject_id]
        if item.status != status:
            self.notify(f"{item.inject.title} is {item.status}; only {status} injects can be {verb}.",
                        severity="warning")
            return None
        return item

    def action_fire(self) -> None:
        item = self._selected("fired")
        if item:
            self._run("fire", item.inject.id, done=f"fired {inject_label(item)}")

    def action_skip(self) -> None:
        item = self._selected("skipped")
        if item:
            question, done = skip_words(item)
            self._ask(question, "skip", item.inject.id, done=done, yes="Skip")

    def action_restore(self) -> None:
        item = self._selected("put back", status="skipped")
        if item:
            self._run("restore", item.inject.id, done=restore_done(item, self.live.story_time()))

    def action_hold(self) -> None:
        if self.live.state.held:
            self._run("release", done="released the hold")
        else:
            selected = self.query_one(ExerciseOverview).selected_inject_id
            self._run("hold", selected, done="holding the clock at "
                      + (inject_label(self.live.state.injects[selected]) if selected else "the next inject"))

    def action_hotwash(self) -> None:
        if self.live.state.phase != "exercise":
            self.notify("The session is already in the hotwash.", severity="warning")
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._run("start_hotwash", done="started the hotwash")

        self.app.push_screen(ConfirmScreen(
            "Stop the exercise clock and move every console to the hotwash? Tables and evaluators will be asked "
            "for strengths, areas for improvement and feedback."), answered)

    def action_end(self) -> None:
        if self.live.state.phase == "ended":
            self.notify("The exercise has already ended.", severity="warning")
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._run("end", done="ended the exercise")

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
            ("Next inject", "Jump the clock to the next inject (n; asks first)", self.action_next_inject),
            ("Next module", "Skip the rest of this module and open the next (m; asks first)",
             self.action_next_module),
            ("Fire selected inject", "Deliver it now (f)", self.action_fire),
            ("Skip selected inject", "Do not deliver it (s; asks first)", self.action_skip),
            ("Put back selected inject", "A skipped inject goes back on the timeline (u)", self.action_restore),
            ("Mark expected action met", "Tick the expected actions the selected decision meets (t)",
             self.action_mark_actions),
            ("Model actions of a decision", "Attach, change or remove what the selected decision sets in motion (a)",
             self.action_model_actions),
            ("Hold or release", "Stop the clock on an inject for discussion (h)", self.action_hold),
            ("Start the hotwash", "End play; collect strengths, improvements, feedback (w)", self.action_hotwash),
            ("Module situation", "The current module's situation and questions, to read aloud (v)",
             self.action_situation),
            ("End the exercise", "Stop the clock for good (e)", self.action_end),
            ("Improvement plan", "Edit the HSEEP improvement plan (i)", self.action_improvement_plan),
            ("Write the report", "After-action report for this session (r)", self.action_report),
        ] + ([("Consequence metrics", "Each metric, its sparkline and what drove it (g)", self.action_metrics),
              ("What-if replay", "Replay the models with one decision changed (p)", self.action_whatif)]
             if self.consequence_models() is not None else [])
