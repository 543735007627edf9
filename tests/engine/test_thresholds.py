"""Consequence injects from thresholds: once per crossing, after the duration, with hysteresis."""

from __future__ import annotations

from exercise_engine.engine.models.thresholds import ThresholdWatch
from exercise_engine.model.consequences import Threshold

M = 60


def crossings(threshold: Threshold, series: list[float]) -> list[tuple[int, str]]:
    watch = ThresholdWatch([threshold])
    found = []
    for minute, value in enumerate(series):
        found += [(minute, c["crossing"]) for c in watch.check(minute * M, {threshold.metric: value})]
    return found


def test_fires_once_after_the_metric_stays_over_for_the_duration() -> None:
    t = Threshold(id="wait", metric="reunification.mean_wait_minutes", above=90, for_minutes=15, release="frc-anger")
    series = [0] * 5 + [95] * 10 + [80] * 2 + [95] * 30
    assert crossings(t, series) == [(17 + 15, "fired")]


def test_hovering_at_the_line_does_not_flap() -> None:
    t = Threshold(id="wait", metric="reunification.mean_wait_minutes", above=90, release="frc-anger")
    series = [91, 89, 91, 85, 92, 80, 91]  # re-arms only at 81 or under (10 % back)
    assert crossings(t, series) == [(0, "fired"), (5, "rearmed"), (6, "fired")]


def test_below_thresholds_and_the_story_window() -> None:
    t = Threshold(id="sl", metric="hotline.service_level", below=0.5, for_minutes=0, after=10 * M, by=20 * M,
                  reset=0.8, release="hotline-jammed")
    series = [0.1] * 10 + [0.4] + [0.7] * 3 + [0.9] + [0.3] * 10
    assert crossings(t, series) == [(10, "fired"), (14, "rearmed"), (15, "fired")]


def test_a_threshold_needs_exactly_one_level() -> None:
    import pytest
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="exactly one"):
        Threshold(id="x", metric="hotline.waiting", release="y")
    with pytest.raises(ValidationError, match="exactly one"):
        Threshold(id="x", metric="hotline.waiting", above=1, below=2, release="y")
