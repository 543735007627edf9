"""The controller's picture of the exercise: MSEL and selected inject, responses, decisions, coverage.

Shared by the facilitator and the (read-only) evaluator console.
"""

from __future__ import annotations

from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable

from ...engine.projection import SessionState
from ...model.consequences import ModelsSection
from .coverage_strip import CoverageStrip
from .decision_feed import DecisionFeed
from .inject_detail import InjectDetail
from .metrics_panel import MetricsPanel
from .msel_table import MselTable
from .response_tracker import ResponseTracker


class ExerciseOverview(Vertical):
    DEFAULT_CSS = """
    ExerciseOverview { height: 1fr; }
    ExerciseOverview > Horizontal { height: 1fr; }
    ExerciseOverview #overview-top { height: 3fr; }
    ExerciseOverview #overview-bottom { height: 2fr; }
    ExerciseOverview MselTable { width: 3fr; }
    ExerciseOverview InjectDetail { width: 2fr; }
    ExerciseOverview ResponseTracker, ExerciseOverview MetricsPanel { width: 11fr; }
    ExerciseOverview MetricsPanel { display: none; }
    ExerciseOverview.-metrics MetricsPanel { display: block; }
    ExerciseOverview.-metrics ResponseTracker { display: none; }
    ExerciseOverview.-metrics #overview-top, ExerciseOverview.-metrics #overview-bottom { height: 1fr; }
    ExerciseOverview DecisionFeed { width: 9fr; }
    ExerciseOverview > Horizontal > * { border: round $primary-darken-2; }
    ExerciseOverview > Horizontal > *:focus-within { border: round $accent; }
    """

    def __init__(self, state: SessionState, *, metrics: ModelsSection | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self.state = state
        self.metrics = metrics
        """The scenario's models: the facilitator can show their metrics in the responses' place."""
        self._followed: str | None = None
        """The newest delivered inject the MSEL selection was moved to."""

    def compose(self):
        with Horizontal(id="overview-top"):
            msel = MselTable(id="msel")
            msel.border_title = "MSEL"
            yield msel
            detail = InjectDetail(id="inject-detail")
            detail.border_title = "Inject (full text)"
            yield detail
        with Horizontal(id="overview-bottom"):
            tracker = ResponseTracker(id="responses")
            tracker.border_title = "Responses (story time to the first decision)"
            yield tracker
            if self.metrics is not None:
                panel = MetricsPanel(self.metrics, id="metrics")
                panel.border_title = "Consequence metrics"
                panel.border_subtitle = ("◆ on the projector · " if self.metrics.public else "") + "g: responses"
                tracker.border_title = "Responses (time to first decision) · g: metrics"
                yield panel
            feed = DecisionFeed(id="feed")
            feed.border_title = "Decisions"
            yield feed
        strip = CoverageStrip(id="coverage")
        strip.border_title = "Practices"
        yield strip

    def refresh_from(self, state: SessionState) -> None:
        self.state = state
        msel = self.query_one(MselTable)
        first = not msel.row_count
        msel.refresh_from(state)
        self.query_one(ResponseTracker).refresh_from(state)
        self.query_one(DecisionFeed).refresh_from(state)
        self.query_one(CoverageStrip).refresh_from(state)
        if self.metrics is not None:
            self.query_one(MetricsPanel).refresh_from(state)
        self._follow_newest(msel, state, first)
        if not first:
            selected = msel.selected_inject_id
            if selected is not None:
                self.query_one(InjectDetail).show(state.injects.get(selected))

    def toggle_metrics(self) -> bool:
        """Show the metrics where the responses were, or the responses again; True when metrics show."""
        self.toggle_class("-metrics")
        shown = self.has_class("-metrics")
        self.query_one(MetricsPanel if shown else ResponseTracker).focus()
        return shown

    def _follow_newest(self, msel: MselTable, state: SessionState, first: bool) -> None:
        """The MSEL selection follows the newest delivered inject, unless the facilitator moved it
        (browsing): then it stays where they put it until they come back to the newest."""
        newest = max((s for s in state.injects.values() if s.event is not None and s.status == "delivered"),
                     key=lambda s: s.event.seq, default=None)  # type: ignore[union-attr]
        newest_id = newest.inject.id if newest is not None else None
        if newest_id is None or newest_id == self._followed:
            if first:
                self._show_selected()
            return
        browsing = not first and msel.selected_inject_id != self._followed
        self._followed = newest_id
        if not browsing:
            msel.move_cursor(row=msel.get_row_index(newest_id))
        self._show_selected()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if isinstance(event.data_table, MselTable):
            self._show_selected()

    def _show_selected(self) -> None:
        selected = self.query_one(MselTable).selected_inject_id
        self.query_one(InjectDetail).show(None if selected is None else self.state.injects.get(selected))

    @property
    def selected_inject_id(self) -> str | None:
        return self.query_one(MselTable).selected_inject_id
