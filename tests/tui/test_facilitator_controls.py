"""Controls that skip or jump ask first and say what they will do; a skipped inject can be put back; the
facilitator sees what the last control did (issue 9 item 6)."""

from __future__ import annotations

from exercise_engine.model.events import EventKind
from exercise_engine.tui.screens.confirm import ConfirmScreen
from exercise_engine.tui.widgets.msel_table import MselTable

from .conftest import facilitator_app, open_store, ready, wait_for


def question(app) -> str:
    """The question on screen (the modal's text), or empty when none is open."""
    return app.screen.question if isinstance(app.screen, ConfirmScreen) else ""


def last_control(app) -> str:
    from exercise_engine.tui.screens.facilitator import FacilitatorScreen

    screen = next(s for s in app.screen_stack if isinstance(s, FacilitatorScreen))
    return str(screen.query_one("#last-control").content)


async def test_next_module_asks_what_it_skips_and_cancelling_changes_nothing(session, demo, clock):
    app = facilitator_app(session, demo, clock)
    first, second = demo.scenario.modules[0], demo.scenario.modules[1]
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        to_skip = [s.inject.id for s in app.live.state.injects.values()
                   if s.status == "pending" and s.module_id == first.id]
        assert len(to_skip) > 1
        before = app.live.state.last_seq
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), message="the question")
        asked = question(app)
        assert f"Skip {len(to_skip)} injects of Module 1 “{first.title}” and open Module 2 “{second.title}”" in asked
        await pilot.press("n")  # no
        await wait_for(pilot, lambda: not isinstance(app.screen, ConfirmScreen))
        assert app.live.state.last_seq == before and app.live.state.module_id == first.id
        assert "Cancelled" in last_control(app)

        await pilot.press("m", "y")
        await wait_for(pilot, lambda: app.live.state.module_id == second.id, message="the next module")
        skipped = {e.data["inject"] for e in open_store(session, clock).events() if e.kind is EventKind.inject_skipped}
        assert skipped == set(to_skip)
        await wait_for(pilot, lambda: f"skipped {len(to_skip)} injects of Module 1" in last_control(app),
                       message="the status line")


async def test_skip_asks_and_a_skipped_inject_can_be_put_back(session, demo, clock):
    app = facilitator_app(session, demo, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        msel = app.screen.query_one(MselTable)
        msel.focus()
        msel.move_cursor(row=msel.row_count - 1)
        target = msel.selected_inject_id
        title = demo.inject(target).title
        await pilot.press("s")
        await wait_for(pilot, lambda: f"Skip “{title}”" in question(app), message="the skip question")
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, ConfirmScreen))
        assert app.live.state.injects[target].status == "pending"

        await pilot.press("s", "y")
        await wait_for(pilot, lambda: app.live.state.injects[target].status == "skipped", message="skipped")
        await wait_for(pilot, lambda: f"skipped “{title}”" in last_control(app))
        await wait_for(pilot, lambda: str(msel.get_cell(target, "status")) == "skipped")

        await pilot.press("u")  # put it back
        await wait_for(pilot, lambda: app.live.state.injects[target].status == "pending", message="put back")
        await wait_for(pilot, lambda: str(msel.get_cell(target, "status")) == "pending")
        assert f"put “{title}”" in last_control(app) and "when the clock reaches its time" in last_control(app)
        assert open_store(session, clock).events()[-1].kind is EventKind.inject_restored

        # the last inject is now the next one after everything else: jump through; it is delivered on time
        while app.live.state.injects[target].status == "pending":
            seq = app.live.state.last_seq
            await pilot.press("n")
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), message="the jump question")
            assert "Jump the clock from" in question(app) or "Deliver" in question(app)
            await pilot.press("y")
            await wait_for(pilot, lambda: app.live.state.last_seq > seq, message="next inject")
        assert app.live.state.injects[target].status == "delivered"
