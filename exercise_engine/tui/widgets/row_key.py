"""The key of a DataTable's highlighted row: tables here key their rows by inject or decision id."""

from __future__ import annotations

from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist


def selected_row_key(table: DataTable) -> str | None:
    """The highlighted row's key, or None when the table is empty or nothing is highlighted."""
    if not table.row_count:
        return None
    try:
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
    except CellDoesNotExist:
        return None
    return None if key is None or key.value is None else str(key.value)
