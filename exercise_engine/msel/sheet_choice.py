"""Which sheet is the MSEL and which row is its header: scored, and refused with a reason."""

from __future__ import annotations

from dataclasses import dataclass

from .columns import HEADER_SCAN_ROWS, Mapping, display, field_for
from .workbook import Sheet, Spreadsheet

NEEDS = ("an MSEL needs a time column (Time, Scenario Time, DTG…) and an inject column (Description, Inject, "
         "Message, Title…)")


@dataclass
class Header:
    """A sheet's header row: where it is, its cells, and how many columns the sheet uses."""

    row: int
    cells: list[object]
    """The header row's cells, one per column in `columns`."""
    columns: list[int]
    """The sheet's columns that hold anything (from 1): a stray value far to the right costs one column, not
    sixteen thousand."""
    fields: set[str]
    data_rows: int


@dataclass
class Verdict:
    """What a sheet is: an MSEL with its header, or not, and why not."""

    sheet: Sheet
    header: Header | None
    reason: str = ""

    def describe(self) -> str:
        if self.header is None:
            return f"{self.sheet.name!r}: not an MSEL ({self.reason})"
        return f"{self.sheet.name!r}: an MSEL, header at row {self.header.row}, {self.header.data_rows} rows below it"


def _fields(cells: list[object], mapping: Mapping) -> set[str]:
    found = set()
    for cell in cells:
        if isinstance(cell, str) and cell.strip():
            name = mapping.field_of(cell) or field_for(cell)
            if name and name not in ("extra", "ignore"):
                found.add(name)
    return found


def find_header(sheet: Sheet, mapping: Mapping) -> Verdict:
    """The row in the first rows that looks most like an MSEL header (most known column names, then
    most text cells, then the highest row); refused when it lacks a time or an inject column."""
    if not sheet.rows:
        return Verdict(sheet, None, "the sheet is empty")
    best: tuple[tuple[int, int, int], int, list[object], set[str]] | None = None
    top = sorted(sheet.rows)[:HEADER_SCAN_ROWS]
    for number in top:
        values = [sheet.rows[number][c] for c in sorted(sheet.rows[number])]
        fields = _fields(values, mapping)
        texts = sum(1 for v in values if isinstance(v, str) and v.strip())
        score = (len(fields), texts, -number)
        if best is None or score > best[0]:
            best = (score, number, values, fields)
    assert best is not None
    _, number, values, fields = best
    if not fields:
        sample = ", ".join(repr(display(v)) for v in values if v is not None)[:120]
        return Verdict(sheet, None, f"no known column names in its first {HEADER_SCAN_ROWS} rows (row {number} has "
                       f"{sample or 'nothing'}); {NEEDS}; or name its columns with --map COLUMN=FIELD")
    missing = []
    if "time" not in fields and "day" not in fields:
        missing.append("a time column")
    if not fields & {"text", "title"}:
        missing.append("an inject column")
    if missing:
        found = ", ".join(repr(display(v)) for v in values if isinstance(v, str) and (mapping.field_of(v) or field_for(v)))
        return Verdict(sheet, None, f"its best header row, row {number}, has {found} but not {' or '.join(missing)}; "
                       f"{NEEDS}; or name its columns with --map COLUMN=FIELD")
    columns = sorted({c for cells in sheet.rows.values() for c in cells})
    data_rows = sum(1 for r in sheet.rows if r > number)
    return Verdict(sheet, Header(number, sheet.values(number, columns), columns, fields, data_rows))


def choose_sheet(book: Spreadsheet, wanted: str | None, mapping: Mapping) -> tuple[Verdict, list[Verdict]]:
    """The sheet to import and the verdict on every sheet read; ValueError when none will do."""
    names = book.sheet_names
    if wanted is not None:
        match = next((n for n in names if n == wanted), None) or next(
            (n for n in names if n.strip().lower() == wanted.strip().lower()), None)
        if match is None:
            raise ValueError(f"no sheet {wanted!r}; its sheets are " + ", ".join(repr(n) for n in names))
        verdict = find_header(book.sheet(match), mapping)
        if verdict.header is None:
            raise ValueError(f"sheet {match!r} is not an MSEL: {verdict.reason}")
        return verdict, [verdict]
    verdicts = [find_header(book.sheet(name), mapping) for name in names]
    usable = [v for v in verdicts if v.header is not None]
    if not usable:
        raise ValueError("no sheet is an MSEL:\n  " + "\n  ".join(v.describe() for v in verdicts))
    chosen = max(usable, key=lambda v: (len(v.header.fields), v.header.data_rows) if v.header else (0, 0))
    return chosen, verdicts
