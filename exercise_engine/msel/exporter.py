"""`export_msel`: a scenario as an HSEEP-style MSEL, in a printable workbook or a CSV Excel opens.

Three views: the controller's (everything), the evaluator's (no controller notes or extra columns)
and the participants' (only what `PARTICIPANT_FIELDS` allows, and only injects that will be
delivered: contingency and conditional injects are held, so they are left out).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Literal

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from ..loader.loaded import LoadedScenario
from ..model.inject import Inject, InjectType
from ..model.story_time import format_story_time
from . import cells
from .wall_time import format_wall, planned_wall_seconds

View = Literal["controller", "evaluator", "participant"]
VIEWS: tuple[View, ...] = ("controller", "evaluator", "participant")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    header: str
    width: int
    views: frozenset[str]
    value: Callable[[Inject, "Context"], str]


@dataclass(frozen=True)
class Context:
    loaded: LoadedScenario
    number: int
    wall: dict[str, int]


ALL = frozenset(VIEWS)
STAFF = frozenset({"controller", "evaluator"})
CONTROLLER = frozenset({"controller"})


def _capabilities(inject: Inject, ctx: Context) -> str:
    """FEMA's names of the core capabilities of the inject's objectives (those they name, else their
    practices'), else the column as imported. The importer maps the names back to ids."""
    known = {o.id: o for o in ctx.loaded.scenario.objectives}
    found: list[str] = []
    for objective_id in inject.objectives:
        objective = known.get(objective_id)
        found += [c for c in (objective.capabilities if objective else ()) if c not in found]
    return cells.format_capabilities(found) or inject.extra.get("Core capabilities", "")


def _module(inject: Inject, ctx: Context) -> str:
    return ctx.loaded.module(ctx.loaded.module_of[inject.id]).title


COLUMNS: tuple[Column, ...] = (
    Column("#", 4, ALL, lambda i, c: str(c.number)),
    Column("Inject ID", 13, STAFF, lambda i, c: i.id),  # an id can name what the room is expected to do
    Column("Story time", 9, ALL, lambda i, c: format_story_time(i.time or 0)),
    Column("Planned wall time", 7, ALL, lambda i, c: format_wall(c.wall.get(i.id, 0))),
    Column("Module", 12, ALL, _module),
    Column("From", 13, ALL, lambda i, c: i.from_),
    Column("To", 12, ALL, lambda i, c: ", ".join(i.to)),
    Column("Method", 9, ALL, lambda i, c: i.delivery.value),
    Column("Title", 18, ALL, lambda i, c: i.title),
    Column("Inject", 44, ALL, lambda i, c: i.narrative),
    Column("Discussion questions", 30, ALL, lambda i, c: "\n".join(i.questions)),
    Column("Expected action", 32, STAFF, lambda i, c: cells.format_actions(i.expected_actions)),
    Column("Objectives", 12, STAFF, lambda i, c: ", ".join(i.objectives)),
    Column("Core capabilities", 12, STAFF, _capabilities),
    Column("Practices", 8, ALL, lambda i, c: cells.format_practices(i.practices)),
    Column("Responsible controller", 11, STAFF, lambda i, c: i.responsible_controller),
    Column("Notes", 24, CONTROLLER, lambda i, c: i.controller_notes),
    Column("Evaluator notes", 22, STAFF, lambda i, c: i.evaluator_notes),
    Column("Type", 10, STAFF, lambda i, c: i.type.value),
    Column("Condition", 16, STAFF, lambda i, c: cells.format_condition(i.condition)),
    Column("Discussion minutes", 9, ALL, lambda i, c: "" if i.discussion_minutes is None else str(i.discussion_minutes)),
)
"""The MSEL's columns in HSEEP order, each with the views that may show it."""
STANDARD_HEADERS = frozenset(c.header for c in COLUMNS) | {"Core capabilities"}


def msel_table(loaded: LoadedScenario, view: View = "controller") -> tuple[list[str], list[list[str]]]:
    """Headers and rows of the MSEL for a view: injects in delivery order, extra columns at the end
    (controller view only: nobody knows what a planner kept there)."""
    if view not in VIEWS:
        raise ValueError(f"no view {view!r}; views: {', '.join(VIEWS)}")
    columns = [c for c in COLUMNS if view in c.views]
    numbered = [(n, i) for n, i in enumerate(loaded.injects, start=1)
                if view != "participant" or i.type is InjectType.standard]  # one number per inject in every copy
    injects = [i for _, i in numbered]
    extra: list[str] = []
    if view == "controller":
        extra = list(dict.fromkeys(k for i in injects for k in i.extra if k not in STANDARD_HEADERS))
    wall = planned_wall_seconds(loaded)
    rows = []
    for number, inject in numbered:
        ctx = Context(loaded, number, wall)
        rows.append([c.value(inject, ctx) for c in columns] + [inject.extra.get(k, "") for k in extra])
    return [c.header for c in columns] + extra, rows


def msel_csv(loaded: LoadedScenario, view: View = "controller") -> bytes:
    """CSV with a UTF-8 byte-order mark, so Excel shows accents; text that would be a formula starts with '."""
    headers, rows = msel_table(loaded, view)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["'" + v if v.startswith(_FORMULA_START) else v for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def msel_workbook(loaded: LoadedScenario, view: View = "controller") -> Workbook:
    """The MSEL on one sheet, ready to print: frozen header repeated on every page, wrapped text,
    column widths, landscape, fitted to the page width, title and page numbers in the margins."""
    headers, rows = msel_table(loaded, view)
    book = Workbook()
    sheet = book.active
    sheet.title = "MSEL"
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    widths = [{c.header: c.width for c in COLUMNS}.get(h, 18) for h in headers]
    sheet.append(headers)
    sheet.row_dimensions[1].height = _height(headers, widths)
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF", size=9)
        cell.fill = PatternFill("solid", fgColor="1F3864")
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = border
    body = Font(size=9)
    for values in rows:
        values = [ILLEGAL_CHARACTERS_RE.sub("", v) for v in values]
        sheet.append(values)
        sheet.row_dimensions[sheet.max_row].height = _height(values, widths)
        for cell in sheet[sheet.max_row]:
            cell.data_type = "s"  # people's text is never a formula, even when it starts with '='
            cell.alignment = wrap
            cell.border = border
            cell.font = body
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(1, len(rows) + 1)}"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_LEGAL if len(headers) > 14 else sheet.PAPERSIZE_LETTER
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.75
    sheet.page_margins.header = sheet.page_margins.footer = 0.3
    title = loaded.scenario.title.replace("&", "&&")
    sheet.oddHeader.center.text = f"{title} — MSEL ({view} view)"
    sheet.oddFooter.left.text = "Controller-only: do not share with players" if view != "participant" else ""
    sheet.oddFooter.right.text = "Page &P of &N"
    return book


LINE_HEIGHT = 12.0
"""Points per line of 9-point text."""


def _height(values: list[str], widths: list[int]) -> float:
    """Row height that shows every wrapped line: spreadsheet apps do not grow rows written by a program."""
    lines = 1
    for value, width in zip(values, widths):
        per_line = max(1, int(width * 1.25))  # 9-point text fits more characters than the width unit (11-point)
        lines = max(lines, sum(max(1, -(-len(line) // per_line)) for line in value.split("\n")))
    return min(409.0, lines * LINE_HEIGHT + 4)


def export_msel(loaded: LoadedScenario, target: Path, view: View = "controller") -> int:
    """Write the MSEL as .xlsx or .csv (by the target's suffix); the number of injects written."""
    suffix = target.suffix.lower()
    if suffix == ".csv":
        target.write_bytes(msel_csv(loaded, view))
    elif suffix in (".xlsx", ".xlsm"):
        msel_workbook(loaded, view).save(target)
    else:
        raise ValueError(f"{target}: write to a .xlsx or .csv file")
    return len(msel_table(loaded, view)[1])
