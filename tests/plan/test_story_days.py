"""Story times written as a day and a clock time of the story: `Day 2 09:00`, `Sun 09:00`."""

from __future__ import annotations

from datetime import datetime

import pytest

from exercise_engine.loader import ScenarioError, load_scenario
from exercise_engine.model.story_time import format_story_time, parse_day_time

from .scenario_text import HEADER, inject, load, module, write

START = datetime(2027, 6, 19, 20, 40)  # a Saturday evening


@pytest.mark.parametrize(("text", "offset"), [
    ("Day 1 20:40", "T+0"), ("Day 1 21:00", "T+20m"), ("Day 2 09:00", "T+12h20m"), ("Sun 09:00", "T+12h20m"),
    ("Sunday 9:00", "T+12h20m"), ("sat 23:00", "T+2h20m"), ("Mon 10:00", "T+1d13h20m"), ("Day 8 20:40", "T+7d"),
])
def test_a_day_and_clock_time_is_an_offset_from_the_incident(text: str, offset: str) -> None:
    assert format_story_time(parse_day_time(text, START)) == offset


def test_injects_and_modules_accept_days_and_keep_both_forms(tmp_path) -> None:
    loaded = load(tmp_path, module("m1", "Day 1 20:40", "Day 3 09:00", 30,
                                   inject("a", "Sun 09:00") + inject("b", "T+1d"), pacing="step"))
    a = loaded.inject("a")
    assert a.time == 12 * 3600 + 20 * 60 and loaded.scenario.modules[0].end == 2 * 86400 - (11 * 3600 + 40 * 60)
    assert loaded.story_datetime(a.time) == datetime(2027, 6, 20, 9, 0)
    assert a.model_dump(mode="json")["time"] == "T+12h20m"  # written back (session snapshots) as T+…


@pytest.mark.parametrize(("written", "message"), [
    ("Day 1 08:00", "'Day 1 08:00' is before the incident starts (Sat 19 Jun 2027 20:40)"),
    ("Sat 10:00", "for a later week write `Day <n> HH:MM`"),
    ("Day 2 25:00", "25:00 is not a clock time"),
    ("Day 0 10:00", "days are counted from Day 1"),
])
def test_a_wrong_day_time_is_an_error_at_its_line_and_column(tmp_path, written: str, message: str) -> None:
    path = write(tmp_path, module("m1", "T+0", "T+3d", 30, inject("a", written)))
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    problems = [p for p in caught.value.problems if message in p.message]
    assert problems, caught.value
    line = path.read_text(encoding="utf-8").splitlines()[problems[0].line - 1]
    assert line[problems[0].column - 1:].startswith(written)


def test_a_day_time_needs_the_scenarios_incident_start(tmp_path) -> None:
    path = write(tmp_path, module("m1", "T+0", "T+3d", 30, inject("a", "Day 2 09:00")))
    path.write_text(path.read_text(encoding="utf-8").replace("incident_start: 2027-06-19T20:40:00\n", ""),
                    encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert any("set the scenario's `incident_start`" in p.message and p.line for p in caught.value.problems)


def test_full_width_digits_are_not_a_day_time() -> None:
    assert parse_day_time("Day ２ 09:00", START) is None
    assert "incident_start" in HEADER
