"""Spreadsheets built the way planners' MSELs come: title rows, aliases, merged and hidden cells."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, Sequence

import openpyxl

REPO = Path(__file__).resolve().parents[2]
EXAMPLE_PROFILE = REPO / "scenarios" / "community.example.yaml"
SESSION8 = REPO / "scenarios" / "session-8-cedar-falls-founders-day.yaml"


def workbook(path: Path, sheets: dict[str, Sequence[Sequence[Any]]]) -> Path:
    """Write `sheets` (name → rows, first row 1) to an .xlsx; returns the path."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    book.save(path)
    return path


def with_profile(folder: Path) -> Path:
    """A community profile beside the scenario an import writes, as a planner's folder would have."""
    target = folder / "community.yaml"
    shutil.copy(EXAMPLE_PROFILE, target)
    return target


HEADER = ["Event #", "Scheduled Time", "Phase", "From", "To", "Method", "Description/Script",
          "Expected Outcome(s)", "Notes"]


def row(number: int, time: Any, text: str, **more: Any) -> list[Any]:
    """A data row under HEADER."""
    return [number, time, more.get("phase", "Phase 1"), more.get("sender", "Dispatch"), more.get("to", "Steering"),
            more.get("method", "Phone"), text, more.get("expected", ""), more.get("notes", "")]
