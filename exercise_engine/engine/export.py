"""Session logs as files other tools read: JSON lines for archives, CSV decisions for spreadsheets."""

from __future__ import annotations

import csv
import io
import json
from typing import Any, Iterable, Iterator

from ..loader.loaded import LoadedScenario
from ..model.events import Event
from ..model.story_time import format_story_time
from .projection import project

ENVELOPE = ("seq", "kind", "scenario_time", "story_time", "wall_time", "actor")

DECISION_COLUMNS = (
    "decision_id", "story_time", "wall_time", "table", "role", "person", "inject", "practices", "text", "owner",
    "options", "rationale", "follow_up", "follow_up_due", "tags", "eop_gap", "status", "versions",
)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def event_record(event: Event) -> dict[str, Any]:
    """The envelope, then the event's own fields flattened in (a clashing name gets a `data_` prefix)."""
    record: dict[str, Any] = {
        "seq": event.seq, "kind": event.kind.value, "scenario_time": event.scenario_time,
        "story_time": format_story_time(event.scenario_time), "wall_time": event.wall_time.isoformat(),
        "actor": event.actor,
    }
    for key, value in event.data.items():
        record[f"data_{key}" if key in record else key] = value
    return record


def events_jsonl(events: Iterable[Event]) -> Iterator[str]:
    for event in events:
        yield json.dumps(event_record(event), ensure_ascii=False)


def _cell(value: Any) -> str:
    """Spreadsheet-safe text: people's words never become formulas (a leading ' keeps them text)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def decisions_csv(loaded: LoadedScenario, events: Iterable[Event]) -> str:
    """One row per decision (current version), in the order they were logged."""
    state = project(loaded, events)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(DECISION_COLUMNS)
    for found in state.decisions.values():
        d = found.current
        writer.writerow([_cell(v) for v in (
            found.decision_id, format_story_time(found.story_time), found.logged.wall_time.isoformat(), d.table,
            d.role, d.person, d.inject or "", "; ".join(map(str, d.practices)), d.text, d.owner, d.options,
            d.rationale, d.follow_up, "" if d.follow_up_due is None else format_story_time(d.follow_up_due),
            "; ".join(d.tags), "yes" if d.eop_gap else "no", found.status, len(found.versions),
        )])
    return out.getvalue()
