"""MSEL columns: the fields an MSEL row can carry, the header names planners use for them, and
how a sheet's header row is found and mapped.

Headers are compared after `normalize`, so `Expected\\nOutcome(s)`, ` EXPECTED OUTCOMES ` and
`expected-outcomes` are one name. A mapping (header → field) can be saved and reused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Sequence

FIELDS: dict[str, str] = {
    "number": "the inject's number on the MSEL",
    "id": "the inject's id in the scenario",
    "time": "story time (T+…, a clock time, a date-time group…)",
    "day": "the exercise day or date, when the time column holds only the clock time",
    "wall_time": "planned wall-clock time (worked out again from the scenario; not imported)",
    "module": "phase, module or move",
    "title": "a short title",
    "text": "the inject itself, as delivered",
    "from": "the simulated sender",
    "to": "who receives it (tables or players)",
    "method": "how it is delivered (phone, email, media…)",
    "expected_action": "what players are expected to do (one per line)",
    "objectives": "the exercise objectives it addresses",
    "core_capabilities": "core capabilities",
    "practices": "best practices (1–16)",
    "responsible_controller": "who in the control cell delivers it",
    "notes": "controller notes",
    "evaluator_notes": "evaluator notes",
    "questions": "discussion questions (one per line)",
    "discussion_minutes": "minutes of discussion to hold",
    "type": "standard, contingency (backup), conditional (branch) or consequence (released by a model)",
    "condition": "when a contingency or conditional inject fires",
    "extra": "kept as written as an extra column",
    "ignore": "left out",
}
"""Every field a column can be mapped to (`--map COLUMN=FIELD`), with what it means."""

ALIASES: dict[str, tuple[str, ...]] = {
    "number": ("#", "No.", "No", "Number", "Event #", "Event Number", "Inject #", "Inject Number", "Inject No.",
               "MSEL #", "MSEL Number", "MSEL No.", "Control Number", "Control #", "Serial", "Seq", "Item #"),
    "id": ("Inject ID", "ID"),
    "time": ("Time", "Event Time", "Scheduled Time", "Delivery Time", "Inject Time", "Inject DTG", "DTG",
             "Designated Scenario Time", "Scenario Time", "Story Time", "Simulated Time", "Exercise Time",
             "Date/Time", "Date Time", "Start Time"),
    "day": ("Day", "Date", "Exercise Day", "Event Date"),
    "wall_time": ("Planned Wall Time", "Wall Time", "Wall Clock", "Actual Time", "Real Time"),
    "module": ("Phase", "Module", "Move", "Storyline/Thread", "Storyline", "Thread", "Exercise Phase"),
    "title": ("Title", "Subject", "Event", "Event Title", "Inject Title", "Short Title"),
    "text": ("Description", "Event Description", "Message", "Inject", "Script", "Description/Script",
             "Event Summary", "Details", "Narrative", "Inject Text", "Inject Description", "Summary", "Content"),
    "from": ("From", "Source", "Send From (Simulated)", "Sent From", "Send From", "Simulated Sender", "Sender"),
    "to": ("To", "Send To", "Sent To", "Player", "Players", "Intended Player", "Intended Players", "Target",
           "Recipient", "Recipients", "Audience", "Table", "Tables"),
    "method": ("Method", "Mode", "Inject Mode", "Delivery Method", "Delivery", "Means", "Medium"),
    "expected_action": ("Expected Action", "Expected Actions", "Expected Outcome(s)", "Expected Outcome",
                        "Expected Player Action", "Expected Player Actions", "Expected Participant Response",
                        "Expected Reaction to Inject", "Response", "Expected Response"),
    "objectives": ("Objective", "Objectives", "Objective(s)", "Exercise Objective", "Exercise Objectives",
                   "Related Objectives", "Obj"),
    "core_capabilities": ("Core Capability", "Core Capabilities", "Core Capability(ies)", "Capability",
                          "Capabilities"),
    "practices": ("Best Practice", "Best Practices", "Practice", "Practices", "BP", "Best Practice(s)"),
    "responsible_controller": ("Injected By", "Controller", "Responsible Controller", "Inject By", "Delivered By"),
    "notes": ("Notes", "Remarks", "Comments", "Controller Notes", "Questions/Comments", "Note"),
    "evaluator_notes": ("Evaluator Notes", "Evaluator Note"),
    "questions": ("Discussion Questions", "Questions", "Key Questions"),
    "discussion_minutes": ("Discussion Minutes", "Discussion Time", "Minutes"),
    "type": ("Type", "Event Type", "Inject Type"),
    "condition": ("Condition", "Trigger", "Conditions", "Branch Condition"),
}
"""Header names in common use for each field (HSEEP templates, county and state MSELs)."""

EXCEL_ERRORS = frozenset({"#REF!", "#N/A", "#VALUE!", "#DIV/0!", "#NAME?", "#NULL!", "#NUM!", "#SPILL!",
                          "#CALC!", "#GETTING_DATA"})

HEADER_SCAN_ROWS = 30
"""How many rows from the top may hold the header row (titles, logos and handling notes come first)."""


def normalize(header: Any) -> str:
    """A header as compared: lower case, `#` read as "number", `(s)` dropped, no spaces or punctuation."""
    text = "" if header is None else str(header).lower()
    text = text.replace("#", " number ").replace("(s)", "s").replace("(ies)", "ies").replace("&", " and ")
    return re.sub(r"[^0-9a-z]+", "", text)


_BY_NAME: dict[str, str] = {normalize(alias): name for name, aliases in ALIASES.items() for alias in aliases}


def field_for(header: Any) -> str | None:
    """The field a header names, or None when it is not a known MSEL header."""
    key = normalize(header)
    return _BY_NAME.get(key) if key else None


def display(header: Any) -> str:
    """A header as a planner reads it in a message: its words on one line, padding gone."""
    return " ".join(str(header).split()) if header is not None else ""


@dataclass
class Mapping:
    """Which column holds which field. `columns` maps a normalized header to a field name."""

    columns: dict[str, str] = field(default_factory=dict)
    sheet: str | None = None

    def field_of(self, header: Any) -> str | None:
        return self.columns.get(normalize(header))

    def to_data(self, headers: Sequence[str]) -> dict[str, Any]:
        """What `--save-mapping` writes: the sheet and every header with its field, as the planner wrote it."""
        chosen = {}
        for header in headers:
            if header:
                chosen[display(header)] = self.columns.get(normalize(header)) or field_for(header) or "extra"
        return {"sheet": self.sheet, "columns": chosen}

    @classmethod
    def from_data(cls, data: Any) -> Mapping:
        """Read a saved mapping; raise ValueError saying what is wrong."""
        if not isinstance(data, dict) or not isinstance(data.get("columns", {}), dict):
            raise ValueError("a mapping file holds `columns:` (header: field) and optionally `sheet:`")
        columns = {}
        for header, name in (data.get("columns") or {}).items():
            name = str(name).strip()
            if name not in FIELDS:
                raise ValueError(f"column {header!r} is mapped to {name!r}, which is not a field "
                                 f"(fields: {', '.join(FIELDS)})")
            columns[normalize(header)] = name
        sheet = data.get("sheet")
        return cls(columns, None if sheet is None else str(sheet))

    def with_pairs(self, pairs: Sequence[str]) -> Mapping:
        """Add `--map COLUMN=FIELD` pairs (they win over a mapping file); ValueError on a bad one."""
        columns = dict(self.columns)
        for pair in pairs:
            header, sep, name = pair.rpartition("=")
            name = name.strip()
            if not sep or not header.strip():
                raise ValueError(f"--map {pair!r}: write COLUMN=FIELD, for example --map \"Sim Time=time\"")
            if name not in FIELDS:
                raise ValueError(f"--map {pair!r}: {name!r} is not a field (fields: {', '.join(FIELDS)})")
            columns[normalize(header)] = name
        return Mapping(columns, self.sheet)


def assign(headers: Sequence[Any], mapping: Mapping) -> dict[int, str]:
    """Column index → field for a header row: the mapping first, then the aliases; a field taken by an
    earlier column makes a later one an extra column (the first `Time` wins over a second `Time`)."""
    taken: set[str] = set()
    result: dict[int, str] = {}
    for index, header in enumerate(headers):
        if header is None or not str(header).strip():
            continue
        name = mapping.field_of(header) or field_for(header) or "extra"
        if name not in ("extra", "ignore") and name in taken:
            name = "extra"
        taken.add(name)
        result[index] = name
    return result
