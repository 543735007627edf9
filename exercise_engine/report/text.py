"""Text helpers shared by every report format: cleaning participant text and formatting times.

Participant text is data. It is cleaned once (characters XML and HTML forbid are dropped) when the
report data is built, then escaped by each writer for its own format; it is never a template.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from ..model.story_time import format_story_time

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
"""Control characters (tab, newline and carriage return aside), lone surrogates and non-characters."""


def clean(text: str | None) -> str:
    """Participant text made safe to store in any format: forbidden characters removed, newlines unified."""
    if not text:
        return ""
    return _FORBIDDEN.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def story(seconds: float | None) -> str:
    """Story time as `T+1d4h30m` (empty when unknown)."""
    return "" if seconds is None else format_story_time(max(0.0, seconds))


def story_span(seconds: float | None) -> str:
    """A story-time duration such as `45m`, `2h10m` or `3d` (empty when unknown)."""
    if seconds is None:
        return ""
    return format_story_time(max(0.0, seconds))[2:] if seconds >= 60 else "0m"


def wall(moment: datetime | None, zone: str | None = None) -> str:
    """A wall-clock moment as `2026-11-25 09:03 EST` in the exercise's time zone (an IANA name), else as
    stored (`… UTC`)."""
    if moment is None:
        return ""
    if zone and moment.tzinfo is not None:
        local = moment.astimezone(ZoneInfo(zone))
        return f"{local.strftime('%Y-%m-%d %H:%M')} {local.tzname() or zone}"
    text = moment.strftime("%Y-%m-%d %H:%M")
    if moment.tzinfo is None:
        return text
    offset = moment.utcoffset()
    return f"{text} UTC" if offset is not None and not offset else f"{text} {moment.strftime('%z')}"


def iso(moment: datetime | None) -> str | None:
    """ISO-8601 for JSON (None when unknown)."""
    return None if moment is None else moment.isoformat()


def story_date(moment: datetime | None) -> str:
    """A calendar moment in the story as `Sat 19 Jun 2027 20:40`."""
    return "" if moment is None else moment.strftime("%a %d %b %Y %H:%M")


def minutes(value: float | None) -> str:
    """Wall minutes as `12.5 min` (empty when unknown)."""
    if value is None:
        return ""
    return f"{value:.0f} min" if value >= 10 or value == int(value) else f"{value:.1f} min"


def utc_now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)
