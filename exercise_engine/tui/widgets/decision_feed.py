"""The live feed of decisions from every table, newest first."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from ...engine.projection import DecisionState, SessionState
from ..format import story_clock
from .row_key import selected_row_key


def feed_line(decision: DecisionState, *, tags: bool = False, own_table: str | None = None) -> Text:
    """The decision's text and marks; `tags` (controller consoles only) adds the tags it carries.

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
    if tags and current.tags:  # first: a long decision text is cut at the right edge
        text = Text.assemble((" ".join(f"#{tag}" for tag in current.tags) + " ", "bold green"), text,
                             no_wrap=True, overflow="ellipsis")
    return text


class DecisionFeed(DataTable):
    """Rows keyed by decision id; rebuilt when new decisions arrive.

    With `table` set it is a table's own list, shown to participants: it never shows tags, which the
    facilitator may have added from the controller's vocabulary."""

    DEFAULT_CSS = """
    DecisionFeed { height: 1fr; }
    """

    def __init__(self, *, table: str | None = None, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.only_table = table
        """Show one table's decisions (the table console's own list) or everyone's."""
        self._signature: tuple = ()

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
        items = self.decisions(state)
        signature = tuple((d.decision_id, len(d.versions), d.is_retracted) for d in items)
        if signature == self._signature:
            return
        self._signature = signature
        selected = self.selected_decision_id
        self.clear()
        for d in items:
            cells = [Text(str(d.number)), Text(story_clock(d.logged.scenario_time))]
            if self.only_table is None:
                cells.append(Text(d.table))
            cells.append(feed_line(d, tags=self.only_table is None, own_table=self.only_table))
            self.add_row(*cells, key=str(d.decision_id))
        if selected is not None and str(selected) in {str(d.decision_id) for d in items}:
            self.move_cursor(row=self.get_row_index(str(selected)))

    @property
    def selected_decision_id(self) -> int | None:
        key = selected_row_key(self)
        return None if key is None else int(key)
