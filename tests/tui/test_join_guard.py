"""Join codes in browser mode: guessing is slowed per device and shown to the facilitator; the codes that open
the controller view (evaluator) and the clock (facilitator) appear on the facilitator screen only on request."""

from __future__ import annotations

from textual.widgets import Input

from exercise_engine.store.session_store import SessionStore
from exercise_engine.tui.app import make_app
from exercise_engine.tui.join_guard import FREE_TRIES, JoinGuard, join_log_path
from exercise_engine.tui.screens.join import JoinScreen
from exercise_engine.tui.screens.table import TableScreen
from exercise_engine.tui.widgets.join_codes import JoinCodes

from .conftest import facilitator_app, open_store, ready, screen_lines, squash, wait_for, widget_texts


class Seconds:
    """A fake wall clock in Unix seconds for the guard."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


async def test_wrong_codes_are_slowed_per_device_and_logged(session, demo, clock):
    codes = {join.table or join.role: code for code, join in open_store(session, clock).join_codes().items()}
    seconds = Seconds()
    guard = JoinGuard(join_log_path(session), "10.0.0.7", clock=seconds)
    app = make_app(None, open_store=lambda: SessionStore.open(session, clock=clock), clock=clock,
                   cursor_blink=False, poll_seconds=0.05, join_guard=guard)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, JoinScreen), message="join screen")
        field = app.screen.query_one("#join-code", Input)
        field.focus()
        for attempt in range(FREE_TRIES):
            field.value = f"WRONG{attempt}"
            await pilot.press("enter")
            await wait_for(pilot, lambda: "not a join code" in widget_texts(app.screen), message="refusal")
            field.value = ""
            await pilot.pause()
        # now even the right code is not checked until the wait is over
        field.value = codes["steering"]
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Too many wrong codes" in widget_texts(app.screen), message="slowed")
        assert isinstance(app.screen, JoinScreen)
        # another device is not slowed by this one's mistakes
        assert JoinGuard(join_log_path(session), "10.0.0.8", clock=seconds).wait_seconds() == 0
        seconds.now += guard.wait_seconds() + 1
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, TableScreen), message="table console after the wait")

    # the facilitator sees that someone typed wrong codes, and from where
    app = facilitator_app(session, demo, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: "3 wrong join codes from 1 device (last 10.0.0.7" in squash(screen_lines(app)),
                       message="wrong codes on the facilitator screen")


async def test_evaluator_and_facilitator_codes_are_shown_only_on_request(session, demo, clock):
    codes = {join.table or join.role: code for code, join in open_store(session, clock).join_codes().items()}
    app = facilitator_app(session, demo, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        shown = widget_texts(app.screen) + screen_lines(app)
        assert codes["steering"] in shown and codes["projector"] in shown
        assert codes["evaluator"] not in shown and codes["facilitator"] not in shown
        await pilot.click("#join-codes-toggle")
        await wait_for(pilot, lambda: codes["evaluator"] in screen_lines(app), message="evaluator code on request")
        assert codes["facilitator"] in screen_lines(app)
        app.screen.query_one(JoinCodes).toggle()  # hidden again (it also hides by itself after a minute)
        await wait_for(pilot, lambda: codes["evaluator"] not in screen_lines(app), message="hidden again")
