"""The facilitator's run of show: ahead/behind against the plan, the agenda item and what is next,
planned times of pending injects, and the compress / skip optional / extend controls."""

from __future__ import annotations

from exercise_engine.model.events import EventKind

from .conftest import facilitator_app, ready, wait_for, widget_texts


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
