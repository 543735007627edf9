"""A decision saved from a console carries actions only the scenario's models understand."""

from __future__ import annotations

from pathlib import Path

import pytest

from exercise_engine.engine.room import RoomError
from exercise_engine.loader import load_scenario
from exercise_engine.model.records import Action, Decision
from exercise_engine.session.live import LiveSession, Role
from exercise_engine.store.session_store import SessionStore

SCENARIO = Path(__file__).resolve().parents[1] / "data" / "models" / "scenario.yaml"


@pytest.fixture
def table(tmp_path: Path):
    loaded = load_scenario(SCENARIO)
    store = SessionStore.create(tmp_path / "s.ttx", loaded)
    session = LiveSession(store, Role("table", table="victim-services"))
    yield session
    session.close()
    store.close()


def decision(kind: str, **params) -> Decision:
    return Decision(table="victim-services", text="We staff it.", actions=[Action(kind=kind, params=params)])


def test_a_valid_action_is_saved_with_the_decision(table) -> None:
    event = table.log_decision(decision("staff_hotline", lines=6))
    assert event.data["decision"]["actions"] == [{"kind": "staff_hotline", "params": {"lines": 6}}]


@pytest.mark.parametrize(("kind", "params", "message"), [
    ("staff_hotline", {"lines": -2}, "staff_hotline: `lines` input should be greater than or equal to 0"),
    ("open_frc", {"site": "gym", "staff": 4}, "open_frc: no venue 'gym' in the community profile"),
    ("open_jic", {"staff": 2}, "action 'open_jic' is for the information model"),
    ("open_shelter", {}, "unknown action 'open_shelter'"),
])
def test_a_bad_action_is_refused_with_a_clear_message_and_nothing_saved(table, kind, params, message) -> None:
    before = table.store.last_seq()
    with pytest.raises(RoomError, match=message.replace("(", r"\(")):
        table.log_decision(decision(kind, **params))
    assert table.store.last_seq() == before
