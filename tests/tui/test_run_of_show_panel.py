"""The facilitator's run of show: ahead/behind against the plan, the agenda item and what is next,
planned times of pending injects, and the compress / skip optional / extend controls."""

from __future__ import annotations

from exercise_engine.model.events import EventKind

from .conftest import facilitator_app, ready, screen_lines, wait_for, widget_texts


async def test_the_panel_shows_the_plan_and_the_room_falling_behind_then_compressing(session, demo, clock):
    app = facilitator_app(session, demo, clock)
    async with app.run_test(size=(140, 45)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: "Run of show" in widget_texts(app.screen), message="panel shown")
        assert "not started" in widget_texts(app.screen)
        await pilot.press("space")
        await wait_for(pilot, lambda: "on plan" in widget_texts(app.screen), message="on plan once running")
        first = demo.scenario.modules[0].title
        assert f"now: {first}" in widget_texts(app.screen)
        await pilot.press("space")  # the room talks on with the clock paused
        await wait_for(pilot, lambda: not app.live.state.running, message="paused")
        clock.advance(6 * 60)
        await pilot.press("space")
        await wait_for(pilot, lambda: "6 min behind" in widget_texts(app.screen), message="behind shown")
        assert "This module runs 6 min over" in widget_texts(app.screen)
        await pilot.press("c")
        await wait_for(pilot, lambda: any(e.kind is EventKind.plan_adjusted for e in app.live.state.events),
                       message="compress logged")
        await wait_for(pilot, lambda: "on plan" in widget_texts(app.screen), message="back on plan")
        assert app.live.state.events[-1].actor == "facilitator"


async def test_on_a_laptop_screen_the_run_of_show_is_one_line_that_leads_with_behind_or_ahead(tmp_path, clock):
    """At 80×24 the panel lists no injects (the MSEL does) and never wraps, so the MSEL, the response
    tracker and the decisions keep their rows; behind/ahead comes first, where a cut line keeps it."""
    from exercise_engine.store.session_store import SessionStore
    from exercise_engine.tui.widgets.msel_table import MselTable
    from exercise_engine.tui.widgets.run_of_show import RunOfShowPanel

    from .conftest import load

    loaded = load("session-8-cedar-falls-founders-day.yaml")
    path = tmp_path / "s8.ttx"
    SessionStore.create(path, loaded, clock=clock).close()
    app = facilitator_app(path, loaded, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        panel = app.screen.query_one(RunOfShowPanel)
        await wait_for(pilot, lambda: "Run of show" in widget_texts(app.screen), message="panel shown")
        await wait_for(pilot, lambda: panel.region.height == 2, message="one line under its rule")
        row = next(line for line in screen_lines(app).splitlines() if "Run of show" in line)
        assert "not started" in row and "now:" in row and row.rstrip().endswith("…")
        assert app.screen.query_one(MselTable).region.height >= 6  # its rows, not only its borders
        await pilot.resize_terminal(120, 40)
        await wait_for(pilot, lambda: panel.region.height > 4, message="the pending injects listed on a taller screen")
