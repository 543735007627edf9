"""Every time form the issue lists, read as planners write it, and placed on the story clock."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest

from exercise_engine.msel.times import When, parse_day, parse_time, story_times

H, M = 3600, 60


@pytest.mark.parametrize("value, seconds", [
    ("T+0", 0), ("T+45m", 45 * M), ("T+2h30m", 2 * H + 30 * M), ("T+1d4h", 28 * H), ("T+01:30", 90 * M),
    ("T+90", 90 * M), ("T + 2 hours", 2 * H), ("D+1 H+2 M-5", 24 * H + 2 * H - 5 * M), ("H+2:30", 150 * M),
    ("h+1", H), (timedelta(hours=3, minutes=15), 3 * H + 15 * M),
])
def test_offsets_from_incident_start(value, seconds):
    assert parse_time(value) == When("offset", seconds)


@pytest.mark.parametrize("value, seconds", [
    ("07:00", 7 * H), ("7:00:30", 7 * H + 30), ("0700", 7 * H), ("600", 6 * H), (600, 6 * H), (1415, 14 * H + 15 * M),
    (930.0, 9 * H + 30 * M), ("7:05 PM", 19 * H + 5 * M), ("12:00 am", 0), ("9 a.m.", 9 * H), ("0700L", 7 * H),
    ("1415Z", 14 * H + 15 * M), ("09:00 EST", 9 * H), ("20:40 CDT", 20 * H + 40 * M), ("noon", 12 * H),
    (0.375, 9 * H), ("0.375", 9 * H), (time(7, 30), 7 * H + 30 * M), (datetime(1899, 12, 30, 8, 0), 8 * H),
])
def test_clock_times(value, seconds):
    assert parse_time(value) == When("clock", seconds)


@pytest.mark.parametrize("value, day, weekday, seconds", [
    ("Day 2 09:00", 1, None, 9 * H), ("Day 1, 0800", 0, None, 8 * H), ("D3 1:15 PM", 2, None, 13 * H + 15 * M),
    ("Mon 0900", None, 0, 9 * H), ("Saturday 8:40 PM", None, 5, 20 * H + 40 * M), ("Sun, 07:00", None, 6, 7 * H),
])
def test_days_and_weekdays(value, day, weekday, seconds):
    assert parse_time(value) == When("clock", seconds, day=day, weekday=weekday)


@pytest.mark.parametrize("value, moment", [
    ("210900AUG2011", datetime(2011, 8, 21, 9, 0)), ("210900ZAUG11", datetime(2011, 8, 21, 9, 0)),
    (46557.375, datetime(2027, 6, 19, 9, 0)), ("46557.375", datetime(2027, 6, 19, 9, 0)),
    ("46557", datetime(2027, 6, 19)), ("2027-06-19 20:40", datetime(2027, 6, 19, 20, 40)),
    ("6/19/2027 8:40 PM", datetime(2027, 6, 19, 20, 40)), ("19 Jun 2027 0900", datetime(2027, 6, 19, 9, 0)),
    ("2027-06-19T20:40:00", datetime(2027, 6, 19, 20, 40)), (datetime(2027, 6, 19, 20, 40), datetime(2027, 6, 19, 20, 40)),
])
def test_dated_moments(value, moment):
    assert parse_time(value) == When("dated", moment=moment)


@pytest.mark.parametrize("value", ["banana", "25:00", "7:61", "13 PM", "T+soon", 1990, 12.5, "", True])
def test_what_is_not_a_time_says_so(value):
    with pytest.raises(ValueError):
        parse_time(value)


@pytest.mark.parametrize("value, expected", [
    ("Day 2", dict(day=1)), (2, dict(day=1)), ("D3", dict(day=2)), ("Sunday", dict(weekday=6)),
    ("6/20/2027", dict(date=datetime(2027, 6, 20).date())), (datetime(2027, 6, 20), dict(date=datetime(2027, 6, 20).date())),
    (46558, dict(date=datetime(2027, 6, 20).date())), ("46558", dict(date=datetime(2027, 6, 20).date())),
])
def test_day_columns(value, expected):
    part = parse_day(value)
    assert {k: getattr(part, k) for k in expected} == expected


def test_clock_times_count_from_the_first_event_and_roll_over_midnight():
    whens = [parse_time(t) for t in ("20:40", "23:30", "00:15", "Day 2 09:00")]
    assert story_times(whens) == [0, 2 * H + 50 * M, 3 * H + 35 * M, 12 * H + 20 * M]


def test_start_sets_incident_start_and_earlier_events_are_refused():
    whens = [parse_time(t) for t in ("20:40", "19:00")]
    assert story_times(whens, datetime(2027, 6, 19, 20, 0)) == [40 * M, "comes 1 h 00 min before the start (2027-06-19 20:00)"]


def test_weekdays_count_from_the_first_weekday_seen():
    whens = [parse_time(t) for t in ("Sat 20:40", "Sun 09:00", "Mon 09:00")]
    assert story_times(whens) == [0, 12 * H + 20 * M, 36 * H + 20 * M]


def test_dated_and_clock_rows_share_the_first_date():
    whens = [parse_time("190900JUN2027"), parse_time("10:30"), parse_time(datetime(2027, 6, 20, 9, 0))]
    assert story_times(whens) == [0, 90 * M, 24 * H]


def test_offsets_are_kept_as_written_and_seconds_round_to_minutes():
    whens = [parse_time("T+1h"), parse_time("T+0"), parse_time("07:00:40")]
    assert story_times(whens) == [H, 0, 0]
