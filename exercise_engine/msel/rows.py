"""One MSEL row → one inject's data, with what could not be read said about that row.

Nothing is dropped silently: a value the engine has no field for goes into the inject's `extra`
(column → text), a value it cannot read is kept there too and reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Any

from ..model.inject import Delivery, InjectType
from . import cells
from .columns import EXCEL_ERRORS
from .practice_guess import propose
from .times import When, combine, parse_day, parse_time

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
SECTION = re.compile(r"^(?:module|phase|move|part|storyline|thread)\b", re.IGNORECASE)


@dataclass
class Row:
    """A data row read from the sheet: its number, its fields, its extra columns, what was said about it."""

    number: int
    fields: dict[str, Any]
    extra: dict[str, str]
    notes: list[str] = field(default_factory=list)
    """Warnings about this row (the inject is imported)."""
    review: dict[str, str] = field(default_factory=dict)
    """Field → why a planner should look at it (shown as a comment in the YAML)."""
    when: When | None = None
    module: str = ""
    """The phase or module it belongs to: its own cell, else the last heading row above it."""


def text_of(value: Any) -> str:
    """A cell as text: dates as ISO dates, whole numbers without `.0`."""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M") if (value.hour or value.minute) else value.strftime("%Y-%m-%d")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def split_row(values: list[Any], columns: dict[int, str], labels: list[str]) -> tuple[dict[str, Any], dict[str, str], list[str]]:
    """Fields and extra columns of one row, and the Excel errors found (those cells are left empty)."""
    fields: dict[str, Any] = {}
    extra: dict[str, str] = {}
    errors: list[str] = []
    for index, value in enumerate(values):
        if value is None:
            continue
        name = columns.get(index, "extra")
        label = labels[index]
        if isinstance(value, str) and value.strip().upper() in EXCEL_ERRORS:
            errors.append(f"column {label!r} holds the Excel error {value.strip()}")
            continue
        if name == "ignore":
            continue
        if name == "extra":
            while label in extra:  # two columns with one name: both kept
                label += " (2)"
            extra[label] = text_of(value)
        else:
            fields[name] = value
    return fields, extra, errors


def is_section(fields: dict[str, Any], extra: dict[str, str]) -> str | None:
    """A row with no time and no inject text: the heading or note it carries, if any."""
    if fields.keys() & {"time", "day", "text", "title"}:
        return None
    words = [text_of(v) for v in fields.values()] + list(extra.values())
    return " ".join(words) if words else None


def read_when(row: Row) -> str | None:
    """Set `row.when` from its time and day cells; the reason when they cannot be read."""
    day = None
    if "day" in row.fields:
        try:
            day = parse_day(row.fields["day"])
        except ValueError as exc:
            return f"day {text_of(row.fields['day'])!r} {exc}"
    if "time" in row.fields:
        try:
            row.when = combine(day, parse_time(row.fields["time"]))
        except ValueError as exc:
            return f"time {text_of(row.fields['time'])!r} {exc}"
    elif day is not None:
        row.when = combine(day, When("clock", 0))
    return None


def inject_data(row: Row, seconds: int, inject_id: str) -> dict[str, Any]:
    """The inject as scenario data (YAML keys), from a row whose time is placed."""
    f = {k: text_of(v) for k, v in row.fields.items()}
    text = f.get("text") or f.get("title", "")
    title = f.get("title") or _title_from(text)
    data: dict[str, Any] = {"id": inject_id, "title": title, "time": seconds}
    data["practices"] = _practices(row, f, f"{title}\n{text}\n{f.get('expected_action', '')}")
    data["from"] = f.get("from") or "Exercise control"
    data["to"] = _audience(f.get("to", ""))
    data["delivery"] = _delivery(row, f).value
    data["narrative"] = text
    optional: dict[str, Any] = {
        "questions": cells.lines(f["questions"]) if f.get("questions") else None,
        "expected_actions": cells.parse_actions(f["expected_action"]) if f.get("expected_action") else None,
        "controller_notes": f.get("notes"),
        "evaluator_notes": f.get("evaluator_notes"),
        "objectives": _objectives(f["objectives"]) if f.get("objectives") else None,
        "responsible_controller": f.get("responsible_controller"),
    }
    data.update({k: v for k, v in optional.items() if v})
    kind, condition = _type_and_condition(row, f)
    if kind is not InjectType.standard:
        data["type"] = kind.value
    if condition:
        data["condition"] = condition
    if f.get("discussion_minutes"):
        minutes = f["discussion_minutes"]
        if minutes.isdigit() and 1 <= int(minutes) <= 120:
            data["discussion_minutes"] = int(minutes)
        else:
            _keep(row, "Discussion minutes", minutes, "is not a number of minutes from 1 to 120")
    if f.get("core_capabilities"):
        row.extra.setdefault("Core capabilities", f["core_capabilities"])
    if row.extra:
        data["extra"] = dict(row.extra)
    return data


def _keep(row: Row, label: str, value: str, why: str) -> None:
    row.extra.setdefault(label, value)
    row.notes.append(f"{label.lower()} {value!r} {why}; kept as the extra column {label!r}")


def _title_from(text: str) -> str:
    first = re.split(r"(?<=[.!?])\s|\n", text.strip(), maxsplit=1)[0]
    words = first.split()
    return " ".join(words[:10]) + ("…" if len(words) > 10 else "")


def _practices(row: Row, f: dict[str, str], text: str) -> list[int]:
    if f.get("practices"):
        try:
            found = cells.parse_practices(f["practices"])
            if found:
                return found
        except ValueError:
            _keep(row, "Best practice", f["practices"], "names no best practice (1–16)")
    proposed, why = propose(text)
    row.review["practices"] = f"proposed from the text ({why})"
    return proposed


def audience_pairs(text: str) -> list[tuple[str, str]]:
    """(table id, name as written) per name in a To cell; empty for everyone (`All`, `All players`…)."""
    names = cells.split_list(text)
    if not names or any(n.lower() in cells.ALL_WORDS for n in names):
        return []
    return [(n if ID_PATTERN.match(n) else cells.slug(n) or "players", n) for n in names]


def _audience(text: str) -> list[str]:
    return list(dict.fromkeys(t for t, _ in audience_pairs(text))) or ["all"]


def _delivery(row: Row, f: dict[str, str]) -> Delivery:
    if not f.get("method"):
        return Delivery.facilitator
    found = cells.parse_method(f["method"])
    if found is None:
        _keep(row, "Method", f["method"], "is not a delivery method the engine knows; delivered by the facilitator")
        return Delivery.facilitator
    return found


def objective_pairs(text: str) -> list[tuple[str, str]]:
    """(objective id, as written) per objective in a cell: `1`, `Obj 1`, `Objective 1` are `obj-1`."""
    found = []
    for part in cells.split_list(text):
        match = re.fullmatch(r"(?:obj(?:ective)?\.?\s*#?\s*)?(\d{1,3})", part.lower())
        if match:
            found.append((f"obj-{match[1]}", part))
        elif ID_PATTERN.match(part):
            found.append((part, part))
        else:
            found.append(("obj-" + cells.slug(part, 40), part))
    return found


def _objectives(text: str) -> list[str]:
    return list(dict.fromkeys(oid for oid, _ in objective_pairs(text)))


def _type_and_condition(row: Row, f: dict[str, str]) -> tuple[InjectType, dict[str, Any] | None]:
    kind = InjectType.standard
    if f.get("type"):
        found = cells.parse_type(f["type"])
        if found is None:
            _keep(row, "Type", f["type"], "is not standard, contingency, conditional or consequence; imported as standard")
        else:
            kind = found
    condition = None
    if f.get("condition"):
        try:
            condition = cells.parse_condition(f["condition"])
        except ValueError as exc:
            _keep(row, "Condition", f["condition"], str(exc))
    if kind in (InjectType.conditional, InjectType.contingency) and condition is None:
        row.notes.append(f"is {kind.value} but has no condition the engine can check; imported as a standard "
                         "inject, delivered at its time unless a controller skips it")
        row.review["type"] = (f"was {kind.value} in the MSEL: write its condition, then set type: {kind.value}")
        kind = InjectType.standard
    return kind, condition
