"""A scenario's `models:` section and decisions' actions: every mistake at its file:line:col, all at once."""

from __future__ import annotations

import os

import pytest

from exercise_engine.engine.script_file import load_decisions
from exercise_engine.loader import load_scenario
from exercise_engine.loader.errors import UserError

from .helpers import DATA, ROOT, run_ttx

REL = os.path.relpath(DATA / "bad-models", ROOT)

EXPECTED = {
    "models-fields.yaml": [
        "35:22: killed: -1 must be at least 0",
        "36:13: unknown key 'handle_minute' (did you mean 'handle_minutes'?)",
        "36:49: patience_minutes: 0 must be more than 0.0",
    ],
    "models-references.yaml": [
        "36:30: metric 'volunteers_donations.warehouse_backlog' needs the volunteers_donations model: "
        "add `volunteers_donations: {}` under `models:`",
        "39:15: unknown metric 'hotline.abandonned_share' (did you mean 'hotline.abandoned_share'?); "
        "metrics are written model.metric, see docs/models.md",
        "41:16: inject 'bp04-frc-crowd' is released by a threshold, so it must be `type: consequence` "
        "(else it is also delivered at its time)",
        "42:11: threshold id 'jammed' is used twice",
        "45:16: unknown inject 'bp04-frc-no-leed' (did you mean 'bp04-frc-no-lead'?)",
    ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_bad_models_section_fails_validate_with_each_problem(name: str, capsys, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    code, out, err = run_ttx(["validate", f"{REL}/{name}"], capsys)
    assert code == 1
    shown = [line.removeprefix(f"{REL}/{name}:") for line in out.splitlines() if line.startswith(f"{REL}/{name}:")
             and line[len(REL) + len(name) + 2].isdigit()]
    assert shown == EXPECTED[name]
    assert "Traceback" not in out + err


def test_a_good_models_section_loads_with_defaults_filled_in() -> None:
    loaded = load_scenario(DATA / "models" / "scenario.yaml")
    models = loaded.scenario.models
    assert models is not None and models.enabled() == ["reunification", "notification", "hotline"]
    assert models.reunification.intake_minutes == 12 and models.reunification.members_per_victim == 4.5
    assert models.hotline.handle_minutes == 5 and models.hotline.service_target_seconds == 20
    assert models.thresholds[0].for_minutes == 15


def test_decisions_scripts_check_every_action() -> None:
    loaded = load_scenario(DATA / "models" / "scenario.yaml")
    with pytest.raises(UserError) as caught:
        load_decisions(DATA / "models" / "bad-actions.yaml", loaded)
    path = str(DATA / "models" / "bad-actions.yaml")
    assert [str(p).removeprefix(path + ":") for p in caught.value.problems] == [
        "5:39: open_frc: no venue 'frc_alternat' in the community profile; its venues are fac, frc, incident_site",
        "10:45: staff_hotline: `lines` input should be a valid integer, unable to parse string as an integer",
        "11:14: unknown action 'staf_hotline'; the actions are assign_notification_teams, deploy_crisis_counselors, "
        "designate_official_fund, open_donations_warehouse, open_fac, open_frc, open_jic, open_resiliency_center, "
        "open_volunteer_center, set_briefing_cadence, staff_hotline",
        "16:14: action 'designate_official_fund' is for the volunteers_donations model, which this scenario's "
        "`models:` section does not run",
        "17:67: assign_notification_teams: `pairs` is not a parameter of this action",
    ]


def test_good_actions_become_decisions() -> None:
    loaded = load_scenario(DATA / "models" / "scenario.yaml")
    decisions = load_decisions(DATA / "models" / "decisions.yaml", loaded)
    assert [a.kind for d in decisions for a in d.actions] == ["open_frc", "staff_hotline", "assign_notification_teams"]
