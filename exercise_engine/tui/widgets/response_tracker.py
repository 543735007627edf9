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
    `—` while a table owes an answer (`SessionState.owing`, the rule the report follows too), and
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
                story_min = max(0, int((answer.logged.scenario_time - event.scenario_time) // 60))
                wall_min = max(0, int((answer.logged.wall_time - event.wall_time).total_seconds() // 60))
                cells[table] = f"✓ {story_min}m/{wall_min}m"
            else:
                cells[table] = "—" if table in owing else ""
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
