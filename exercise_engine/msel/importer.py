"""`import_msel`: a planner's MSEL spreadsheet → scenario data, every row accounted for.

Each data row becomes an inject or is reported as `FILE:SHEET:ROW: reason`. What the sheet cannot
say (the exercise's title, sponsor, tables' committees, module situations) is filled with text that
asks for review, and marked so in the YAML written by `yaml_out`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from ..model.story_time import format_story_time
from . import cells
from .columns import Mapping, assign, display, normalize
from .rows import SECTION, Row, audience_pairs, inject_data, is_section, objective_pairs, read_when, split_row, text_of
from .sheet_choice import Verdict, choose_sheet
from .times import story_times
from .workbook import Spreadsheet

MINUTES_PER_INJECT = 5
"""Planned wall minutes per inject when a module's length is not in the sheet (the planner adjusts it)."""
MODULE_TAIL = 30 * 60
"""Story seconds a module runs past its last inject, so that inject can play out."""
REVIEW = "Review:"


@dataclass
class Issue:
    """Something said about one row (`where` is `FILE:SHEET:ROW`)."""

    where: str
    message: str
    imported: bool
    """Whether the row's inject was imported all the same (a warning) or not (an error)."""

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class ImportResult:
    scenario: dict[str, Any]
    review: dict[str, dict[str, str]]
    """Inject id → field → why a planner should review it."""
    issues: list[Issue]
    verdicts: list[Verdict]
    sheet: str
    header_row: int
    headers: list[str]
    mapping: Mapping
    notes: list[str] = field(default_factory=list)

    @property
    def injects(self) -> list[dict[str, Any]]:
        return [i for m in self.scenario["modules"] for i in m["injects"]]

    @property
    def not_imported(self) -> list[Issue]:
        return [i for i in self.issues if not i.imported]


def import_msel(path: Path, *, sheet: str | None = None, mapping: Mapping | None = None,
                start: datetime | None = None, community: str = "community.yaml") -> ImportResult:
    """Read the MSEL; UserError when the file cannot be read, ValueError when no sheet is an MSEL."""
    mapping = mapping or Mapping()
    book = Spreadsheet(path)
    try:
        verdict, verdicts = choose_sheet(book, sheet or mapping.sheet, mapping)
    finally:
        book.close()
    assert verdict.header is not None
    header = verdict.header
    headers = [h if isinstance(h, str) else (None if h is None else text_of(h)) for h in header.cells]
    columns = assign(headers, mapping)
    prefix = f"{path}:{verdict.sheet.name}" if not verdict.sheet.is_csv else str(path)
    used: dict[str, str] = {}
    for index, name in columns.items():
        used.setdefault(normalize(headers[index]), name)  # of two columns with one name, the first's field
    result = ImportResult({}, {}, [], verdicts, verdict.sheet.name, header.row,
                          [display(h) for h in headers if h is not None], Mapping(used, verdict.sheet.name))
    for index, column in enumerate(header.columns):
        if column in verdict.sheet.hidden_columns:
            result.notes.append(f"{prefix}: column {_label(headers, header.columns, index)!r} is hidden in Excel; "
                                "imported all the same")
    if any(f == "wall_time" for f in columns.values()):
        result.notes.append(f"{prefix}: the planned wall time column is worked out again from the scenario, not imported")

    rows = _read_rows(verdict, headers, columns, prefix, result)
    placed = story_times([r.when for r in rows], start)
    modules: dict[str, list[dict[str, Any]]] = {}
    tagged: list[tuple[list[str], list[str]]] = []
    used_ids: set[str] = set()
    for row, seconds in zip(rows, placed):
        where = f"{prefix}:{row.number}"
        if isinstance(seconds, str) or seconds is None:
            result.issues.append(Issue(where, f"time {text_of(row.fields.get('time', ''))!r} {seconds}; "
                                       "the inject is not imported", False))
            continue
        data = inject_data(row, seconds, _unique_id(row, used_ids))
        _take_capabilities(data, tagged)
        result.issues += [Issue(where, note, True) for note in row.notes]
        if row.review:
            result.review[data["id"]] = row.review
        modules.setdefault(row.module, []).append(data)
    result.scenario = _scenario(path, result, modules, start, rows, placed, community, objective_capabilities(tagged))
    return result


def _read_rows(verdict: Verdict, headers: list[Any], columns: dict[int, str], prefix: str,
               result: ImportResult) -> list[Row]:
    """The sheet's data rows with their times read; notes and errors for the others."""
    sheet, header = verdict.sheet, verdict.header
    assert header is not None
    header_keys = [normalize(h) for h in headers]
    labels = [_label(headers, header.columns, i) for i in range(len(headers))]
    rows: list[Row] = []
    module = ""
    for number in sorted(r for r in sheet.rows if r > header.row):
        where = f"{prefix}:{number}"
        values = sheet.values(number, header.columns)
        if _repeats_header(values, header_keys):
            result.issues.append(Issue(where, "the header row repeated (a page break); skipped", True))
            continue
        fields, extra, errors = split_row(values, columns, labels)
        section = is_section(fields, extra)
        if section is not None:
            if SECTION.match(section):
                module = section
                result.issues.append(Issue(where, f"heading {section!r}: the rows below it go in that module", True))
            else:
                result.issues.append(Issue(where, f"a note row, not an inject ({section[:80]!r}); skipped", True))
            continue
        if not fields and not extra and not errors:
            continue  # blank
        if not fields.keys() & {"time", "day"}:
            result.issues.append(Issue(where, "no time " + _because(errors) + "; the inject is not imported", False))
            continue
        if not fields.keys() & {"text", "title"}:
            result.issues.append(Issue(where, "no inject text " + _because(errors) + "; the inject is not imported", False))
            continue
        row = Row(number, fields, extra, notes=[f"{e}; left empty" for e in errors])
        problem = read_when(row)
        if problem:
            result.issues.append(Issue(where, problem + "; the inject is not imported", False))
            continue
        row.module = text_of(fields["module"]) if "module" in fields else module
        rows.append(row)
    return rows


def _take_capabilities(data: dict[str, Any], tagged: list[tuple[list[str], list[str]]]) -> None:
    """A row's core capabilities (FEMA's names or ids) go to its objectives when each is one of the 32
    (noted in `tagged` as (objectives, capability ids)); else the cell stays in the row's extra columns as
    written, so nothing is lost either way."""
    extra = data.get("extra", {})
    written = extra.get("Core capabilities", "")
    if not written or not data.get("objectives"):
        return
    try:
        ids = cells.parse_capabilities(written)
    except ValueError:
        return
    tagged.append((list(data["objectives"]), ids))
    del extra["Core capabilities"]
    if not extra:
        del data["extra"]


def objective_capabilities(tagged: list[tuple[list[str], list[str]]]) -> dict[str, list[str]]:
    """Objective id → its core capabilities, from rows that each list the capabilities of all their
    objectives together (as the export writes them).

    Each objective gets the capabilities every row naming it shares, if these explain every row (each row's
    cell is the union of its objectives' sets); an objective that always appears with another may then
    gain the other's. Rows that cannot be explained so (a planner wrote capabilities row by row) give each
    objective all the capabilities of its rows. Ordered as in a row that names the objective first."""
    shared: dict[str, list[str]] = {}
    union: dict[str, list[str]] = {}
    for objectives, ids in tagged:
        for objective in objectives:
            union.setdefault(objective, [])
            union[objective] += [c for c in ids if c not in union[objective]]
            shared[objective] = [c for c in shared.get(objective, ids) if c in ids]
    explained = all(set(ids) == {c for o in objectives for c in shared[o]} for objectives, ids in tagged)
    found = shared if explained else union
    order: dict[str, list[str]] = {}
    for objectives, ids in tagged:
        if objectives[0] not in order:
            order[objectives[0]] = ids
    return {o: sorted(found[o], key=lambda c: (order.get(o, union[o]) + union[o]).index(c)) for o in found}


def _label(headers: list[Any], columns: list[int], index: int) -> str:
    """A column as messages and extra fields name it: its header, or its letter when it has none."""
    return display(headers[index]) if headers[index] is not None else f"Column {get_column_letter(columns[index])}"


def _repeats_header(values: list[Any], header_keys: list[str]) -> bool:
    """The header row again (printed MSELs repeat it after each page break)."""
    if sum(v is not None for v in values) != sum(1 for k in header_keys if k):
        return False
    return [normalize(v) if isinstance(v, str) else None for v in values] == [k or None for k in header_keys]


def _because(errors: list[str]) -> str:
    return f"({'; '.join(errors)})" if errors else "(the time or inject cell is empty)"


def _unique_id(row: Row, used: set[str]) -> str:
    given = text_of(row.fields.get("id", ""))
    number = text_of(row.fields.get("number", ""))
    base = (given if given and cells.slug(given) == given else "") or (
        f"msel-{cells.slug(number)}" if cells.slug(number) else f"msel-row-{row.number}")
    candidate, n = base, 1
    while candidate in used:
        n += 1
        candidate = f"{base}-{n}"
    used.add(candidate)
    return candidate


def _scenario(path: Path, result: ImportResult, modules: dict[str, list[dict[str, Any]]], start: datetime | None,
              rows: list[Row], placed: list[Any], community: str, capabilities: dict[str, list[str]]) -> dict[str, Any]:
    injects = [i for group in modules.values() for i in group]
    stem = cells.slug(path.stem, 50) or "msel"
    dated = [r.when.moment for r, s in zip(rows, placed) if r.when and r.when.kind == "dated" and s == 0]
    incident_start = start or (dated[0] if dated else None)
    scenario: dict[str, Any] = {
        "id": f"{stem}-imported" if not stem.endswith("imported") else stem,
        "version": "1",
        "title": f"{path.stem} (imported MSEL)",
        "summary": f"{REVIEW} imported from {path.name}, sheet {result.sheet!r}: {len(injects)} injects. "
                   "Write a summary of the scenario for participants.",
        "threat_hazard": f"{REVIEW} describe the threat or hazard.",
        "sponsor": f"{REVIEW} name the sponsor.",
        "point_of_contact": {"name": f"{REVIEW} the exercise director's name"},
        "community": community,
        "library": [],
    }
    if incident_start is not None:
        scenario["incident_start"] = incident_start.isoformat(timespec="minutes")
    tags = {t for i in injects for t in (i.get("condition") or {}).get("tags", [])} - {
        a["tag"] for i in injects for a in i.get("expected_actions", []) if a.get("tag")}
    if tags:
        scenario["tags"] = {t: f"{REVIEW} named in an MSEL condition; say what decision it stands for" for t in sorted(tags)}
    scenario["objectives"] = _objectives(injects, rows)
    for objective in scenario["objectives"]:
        if capabilities.get(objective["id"]):
            objective["core_capabilities"] = capabilities[objective["id"]]
    scenario["tables"] = _tables(injects, rows)
    scenario["modules"] = _modules(modules, result.sheet)
    return scenario


def _objectives(injects: list[dict[str, Any]], rows: list[Row]) -> list[dict[str, Any]]:
    texts: dict[str, str] = {}
    for row in rows:
        for oid, written in objective_pairs(text_of(row.fields.get("objectives", ""))):
            texts.setdefault(oid, written)
    found: dict[str, list[int]] = {}
    for inject in injects:
        for objective in inject.get("objectives", []):
            practices = found.setdefault(objective, [])
            practices += [p for p in inject["practices"] if p not in practices]
    if not found:
        every = sorted({p for i in injects for p in i["practices"]}) or [16]
        return [{"id": "obj-1", "text": f"{REVIEW} write the exercise objectives.", "practices": every}]
    return [{"id": oid, "text": _objective_text(oid, texts.get(oid, "")), "practices": sorted(practices)}
            for oid, practices in found.items()]


def _objective_text(objective_id: str, written: str) -> str:
    if written and not written.isdigit() and written != objective_id and len(written) > 12:
        return written
    return f"{REVIEW} objective {written or objective_id} of the MSEL; write its text."


def _tables(injects: list[dict[str, Any]], rows: list[Row]) -> list[dict[str, Any]]:
    names: dict[str, str] = {}
    for row in rows:
        for table_id, written in audience_pairs(text_of(row.fields.get("to", ""))):
            names.setdefault(table_id, written)
    ids = list(dict.fromkeys(t for i in injects for t in i["to"] if t != "all"))
    if not ids:
        return [{"id": "players", "name": "Players", "committees": ["steering"]}]
    return [{"id": t, "name": names.get(t, t), "committees": ["steering"]} for t in ids]


def _modules(modules: dict[str, list[dict[str, Any]]], sheet: str) -> list[dict[str, Any]]:
    spans = []
    for n, (name, injects) in enumerate(modules.items(), start=1):
        times = [i["time"] for i in injects]
        spans.append((min(times), max(times), name or sheet, injects, n))
    spans.sort(key=lambda s: (s[0], s[4]))
    result = []
    used: set[str] = set()
    for k, (first, last, title, injects, n) in enumerate(spans):
        end = last + MODULE_TAIL
        if k + 1 < len(spans) and last < spans[k + 1][0] < end:
            end = spans[k + 1][0]
        module_id = cells.slug(title, 50) or f"module-{n}"
        while module_id in used:
            module_id += f"-{n}"
        used.add(module_id)
        minutes = sum(i.get("discussion_minutes", MINUTES_PER_INJECT) for i in injects)
        result.append({
            "id": module_id, "title": title, "start": format_story_time(first), "end": format_story_time(end),
            "planned_minutes": max(1, min(480, minutes)),
            "situation": f"{REVIEW} write the situation update read aloud when {title!r} opens.",
            "injects": [{**i, "time": format_story_time(i["time"])} for i in injects],
        })
    return result
