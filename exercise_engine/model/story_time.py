"""Story time: an offset from incident start, written `T+<d>d<h>h<m>m` (`T+0`, `T+45m`, `T+1d4h`).

Kept as whole seconds internally so that the engine, the store and reports agree exactly.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema
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


StoryTime = Annotated[
    int,
    BeforeValidator(_coerce),
    PlainSerializer(format_story_time, return_type=str),
    WithJsonSchema({"type": "string", "pattern": STORY_TIME_PATTERN, "examples": ["T+0", "T+45m", "T+2h30m", "T+1d4h"]}),
]
"""A story-time field: accepts `T+…` text in files (never a bare number), holds seconds, writes `T+…` back.

Code may pass whole seconds as an int; a number written in a file (a `FileNumber`) is refused, as the
JSON Schema refuses it."""
