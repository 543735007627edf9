"""Read a spreadsheet's sheets as rows of cell values: .xlsx/.xlsm through openpyxl, .csv through csv.

Workbooks are read in openpyxl's read-only (streaming) mode so that a 5,000-row MSEL loads fast and a
sheet whose formatting claims 16,384 columns costs nothing: only cells that hold a value are kept. The
streaming reader does not expose merged ranges or hidden columns, so the sheet XML is parsed with
openpyxl's own `WorkSheetParser`, which collects both on the same pass.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import WorkSheetParser

from ..loader.errors import UserError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""The start of an old .xls file, and of an .xlsx saved with a password (Excel wraps it encrypted)."""
EXCEL_SUFFIXES = (".xlsx", ".xlsm")


@dataclass
class Sheet:
    """One sheet's cells that hold something: `rows[row_number] = {column_index: value}` (both from 1)."""

    name: str
    rows: dict[int, dict[int, Any]] = field(default_factory=dict)
    hidden_columns: set[int] = field(default_factory=set)
    is_csv: bool = False

    def values(self, row: int, columns: list[int]) -> list[Any]:
        cells = self.rows.get(row, {})
        return [cells.get(column) for column in columns]


class Spreadsheet:
    """A workbook or CSV file opened for import; `sheet(name)` reads one sheet."""

    def __init__(self, path: Path) -> None:
        self.path = path
        if not path.exists():
            raise UserError(f"{path}: file not found")
        if path.is_dir():
            raise UserError(f"{path}: is a folder, not a spreadsheet")
        self.is_csv = path.suffix.lower() in (".csv", ".txt", ".tsv")
        if self.is_csv:
            self.sheet_names = [path.stem]
            self._book = None
            return
        try:
            with path.open("rb") as handle:
                head = handle.read(8)
        except OSError as exc:
            raise UserError(f"{path}: cannot be read ({exc.strerror or exc})") from None
        if head == OLE_MAGIC:
            raise UserError(f"{path}: this is a password-protected workbook or an old .xls file; open it in Excel "
                            "and save it as an .xlsx workbook without a password, then import that")
        if path.suffix.lower() == ".xls":
            raise UserError(f"{path}: old .xls files are not read; save it from Excel as .xlsx")
        if not zipfile.is_zipfile(path):
            raise UserError(f"{path}: not an Excel .xlsx workbook (nor a .csv file); save it from Excel as .xlsx or CSV")
        try:
            self._book = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds on a damaged file; any of them means "cannot read"
            raise UserError(f"{path}: the workbook is damaged or is not an Excel workbook ({type(exc).__name__}: "
                            f"{exc}); open it in Excel and save it again as .xlsx") from None
        self.sheet_names = list(self._book.sheetnames)

    def close(self) -> None:
        if self._book is not None:
            self._book.close()

    def sheet(self, name: str) -> Sheet:
        """The sheet's cells; UserError when it cannot be read."""
        if self.is_csv:
            return _read_csv(self.path)
        assert self._book is not None
        worksheet = self._book[name]
        if not isinstance(worksheet, ReadOnlyWorksheet):
            return Sheet(name)  # a chart sheet: no cells
        try:
            return _read_worksheet(self._book, worksheet, name)
        except Exception as exc:
            raise UserError(f"{self.path}: sheet {name!r} cannot be read ({type(exc).__name__}: {exc})") from None


def _read_worksheet(book: Any, worksheet: ReadOnlyWorksheet, name: str) -> Sheet:
    sheet = Sheet(name)
    with book._archive.open(worksheet._worksheet_path) as source:  # openpyxl 3.1 internals, pinned in pyproject
        parser = WorkSheetParser(source, worksheet._shared_strings, data_only=True, epoch=book.epoch,
                                 date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
        for number, cells in parser.parse():
            kept = {}
            for cell in cells:
                value = cell["value"]
                if value is None or (isinstance(value, str) and not value.strip()):
                    continue
                kept[cell["column"]] = value
            if kept:
                sheet.rows[number] = kept
        for dimension in parser.column_dimensions.values():
            if str(dimension.get("hidden", "0")).lower() in ("1", "true"):
                sheet.hidden_columns.update(range(int(dimension["min"]), int(dimension["max"]) + 1))
        merged = parser.merged_cells.mergeCell if parser.merged_cells is not None else []
    for merge in merged:
        _fill_down(sheet, merge.ref)
    return sheet


def _fill_down(sheet: Sheet, ref: str) -> None:
    """A cell merged over several rows (a phase written once beside its injects) counts on every row."""
    min_col, min_row, _, max_row = range_boundaries(ref)
    value = sheet.rows.get(min_row, {}).get(min_col)
    if value is None or max_row == min_row:
        return
    for row in range(min_row + 1, max_row + 1):
        sheet.rows.setdefault(row, {})[min_col] = value


def _read_csv(path: Path) -> Sheet:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UserError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if raw.startswith(OLE_MAGIC) or raw.startswith(b"PK\x03\x04"):
        raise UserError(f"{path}: this is an Excel file with a .csv name; rename it to .xlsx")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # Excel's "CSV" on Windows
    sheet = Sheet(path.stem, is_csv=True)
    for number, row in enumerate(csv.reader(io.StringIO(text, newline=""), csv.excel, delimiter=_delimiter(text)), start=1):
        kept = {index: _unguard(value) for index, value in enumerate(row, start=1) if value.strip()}
        if kept:
            sheet.rows[number] = kept
    return sheet


def _unguard(value: str) -> str:
    """Drop the ' that CSV writers (ours too) put before text that Excel would take for a formula."""
    return value[1:] if value.startswith("'") and value[1:2] in ("=", "+", "-", "@", "\t", "\r") else value


def _delimiter(text: str) -> str:
    """Comma, semicolon (Excel where the decimal mark is a comma) or tab: whichever the first line has most of.
    (csv.Sniffer guesses from the whole sample and is misled by quotes inside text.)"""
    first = next((line for line in text.splitlines() if line.strip()), "")
    return max((",", ";", "\t"), key=first.count)
