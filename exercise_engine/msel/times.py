"""MSEL times in every form planners write them, turned into story times (seconds from incident start).

A cell's time is one of three kinds: an `offset` already measured from incident start (`T+2h`,
`D+1 H+2 M-5`, a duration cell), a `dated` moment (a date-time group, an Excel date serial, a date
column plus a time), or a `clock` time of day, perhaps on a numbered day or a weekday (`0700L`,
`Day 2 09:00`, `Mon 8:40 PM`). `story_times` puts a sheet's times on one axis: offsets as written,
the rest relative to `--start` or to the first event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Literal

from openpyxl.utils.datetime import from_excel

DAY = 86400
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
ZONES = frozenset({"l", "z", "local", "utc", "gmt", "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "akst",
                   "akdt", "hst", "ast", "adt", "et", "ct", "mt", "pt", "bst", "cet", "cest"})
EARLIEST_SERIAL = 20000
"""Excel date serials below this (1954) are not taken for dates: a bare number is more likely HHMM."""


@dataclass(frozen=True)
class When:
    """A parsed time. `seconds`: from incident start (offset) or from midnight (clock)."""

    kind: Literal["offset", "dated", "clock"]
    seconds: int = 0
    moment: datetime | None = None
    day: int | None = None
    """Clock: 0-based exercise day when written (`Day 2` is 1)."""
    weekday: int | None = None
    """Clock: 0 = Monday, when written."""


@dataclass(frozen=True)
class DayPart:
    """What a separate Day/Date column says."""

    date: date | None = None
    day: int | None = None
    weekday: int | None = None


def _serial(number: float) -> datetime:
    value = from_excel(number)
    return value if isinstance(value, datetime) else datetime.combine(value, time())


def _clock(hours: int, minutes: int, seconds: int = 0) -> When:
    if not (0 <= hours <= 24 and 0 <= minutes < 60 and 0 <= seconds < 60) or (hours == 24 and (minutes or seconds)):
        raise ValueError("is not a time of day")
    return When("clock", hours * 3600 + minutes * 60 + seconds)


_T_PLUS = re.compile(r"^t\s*\+\s*(?P<rest>.*)$")
_UNIT = re.compile(r"(\d+(?:\.\d+)?)\s*(days?|d|hours?|hrs?|h|minutes?|mins?|m)(?![a-z])")
_DHM = re.compile(r"([dhm])\s*([+-])\s*(\d+)(?::(\d{2}))?")
_DTG = re.compile(r"^(\d{2})(\d{2})(\d{2})\s*([a-z])?\s*([a-z]{3})\s*(\d{4}|\d{2})$")
_HM = re.compile(r"^(\d{1,2})(?:[:.h](\d{2}))?(?::(\d{2}))?$")
_AMPM = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?(?::(\d{2}))?\s*([ap])\.?\s*m\.?$")
_DAY_PREFIX = re.compile(r"^(?:day|d)\s*(\d{1,3})\b[\s,:;-]*(?P<rest>.*)$")
_DATE_THEN_TIME = re.compile(r"^(?P<date>\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{2,4}|\d{1,2}[ -][a-z]{3,9}[ -,]+\d{4}|"
                             r"[a-z]{3,9}\.? \d{1,2},? \d{4})(?:[t\s,]+(?P<rest>.+))?$")
DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y", "%d %b %Y", "%d-%b-%Y", "%d %B %Y", "%d-%B-%Y", "%b %d %Y",
                "%b %d, %Y", "%B %d %Y", "%B %d, %Y")


def _offset_text(rest: str) -> int:
    rest = rest.strip()
    if re.fullmatch(r"\d+", rest):
        return int(rest) * 60  # T+90: minutes
    match = re.fullmatch(r"(\d+):(\d{2})(?::(\d{2}))?", rest)
    if match:
        return int(match[1]) * 3600 + int(match[2]) * 60 + int(match[3] or 0)
    units = _UNIT.findall(rest)
    if not units or _UNIT.sub("", rest).strip(" ,"):
        raise ValueError("is not a T+ offset (write T+45m, T+2h30m, T+1d4h or T+01:30)")
    scale = {"d": DAY, "h": 3600, "m": 60}
    return round(sum(float(n) * scale[u[0]] for n, u in units))


def _strip_zone(text: str) -> str:
    words = text.rsplit(None, 1)
    if len(words) == 2 and words[1].strip("()") in ZONES:
        return words[0]
    match = re.fullmatch(r"(\d{3,4}|\d{1,2}:\d{2}(?::\d{2})?)([a-z])", text)  # 0700L, 1415Z
    return match[1] if match else text


def parse_clock(text: str) -> When:
    """`07:00`, `0700`, `600`, `7:05 PM`, `0700L`, `09:00 EST`, `noon` → a clock time."""
    text = _strip_zone(text.strip())
    if text in ("noon", "midday"):
        return _clock(12, 0)
    if text == "midnight":
        return _clock(0, 0)
    match = _AMPM.match(text)
    if match:
        hours = int(match[1])
        if not 1 <= hours <= 12:
            raise ValueError("is not a time of day (AM/PM hours run 1–12)")
        return _clock(hours % 12 + (12 if match[4] == "p" else 0), int(match[2] or 0), int(match[3] or 0))
    match = re.fullmatch(r"(\d{3,4})", text)
    if match:  # HHMM, or a number that lost its leading zero (600 is 06:00)
        return _clock(int(text[:-2]), int(text[-2:]))
    match = _HM.match(text)
    if match and (match[2] is not None):
        return _clock(int(match[1]), int(match[2]), int(match[3] or 0))
    raise ValueError("is not a time this importer reads")


def _weekday(word: str) -> int | None:
    word = word.strip(" .,").lower()
    for index, name in enumerate(WEEKDAYS):
        if len(word) >= 3 and name.startswith(word[:3]) and (word == name or re.fullmatch(name + r"[a-z]*", word)):
            return index
    return None


def _date_text(text: str) -> date | None:
    cleaned = re.sub(r"\s+", " ", text.replace(",", ", ")).strip()
    for candidate in (cleaned, cleaned.replace(",", "")):
        for fmt in DATE_FORMATS:
            try:
                return datetime.strptime(candidate.title(), fmt).date()
            except ValueError:
                continue
    return None


def parse_time(value: object) -> When:
    """One time cell → a `When`; ValueError with a reason a planner can act on."""
    if isinstance(value, timedelta):
        return When("offset", round(value.total_seconds()))
    if isinstance(value, datetime):
        if value.year < 1901:  # Excel's day zero: a time of day stored as a date-time
            return When("clock", value.hour * 3600 + value.minute * 60 + value.second)
        return When("dated", moment=value)
    if isinstance(value, date):
        return When("dated", moment=datetime.combine(value, time()))
    if isinstance(value, time):
        return When("clock", value.hour * 3600 + value.minute * 60 + value.second)
    if isinstance(value, bool):
        raise ValueError("is not a time")
    if isinstance(value, (int, float)):
        return _number(float(value))
    text = " ".join(str(value).split()).lower()
    if not text:
        raise ValueError("is empty")
    if re.fullmatch(r"\d+\.\d+", text) or (re.fullmatch(r"\d+", text) and len(text) >= 5):
        return _number(float(text))  # a serial or fraction stored as text
    match = _T_PLUS.match(text)
    if match:
        return When("offset", _offset_text(match["rest"]))
    if re.fullmatch(r"(?:[dhm]\s*[+-]\s*\d+(?::\d{2})?\s*)+", text):
        scale = {"d": DAY, "h": 3600, "m": 60}
        total = 0
        for unit, sign, number, minutes in _DHM.findall(text):
            amount = int(number) * scale[unit] + (int(minutes) * 60 if minutes else 0)
            total += amount if sign == "+" else -amount
        return When("offset", total)
    match = _DTG.match(text)
    if match and match[5] in MONTHS:
        year = int(match[6]) + (2000 if len(match[6]) == 2 else 0)
        return When("dated", moment=datetime(year, MONTHS.index(match[5]) + 1, int(match[1]), int(match[2]),
                                            int(match[3])))
    match = _DAY_PREFIX.match(text)
    if match:
        return replace(parse_clock(match["rest"] or "00:00"), day=int(match[1]) - 1)
    first, _, rest = text.partition(" ")
    weekday = _weekday(first)
    if weekday is not None and rest:
        return replace(parse_clock(rest.lstrip(", ")), weekday=weekday)
    match = _DATE_THEN_TIME.match(text)
    if match:
        day = _date_text(match["date"])
        if day is not None:
            clock = parse_clock(match["rest"]) if match["rest"] else When("clock", 0)
            return When("dated", moment=datetime.combine(day, time()) + timedelta(seconds=clock.seconds))
    try:
        return When("dated", moment=datetime.fromisoformat(text.upper()))
    except ValueError:
        pass
    return parse_clock(text)


def _number(number: float) -> When:
    if 0 <= number < 1:  # an Excel time fraction
        return When("clock", round(number * DAY))
    if number.is_integer() and number < 2400:
        return parse_clock(str(int(number)))
    if number >= EARLIEST_SERIAL:
        return When("dated", moment=_serial(number))
    raise ValueError("is a number that is neither a clock time (HHMM) nor an Excel date")


def parse_day(value: object) -> DayPart:
    """A Day/Date cell: a date, an exercise day number (`Day 2`, `2`) or a weekday."""
    if isinstance(value, datetime):
        return DayPart(date=value.date())
    if isinstance(value, date):
        return DayPart(date=value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and 1 <= value <= 366:
            return DayPart(day=int(value) - 1)
        if value >= EARLIEST_SERIAL:
            return DayPart(date=_serial(float(value)).date())
        raise ValueError("is neither a day number nor an Excel date")
    text = " ".join(str(value).split()).lower()
    match = re.fullmatch(r"(?:day|d)?\s*(\d{1,3})", text)
    if match:
        return DayPart(day=int(match[1]) - 1)
    if re.fullmatch(r"\d{5}(?:\.\d+)?", text):
        return DayPart(date=_serial(float(text)).date())
    weekday = _weekday(text)
    if weekday is not None:
        return DayPart(weekday=weekday)
    parsed = _date_text(text)
    if parsed is None:
        raise ValueError("is not a date, a day number or a weekday")
    return DayPart(date=parsed)


def combine(day: DayPart | None, when: When) -> When:
    """A time with its separate Day/Date column applied (a clock time takes the day; others keep theirs)."""
    if day is None or when.kind != "clock":
        return when
    if day.date is not None:
        return When("dated", moment=datetime.combine(day.date, time()) + timedelta(seconds=when.seconds))
    return replace(when, day=day.day if day.day is not None else when.day,
                   weekday=day.weekday if day.weekday is not None else when.weekday)


def story_times(whens: list[When | None], start: datetime | None = None) -> list[int | str | None]:
    """Seconds from incident start (whole minutes) per time, in order; a str says why one cannot be placed.

    Clock times with no day roll over midnight when they drop by more than twelve hours; weekdays count
    from the first weekday seen (or `start`'s); clock times share the first date when the sheet also
    has dated rows; offsets are kept as written.
    """
    absolute: list[datetime | int | None] = []
    clocks = [w for w in whens if w is not None and w.kind == "clock"]
    dated = [w.moment for w in whens if w is not None and w.kind == "dated" and w.moment is not None]
    first_weekday = start.weekday() if start else next((w.weekday for w in clocks if w.weekday is not None), None)
    day, previous = 0, None
    for when in whens:
        if when is None or when.kind != "clock":
            absolute.append(when.moment if when is not None and when.kind == "dated" else None)
            continue
        if when.day is not None:
            day_index = when.day
        elif when.weekday is not None:
            day_index = (when.weekday - (first_weekday or 0)) % 7
        else:
            if previous is not None and when.seconds < previous - DAY // 2:
                day += 1
            previous = when.seconds
            day_index = day
        absolute.append(day_index * DAY + when.seconds)
    anchor_date = (start.date() if start else min(dated).date()) if (start or dated) else None
    moments: list[datetime | None] = []
    for value in absolute:
        if isinstance(value, int):
            moments.append(datetime.combine(anchor_date, time()) + timedelta(seconds=value) if anchor_date else None)
        else:
            moments.append(value)
    clock_only = [v for v in absolute if isinstance(v, int)]
    if start is not None:
        base: datetime | int | None = start
    elif dated:
        base = min(m for m in moments if m is not None)
    else:
        base = min(clock_only) if clock_only else None
    result: list[int | str | None] = []
    for when, value, moment in zip(whens, absolute, moments):
        if when is None:
            result.append(None)
            continue
        if when.kind == "offset":
            seconds = when.seconds
        elif isinstance(base, datetime) and moment is not None:
            seconds = round((moment - base).total_seconds())
        else:
            seconds = int(value) - int(base or 0)  # clock times only, no --start: from the first one
        if seconds < 0:
            result.append(f"comes {_span(-seconds)} before the start"
                          + (f" ({start:%Y-%m-%d %H:%M})" if start else ""))
        else:
            result.append(round(seconds / 60) * 60)
    return result


def _span(seconds: int) -> str:
    hours, rest = divmod(seconds // 60, 60)
    return f"{hours} h {rest:02d} min" if hours else f"{rest} min"
