"""The table's decision form offers the scenario's model actions in plain words, with typed fields.

A scribe ticks "Staff N public inquiry lines", types 8 and saves: the decision carries the action and
the facilitator's engine runs the hotline with it. A bad number is refused beside its field with the
typed text kept; a scenario without `models:` shows no picker at all.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Select, Static, TextArea

from exercise_engine.engine.exercise import Exercise
from exercise_engine.loader.loaded import LoadedScenario
from exercise_engine.model.consequences import ACTIONS
from exercise_engine.model.events import EventKind
from exercise_engine.model.records import Action
from exercise_engine.store.session_store import SessionStore
from exercise_engine.tui.widgets.action_picker import (ActionPicker, action_title, describe_action,
                                                       offered_actions, problems_by_field, venue_names)
from exercise_engine.tui.widgets.choices import Tick

from .conftest import REPO, console_app, load, open_store, ready, screen_lines, wait_for, widget_texts

MODELS_SCENARIO = REPO / "tests" / "data" / "models" / "scenario.yaml"


@pytest.fixture
def models() -> LoadedScenario:
    return load(MODELS_SCENARIO)


@pytest.fixture
def models_session(tmp_path, models, clock) -> Path:
    path = tmp_path / "models.ttx"
    SessionStore.create(path, models, clock=clock).close()
    return path


async def open_decide(pilot, app) -> None:
    await ready(pilot)
    await pilot.press("f3")
    await wait_for(pilot, lambda: app.screen.query("#decision-text") and app.screen.focused is not None
                   and app.screen.focused.id == "decision-text", message="decision form")


async def tick(pilot, app, kind: str, on: bool = True) -> None:
    box = app.screen.query_one(f"#act-{kind}", Tick)
    box.focus()
    await pilot.press("space")
    await wait_for(pilot, lambda: box.value == on and app.screen.query_one(f"#action-{kind}").has_class("-ticked") == on,
                   message=f"{kind} ticked" if on else f"{kind} unticked")


def logged(path, clock) -> list:
    return open_store(path, clock).events(kinds=[EventKind.decision_logged])


def test_only_the_models_the_scenario_runs_offer_actions_labelled_in_plain_words(models) -> None:
    assert offered_actions(models.scenario.models) == ["open_frc", "assign_notification_teams", "staff_hotline"]
    assert offered_actions(None) == []
    assert action_title("staff_hotline") == "Staff N public inquiry lines (each with a call-taker)"
    assert all("_" not in action_title(kind) for kind in ACTIONS)  # never a kind's spelling
    assert describe_action(Action(kind="open_frc", params={"site": "frc", "staff": 12}), venue_names(models)) == \
        "Open the Friends & Relatives Center at one of the community's venues with N staff — venue: Testville Community Center, " \
        "staff: 12"


def test_an_unknown_venue_or_a_zero_is_reported_against_its_field(models) -> None:
    venues = venue_names(models)
    problems = problems_by_field(Action(kind="open_frc", params={"site": "gym", "staff": 0}),
                                 models.scenario.models, venues)
    assert problems == {"staff": ["Must be at least 1"]}  # the number first: a venue is checked on valid ones
    problems = problems_by_field(Action(kind="open_frc", params={"site": "gym", "staff": 4}),
                                 models.scenario.models, venues)
    assert problems == {"site": ["There is no venue 'gym' in the community profile: choose one from the list"]}
    assert problems_by_field(Action(kind="open_frc", params={"staff": 12}), models.scenario.models, venues) == {}


async def test_a_scribe_ticks_hotline_lines_types_8_and_the_engine_runs_the_hotline_with_it(
        models_session, models, clock):
    app = console_app(models_session, clock, "table", "victim-services")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_decide(pilot, app)
        assert "Staff N public inquiry lines (each with a call-taker)" in screen_lines(app) + widget_texts(app.screen)
        await tick(pilot, app, "staff_hotline")
        lines = app.screen.query_one("#act-staff_hotline-lines", Input)
        await wait_for(pilot, lambda: lines.has_focus, message="the number takes the focus once ticked")
        await pilot.press("8")
        app.screen.query_one("#decision-text", TextArea).focus()
        await pilot.press(*"Open eight hotline lines")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Decision 1 saved" in widget_texts(app.screen), message="saved")
        # the form starts empty for the next decision
        assert not app.screen.query_one("#act-staff_hotline", Tick).value and lines.value == ""
        assert not app.screen.query_one("#action-staff_hotline").has_class("-ticked")
    [event] = logged(models_session, clock)
    assert event.data["decision"]["actions"] == [{"kind": "staff_hotline", "params": {"lines": 8}}]

    store = open_store(models_session, clock)
    exercise = Exercise.open(models, store, clock=clock)  # the facilitator starting the clock
    exercise.resume()
    clock.advance(60)  # a wall minute: several story minutes at this module's pace
    exercise.tick()
    driven = [e.data for e in exercise.events if e.kind is EventKind.model_event and e.actor == "model:hotline"
              and e.data.get("reason") == "action"]
    assert driven and driven[0]["decisions"] == [event.seq]
    store.close()


async def test_a_bad_number_is_refused_beside_its_field_and_nothing_typed_is_lost_nor_an_unticked_action_saved(models_session, clock):
    app = console_app(models_session, clock, "table", "victim-services")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_decide(pilot, app)
        await pilot.press(*"Open the FRC")
        await tick(pilot, app, "open_frc")
        venue = app.screen.query_one("#act-open_frc-site", Select)
        assert venue.value == "frc"  # the profile's FRC, by name
        assert "Testville Community Center" in screen_lines(app)
        staff = app.screen.query_one("#act-open_frc-staff", Input)
        await wait_for(pilot, lambda: staff.has_focus, message="ticking goes to the number (the venue is chosen)")
        await pilot.press("0")
        await pilot.press("ctrl+s")
        problem = app.screen.query_one("#act-open_frc-staff-problem", Static)
        await wait_for(pilot, lambda: "Must be at least 1" in str(problem.content), message="problem beside Staff")
        assert "Not saved" in widget_texts(app.screen) and "Staff: must be at least 1" in widget_texts(app.screen)
        assert staff.has_focus  # scrolled to and focused, at 80x24
        assert app.screen.query_one("#decision-text", TextArea).text == "Open the FRC" and staff.value == "0"
        assert logged(models_session, clock) == []

        staff.value = ""
        await pilot.press(*"12")
        await tick(pilot, app, "assign_notification_teams")
        await pilot.press("3")
        await tick(pilot, app, "assign_notification_teams", on=False)  # changed our mind: not saved
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Decision 1 saved" in widget_texts(app.screen), message="saved once fixed")
    [event] = logged(models_session, clock)
    assert event.data["decision"]["actions"] == [{"kind": "open_frc", "params": {"site": "frc", "staff": 12}}]


async def amend_first(pilot, app) -> None:
    await pilot.press("f4")
    await wait_for(pilot, lambda: app.screen.query_one("#our-decisions").row_count == 1, message="our list")
    await pilot.press("a")
    await wait_for(pilot, lambda: "Amending decision 1" in widget_texts(app.screen), message="amending")


async def test_a_text_only_decision_saves_and_amending_adds_then_keeps_its_actions(models_session, clock):
    app = console_app(models_session, clock, "table", "victim-services")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_decide(pilot, app)
        await pilot.press(*"Four notification teams")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Decision 1 saved" in widget_texts(app.screen), message="text-only saved")
        await amend_first(pilot, app)
        await tick(pilot, app, "assign_notification_teams")
        await pilot.press("4")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Decision 1 amended" in widget_texts(app.screen), message="action added")
        await amend_first(pilot, app)
        teams = app.screen.query_one("#act-assign_notification_teams-teams", Input)
        assert teams.value == "4" and app.screen.query_one("#act-assign_notification_teams", Tick).value
        teams.value = "6"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: [len(d.versions) for d in app.live.state.decisions.values()] == [3],
                       message="amended again")
    [first] = logged(models_session, clock)
    assert first.data["decision"]["actions"] == []
    amended = open_store(models_session, clock).events(kinds=[EventKind.decision_amended])
    assert [e.data["decision"]["actions"] for e in amended] == [
        [{"kind": "assign_notification_teams", "params": {"teams": 4}}],
        [{"kind": "assign_notification_teams", "params": {"teams": 6}}]]


async def test_a_scenario_without_models_shows_no_action_picker(session, clock):
    app = console_app(session, clock, "table", "steering")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_decide(pilot, app)
        assert not app.screen.query(ActionPicker)
        assert "sets in motion" not in widget_texts(app.screen) + screen_lines(app)
