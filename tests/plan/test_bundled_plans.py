"""The bundled scenarios as a planner meets them (issue 13): `ttx plan` warns about none of them, and each
roadmap session's day — welcome, modules, breaks, report-outs, hotwash — fits the roadmap's time."""

from __future__ import annotations

from pathlib import Path

import pytest

from exercise_engine.engine.plan_warnings import located
from exercise_engine.engine.run_of_show import plan
from exercise_engine.loader import load_scenario
from exercise_engine.model.practices import SESSIONS
from bundled_scenarios import ROOT, SCENARIOS  # tests/ is on the path (rootdir conftest)


def test_every_bundled_scenario_is_checked() -> None:
    names = [p.name for p in SCENARIOS]
    assert "demo.yaml" in names and len([n for n in names if n.startswith("session-")]) == 8


def test_no_bundled_scenario_has_a_plan_warning(bundled_scenario) -> None:
    found = located(bundled_scenario)
    assert found == [], "\n".join(map(str, found))


@pytest.mark.parametrize("path", [p for p in SCENARIOS if p.name.startswith("session-")], ids=lambda p: p.stem)
def test_each_session_day_fits_its_roadmap_time(path: Path) -> None:
    loaded = load_scenario(path)
    number = loaded.scenario.session
    assert number is not None, "a roadmap session says which one it is"
    low, high = SESSIONS[number - 1].minutes
    assert low <= round(plan(loaded).end) <= high


def test_the_demo_day_stays_short() -> None:
    demo = load_scenario(ROOT / "scenarios" / "demo.yaml")
    assert 10 <= demo.planned_minutes <= 15
    assert plan(demo).end <= 30, "a first try of the consoles, not a session"
