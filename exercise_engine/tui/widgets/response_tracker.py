"""For each delivered inject: which tables addressed by it logged a decision answering it, and how soon."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from ...engine.projection import SessionState
from ..format import story_clock
from .row_key import selected_row_key


def response_rows(state: SessionState) -> list[tuple[str, str, dict[str, str]]]:
    """(inject id, title, {table id: cell}) for delivered injects, newest first.

    A cell is `story/wall` minutes from delivery to the first standing decision answering the inject,
    `—` when an addressed table has not answered, and empty when the inject was not for that table.
    """
    tables = [t.id for t in state.scenario.scenario.tables]
    first: dict[tuple[str, str], tuple[float, float]] = {}
    for decision in state.decisions.values():
        if decision.is_retracted or not decision.current.inject:
            continue
        key = (decision.current.inject, decision.table)
        logged = decision.logged
        if key not in first or logged.seq < first[key][1]:
            first[key] = (logged.scenario_time, logged.seq)
    rows = []
    for item in reversed(state.delivered()):
        inject, event = item.inject, item.event
        cells: dict[str, str] = {}
        for table in tables:
            if not inject.is_for(table):
                cells[table] = ""
                continue
            answer = next((d for d in state.decisions.values() if not d.is_retracted and d.table == table
                           and d.current.inject == inject.id), None)
            if answer is None or event is None:
                cells[table] = "—"
                continue
            story_min = max(0, int((answer.logged.scenario_time - event.scenario_time) // 60))
            wall_min = max(0, int((answer.logged.wall_time - event.wall_time).total_seconds() // 60))
            cells[table] = f"✓ {story_min}m/{wall_min}m"
        rows.append((inject.id, f"{story_clock(inject.time or 0)} {inject.title}", cells))
    return rows


class ResponseTracker(DataTable):
    """Cells read `✓ story/wall minutes` to the first decision, `—` while a table owes an answer."""

    DEFAULT_CSS = """
    ResponseTracker { height: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._tables: list[str] = []

    @property
    def selected_inject_id(self) -> str | None:
        """The inject of the highlighted row (rows are keyed by inject id)."""
        return selected_row_key(self)

    def refresh_from(self, state: SessionState) -> None:
        if not self.columns:
            self._tables = [t.id for t in state.scenario.scenario.tables]
            self.add_column("Inject", key="inject", width=22)
            for table in self._tables:
                self.add_column(table[:10], key=table)
        self.clear()
        for inject_id, title, cells in response_rows(state):
            styled = [Text(cells[t], style="green" if cells[t].startswith("✓") else "yellow") for t in self._tables]
            self.add_row(Text(title, overflow="ellipsis", no_wrap=True), *styled, key=inject_id)
