"""Controllers make a decision count: attach, change or remove its model actions (`a`).

The room says "we'll staff the hotline" in words; the facilitator or an evaluator attaches the action
with its number. The decision is amended; the models read the actions in force from the projection,
so the hotline runs with the new staffing from the amendment's story time on.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Select, Static

from exercise_engine.engine import room
from exercise_engine.engine.actions import active_actions
from exercise_engine.loader.loaded import LoadedScenario
from exercise_engine.model.events import EventKind
from exercise_engine.model.records import Decision
from exercise_engine.store.session_store import SessionStore
from exercise_engine.tui.screens.decision_actions import DecisionActionsScreen
from exercise_engine.tui.widgets.choices import Tick
from exercise_engine.tui.widgets.decision_feed import DecisionFeed

from .conftest import REPO, console_app, facilitator_app, load, open_store, ready, screen_lines, wait_for

MODELS_SCENARIO = REPO / "tests" / "data" / "models" / "scenario.yaml"
TEXT = "We will get more people on the phones."


@pytest.fixture
def models() -> LoadedScenario:
    return load(MODELS_SCENARIO)


@pytest.fixture
def decided(tmp_path, models, clock) -> tuple[Path, int]:
    """A models session where the victim-services table logged a decision in words only."""
    path = tmp_path / "models.ttx"
    store = SessionStore.create(path, models, clock=clock)
    event = room.log_decision(store, Decision(table="victim-services", text=TEXT), story_time=0,
                              actor="table:victim-services")
    store.close()
    return path, event.seq


async def open_modal(pilot, app, decision_id: int) -> DecisionActionsScreen:
    feed = app.screen.query_one("#feed", DecisionFeed)
    await wait_for(pilot, lambda: feed.row_count > 0, message="feed row")
    feed.focus()
    feed.move_cursor(row=feed.get_row_index(str(decision_id)))
    await pilot.press("a")
    await wait_for(pilot, lambda: isinstance(app.screen, DecisionActionsScreen), message="model actions modal")
    return app.screen


async def set_lines(pilot, app, lines: str, *, tick: bool) -> None:
    modal = await open_modal(pilot, app, app.decision_id)
    if tick:
        modal.query_one("#act-staff_hotline", Tick).focus()
        await pilot.press("space")
    field = modal.query_one("#act-staff_hotline-lines", Input)
    await wait_for(pilot, lambda: field.region.height > 0, message="lines field shown")
    field.value = ""
    field.focus()
    await pilot.press(*lines)
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: not isinstance(app.screen, DecisionActionsScreen), message="modal closed")


def hotline_lines(app) -> list[int]:
    state = app.live.state
    return [a.action.params["lines"] for a in active_actions(state, "staff_hotline", app.live.story_time())]


async def test_the_facilitator_attaches_then_changes_hotline_lines_and_the_hotline_model_follows(decided, models,
                                                                                                   clock):
    path, decision_id = decided
    app = facilitator_app(path, models, clock)
    app.decision_id = decision_id
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert "Model actions" in screen_lines(app)  # in the footer
        await set_lines(pilot, app, "4", tick=True)
        await wait_for(pilot, lambda: hotline_lines(app) == [4], message="4 lines in force")
        feed = app.screen.query_one("#feed", DecisionFeed)
        await wait_for(pilot, lambda: "lines: 4" in str(feed.get_cell(str(decision_id), "text")), message="feed")

        await pilot.press("space")  # the clock runs: the hotline model reads the decision
        clock.advance(30)
        await wait_for(pilot, lambda: driven_by(app, decision_id), message="hotline sample driven by the decision")
        first = driven_by(app, decision_id)[-1]

        modal = await open_modal(pilot, app, decision_id)
        assert modal.query_one("#act-staff_hotline-lines", Input).value == "4"  # what is in force, to change
        await pilot.press("escape")
        await set_lines(pilot, app, "12", tick=False)
        await wait_for(pilot, lambda: hotline_lines(app) == [12], message="12 lines in force")
        clock.advance(30)
        await wait_for(pilot, lambda: len(driven_by(app, decision_id)) > len([first]) and
                       driven_by(app, decision_id)[-1].seq != first.seq, message="the model takes the change")
    amended = open_store(path, clock).events(kinds=[EventKind.decision_amended])
    assert [(e.actor, e.data["decision"]["actions"], e.data["decision"]["text"]) for e in amended] == [
        ("facilitator", [{"kind": "staff_hotline", "params": {"lines": 4}}], TEXT),
        ("facilitator", [{"kind": "staff_hotline", "params": {"lines": 12}}], TEXT)]


def driven_by(app, decision_id: int) -> list:
    """Hotline samples recorded because the actions in force changed, naming this decision."""
    return [e for e in app.live.state.events if e.kind is EventKind.model_event and e.actor == "model:hotline"
            and e.data.get("reason") == "action" and decision_id in e.data.get("decisions", [])]


async def test_an_evaluator_fixes_a_bad_venue_removes_an_action_and_bad_values_keep_the_window_open(
        decided, models, clock):
    path, decision_id = decided
    store = open_store(path, clock)  # written before the check existed, say: a venue the profile lacks
    current = store.event(decision_id).data["decision"]
    room.amend_decision(store, decision_id, Decision.model_validate(
        {**current, "actions": [{"kind": "staff_hotline", "params": {"lines": 6}},
                                {"kind": "open_frc", "params": {"site": "gym", "staff": 4}}]}), story_time=0,
        actor="facilitator")
    store.close()
    app = console_app(path, clock, "evaluator", name="Dana")
    app.decision_id = decision_id
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        modal = await open_modal(pilot, app, decision_id)
        venue = modal.query_one("#act-open_frc-site", Select)
        assert venue.value == "gym"  # shown as it is, not silently replaced
        lines = modal.query_one("#act-staff_hotline-lines", Input)
        lines.value = ""
        lines.focus()
        await pilot.press("-", "1", "ctrl+s")
        problem = modal.query_one("#act-staff_hotline-lines-problem", Static)
        await wait_for(pilot, lambda: "Must be at least 0" in str(problem.content), message="problem shown")
        assert "There is no venue 'gym' in the community profile" in str(
            modal.query_one("#act-open_frc-site-problem", Static).content)
        assert "Not saved: Venue: there is no venue 'gym'" in screen_lines(app)  # the first problem, always in view
        assert isinstance(app.screen, DecisionActionsScreen) and lines.value == "-1"
        modal.query_one("#act-staff_hotline", Tick).focus()
        await pilot.press("space")  # unticked: removed
        venue.value = "frc"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, DecisionActionsScreen), message="saved")
        await wait_for(pilot, lambda: len(app.live.state.decisions[decision_id].versions) == 3, message="amended")
        assert active_actions(app.live.state, "staff_hotline", app.live.story_time()) == []
    [_, fixed] = open_store(path, clock).events(kinds=[EventKind.decision_amended])
    assert fixed.actor.startswith("evaluator") and fixed.data["decision"]["text"] == TEXT
    assert fixed.data["decision"]["actions"] == [{"kind": "open_frc", "params": {"site": "frc", "staff": 4}}]


async def test_without_models_there_is_no_model_actions_key(session, demo, clock):
    app = facilitator_app(session, demo, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert "Model actions" not in screen_lines(app)


def test_only_controller_consoles_can_attach_model_actions():
    from exercise_engine.tui.screens.decision_actions import AttachesModelActions
    from exercise_engine.tui.screens.evaluator import EvaluatorScreen
    from exercise_engine.tui.screens.facilitator import FacilitatorScreen
    from exercise_engine.tui.screens.projector import ProjectorScreen
    from exercise_engine.tui.screens.table import TableScreen

    for controller in (FacilitatorScreen, EvaluatorScreen):
        assert issubclass(controller, AttachesModelActions)
        assert any(getattr(b, "action", "") == "model_actions" for b in controller.BINDINGS)
    for participant in (TableScreen, ProjectorScreen):
        assert not issubclass(participant, AttachesModelActions)
        assert not any(getattr(b, "action", "") == "model_actions" for b in participant.BINDINGS)
