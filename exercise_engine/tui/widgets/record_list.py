"""What this console has recorded (observations, ratings, hotwash notes), so a mistake can be withdrawn.

Withdrawing writes a `record_withdrawn` event: nothing is erased, the report marks the record withdrawn and
counts it nowhere. The list shows withdrawn records too, as withdrawn, so the person sees what happened.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from ...engine.projection import SessionState
from ...model.records import HotwashNote, Observation, Rating
from ..format import story_clock


def describe(record: Observation | Rating | HotwashNote) -> tuple[str, str]:
    """(what kind of record, its text) for one line of the list."""
    if isinstance(record, Rating):
        return "Rating", f"{record.rating.value} for {record.objective}" + (
            f": {record.explanation}" if record.explanation else "")
    kind = "Strength" if record.kind.value == "strength" else "Area for improvement"
    return ("Observation · " if isinstance(record, Observation) else "Hotwash · ") + kind, record.text


class RecordList(DataTable):
    """Records saved by one actor (e.g. `evaluator:Dana`, `table:steering`), newest first; x withdraws."""

    DEFAULT_CSS = """
    RecordList { height: 1fr; }
    """

    def __init__(self, actor: str, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.actor = actor
        self.withdrawable: set[int] = set()

    def on_mount(self) -> None:
        self.add_column("#", key="seq")
        self.add_column("Time", key="time")
        self.add_column("Record", key="kind")
        self.add_column("Text", key="text")
        self.add_column("Status", key="status")

    def refresh_from(self, state: SessionState) -> None:
        rows: list[tuple[int, float, object, str]] = []
        for records in (state.observations, state.ratings, state.hotwash_notes):
            rows += [(e.seq, e.scenario_time, r, "") for e, r in records if e.actor == self.actor]
        withdrawn = getattr(state, "withdrawn", {}) or {}
        if withdrawn:
            originals = {e.seq: e for e in state.events if e.seq in withdrawn}
            for seq, (event, record) in withdrawn.items():
                original = originals.get(seq)
                if original is not None and original.actor == self.actor:
                    rows.append((seq, original.scenario_time, record, f"withdrawn: {event.data.get('reason', '')}"))
        rows.sort(key=lambda row: row[0], reverse=True)
        selected = self.selected_seq
        self.clear()
        self.withdrawable = {seq for seq, _, _, status in rows if not status}
        for seq, time, record, status in rows:
            kind, text = describe(record)  # type: ignore[arg-type]
            self.add_row(Text(f"#{seq}"), Text(story_clock(time)), Text(kind),
                         Text(" ".join(text.split()), overflow="ellipsis", no_wrap=True),
                         Text(status or "✓ saved", style="italic" if status else ""), key=str(seq))
        if selected is not None and self.row_count:
            try:
                self.move_cursor(row=self.get_row_index(str(selected)))
            except Exception:  # the selected row is gone (it cannot be: records are never erased)
                pass

    @property
    def selected_seq(self) -> int | None:
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        return None if key is None or key.value is None else int(key.value)


def withdraw_selected(screen, records: RecordList) -> None:
    """Ask why, then withdraw the selected record (saved in a worker, like every room input)."""
    from ..screens.confirm import AskScreen

    seq = records.selected_seq
    if seq is None:
        return
    if seq not in records.withdrawable:
        screen.notify(f"#{seq} is already withdrawn.", severity="warning")
        return

    def answered(reason: str | None) -> None:
        if reason:
            screen.save(lambda: screen.live.withdraw_record(seq=seq, reason=reason),
                        lambda event: screen.notify(f"#{seq} withdrawn (kept in the log, left out of the report)."),
                        lambda problem: screen.notify(f"Not withdrawn: {problem}", severity="error"))

    screen.app.push_screen(AskScreen(f"Withdraw #{seq}? It stays in the log, marked withdrawn, and the report "
                                     "leaves it out. Why?", "e.g. typed on the wrong tablet"), answered)
