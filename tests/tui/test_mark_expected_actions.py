"""Controllers mark the expected actions a decision meets; contingency injects follow those marks.

Table scribes never see the controller's tags, so the facilitator (or an evaluator) watching the room
ticks the expected actions a decision meets; the decision is amended with their tags, and a
contingency inject whose action was marked met in time is skipped.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input, SelectionList

from exercise_engine.engine import room
from exercise_engine.model.events import EventKind
from exercise_engine.model.records import Decision
from exercise_engine.tui.screens.mark_actions import MarkActionsScreen, action_choices
from exercise_engine.tui.widgets.decision_feed import DecisionFeed

from .conftest import console_app, deliver, facilitator_app, open_store, ready, wait_for, widget_texts

CONTINGENCY = "demo-who-runs-the-frc"
"""Released at T+50m unless a decision tagged frc-opened was logged by T+40m."""
FRC_TEXT = "Open the family center at the Community Center gym; buses from the park."


def log_frc_decision(session, clock, inject: str | None = "demo-parents-at-the-tape") -> int:
    """The victim-services scribe logs the FRC decision without any tag (they do not know the tags)."""
    store = open_store(session, clock)
    event = room.log_decision(store, Decision(table="victim-services", inject=inject, practices=[4], text=FRC_TEXT),
                              story_time=15 * 60, actor="table:victim-services")
    store.close()
    return event.seq


async def mark(pilot, app, decision_id: int, tags: list[str]) -> None:
    """Select the decision in the feed, press t, tick exactly `tags`, save."""
    feed = app.screen.query_one("#feed", DecisionFeed)
    await wait_for(pilot, lambda: decision_id in app.live.state.decisions and feed.row_count > 0, message="feed row")
    feed.focus()
    feed.move_cursor(row=feed.get_row_index(str(decision_id)))
    await pilot.press("t")
    await wait_for(pilot, lambda: isinstance(app.screen, MarkActionsScreen), message="mark modal")
    options = app.screen.query_one(SelectionList)
    for index in range(options.option_count):
        if (options.get_option_at_index(index).value in tags) != (options.get_option_at_index(index).value
                                                                   in options.selected):
            options.highlighted = index
            await pilot.press("space")
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: not isinstance(app.screen, MarkActionsScreen), message="modal closed")


def amendments(session, clock):
    return open_store(session, clock).events(kinds=[EventKind.decision_amended])


async def test_marking_an_expected_action_amends_the_decision_and_the_feed_shows_it(session, demo, clock):
    decision_id = log_frc_decision(session, clock)
    app = facilitator_app(session, demo, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await mark(pilot, app, decision_id, ["frc-opened"])
        await wait_for(pilot, lambda: app.live.state.decisions[decision_id].current.tags == ["frc-opened"],
                       message="amendment read by the engine")
        feed = app.screen.query_one("#feed", DecisionFeed)
        await wait_for(pilot, lambda: "#frc-opened" in str(feed.get_cell(str(decision_id), "text")),
                       message="feed shows the mark")
    [amended] = amendments(session, clock)
    assert amended.actor == "facilitator" and amended.data["decision_id"] == decision_id
    first = open_store(session, clock).event(decision_id).data["decision"]
    assert amended.data["decision"] == {**first, "tags": ["frc-opened"]}  # nothing else changed


async def test_unticking_removes_only_the_offered_tag(session, demo, clock):
    store = open_store(session, clock)
    logged = room.log_decision(store, Decision(table="steering", inject="demo-parents-at-the-tape", text=FRC_TEXT,
                                               tags=["frc-opened", "our-own-word"]),
                               story_time=600, actor="table:steering")
    app = facilitator_app(session, demo, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await mark(pilot, app, logged.seq, [])
        await wait_for(pilot, lambda: len(amendments(session, clock)) == 1, message="amendment")
    assert amendments(session, clock)[0].data["decision"]["tags"] == ["our-own-word"]


def test_the_modal_offers_the_answered_injects_actions_then_every_delivered_one_and_scenario_tags(demo, session, clock):
    from exercise_engine.engine.projection import project

    store = open_store(session, clock)
    deliver(store, demo, ["demo-shots-fired", "demo-parents-at-the-tape"])
    state = project(demo, store.events())
    choices, _ = action_choices(state, Decision(table="steering", text="x"))
    expected = ["victim-services-liaison-in-command", "frc-opened", *demo.scenario.tags]
    assert [c.tag for c in choices] == expected
    answering, _ = action_choices(state, Decision(table="steering", text="x", inject="demo-old-phone-number"))
    assert [c.tag for c in answering] == ["roster-owner-assigned", *expected]  # the answered inject's first


async def jump_until_settled(pilot, app, inject_id: str) -> None:
    while app.live.state.injects[inject_id].status == "pending":
        seq = app.live.state.last_seq
        await pilot.press("n", "y")  # n asks first
        await wait_for(pilot, lambda: app.live.state.last_seq > seq, message="next inject")


@pytest.mark.parametrize("marked", [True, False], ids=["marked-met", "not-marked"])
async def test_a_contingency_is_skipped_when_its_action_was_marked_met_in_time(session, demo, clock, marked):
    decision_id = log_frc_decision(session, clock)
    app = facilitator_app(session, demo, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        if marked:
            await mark(pilot, app, decision_id, ["frc-opened"])
            await wait_for(pilot, lambda: app.live.state.decisions[decision_id].is_amended, message="engine has it")
        await jump_until_settled(pilot, app, CONTINGENCY)
        item = app.live.state.injects[CONTINGENCY]
    assert (item.status, item.reason) == (("skipped", "condition") if marked else ("delivered", "released"))


async def test_an_evaluator_can_mark_too(session, demo, clock):
    decision_id = log_frc_decision(session, clock, inject=None)
    deliver(open_store(session, clock), demo, ["demo-parents-at-the-tape"])
    app = console_app(session, clock, "evaluator", name="Dana")
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("f3", "t")  # typing an observation: t is a letter there
        await wait_for(pilot, lambda: app.screen.query_one("#obs-text").text == "t", message="typed")
        assert not isinstance(app.screen, MarkActionsScreen)
        await pilot.press("f2")
        await mark(pilot, app, decision_id, ["frc-opened"])
        await wait_for(pilot, lambda: len(amendments(session, clock)) == 1, message="amendment")
    [amended] = amendments(session, clock)
    assert amended.actor == "evaluator:Dana" and amended.data["decision"]["tags"] == ["frc-opened"]


async def test_a_table_console_never_reaches_the_modal_nor_shows_controller_tags(session, demo, clock):
    decision_id = log_frc_decision(session, clock)
    store = open_store(session, clock)
    deliver(store, demo, ["demo-parents-at-the-tape"])
    first = store.event(decision_id).data["decision"]
    room.amend_decision(store, decision_id, Decision.model_validate({**first, "tags": ["frc-opened"]}),
                        story_time=900, actor="facilitator")
    app = console_app(session, clock, "table", "victim-services")
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        for keys in (["t"], ["f4", "t"], ["f4", "enter"], ["f3", "t"], ["ctrl+p"]):
            await pilot.press(*keys)
            await pilot.pause()
            assert not any(isinstance(s, MarkActionsScreen) for s in app.screen_stack), keys
            await pilot.press("escape")
        from textual.command import CommandPalette

        assert not isinstance(app.screen, CommandPalette)
        assert "frc-opened" not in widget_texts(app.screen)
        assert "amended" not in widget_texts(app.screen)  # the controller's mark is not the table's amendment
        # amending its decision: the Tags field does not show the controller's tag, and saving keeps it
        await pilot.press("f4")
        feed = app.screen.query_one("#our-decisions", DecisionFeed)
        await wait_for(pilot, lambda: feed.row_count == 1, message="our decision")
        await pilot.press("a")
        tags = app.screen.query_one("#decision-tags", Input)
        await wait_for(pilot, lambda: app.screen.query_one("#decision-text").text == FRC_TEXT, message="loaded")
        assert tags.value == "" and "frc-opened" not in widget_texts(app.screen)
        tags.value = "buses"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: len(amendments(session, clock)) == 2, message="table amendment")
    assert amendments(session, clock)[-1].data["decision"]["tags"] == ["buses", "frc-opened"]


def test_the_palette_offers_the_mark_command_only_to_controllers():
    from exercise_engine.tui.screens.evaluator import EvaluatorScreen
    from exercise_engine.tui.screens.facilitator import FacilitatorScreen
    from exercise_engine.tui.screens.mark_actions import MarksExpectedActions
    from exercise_engine.tui.screens.projector import ProjectorScreen
    from exercise_engine.tui.screens.table import TableScreen

    assert issubclass(FacilitatorScreen, MarksExpectedActions) and issubclass(EvaluatorScreen, MarksExpectedActions)
    for participant in (TableScreen, ProjectorScreen):
        assert not issubclass(participant, MarksExpectedActions)
        assert not any(getattr(b, "action", "") == "mark_actions" for b in participant.BINDINGS)


async def test_t_in_the_response_tracker_marks_the_decision_answering_that_inject(session, demo, clock):
    decision_id = log_frc_decision(session, clock)
    deliver(open_store(session, clock), demo, ["demo-parents-at-the-tape"])
    app = facilitator_app(session, demo, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        from exercise_engine.tui.widgets.response_tracker import ResponseTracker

        tracker = app.screen.query_one("#responses", ResponseTracker)
        await wait_for(pilot, lambda: tracker.row_count > 0, message="tracker rows")
        tracker.focus()
        tracker.move_cursor(row=tracker.get_row_index("demo-parents-at-the-tape"))
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, MarkActionsScreen), message="mark modal")
        assert app.screen.decision.decision_id == decision_id
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, MarkActionsScreen))
    assert amendments(session, clock) == []  # cancelled: nothing written


def test_the_scenarios_own_tags_are_offered_with_their_meaning():
    from exercise_engine.engine.projection import project

    from .conftest import load

    loaded = load("session-8-cedar-falls-founders-day.yaml")
    state = project(loaded, [])
    choices, _ = action_choices(state, Decision(table=loaded.scenario.tables[0].id, text="x"))
    offered = {c.tag: c for c in choices}
    assert set(loaded.scenario.tags) <= set(offered)
    for tag, meaning in loaded.scenario.tags.items():
        assert offered[tag].text == meaning.strip() and offered[tag].source == "scenario tag"
