"""The evaluator console: the facilitator's picture, read-only, plus observations and P/S/M/U ratings."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Footer, Static, TabbedContent, TabPane

from ...model.events import EventKind
from ...model.records import Feedback, HotwashNote, Observation, Rating
from ...session.live import LiveSession
from ..widgets.clock_header import ClockHeader
from ..widgets.exercise_overview import ExerciseOverview
from ..widgets.observation_form import ObservationForm
from ..widgets.rating_form import RatingForm
from ..widgets.record_form import RecordForm
from ..widgets.record_list import RecordList, withdraw_selected
from .base import ConsoleScreen, TroubleBanner
from .hotwash import HotwashPanel
from .decision_actions import AttachesModelActions
from .mark_actions import MarksExpectedActions
from .metrics_toggle import ShowsConsequenceMetrics


class EvaluatorScreen(ShowsConsequenceMetrics, MarksExpectedActions, AttachesModelActions, ConsoleScreen):
    HELP_TITLE = "Evaluator console"
    HELP_NOTES = (
        "The Exercise tab is the facilitator's view, read-only: expected actions and notes are shown to you.",
        "Observe: an observation (strength or area for improvement) and a P/S/M/U rating per objective.",
        "ctrl+s saves the form that has the focus.",
        "t (or Enter on a decision in the Exercise tab) marks which expected actions the selected decision meets.",
        "a (scenarios with consequence models) attaches, changes or removes what the selected decision sets in "
        "motion; the models act on it from then on.",
        "F5 (or g; scenarios with consequence models) shows each metric in the Exercise tab where the responses "
        "were: its value, its line over story time and the decisions that drove it; again shows the responses.",
    )
    BINDINGS = [
        Binding("f2", "tab('exercise')", "Exercise"),
        Binding("f3", "tab('observe')", "Observe"),
        Binding("f4", "tab('records')", "My records"),
        Binding("f6", "tab('hotwash')", "Hotwash"),
        Binding("x", "withdraw", "Withdraw", show=False),
        Binding("ctrl+s", "save", "Save"),
        Binding("t", "mark_actions", "Mark action met", show=False),
        Binding("a", "model_actions", "Model actions",
                tooltip="Model actions of the selected decision: what the consequence models act on"),
        Binding("f5,g", "metrics", "Metrics", tooltip="Consequence metrics (value, sparkline, the decisions that "
                "drove them) in the Exercise tab; F5 works while you type in a form, g where you are not typing"),
        Binding("f1", "app.help", "Help"),
        Binding("question_mark", "app.help", "Help", show=False),
        Binding("f8", "app.toggle_dark", "Theme", show=False),
    ]
    DEFAULT_CSS = """
    EvaluatorScreen #observe-pane { height: 1fr; }
    EvaluatorScreen #observe-pane > RecordForm { width: 1fr; height: 1fr; border: round $primary-darken-2; }
    """

    def __init__(self, live: LiveSession) -> None:
        super().__init__(live)
        self.evaluator = live.role.name or "evaluator"

    def compose(self):
        title = "Evaluator" if self.evaluator == "evaluator" else f"Evaluator {self.evaluator}"
        yield ClockHeader(self.live.loaded, title, id="clock")
        yield TroubleBanner(id="trouble")
        with TabbedContent(id="tabs", initial="exercise"):
            with TabPane("Exercise", id="exercise"):
                yield ExerciseOverview(self.live.state, metrics=self.consequence_models(), id="overview")
            with TabPane("Observe", id="observe"):
                with Horizontal(id="observe-pane"):
                    yield ObservationForm(self.live.loaded, self.evaluator, id="observation-form")
                    yield RatingForm(self.live.loaded, self.evaluator, id="rating-form")
            with TabPane("My records", id="records"):
                yield Static(Text("What you saved. x withdraws the selected record (it stays in the log, marked "
                                  "withdrawn, and the report leaves it out)."), id="records-hint")
                yield RecordList(self.live.role.actor, id="my-records")
            with TabPane("Hotwash", id="hotwash"):
                yield HotwashPanel(self.evaluator, "", f"evaluator {self.evaluator}", id="hotwash-panel")
        yield Footer()

    def refresh_session(self, events: list) -> None:
        self.query_one(ExerciseOverview).refresh_from(self.live.state)
        self.query_one(RecordList).refresh_from(self.live.state)
        if any(e.kind == EventKind.hotwash_started for e in events):
            self.action_tab("hotwash")
            self.notify("The facilitator has opened the hotwash.", title="Hotwash", timeout=8)

    def refresh_clock(self) -> None:
        self.query_one(ClockHeader).show(self.live.clock_view())

    def palette_commands(self):
        """Command-palette entries (title, help, callback)."""
        return [("Mark expected action met", "Tick the expected actions the selected decision meets (t)",
                 self.action_mark_actions),
                ("Model actions of a decision", "Attach, change or remove what the selected decision sets in motion (a)",
                 self.action_model_actions)] + (
                [("Consequence metrics", "Each metric, its sparkline and what drove it (F5)", self.action_metrics)]
                if self.consequence_models() is not None else [])

    FOCUS_IN_TAB = {"exercise": "#msel", "observe": "#obs-text", "records": "#my-records", "hotwash": "#note-text"}

    def action_metrics(self) -> None:
        """The metrics are in the Exercise tab: go there to show (or hide) them."""
        self.query_one(TabbedContent).active = "exercise"
        super().action_metrics()

    def action_withdraw(self) -> None:
        if self.query_one(TabbedContent).active == "records":
            withdraw_selected(self, self.query_one(RecordList))

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        self.query_one(self.FOCUS_IN_TAB[tab]).focus()

    def action_save(self) -> None:
        active = self.query_one(TabbedContent).active
        focused = self.focused
        if active == "observe":
            rating = self.query_one(RatingForm)
            form: RecordForm = rating if focused is not None and rating in focused.ancestors_with_self else \
                self.query_one(ObservationForm)
            form.submit()
        elif active == "hotwash":
            self.query_one(HotwashPanel).focused_form().submit()

    def on_record_form_submitted(self, message: RecordForm.Submitted) -> None:
        form, record = message.form, message.record
        if isinstance(record, Observation):
            self.save(lambda: self.live.record_observation(record), lambda e: form.saved("Observation"), form.failed)
        elif isinstance(record, Rating):
            what = f"Rating {record.rating.value} for {record.objective}"
            self.save(lambda: self.live.record_rating(record), lambda e: form.saved(what), form.failed)
        elif isinstance(record, HotwashNote):
            self.save(lambda: self.live.record_hotwash_note(record), lambda e: form.saved("Note"), form.failed)
        else:
            assert isinstance(record, Feedback)
            self.save(lambda: self.live.record_feedback(record), lambda e: form.saved("Feedback"), form.failed)
