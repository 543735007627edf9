"""The bundled Session Eight rehearsal exercises the consequence models (issue 13): each key decision carries
the model action its expected action stands for, and the models' thresholds release consequence injects —
the ones the room's decisions came too late for, not the ones it prevented."""

from __future__ import annotations

from pathlib import Path

import pytest

from exercise_engine.cli.main import main
from exercise_engine.engine.script_file import load_decisions
from exercise_engine.loader import load_scenario
from exercise_engine.model.events import EventKind
from exercise_engine.store.session_store import SessionStore

REPO = Path(__file__).resolve().parents[2]
(SESSION_8,) = sorted((REPO / "scenarios").glob("session-8-*.yaml"))
SCRIPT = REPO / "scenarios" / "rehearsals" / "session-8-decisions.yaml"

ACTION_OF_TAG = {
    "frc-opened": "open_frc",
    "notification-team-assigned": "assign_notification_teams",
    "hotline-staffed": "staff_hotline",
    "volunteer-reception-center-opened": "open_volunteer_center",
    "donated-goods-site-opened": "open_donations_warehouse",
    "official-fund-announced": "designate_official_fund",
    "frc-briefing-schedule": "set_briefing_cadence",
    "jic-activated": "open_jic",
    "fac-site-selected": "open_fac",
}
"""The key decisions of docs/content-todo.md §3: expected-action tag → the action a controller attaches."""


def fired(session: Path) -> dict[str, str]:
    """Threshold id → the consequence inject it released, in a rehearsed session."""
    store = SessionStore.open(session)
    try:
        return {e.data["threshold"]: e.data["inject"] for e in store.events(kinds=[EventKind.model_event])
                if e.data.get("model") == "thresholds" and e.data.get("crossing") == "fired"}
    finally:
        store.close()


@pytest.fixture(scope="module")
def rehearsals(tmp_path_factory) -> dict[str, dict[str, str]]:
    """The bundled script's rehearsal, and one in which the room decides nothing."""
    folder = tmp_path_factory.mktemp("s8")
    found = {}
    for name, extra in (("scripted", ["--decisions", str(SCRIPT)]), ("silent", [])):
        session = folder / f"{name}.ttx"
        assert main(["rehearse", str(SESSION_8), "--session", str(session), *extra]) == 0
        found[name] = fired(session)
    return found


def test_each_key_decision_carries_its_model_action() -> None:
    decisions = load_decisions(SCRIPT, load_scenario(SESSION_8))
    for tag, kind in ACTION_OF_TAG.items():
        tagged = [d for d in decisions if tag in d.tags]
        assert tagged, f"no scripted decision takes {tag}"
        assert any(a.kind == kind for d in tagged for a in d.actions), f"{tag} decisions carry no {kind} action"


def test_the_models_release_at_least_four_consequence_injects_between_the_two_rooms(rehearsals) -> None:
    released = {**rehearsals["scripted"], **rehearsals["silent"]}
    assert len(released) >= 4, released
    scenario = load_scenario(SESSION_8)
    assert all(scenario.inject(i).type.value == "consequence" for i in released.values())


def test_a_decision_in_time_prevents_its_consequence_and_a_late_one_does_not(rehearsals) -> None:
    scripted, silent = rehearsals["scripted"], rehearsals["silent"]
    # four notification teams at T+4h15m keep identified families from waiting; with none they wait
    assert "told-late" in silent and "told-late" not in scripted
    # the family line decided at T+1h30m still answers nothing at T+3h (two hours to stand up)
    assert "line-unanswered" in scripted
    # families wait for news only where an FRC was opened for them to wait in
    assert "frc-no-news" in scripted and "frc-no-news" not in silent
