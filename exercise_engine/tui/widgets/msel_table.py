"""The Master Scenario Events List: every inject in delivery order, with its status as play goes on."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from ...engine.projection import SessionState
from ..format import practices_text, story_clock
from .row_key import selected_row_key

STATUS_STYLE = {"pending": "dim", "delivered": "green", "skipped": "yellow"}


class MselTable(DataTable):
    """Rows keyed by inject id; a refresh only rewrites the status column so the cursor stays put."""

    DEFAULT_CSS = """
    MselTable { height: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._statuses: dict[str, str] = {}

    def on_mount(self) -> None:
        self.add_column("Time", key="time")
        self.add_column("Status", key="status", width=9)
        self.add_column("Title", key="title", width=40)
        self.add_column("BP", key="practices")
        self.add_column("Tables", key="tables")
        self.add_column("Id", key="id")

    def refresh_from(self, state: SessionState) -> None:
        if not self.row_count:
            for inject_id, item in state.injects.items():
                inject = item.inject
                self.add_row(Text(story_clock(inject.time or 0)), self._status_cell(item.status),
                             Text(inject.title, no_wrap=True, overflow="ellipsis"),
                             Text(practices_text(inject.practices)), Text(", ".join(inject.to)), Text(inject.id),
                             key=inject_id)
                self._statuses[inject_id] = item.status
            return
        for inject_id, item in state.injects.items():
            if self._statuses.get(inject_id) != item.status:
                self._statuses[inject_id] = item.status
                self.update_cell(inject_id, "status", self._status_cell(item.status))

    @staticmethod
    def _status_cell(status: str) -> Text:
        return Text(status, style=STATUS_STYLE.get(status, ""))

    @property
    def selected_inject_id(self) -> str | None:
        return selected_row_key(self)
