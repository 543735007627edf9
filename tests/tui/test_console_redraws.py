"""A live console redraws only what changed (issue 8 item 6): clock ticks reach console screens only, redraw
the header without laying out the screen, and draw nothing at all while the clock is paused; a new
decision adds a row instead of rebuilding the feed."""

from __future__ import annotations

from textual.widget import Widget

from exercise_engine.engine.room import log_decision
from exercise_engine.model.records import Decision
from exercise_engine.tui.screens.base import ConsoleScreen
from exercise_engine.tui.screens.help import HelpScreen
from exercise_engine.tui.widgets.clock_header import ClockHeader
from exercise_engine.tui.widgets.decision_feed import DecisionFeed

from .conftest import facilitator_app, open_store, ready, wait_for


async def test_clock_ticks_redraw_the_header_only_and_nothing_while_paused(session, demo, clock, monkeypatch):
    layouts: list[str] = []
    header_updates: list[str] = []
    ticks: list[str] = []
    refresh, update, tick = Widget.refresh, ClockHeader.update, ConsoleScreen.on_clock_ticked

    def spy_refresh(self, *regions, repaint=True, layout=False, recompose=False):
        if layout:
            layouts.append(type(self).__name__)
        return refresh(self, *regions, repaint=repaint, layout=layout, recompose=recompose)

    def spy_update(self, content="", *, layout=True):
        header_updates.append(str(content))
        return update(self, content, layout=layout)

    def spy_tick(self, message):
        ticks.append(type(self).__name__)
        return tick(self, message)

    monkeypatch.setattr(Widget, "refresh", spy_refresh)
    monkeypatch.setattr(ClockHeader, "update", spy_update)
    monkeypatch.setattr(ConsoleScreen, "on_clock_ticked", spy_tick)
    app = facilitator_app(session, demo, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: len(ticks) >= 2, message="clock ticks")
        layouts.clear(), header_updates.clear(), ticks.clear()
        await wait_for(pilot, lambda: len(ticks) >= 4, message="clock ticks while paused")
        ours = [name for name in layouts if not name.startswith("Footer")]  # Textual's footer settles its keys late
        assert header_updates == [] and ours == [], (header_updates, layouts)
        posted = HelpScreen.post_message

        def spy_post(self, message):
            modal_messages.append(type(message).__name__)
            return posted(self, message)

        modal_messages: list[str] = []
        monkeypatch.setattr(HelpScreen, "post_message", spy_post)
        await pilot.press("question_mark")  # a modal on top gets no clock messages (nor the default screen)
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen) and len(ticks) >= 8, message="ticks")
        assert "ClockTicked" not in modal_messages
        assert [type(s).__name__ for s in app.screen_stack if not hasattr(s, "on_clock_ticked")] == \
            ["Screen", "HelpScreen"]  # the two screens the app no longer wakes on every tick
        await pilot.press("escape")

        await pilot.press("space")
        await wait_for(pilot, lambda: app.live.state.running, message="running")
        layouts.clear(), header_updates.clear()
        for minute in range(1, 4):
            clock.advance(60)
            await wait_for(pilot, lambda: len(header_updates) >= minute, message="the header following the clock")
        assert "ClockHeader" not in layouts and "FacilitatorScreen" not in layouts, layouts


async def test_a_new_decision_adds_a_row_and_keeps_the_others(session, demo, clock):
    app = facilitator_app(session, demo, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        feed = app.screen.query_one(DecisionFeed)
        store = open_store(session, clock)
        log_decision(store, Decision(table="steering", text="First"), story_time=0.0, actor="table:steering")
        await wait_for(pilot, lambda: feed.row_count == 1, message="the first row")
        first_row = feed.rows[next(iter(feed.rows))]
        log_decision(store, Decision(table="steering", text="Second"), story_time=0.0, actor="table:steering")
        await wait_for(pilot, lambda: feed.row_count == 2, message="the second row")
        assert first_row in feed.rows.values()  # the same row object: added to, not rebuilt
        assert "Second" in str(feed.get_row_at(0)[-1]) and "First" in str(feed.get_row_at(1)[-1])
        store.close()
