"""For each delivered inject: which tables addressed by it logged a decision answering it, and how soon."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from ...engine.projection import SessionState
from ..format import duration, story_clock
from .row_key import selected_row_key

TABLE_WIDTH = 9
"""Columns per table: `✓ 2d 23h` fits with a space after it, and five tables fit at 120 columns."""
INJECT_WIDTH = 17


def response_rows(state: SessionState) -> list[tuple[str, str, dict[str, str]]]:
    """(inject id, title, {table id: cell}) for delivered injects, newest first.

    A cell is ✓ and the story time from delivery to the first standing decision answering the inject
    (`✓ 15m`, `✓ 2d 0h`: answered reads without colour too), `—` while a table owes an answer (`SessionState.owing`, the rule the report follows too), and
    empty when the inject was not for that table, or was a question to the room another table answered.
    """
    tables = [t.id for t in state.scenario.scenario.tables]
    rows = []
    for item in reversed(state.delivered()):
        inject, event = item.inject, item.event
        answers = state.answers_to(inject.id)
        owing = set(state.owing(inject))
        cells: dict[str, str] = {}
        for table in tables:
            answer = answers.get(table)
            if answer is not None and event is not None:
                cells[table] = "✓ " + duration(answer.logged.scenario_time - event.scenario_time)
            else:
                cells[table] = "—" if table in owing else ""
        rows.append((inject.id, f"{story_clock(inject.time or 0)} {inject.title}", cells))
    return rows


def short_label(table_id: str, width: int = TABLE_WIDTH - 1) -> str:
    """A column heading that fits: the id, else its first word, else the id cut with an ellipsis."""
    if len(table_id) <= width:
        return table_id
    head = table_id.split("-")[0]
    return head if len(head) <= width else table_id[: width - 1] + "…"


class _Ordered(Text):
    """The Inject cell, carrying the row's delivery order: rows are sorted newest first without a rebuild."""

    order: int = 0


class ResponseTracker(DataTable):
    """Cells read the story time to the first decision, `—` while a table owes an answer.

    New deliveries add a row and new decisions rewrite only the cells they change (no rebuild per event).
    When the tables do not all fit, the border says so and the horizontal scrollbar shows."""

    DEFAULT_CSS = """
    ResponseTracker { height: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True, cell_padding=0)
        self._tables: list[str] = []
        self._cells: dict[str, dict[str, str]] = {}

    @property
    def selected_inject_id(self) -> str | None:
        """The inject of the highlighted row (rows are keyed by inject id)."""
        return selected_row_key(self)

    def refresh_from(self, state: SessionState) -> None:
        if not self.columns:
            self._tables = [t.id for t in state.scenario.scenario.tables]
            self.add_column(Text("Inject"), key="inject", width=INJECT_WIDTH)
            for table in self._tables:
                self.add_column(Text(short_label(table)), key=table, width=TABLE_WIDTH)
        added = False
        for inject_id, title, cells in response_rows(state):
            shown = self._cells.get(inject_id)
            if shown is None:
                order = _Ordered(title, overflow="ellipsis", no_wrap=True)
                order.truncate(INJECT_WIDTH - 1, overflow="ellipsis")  # a space before the first table
                status = state.injects[inject_id]
                order.order = status.event.seq if status.event else 0
                self.add_row(order, *(self._cell(cells[t]) for t in self._tables), key=inject_id)
                added = True
            else:
                for table in self._tables:
                    if shown[table] != cells[table]:
                        self.update_cell(inject_id, table, self._cell(cells[table]))
            self._cells[inject_id] = cells
        if added:
            following = self.cursor_row <= 0
            selected = self.selected_inject_id
            self.sort("inject", key=lambda cell: -cell.order)
            if not following and selected is not None:
                self.move_cursor(row=self.get_row_index(selected), animate=False)
            self._hint()

    @staticmethod
    def _cell(value: str) -> Text:
        return Text(value, style="yellow" if value == "—" else "green")

    def _hint(self) -> None:
        hidden = len(self._tables) - max(0, (self.size.width - INJECT_WIDTH - 1) // TABLE_WIDTH)
        self.border_subtitle = f"{hidden} more table{'s' if hidden > 1 else ''} → scroll" if hidden > 0 and \
            self.size.width else ""

    def on_resize(self) -> None:
        self._hint()
