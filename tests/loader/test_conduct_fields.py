"""The scenario fields the HSEEP paper needs: core capabilities, conduct texts, simulation cell, time zone."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from exercise_engine.loader import load_scenario
from exercise_engine.model.community import Community
from exercise_engine.model.conduct import DEFAULT_GROUND_RULES
from exercise_engine.model.core_capabilities import CORE_CAPABILITIES, MITIGATION, PRACTICE_CAPABILITIES, core_capability
from exercise_engine.model.inject import CONTROLLER_ONLY_FIELDS
from exercise_engine.model.scenario import Objective, Scenario

REPO = Path(__file__).resolve().parent.parent.parent


def test_the_32_core_capabilities_with_their_mission_areas() -> None:
    assert len(CORE_CAPABILITIES) == len({c.id for c in CORE_CAPABILITIES}) == 32
    assert core_capability("community-resilience").mission_areas == (MITIGATION,)
    assert len(core_capability("planning").mission_areas) == 5
    assert set(PRACTICE_CAPABILITIES) == set(range(1, 17))


def test_an_objective_without_capabilities_is_filed_under_its_practices_ones() -> None:
    derived = Objective(id="o", text="t", practices=[4, 5])
    assert derived.capabilities == ("mass-care-services", "fatality-management-services")
    named = Objective(id="o", text="t", practices=[4], core_capabilities=["housing"])
    assert named.capabilities == ("housing",)
    with pytest.raises(ValidationError):
        Objective(id="o", text="t", practices=[4], core_capabilities=["mass-care"])


def test_time_zones_are_iana_names() -> None:
    assert Community(name="x", jurisdiction="y", time_zone="America/Chicago").time_zone == "America/Chicago"
    for bad in ("EST5EDT/x", "America/New_Yrok", "../../etc/passwd", ""):
        with pytest.raises(ValidationError, match="time zone"):
            Community(name="x", jurisdiction="y", time_zone=bad)


def test_existing_scenarios_get_the_hseep_defaults_and_session_eight_its_own_data() -> None:
    loaded = load_scenario(REPO / "scenarios" / "session-8-cedar-falls-founders-day.yaml")
    s: Scenario = loaded.scenario
    assert s.ground_rules == list(DEFAULT_GROUND_RULES) and s.assumptions and s.artificialities and s.safety_note
    assert loaded.time_zone == "America/New_York"  # from the community profile
    assert all(t.evaluators for t in s.tables) and s.simulation_cell
    demo = load_scenario(REPO / "scenarios" / "demo.yaml")
    assert demo.scenario.simulation_cell == [] and demo.scenario.ground_rules


def test_the_responsible_controller_is_controller_only() -> None:
    assert "responsible_controller" in CONTROLLER_ONLY_FIELDS
