"""Evaluator, projector and hotwash consoles, and what every console does when the session file misbehaves."""

from __future__ import annotations

import os

from textual.widgets import Input, RadioSet, Select, TextArea

from exercise_engine.model.events import EventKind
from exercise_engine.model.records import RATING_DEFINITIONS
from exercise_engine.tui.screens.base import TroubleBanner
from exercise_engine.tui.screens.confirm import ConfirmScreen

from .conftest import console_app, deliver, facilitator_app, open_store, ready, screen_lines, squash, wait_for, widget_texts


async def test_evaluator_sees_controller_text_and_saves_observation_and_rating(session, demo, clock):
    store = open_store(session, clock)
    deliver(store, demo, ["demo-shots-fired"])
    app = console_app(session, clock, "evaluator", name="Dana")
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        # read-only facilitator view: expected actions are visible to evaluators
        action = demo.inject("demo-shots-fired").expected_actions[0].text
        assert squash(action) in squash(widget_texts(app.screen))
        await pilot.press("f3")
        screen = app.screen
        for level, definition in RATING_DEFINITIONS.items():
            assert squash(definition) in squash(widget_texts(screen))
        objective = demo.scenario.objectives[0].id
        screen.query_one("#obs-objective", Select).value = objective
        screen.query_one("#obs-practice", Select).value = 4
        screen.query_one("#obs-kind", RadioSet).query("RadioButton")[1].value = True
        screen.query_one("#obs-text", TextArea).text = "No one named an FRC lead for 40 minutes"
        screen.query_one("#obs-text", TextArea).focus()
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Observation saved" in widget_texts(screen), message="observation saved")
        screen.query_one("#rating-objective", Select).value = objective
        screen.query_one("#rating-level", RadioSet).query("RadioButton")[2].value = True
        screen.query_one("#rating-explanation", Input).value = "FRC opened late"
        screen.query_one("#rating-explanation", Input).focus()
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Rating M" in widget_texts(screen), message="rating saved")

    observations = store.events(kinds=[EventKind.observation])
    ratings = store.events(kinds=[EventKind.rating])
    assert observations[0].data["observation"] == {
        "evaluator": "Dana", "practice": 4, "objective": objective, "kind": "improvement",
        "text": "No one named an FRC lead for 40 minutes", "decisions": []}
    assert observations[0].actor == "evaluator:Dana"
    assert ratings[0].data["rating"] == {"evaluator": "Dana", "objective": objective, "rating": "M",
                                         "explanation": "FRC opened late"}


async def test_projector_follows_the_latest_inject_by_itself(session, demo, clock):
    store = open_store(session, clock)
    app = console_app(session, clock, "projector")
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert "Waiting for the first inject" in widget_texts(app.screen)
        deliver(store, demo, ["demo-shots-fired"])
        first = demo.inject("demo-shots-fired")
        await wait_for(pilot, lambda: first.title in widget_texts(app.screen), message="first inject")
        assert squash(first.narrative)[:60] in squash(widget_texts(app.screen))
        deliver(store, demo, ["demo-parents-at-the-tape"])
        second = demo.inject("demo-parents-at-the-tape")
        await wait_for(pilot, lambda: second.title in widget_texts(app.screen), message="newer inject")
        assert first.title not in widget_texts(app.screen)


async def test_projector_shows_the_story_clock_the_facilitator_publishes(session, demo, clock):
    facilitator = facilitator_app(session, demo, clock)
    projector = console_app(session, clock, "projector")
    async with facilitator.run_test(size=(120, 40)) as fpilot:
        await ready(fpilot)
        async with projector.run_test(size=(120, 40)) as ppilot:
            await ready(ppilot)
            await wait_for(ppilot, lambda: "20:40" in str(projector.screen.query_one("#proj-clock").value))
            facilitator.live.control("resume")
            clock.advance(120)  # two wall minutes at the module's pace
            await wait_for(fpilot, lambda: facilitator.live.story_time() > 0)
            expected = demo.story_datetime(facilitator.live.story_time()).strftime("%H:%M")
            await wait_for(ppilot, lambda: str(projector.screen.query_one("#proj-clock").value) == expected,
                           message=f"projector clock {expected}")


async def test_hotwash_moves_tables_over_and_notes_and_feedback_are_saved(session, demo, clock):
    facilitator = facilitator_app(session, demo, clock)
    table = console_app(session, clock, "table", "steering")
    async with facilitator.run_test(size=(120, 40)) as fpilot:
        await ready(fpilot)
        await fpilot.press("w")
        await wait_for(fpilot, lambda: isinstance(facilitator.screen, ConfirmScreen))
        await fpilot.press("y")
        await wait_for(fpilot, lambda: facilitator.live.state.phase == "hotwash", message="hotwash phase")
        await wait_for(fpilot, lambda: "HOTWASH" in widget_texts(facilitator.screen))
    async with table.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await pilot.press("f6")
        screen = table.screen
        screen.query_one("#note-kind", RadioSet).query("RadioButton")[1].value = True
        screen.query_one("#note-text", TextArea).text = "We had no FRC site agreement"
        screen.query_one("#note-text", TextArea).focus()
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Note saved" in widget_texts(screen), message="note saved")
        for key in ("realistic", "objectives"):
            screen.query_one(f"#fb-{key}", RadioSet).query("RadioButton")[4].value = True
        screen.query_one("#fb-comments", Input).value = "More time for module 2"
        screen.query_one("#fb-comments", Input).focus()
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Feedback saved" in widget_texts(screen), message="feedback saved")

    store = open_store(session, clock)
    note = store.events(kinds=[EventKind.hotwash_note])[0]
    assert note.data["note"] == {"source": "steering", "kind": "improvement", "practice": None,
                                 "text": "We had no FRC site agreement"}
    feedback = store.events(kinds=[EventKind.feedback])[0].data["feedback"]
    assert feedback["ratings"] == {"realistic": 5, "objectives": 5}
    assert feedback["comments"] == "More time for module 2"
    assert feedback["table"] == "steering"


async def test_table_console_switches_to_hotwash_when_the_facilitator_opens_it(session, demo, clock):
    table = console_app(session, clock, "table", "steering")
    async with table.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        open_store(session, clock).append(EventKind.hotwash_started, {}, scenario_time=0, actor="facilitator")
        await wait_for(pilot, lambda: table.screen.query_one("TabbedContent").active == "hotwash",
                       message="hotwash tab")


async def test_missing_session_file_is_reported_on_screen_not_a_crash(session, demo, clock):
    app = console_app(session, clock, "table", "steering")
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        os.rename(session, session.with_suffix(".moved"))
        banner = app.screen.query_one(TroubleBanner)
        await wait_for(pilot, lambda: banner.has_class("-shown"), message="banner")
        assert "disappeared" in str(banner.content)
        assert "disappeared" in screen_lines(app)
        # typing and saving is refused with the text kept
        await pilot.press("f3")
        app.screen.query_one("#decision-text", TextArea).text = "Keep this text"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Not saved" in widget_texts(app.screen), message="refusal")
        assert app.screen.query_one("#decision-text", TextArea).text == "Keep this text"
        os.rename(session.with_suffix(".moved"), session)
        await wait_for(pilot, lambda: not banner.has_class("-shown"), message="banner cleared")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "saved" in str(app.screen.query_one("#decision-status").content)
                       and "Not" not in str(app.screen.query_one("#decision-status").content))
    assert len(open_store(session, clock).events(kinds=[EventKind.decision_logged])) == 1


async def test_missing_session_file_on_the_facilitator_console(session, demo, clock):
    app = facilitator_app(session, demo, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        session.unlink()
        banner = app.screen.query_one(TroubleBanner)
        await wait_for(pilot, lambda: banner.has_class("-shown"), message="banner")
        assert "disappeared" in str(banner.content)
        await pilot.press("space")  # refused, not a crash
        await pilot.pause()
        assert app.is_running


async def test_browser_landing_screen_opens_the_console_of_a_join_code(session, demo, clock):
    from textual.widgets import Input as TextInput

    from exercise_engine.store.session_store import SessionStore
    from exercise_engine.tui.app import make_app
    from exercise_engine.tui.screens.join import JoinScreen
    from exercise_engine.tui.screens.table import TableScreen

    codes = {join.table or join.role: code for code, join in open_store(session, clock).join_codes().items()}
    app = make_app(None, open_store=lambda: SessionStore.open(session, clock=clock), clock=clock,
                   cursor_blink=False, poll_seconds=0.05)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, JoinScreen), message="join screen")
        field = app.screen.query_one("#join-code", TextInput)
        field.focus()
        await pilot.press(*"NOPE42", "enter")
        await wait_for(pilot, lambda: "not a join code" in widget_texts(app.screen), message="refusal")
        field.value = codes["victim-services"].lower()  # codes are read aloud: case does not matter
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, TableScreen), message="table console")
        assert app.live.role.table == "victim-services"


async def test_command_palette_offers_every_facilitator_control(session, demo, clock):
    app = facilitator_app(session, demo, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        titles = {command.title for command in app.get_system_commands(app.screen)}
        for wanted in ("Pause or resume the clock", "Next inject", "Next module", "Fire selected inject",
                       "Skip selected inject", "Hold or release", "Start the hotwash", "Write the report",
                       "Improvement plan", "Speed up", "Slow down", "Help", "Light/dark theme"):
            assert wanted in titles


async def test_a_locked_session_file_does_not_freeze_the_console(session, demo, clock):
    import sqlite3

    app = console_app(session, clock, "table", "steering")
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        blocker = sqlite3.connect(session, isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")  # another program holds the write lock
        try:
            await pilot.press("f3")
            app.screen.query_one("#decision-text", TextArea).text = "Saved once the lock is gone"
            await pilot.press("ctrl+s")
            status = app.screen.query_one("#decision-status")
            await wait_for(pilot, lambda: "Saving" in str(status.content), message="saving")
            await pilot.press("f2")  # the console still answers while the save waits
            assert app.screen.query_one("TabbedContent").active == "injects"
            assert "Saving" in str(status.content)
        finally:
            blocker.execute("COMMIT")
            blocker.close()
        await wait_for(pilot, lambda: "saved" in str(status.content), message="saved after the lock")
    assert len(open_store(session, clock).events(kinds=[EventKind.decision_logged])) == 1
