"""The facilitator's Improvement Plan editor (HSEEP Appendix A): each save is an `improvement_item` event.

Rows are never deleted: saving an item with the same id replaces the row in every projection.
"""

from __future__ import annotations

import re
from datetime import date

from pydantic import ValidationError
from rich.text import Text
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Label, Select, Static

from ...model.practices import PRACTICES
from ...model.records import CapabilityElement, ImprovementItem
from collections.abc import Callable

from ...engine.projection import SessionState
from ...session.live import LiveSession, SessionProblem
from ..messages import SessionChanged


def parse_date(text: str, label: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{label} must be a date written YYYY-MM-DD (got {text!r})") from None


def next_item_id(existing: list[str]) -> str:
    numbers = [int(m.group(1)) for i in existing if (m := re.fullmatch(r"ip-(\d+)", i))]
    return f"ip-{max(numbers, default=0) + 1}"


class ImprovementPlanScreen(Screen[None]):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save item"),
        Binding("ctrl+n,f3", "new", "New item"),
        Binding("escape", "close", "Back"),
    ]
    DEFAULT_CSS = """
    ImprovementPlanScreen DataTable { height: 2fr; border: round $primary-darken-2; }
    ImprovementPlanScreen VerticalScroll { height: 3fr; padding: 0 1; }
    ImprovementPlanScreen Label { margin-top: 1; color: $text-muted; }
    ImprovementPlanScreen Horizontal { height: auto; }
    ImprovementPlanScreen Horizontal > * { width: 1fr; }
    """

    def __init__(self, live: LiveSession, suggest: Callable[[SessionState], list[ImprovementItem]] | None = None) -> None:
        super().__init__()
        self.live = live
        self.suggest = suggest
        """The report's prefilled rows (from areas for improvement), shown here so they can be edited."""
        self.item_id: str | None = None
        self.rows: dict[str, ImprovementItem] = {}

    def compose(self):
        yield Static(Text("Improvement Plan — Enter on a row edits it (* = prefilled from the findings, not yet "
                          "edited), ctrl+n or F3 a new item, Esc goes back", style="bold"), id="ip-title")
        table = DataTable(id="ip-table", cursor_type="row", zebra_stripes=True)
        table.border_title = "Items"
        yield table
        with VerticalScroll(id="ip-form"):
            yield Static("", id="ip-editing")
            yield Label("Area for improvement")
            yield Input(compact=True, id="ip-area")
            yield Label("Corrective action")
            yield Input(compact=True, id="ip-action")
            with Horizontal():
                yield Select(compact=True, options=[(f"{p.number} {p.name}", p.number) for p in PRACTICES], prompt="Practice", id="ip-practice")
                yield Select(compact=True, options=[(e.value, e.value) for e in CapabilityElement], prompt="Capability element",
                             value=CapabilityElement.planning.value, id="ip-element")
            yield Label("Primary responsible organization  ·  Point of contact")
            with Horizontal():
                yield Input(compact=True, id="ip-organization")
                yield Input(compact=True, id="ip-poc")
            yield Label("Start date  ·  Completion date (YYYY-MM-DD)")
            with Horizontal():
                yield Input(compact=True, id="ip-start", placeholder="2027-07-01")
                yield Input(compact=True, id="ip-completion", placeholder="2027-12-31")
            yield Static(Text("ctrl+s saves", style="dim"), id="ip-status")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for name in ("Id", "BP", "Area for improvement", "Corrective action", "Element", "Organization", "POC",
                     "Start", "Done by"):
            table.add_column(name)
        self.refresh_items()
        self.action_new()

    def on_session_changed(self, message: SessionChanged) -> None:
        self.refresh_items()

    def refresh_items(self) -> None:
        edited = self.live.state.improvement_items
        suggested: dict[str, ImprovementItem] = {}
        if self.suggest is not None:
            try:
                suggested = {i.item_id: i for i in self.suggest(self.live.state)}
            except Exception as exc:  # the editor still works on the facilitator's own rows
                self.notify(f"Rows from the findings are unavailable: {exc}", severity="warning")
        self.rows = {**suggested, **edited}
        table = self.query_one(DataTable)
        table.clear()
        for item in self.rows.values():
            mark = "" if item.item_id in edited else " *"
            table.add_row(*(Text(str(v)) for v in (
                item.item_id + mark, item.practice or "", item.area, item.corrective_action, item.element.value,
                item.organization, item.poc, item.start or "", item.completion or "")), key=item.item_id)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        item = self.rows.get(str(event.row_key.value))
        if item is not None:
            self.load(item)

    def load(self, item: ImprovementItem) -> None:
        self.item_id = item.item_id
        self.query_one("#ip-editing", Static).update(Text(f"Editing {item.item_id}", style="bold"))
        self.query_one("#ip-area", Input).value = item.area
        self.query_one("#ip-action", Input).value = item.corrective_action
        self.query_one("#ip-practice", Select).value = item.practice if item.practice else Select.NULL
        self.query_one("#ip-element", Select).value = item.element.value
        self.query_one("#ip-organization", Input).value = item.organization
        self.query_one("#ip-poc", Input).value = item.poc
        self.query_one("#ip-start", Input).value = item.start.isoformat() if item.start else ""
        self.query_one("#ip-completion", Input).value = item.completion.isoformat() if item.completion else ""
        self.query_one("#ip-area", Input).focus()

    def action_new(self) -> None:
        self.item_id = None
        self.query_one("#ip-editing", Static).update(Text("New item", style="bold"))
        for name in ("area", "action", "organization", "poc", "start", "completion"):
            self.query_one(f"#ip-{name}", Input).value = ""
        self.query_one("#ip-practice", Select).value = Select.NULL
        self.query_one("#ip-area", Input).focus()

    def action_save(self) -> None:
        status = self.query_one("#ip-status", Static)
        item_id = self.item_id or next_item_id(list(self.rows))
        practice = self.query_one("#ip-practice", Select).value
        element = self.query_one("#ip-element", Select).value
        try:
            base = self.rows.get(item_id)
            item = ImprovementItem(
                source=base.source if base is not None else "facilitator",
                item_id=item_id, practice=practice if isinstance(practice, int) else None,
                area=self.query_one("#ip-area", Input).value.strip(),
                corrective_action=self.query_one("#ip-action", Input).value.strip(),
                element=CapabilityElement(element) if isinstance(element, str) else CapabilityElement.planning,
                organization=self.query_one("#ip-organization", Input).value.strip(),
                poc=self.query_one("#ip-poc", Input).value.strip(),
                start=parse_date(self.query_one("#ip-start", Input).value, "The start date"),
                completion=parse_date(self.query_one("#ip-completion", Input).value, "The completion date"))
        except ValidationError as exc:
            error = exc.errors()[0]
            field = str(error["loc"][0]) if error.get("loc") else ""
            status.update(Text(f"Not saved: {'area for improvement is required' if field == 'area' else error['msg']}",
                               style="bold red"))
            return
        except ValueError as exc:
            status.update(Text(f"Not saved: {exc}", style="bold red"))
            return
        try:
            self.live.set_improvement_item(item)
        except SessionProblem as exc:
            status.update(Text(f"Not saved — your text is kept. {exc}", style="bold red"))
            return
        self.item_id = item_id
        self.query_one("#ip-editing", Static).update(Text(f"Editing {item_id}", style="bold"))
        status.update(Text(f"✓ {item_id} saved.", style="bold green"))
        self.app.call_later(self.app.poll_now)  # type: ignore[attr-defined]

    def action_close(self) -> None:
        self.dismiss(None)
