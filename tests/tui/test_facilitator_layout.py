"""The facilitator can see the room (issue 9 item 8): every table in the response tracker, decision text
before tags, pop-ups that hide nothing important and come as one under a burst, an MSEL that follows
the newest inject unless the facilitator is browsing, Help and Quit in the footer at 80×24, durations
people read."""

from __future__ import annotations

from exercise_engine.engine.room import log_decision
from exercise_engine.model.records import Decision
from exercise_engine.store.session_store import SessionStore
from exercise_engine.tui.screens.help import HelpScreen
from exercise_engine.tui.widgets.decision_feed import DecisionFeed
from exercise_engine.tui.widgets.msel_table import MselTable
from exercise_engine.tui.widgets.response_tracker import ResponseTracker, short_label

from .conftest import deliver, facilitator_app, load, open_store, ready, screen_lines, wait_for

SESSION8 = "session-8-cedar-falls-founders-day.yaml"


def _session(tmp_path, clock, loaded, delivered: int = 3):
    path = tmp_path / "s8.ttx"
    store = SessionStore.create(path, loaded, clock=clock)
    deliver(store, loaded, [i.id for i in loaded.injects[:delivered]])
    store.close()
    return path


def _region_text(app, widget) -> str:
    region = widget.region
    lines = screen_lines(app).splitlines()[region.y: region.y + region.height]
    return "\n".join(line[region.x: region.x + region.width] for line in lines)


async def test_every_table_is_in_the_response_tracker_at_120_columns_and_a_hint_when_narrower(tmp_path, clock):
    loaded = load(SESSION8)
    assert len(loaded.scenario.tables) == 5
    path = _session(tmp_path, clock, loaded)
    app = facilitator_app(path, loaded, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        tracker = app.screen.query_one(ResponseTracker)
        await wait_for(pilot, lambda: tracker.row_count == 3, message="tracker rows")
        shown = _region_text(app, tracker)
        for table in loaded.scenario.tables:
            assert short_label(table.id) in shown, f"{table.id} not visible in the tracker:\n{shown}"
        assert "more table" not in shown
        await pilot.resize_terminal(80, 24)
        await wait_for(pilot, lambda: "more tables → scroll" in _region_text(app, tracker), message="the hint")
        footer = screen_lines(app).splitlines()[-1]
        assert "? Help" in footer and "q Quit" in footer, footer


async def test_decision_text_comes_before_tags_and_durations_read_in_days(tmp_path, clock):
    loaded = load(SESSION8)
    path = _session(tmp_path, clock, loaded, delivered=1)
    first = loaded.injects[0]
    store = open_store(path, clock)
    log_decision(store, Decision(table="steering", inject=first.id, text="Open the FRC at the gym",
                                 tags=["a-very-long-tag-about-the-family-reception", "another-long-tag-here"]),
                 story_time=float(first.time or 0) + 2 * 86400, actor="table:steering")
    store.close()
    app = facilitator_app(path, loaded, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        feed = app.screen.query_one(DecisionFeed)
        await wait_for(pilot, lambda: "Open the FRC at the gym" in _region_text(app, feed), message="the text")
        line = next(x for x in _region_text(app, feed).splitlines() if "Open the FRC" in x)
        assert "#a-very" not in line.split("Open the FRC")[0]
        tracker = app.screen.query_one(ResponseTracker)
        await wait_for(pilot, lambda: first.id in tracker.rows, message="the first inject's row")
        tracker.move_cursor(row=tracker.get_row_index(first.id), animate=False)  # the clock ran on: scroll to it
        await wait_for(pilot, lambda: "2d 0h" in _region_text(app, tracker), message="a humanized duration")
        assert "2880m" not in screen_lines(app)


async def test_a_burst_of_200_decisions_makes_one_pop_up_away_from_the_feed_and_the_console_responds(tmp_path, clock):
    loaded = load(SESSION8)
    path = _session(tmp_path, clock, loaded)
    app = facilitator_app(path, loaded, clock)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await ready(pilot)
        app.screen._news.timeout = 600  # the pop-ups stay while a loaded machine works through the burst
        store = open_store(path, clock)
        tables = [t.id for t in loaded.scenario.tables]
        for i in range(200):
            log_decision(store, Decision(table=tables[i % 5], text=f"Burst decision {i}"), story_time=60.0,
                         actor=f"table:{tables[i % 5]}")
        store.close()
        await wait_for(pilot, lambda: len(app.live.state.decisions) == 200, message="the burst read", timeout=60)
        feed = app.screen.query_one(DecisionFeed)
        await wait_for(pilot, lambda: feed.row_count == 200, message="the burst in the feed", timeout=60)
        await wait_for(pilot, lambda: "Burst decision 199" in _region_text(app, feed), message="the newest on top",
                       timeout=60)
        toasts = list(app.screen.query("Toast"))
        # one pop-up per 2-second window (the first at once): the 200 saves above take a second or two
        assert 1 <= len(toasts) <= 3, f"{len(toasts)} pop-ups for one burst"
        assert "200 new decisions" in screen_lines(app) or "Burst decision" in str(toasts[0].render())
        protected = [feed, app.screen.query_one(ResponseTracker), app.screen.query_one("#join-codes"),
                     app.screen.query_one("#coverage")]
        for toast in toasts:
            for widget in protected:
                assert not toast.region.overlaps(widget.region), f"a pop-up covers {widget.id}"
        feed.focus()
        await pilot.press("ctrl+end")  # the oldest of the burst is reachable: the feed scrolls over all 200
        await wait_for(pilot, lambda: "Burst decision 0 " in _region_text(app, feed) + " ", message="the oldest row")
        assert feed.vertical_scrollbar.window_virtual_size >= 200
        await pilot.press("question_mark")  # the console still answers
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), message="help after the burst")


async def test_the_msel_follows_the_newest_inject_unless_the_facilitator_is_browsing(session, demo, clock):
    app = facilitator_app(session, demo, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        msel = app.screen.query_one(MselTable)

        def newest() -> str:
            return app.live.state.delivered()[-1].inject.id

        for _ in range(2):
            seq = app.live.state.last_seq
            await pilot.press("n", "y")
            await wait_for(pilot, lambda: app.live.state.last_seq > seq, message="a delivery")
            await wait_for(pilot, lambda: msel.selected_inject_id == newest(), message="the MSEL following")
        msel.focus()
        await pilot.press("up")  # browsing
        browsing = msel.selected_inject_id
        assert browsing != newest()
        seq = app.live.state.last_seq
        await pilot.press("n", "y")
        await wait_for(pilot, lambda: app.live.state.last_seq > seq, message="a delivery")
        await pilot.pause()
        assert msel.selected_inject_id == browsing
