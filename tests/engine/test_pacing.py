"""The story clock's arithmetic, without SimPy: what a facilitator sees the clock do as wall time passes."""

from __future__ import annotations

import pytest

from exercise_engine.engine.pacing import Pacing, pace
from exercise_engine.engine.synthetic import make_module

H = 3600

FIRST_HOURS = make_module("m1", 0, 6 * H, 60)
"""6 story hours in 60 planned minutes: 6 story seconds per wall second (6 story minutes a minute)."""
DAY_TWO = make_module("m2", 24 * H, 48 * H, 48)
"""24 story hours in 48 planned minutes: 30 story seconds per wall second."""


@pytest.fixture
def pacing() -> Pacing:
    return Pacing([DAY_TWO, FIRST_HOURS])  # out of order on purpose: story order is Pacing's job


def test_a_module_plays_its_story_span_in_its_planned_minutes() -> None:
    assert pace(FIRST_HOURS) == 6.0
    assert pace(DAY_TWO) == 30.0


def test_a_planned_minute_of_the_first_hours_is_six_story_minutes(pacing) -> None:
    assert pacing.story_after(0, 60) == 6 * 60
    assert pacing.story_after(0, 60 * 60) == 6 * H  # the whole module in its planned hour


def test_speed_multiplies_the_pace(pacing) -> None:
    assert pacing.story_after(0, 60, speed=2) == 2 * 6 * 60
    assert pacing.story_after(0, 60, speed=0.5) == 0.5 * 6 * 60


def test_crossing_into_the_next_module_switches_pace_and_skips_the_gap(pacing) -> None:
    # one planned minute finishes the first hours; the next minute runs from day two's start at its pace
    assert pacing.story_after(6 * H - 6 * 60, 2 * 60) == pytest.approx(24 * H + 60 * 30)


def test_the_clock_between_modules_jumps_to_the_next_one(pacing) -> None:
    assert pacing.module_at(12 * H) is None and pacing.pace_at(12 * H) == 0.0
    assert pacing.story_after(12 * H, 10) == 24 * H + 10 * 30


def test_the_clock_never_passes_the_end_of_the_last_module(pacing) -> None:
    assert pacing.end == 48 * H
    assert pacing.story_after(47 * H, 24 * H) == 48 * H
    assert pacing.story_after(48 * H, 60) == 48 * H


def test_the_module_at_a_story_time_and_its_pace(pacing) -> None:
    assert [m.id for m in pacing.modules] == ["m1", "m2"]
    assert pacing.module_at(0).id == "m1" and pacing.pace_at(0) == 6.0
    assert pacing.module_at(6 * H) is None  # a module's end belongs to the gap after it
    assert pacing.module_at(30 * H).id == "m2" and pacing.pace_at(30 * H) == 30.0


def test_a_hold_stops_the_clock_at_its_inject(pacing) -> None:
    assert pacing.limit(0) == 48 * H  # no hold: the end of the last module
    assert pacing.limit(0, hold_at=30 * 60) == 30 * 60
    assert pacing.limit(30 * 60, hold_at=30 * 60, hold_reached=True) == 30 * 60
    assert pacing.limit(30 * 60 + 5, hold_reached=True) == 30 * 60 + 5  # reached: the clock stays where it is


def test_consoles_are_told_where_the_running_clock_stops_next(pacing) -> None:
    assert pacing.stop_at(0, pacing.limit(0)) == 6 * H  # the end of the first hours
    assert pacing.stop_at(0, pacing.limit(0, hold_at=30 * 60)) == 30 * 60  # the held inject comes first
    assert pacing.stop_at(12 * H, pacing.limit(12 * H)) == 48 * H  # between modules: the scenario's end
