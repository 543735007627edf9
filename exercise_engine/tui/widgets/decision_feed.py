"""The live feed of decisions from every table, newest first."""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import DataTable

from ...engine.projection import DecisionState, SessionState
from ..format import story_clock
from .action_picker import describe_action, venue_names
from .response_tracker import short_label
from .row_key import selected_row_key


def feed_line(decision: DecisionState, *, tags: bool = False, own_table: str | None = None,
              venues: Mapping[str, str] = {}) -> Text:
    """The decision's text and marks; `tags` (controller consoles only) adds the tags and model actions it carries.

    With `own_table` (a table's own list) only the table's own amendments count as "amended": a
    controller marking expected actions is not the table's business."""
    current = decision.current
    style = "strike dim" if decision.is_retracted else ""
    text = Text(current.text.replace("\n", " "), style=style, no_wrap=True, overflow="ellipsis")
    marks = []
    amendments = decision.versions[1:]
    if own_table is not None:
        amendments = [(event, d) for event, d in amendments if event.actor == f"table:{own_table}"]
    if amendments:
        marks.append("amended")
    if decision.is_retracted:
        marks.append("retracted")
    if current.eop_gap:
        marks.append("EOP gap")
    if marks:
        text.append(f"  ({', '.join(marks)})", style="italic")
    if tags and current.tags:  # after the text: the decision is what the facilitator reads first
        text.append("  " + " ".join(f"#{tag}" for tag in current.tags), style="green")
    if tags and current.actions:  # what the consequence models act on
        text.append("  ⚙ " + "; ".join(describe_action(a, venues) for a in current.actions), style="italic")
    return text


class DecisionFeed(DataTable):
    """Rows keyed by decision id, newest first; new decisions are added and changed ones rewritten, so a
    burst of decisions costs one row each, not a rebuild of the whole list per event.

    With `table` set it is a table's own list, shown to participants: it never shows tags, which the
    facilitator may have added from the controller's vocabulary."""

    DEFAULT_CSS = """
    DecisionFeed { height: 1fr; }
    """

    virtual_size = Reactive(Size(0, 0), layout=False)
    """A new row makes the list longer, not the widget bigger: no layout of the whole screen (on the
    facilitator console that layout and the full redraw after it were most of a decision's way to the
    screen). The scrollbars are updated here instead (`watch_virtual_size`)."""

    def watch_virtual_size(self, size: Size) -> None:
        if self.is_mounted:
            self._scroll_update(size)  # what a layout would do for a scrollable widget: scrollbars, offsets
            self.refresh()

    def __init__(self, *, table: str | None = None, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.only_table = table
        """Show one table's decisions (the table console's own list) or everyone's."""
        self._shown: dict[int, tuple[int, bool]] = {}
        """decision id → (versions, retracted) as drawn."""

    def on_mount(self) -> None:
        self.add_column("#", key="id")
        self.add_column("Time", key="time")
        if self.only_table is None:
            self.add_column("Table", key="table")
        self.add_column("Decision", key="text")

    def decisions(self, state: SessionState) -> list[DecisionState]:
        items = [d for d in state.decisions.values() if self.only_table is None or d.table == self.only_table]
        return sorted(items, key=lambda d: d.decision_id, reverse=True)

    def refresh_from(self, state: SessionState) -> None:
        added = False
        for d in state.decisions.values():
            if self.only_table is not None and d.table != self.only_table:
                continue
            mark = (len(d.versions), d.is_retracted)
            seen = self._shown.get(d.decision_id)
            if seen == mark:
                continue
            self._shown[d.decision_id] = mark
            line = feed_line(d, tags=self.only_table is None, own_table=self.only_table,
                             venues=venue_names(state.scenario) if d.current.actions else {})
            if seen is not None:
                self.update_cell(str(d.decision_id), "text", line)
                continue
            cells = [Text(str(d.number)), Text(story_clock(d.logged.scenario_time))]
            if self.only_table is None:
                cells.append(Text(short_label(d.table, 10)))
            cells.append(line)
            self.add_row(*cells, key=str(d.decision_id))
            added = True
        if added:
            self._newest_first()

    def _newest_first(self) -> None:
        """Re-order after new rows. A cursor on the top row stays there (it follows the newest, and the
        new rows stay in view); elsewhere it stays on its decision (the facilitator is reading it)."""
        following = self.cursor_row <= 0
        selected = self.selected_decision_id
        self.sort("id", key=lambda cell: -int(cell.plain))  # display numbers follow the order saved
        if not following and selected is not None:
            self.move_cursor(row=self.get_row_index(str(selected)), animate=False)

    @property
    def selected_decision_id(self) -> int | None:
        key = selected_row_key(self)
        return None if key is None else int(key)
