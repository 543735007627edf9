"""The table console: a scribe reads injects, logs decisions, amends and retracts them."""

from __future__ import annotations

from textual.widgets import TabbedContent, TextArea

from exercise_engine.model.events import EventKind
from exercise_engine.tui.widgets.decision_feed import DecisionFeed
from exercise_engine.tui.widgets.participant_inject import InjectList

from .conftest import console_app, deliver, facilitator_app, open_store, ready, wait_for, widget_texts


async def test_saved_decision_is_in_the_store_and_in_the_facilitators_feed(session, demo, clock):
    store = open_store(session, clock)
    deliver(store, demo, ["demo-shots-fired", "demo-parents-at-the-tape"])
    app = console_app(session, clock, "table", "victim-services")
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: app.screen.query_one(InjectList).row_count == 2, message="two injects")
        await pilot.press("enter")  # answer the newest inject
        await wait_for(pilot, lambda: app.screen.query_one(TabbedContent).active == "decide")
        app.screen.query_one("#decision-text", TextArea).focus()
        await pilot.press(*"Open the FRC at the high school gym")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "saved" in str(app.screen.query_one("#decision-status").content),
                       message="save confirmation")

    logged = store.events(kinds=[EventKind.decision_logged])
    assert len(logged) == 1
    decision = logged[0].data["decision"]
    assert decision["text"] == "Open the FRC at the high school gym"
    assert decision["table"] == "victim-services"
    assert decision["inject"] == "demo-parents-at-the-tape"
    assert decision["practices"] == demo.inject("demo-parents-at-the-tape").practices
    assert logged[0].actor == "table:victim-services"

    facilitator = facilitator_app(session, demo, clock, fresh=False)
    async with facilitator.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        feed = facilitator.screen.query_one("#feed", DecisionFeed)
        await wait_for(pilot, lambda: feed.row_count == 1, message="decision in the feed")
        assert "Open the FRC at the high school gym" in widget_texts(facilitator.screen)


async def test_decision_from_another_console_appears_in_the_running_facilitator_feed(session, demo, clock):
    app = facilitator_app(session, demo, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        feed = app.screen.query_one("#feed", DecisionFeed)
        await pilot.pause()
        assert feed.row_count == 0
        other = open_store(session, clock)  # what a table console in another process does
        from exercise_engine.engine import room
        from exercise_engine.model.records import Decision

        room.log_decision(other, Decision(table="steering", text="Activate the EOC"), story_time=60,
                          actor="table:steering")
        await wait_for(pilot, lambda: feed.row_count == 1, message="decision in the feed")
        assert "Activate the EOC" in widget_texts(app.screen)


async def test_typing_survives_an_inject_arriving(session, demo, clock):
    store = open_store(session, clock)
    deliver(store, demo, ["demo-shots-fired"])
    app = console_app(session, clock, "table", "steering")
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await pilot.press("f3")
        text = app.screen.query_one("#decision-text", TextArea)
        text.focus()
        await pilot.press(*"Half-typed thought")
        deliver(store, demo, ["demo-parents-at-the-tape"])
        await wait_for(pilot, lambda: app.screen.query_one(InjectList).row_count == 2, message="new inject")
        await pilot.press(*" continues")
        assert text.text == "Half-typed thought continues"
        assert app.screen.focused is text


async def test_empty_decision_is_refused_with_a_message_and_nothing_saved(session, demo, clock):
    app = console_app(session, clock, "table", "steering")
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await pilot.press("f3", "ctrl+s")
        await wait_for(pilot, lambda: "Write what was decided" in str(app.screen.query_one("#decision-status").content))
    assert open_store(session, clock).events(kinds=[EventKind.decision_logged]) == []


async def test_bad_practice_number_keeps_the_text(session, demo, clock):
    app = console_app(session, clock, "table", "steering")
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await pilot.press("f3")
        app.screen.query_one("#decision-text", TextArea).text = "Staff the hotline"
        app.screen.query_one("#decision-practices").value = "4, 17"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "1 to 16" in str(app.screen.query_one("#decision-status").content))
        assert app.screen.query_one("#decision-text", TextArea).text == "Staff the hotline"
    assert open_store(session, clock).events(kinds=[EventKind.decision_logged]) == []


async def test_amend_and_retract_are_new_events(session, demo, clock):
    app = console_app(session, clock, "table", "steering")
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await pilot.press("f3")
        app.screen.query_one("#decision-text", TextArea).text = "Open the FRC at the library"
        await pilot.press("ctrl+s")
        ours = app.screen.query_one("#our-decisions", DecisionFeed)
        await wait_for(pilot, lambda: ours.row_count == 1, message="own decision listed")
        await pilot.press("f4")
        ours.focus()
        await pilot.press("a")
        await wait_for(pilot, lambda: app.screen.query_one(TabbedContent).active == "decide")
        area = app.screen.query_one("#decision-text", TextArea)
        assert area.text == "Open the FRC at the library"
        area.text = "Open the FRC at the high school instead"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "amended" in str(app.screen.query_one("#decision-status").content))
        await pilot.press("f4")
        ours.focus()
        await pilot.press("x")
        await pilot.press(*"superseded")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "retracted" in widget_texts(app.screen), message="retraction shown")

    kinds = [e.kind for e in open_store(session, clock).events()]
    assert kinds.count(EventKind.decision_logged) == 1
    assert kinds.count(EventKind.decision_amended) == 1
    assert kinds.count(EventKind.decision_retracted) == 1


async def test_unread_injects_are_marked_until_opened(session, demo, clock):
    store = open_store(session, clock)
    deliver(store, demo, ["demo-shots-fired", "demo-parents-at-the-tape"])
    app = console_app(session, clock, "table", "steering")
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        inject_list = app.screen.query_one(InjectList)
        await wait_for(pilot, lambda: inject_list.row_count == 2)
        # the highlighted (newest) one counts as opened; the older one is still unread
        assert inject_list.unread == {"demo-shots-fired"}
        await pilot.press("down")
        await wait_for(pilot, lambda: not inject_list.unread, message="all read")
