"""The Situation Manual front matter of every bundled scenario (issue 13): each session's own ground rules and
participant-safety note, objectives that name a core capability and a time standard, and a Situation Manual
that shows participants nothing controller-only."""

from __future__ import annotations

import pytest

from exercise_engine.loader import load_scenario
from exercise_engine.model import conduct
from exercise_engine.report.handouts.situation_manual import situation_manual
from report.test_handouts import controller_only  # tests/ is on the path (rootdir conftest)

from .helpers import ROOT
from .test_session_eight_content import TIME_STANDARD


def test_each_scenario_has_its_own_ground_rules_and_safety_note(bundled_scenario) -> None:
    s = bundled_scenario.scenario
    assert s.ground_rules != list(conduct.DEFAULT_GROUND_RULES) and len(s.ground_rules) >= 2
    assert s.safety_note != conduct.DEFAULT_SAFETY_NOTE
    assert "any time" in s.safety_note, "the note tells people they may step out"
    assert "clinician" in s.safety_note or "behavioral health" in s.safety_note, "and where support is"
    assert "fictional" in s.safety_note or "fictional" in " ".join(s.artificialities)


def test_every_objective_names_a_core_capability_and_a_time_standard(bundled_scenario) -> None:
    for objective in bundled_scenario.scenario.objectives:
        assert objective.core_capabilities, f"{bundled_scenario.path.name}: {objective.id} names no core capability"
        assert TIME_STANDARD.search(objective.text), f"{bundled_scenario.path.name}: {objective.id} has no time standard"


@pytest.mark.parametrize("number", [3, 4, 7])
def test_virtual_sessions_say_where_support_is_on_the_call(number: int) -> None:
    """Sessions Three, Four and Seven are virtual in the roadmap: no clinician 'in the room'."""
    (path,) = ROOT.glob(f"scenarios/session-{number}-*.yaml")
    note = load_scenario(path).scenario.safety_note
    assert "in the room" not in note and "on the call" in note


def test_the_situation_manual_shows_nothing_controller_only(bundled_scenario) -> None:
    text = "".join(situation_manual(bundled_scenario).text().split())
    secret = controller_only(bundled_scenario)
    assert secret, "the check has something to look for"
    leaked = [t[:60] for t in secret if "".join(t.split()) in text]
    assert not leaked, f"{bundled_scenario.path.name}: the Situation Manual shows {leaked[:3]}"
    assert "".join(bundled_scenario.scenario.safety_note.split()) in text  # and it does show the front matter
    assert all("".join(r.split()) in text for r in bundled_scenario.scenario.ground_rules)
