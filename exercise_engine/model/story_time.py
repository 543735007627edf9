"""Story time: an offset from incident start, written `T+<d>d<h>h<m>m` (`T+0`, `T+45m`, `T+1d4h`),
or in a scenario with `incident_start` as a day and clock time of the story (`Day 2 09:00`, `Sun 09:00`).

Kept as whole seconds internally so that the engine, the store and reports agree exactly.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Annotated

from pydantic import BeforeValidator, PlainSerializer, ValidationInfo, WithJsonSchema
from pydantic_core import PydanticCustomError

from .base import FileNumber

STORY_TIME_PATTERN = r"^T\+(0|(?=[0-9])([0-9]+d)?([0-9]+h)?([0-9]+m)?)$"
"""[0-9], not \\d: a JSON Schema checker in Python reads \\d as any script's digits; never empty (`T+`)."""
_RE = re.compile(r"^T\+(?:(?P<zero>0)|(?:(?P<d>\d+)d)?(?:(?P<h>\d+)h)?(?:(?P<m>\d+)m)?)$")

MINUTE = 60
HOUR = 60 * MINUTE
DAY = 24 * HOUR


def parse_story_time(text: str) -> int:
    """Parse `T+2h30m` into seconds; raise ValueError with a planner-readable reason."""
    if not text.isascii():  # `\d` would take full-width and other scripts' digits: T+４５m
        raise ValueError(f"{text!r} is not a story time; write it with the digits 0-9, such as T+45m")
    match = _RE.match(text.strip().replace(" ", ""))
    if not match or (not match.group("zero") and not any(match.group(k) for k in "dhm")):
        raise ValueError(
            f"{text!r} is not a story time; write an offset from incident start such as "
            "T+0, T+45m, T+2h30m, T+3d or T+1d4h"
        )
    return (
        int(match.group("d") or 0) * DAY
        + int(match.group("h") or 0) * HOUR
        + int(match.group("m") or 0) * MINUTE
    )


def format_story_time(seconds: float) -> str:
    """Format seconds as `T+1d4h30m` (whole minutes; `T+0` at incident start)."""
    total = int(seconds) // MINUTE
    days, rest = divmod(total, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [f"{days}d" if days else "", f"{hours}h" if hours else "", f"{minutes}m" if minutes else ""]
    text = "".join(parts)
    return f"T+{text or '0'}"


def _coerce(value: object) -> int:
    if isinstance(value, bool):
        raise PydanticCustomError("story_time", "{value!r} is not a story time", {"value": value})
    if isinstance(value, FileNumber):  # `time: 45` in a file: minutes? seconds? say which
        raise PydanticCustomError("story_time_number", "{value!r} is a bare number, not a story time", {"value": value})
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        try:
            return parse_story_time(value)
        except ValueError:
            raise PydanticCustomError("story_time", "{value!r} is not a story time", {"value": value}) from None
    raise PydanticCustomError("story_time", "{value!r} is not a story time", {"value": value})


DAY_TIME_PATTERN = r"^([Dd][Aa][Yy] ?[0-9]+|([Mm]on|[Tt]ue|[Ww]ed|[Tt]hu|[Ff]ri|[Ss]at|[Ss]un)[a-z]*) [0-9]{1,2}:[0-9]{2}$"
"""For editors (JSON Schema, ECMAScript regex: no inline flags); the loader's own check is `_DAY_RE`."""
_DAY_RE = re.compile(
    r"^(?:day\s*(?P<day>[0-9]+)|(?P<weekday>mon|tue|wed|thu|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?)\s+(?P<h>[0-9]{1,2}):(?P<m>[0-9]{2})$",
    re.IGNORECASE | re.ASCII,
)
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def parse_day_time(text: str, incident_start: datetime | None) -> int | None:
    """`Day 2 09:00` (Day 1 is the incident's date) or `Sun 09:00` (the first Sunday of the story)
    as seconds from incident start; None if `text` is not of that form. ValueError says what is wrong."""
    match = _DAY_RE.match(text.strip())
    if match is None:
        return None
    hours, minutes = int(match.group("h")), int(match.group("m"))
    if hours > 23 or minutes > 59:
        raise ValueError(f"{text!r}: {hours:02d}:{minutes:02d} is not a clock time (00:00 to 23:59)")
    if incident_start is None:
        raise ValueError(f"{text!r} is a day and time of the story: set the scenario's `incident_start` "
                         "(e.g. 2027-06-19T20:40:00), or write an offset such as T+12h20m")
    first: date = incident_start.date()
    if match.group("day") is not None:
        day = int(match.group("day"))
        if day < 1:
            raise ValueError(f"{text!r}: days are counted from Day 1, the day of the incident")
        on = first + timedelta(days=day - 1)
    else:
        wanted = _WEEKDAYS.index(match.group("weekday").lower())
        on = first + timedelta(days=(wanted - first.weekday()) % 7)
    seconds = (datetime.combine(on, time(hours, minutes)) - incident_start.replace(tzinfo=None)).total_seconds()
    if seconds < 0:
        later = "" if match.group("day") else "; for a later week write `Day <n> HH:MM`"
        raise ValueError(f"{text!r} is before the incident starts ({incident_start:%a %d %b %Y %H:%M}){later}")
    return int(seconds) // MINUTE * MINUTE


def _incident_start(info: ValidationInfo | None) -> datetime | None:
    raw = (info.context or {}).get("incident_start") if info is not None and info.context else None
    if isinstance(raw, datetime):
        return raw
    if isinstance(raw, date):
        return datetime.combine(raw, time())
    if isinstance(raw, str):
        try:
            return datetime.fromisoformat(raw)
        except ValueError:
            return None
    return None


def _coerce_with_days(value: object, info: ValidationInfo) -> object:
    """A day and clock time becomes seconds (needs the scenario's `incident_start` in the
    validation context, which the loader passes); everything else is `_coerce`'s to judge."""
    if isinstance(value, str):
        seconds = parse_day_time(value, _incident_start(info))
        if seconds is not None:
            return seconds
    return _coerce(value)


StoryTime = Annotated[
    int,
    BeforeValidator(_coerce_with_days),
    PlainSerializer(format_story_time, return_type=str),
    WithJsonSchema({"type": "string", "anyOf": [{"pattern": STORY_TIME_PATTERN}, {"pattern": DAY_TIME_PATTERN}],
                    "examples": ["T+0", "T+45m", "T+2h30m", "T+1d4h", "Day 2 09:00", "Sun 09:00"]}),
]
"""A story-time field: accepts `T+…` text in files (never a bare number), holds seconds, writes `T+…` back.

Code may pass whole seconds as an int; a number written in a file (a `FileNumber`) is refused, as the
JSON Schema refuses it."""
