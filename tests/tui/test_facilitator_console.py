"""The facilitator console: runs the clock, delivers injects, shows everything, guards against a second copy."""

from __future__ import annotations

from textual.widgets import Input

from exercise_engine.model.events import EventKind
from exercise_engine.store.session_store import SessionStore
from exercise_engine.tui.screens.base import TroubleBanner
from exercise_engine.tui.screens.confirm import ConfirmScreen
from exercise_engine.tui.screens.improvement_plan import ImprovementPlanScreen
from exercise_engine.tui.widgets.msel_table import MselTable

from .conftest import facilitator_app, open_store, ready, screen_lines, wait_for, widget_texts


def kinds(path, clock):
    return [e.kind for e in open_store(path, clock).events()]


async def test_space_starts_the_clock_and_it_follows_the_wall_clock(session, demo, clock):
    app = facilitator_app(session, demo, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert "PAUSED" in widget_texts(app.screen)
        await pilot.press("space")
        await wait_for(pilot, lambda: app.live.state.running, message="clock running")
        before = app.live.story_time()
        clock.advance(60)
        await wait_for(pilot, lambda: app.live.story_time() > before, message="story time moving")
        await wait_for(pilot, lambda: "RUNNING" in widget_texts(app.screen))
        published = open_store(session, clock).read_clock()
        assert published is not None and published.running


async def test_next_inject_delivers_it_and_the_msel_shows_it(session, demo, clock):
    app = facilitator_app(session, demo, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        delivered_before = len(app.live.state.delivered())
        await pilot.press("n", "y")  # n asks first
        await wait_for(pilot, lambda: len(app.live.state.delivered()) == delivered_before + 1, message="delivery")
        newest = app.live.state.delivered()[-1].inject.id
        msel = app.screen.query_one(MselTable)
        await wait_for(pilot, lambda: str(msel.get_cell(newest, "status")) == "delivered")


async def test_fire_and_skip_act_on_the_selected_inject(session, demo, clock):
    app = facilitator_app(session, demo, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        msel = app.screen.query_one(MselTable)
        msel.focus()
        last = msel.row_count - 1
        msel.move_cursor(row=last)
        target = msel.selected_inject_id
        await pilot.press("f")
        await wait_for(pilot, lambda: app.live.state.injects[target].status == "delivered", message="fired")
        msel.move_cursor(row=last - 1)
        other = msel.selected_inject_id
        await pilot.press("s", "y")  # s asks first
        await wait_for(pilot, lambda: app.live.state.injects[other].status == "skipped", message="skipped")
    log = open_store(session, clock).events()
    assert any(e.kind is EventKind.inject_delivered and e.data["inject"] == target and e.data["reason"] == "fired"
               for e in log)
    assert any(e.kind is EventKind.inject_skipped and e.data["inject"] == other for e in log)


async def test_selected_inject_shows_expected_actions_and_notes(session, demo, clock):
    app = facilitator_app(session, demo, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        inject = demo.inject("demo-shots-fired")
        text = widget_texts(app.screen)
        assert "Expected actions" in text
        assert inject.expected_actions[0].text.split()[0] in text
        assert inject.controller_notes.split()[0] in text


async def test_join_codes_are_shown_for_every_table(session, demo, clock):
    app = facilitator_app(session, demo, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        text = widget_texts(app.screen)
        for code, join in open_store(session, clock).join_codes().items():
            # the evaluator and facilitator codes open controller views: shown only on request (test_join_guard)
            assert (code in text) == (join.role not in ("facilitator", "evaluator"))


async def test_second_facilitator_console_is_read_only_and_says_so(session, demo, clock):
    first = facilitator_app(session, demo, clock, holder="first")
    second = facilitator_app(session, demo, clock, holder="second")
    async with first.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert not first.live.read_only
        async with second.run_test(size=(120, 40)) as pilot2:
            await ready(pilot2)
            assert second.live.read_only
            banner = second.screen.query_one(TroubleBanner)
            assert banner.has_class("-shown") and "read-only" in str(banner.content)
            await pilot2.press("space")
            await pilot2.pause()
            assert not second.live.state.running
            assert EventKind.clock_resumed not in kinds(session, clock)


async def test_quit_asks_first_then_pauses_and_releases_the_lease(session, demo, clock):
    app = facilitator_app(session, demo, clock, holder="first")
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("space")
        await wait_for(pilot, lambda: app.live.state.running)
        await pilot.press("q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), message="confirmation")
        await pilot.press("n")
        await wait_for(pilot, lambda: not isinstance(app.screen, ConfirmScreen))
        assert app.is_running
        await pilot.press("q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
    assert kinds(session, clock)[-1] is EventKind.clock_paused
    other = SessionStore.open(session, clock=clock)
    assert other.acquire_facilitator_lease("someone-else")  # resumable by the next console at once


async def test_resumed_session_continues_where_it_stopped(session, demo, clock):
    app = facilitator_app(session, demo, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("n", "y")
        await wait_for(pilot, lambda: len(app.live.state.delivered()) >= 2)
        delivered = [i.inject.id for i in app.live.state.delivered()]
        await pilot.press("q", "y")
    again = facilitator_app(session, demo, clock, fresh=False)
    async with again.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert [i.inject.id for i in again.live.state.delivered()] == delivered


async def test_improvement_plan_item_is_saved_as_an_event(session, demo, clock):
    app = facilitator_app(session, demo, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, ImprovementPlanScreen))
        app.screen.query_one("#ip-area", Input).value = "No pre-identified FRC site"
        app.screen.query_one("#ip-action", Input).value = "Sign an MOU with the high school"
        app.screen.query_one("#ip-organization", Input).value = "Emergency Management"
        app.screen.query_one("#ip-completion", Input).value = "2027-12-31"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "ip-1" in app.live.state.improvement_items, message="item saved")
        app.screen.query_one("#ip-completion", Input).value = "31/12/2027"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "YYYY-MM-DD" in str(app.screen.query_one("#ip-status").content))
        await pilot.press("escape")
    items = [e.data["item"] for e in open_store(session, clock).events(kinds=[EventKind.improvement_item])]
    assert items == [{**items[0], "item_id": "ip-1", "area": "No pre-identified FRC site",
                      "corrective_action": "Sign an MOU with the high school", "organization": "Emergency Management",
                      "completion": "2027-12-31"}]


async def test_report_key_calls_the_report_writer(session, demo, clock, tmp_path):
    written = []

    def write(store):
        written.append(store.path)
        return tmp_path / "report.html"

    app = facilitator_app(session, demo, clock, write_report=write)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("r")
        await wait_for(pilot, lambda: written == [session], message="report written")


async def test_help_lists_the_keys(session, demo, clock):
    app = facilitator_app(session, demo, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: "Pause/Resume" in screen_lines(app), message="help")
        assert "Next module" in screen_lines(app)
        await pilot.press("escape")


async def test_theme_toggles_and_resizing_does_not_crash(session, demo, clock):
    app = facilitator_app(session, demo, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        theme = app.theme
        await pilot.press("f8")
        assert app.theme != theme
        for size in ((80, 24), (60, 20), (200, 60), (80, 24)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
        assert app.is_running


async def test_read_only_facilitator_takes_over_when_the_first_one_quits(session, demo, clock):
    first = facilitator_app(session, demo, clock, holder="first")
    second = facilitator_app(session, demo, clock, holder="second")
    async with first.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("n", "y")
        await wait_for(pilot, lambda: len(first.live.state.delivered()) >= 2)
        async with second.run_test(size=(120, 40)) as pilot2:
            await ready(pilot2)
            assert second.live.read_only
            await pilot.press("q", "y")
            banner = second.screen.query_one(TroubleBanner)
            await wait_for(pilot2, lambda: not second.live.read_only, message="takeover")
            await wait_for(pilot2, lambda: not banner.has_class("-shown"), message="banner hidden")
            assert [i.inject.id for i in second.live.state.delivered()] == \
                [i.inject.id for i in first.live.state.delivered()]
            await pilot2.press("space")
            await wait_for(pilot2, lambda: second.live.state.running, message="second runs the clock")


async def test_module_situation_can_be_read_aloud_from_the_console(session, demo, clock):
    app = facilitator_app(session, demo, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("v")
        module = demo.scenario.modules[0]
        await wait_for(pilot, lambda: module.title in widget_texts(app.screen), message="situation")
        assert module.situation.split()[0] in widget_texts(app.screen)
        await pilot.press("escape")


async def test_improvement_plan_shows_the_reports_prefilled_rows_and_edits_them(session, demo, clock):
    from textual.widgets import DataTable

    from exercise_engine.cli.run_cmd import suggested_items
    from exercise_engine.engine import room
    from exercise_engine.model.records import Observation, ObservationKind

    store = open_store(session, clock)
    observed = room.record_observation(store, Observation(evaluator="Dana", practice=4, kind=ObservationKind.improvement,
                                                          text="No FRC site was agreed in advance"),
                                       story_time=600, actor="evaluator:Dana")
    app = facilitator_app(session, demo, clock, suggest_items=suggested_items)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, ImprovementPlanScreen))
        rows = app.screen.query_one(DataTable)
        await wait_for(pilot, lambda: rows.row_count == 1, message="prefilled row")
        item_id = next(iter(app.screen.rows))
        assert str(observed.seq) in item_id
        rows.focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen.item_id == item_id, message="row loaded")
        app.screen.query_one("#ip-action", Input).value = "Sign an MOU for the FRC site"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: item_id in app.live.state.improvement_items, message="edited row saved")
    saved = store.events(kinds=[EventKind.improvement_item])[0].data["item"]
    assert saved["item_id"] == item_id and saved["corrective_action"] == "Sign an MOU for the FRC site"
    assert saved["source"] == "observation"


async def test_end_asks_first_and_ends_the_exercise(session, demo, clock):
    app = facilitator_app(session, demo, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: app.live.state.phase == "ended", message="ended")
        await wait_for(pilot, lambda: "ENDED" in widget_texts(app.screen))
    assert kinds(session, clock)[-1] is EventKind.exercise_ended


async def test_a_file_locked_by_another_program_shows_a_message_and_the_console_recovers(session, demo, clock):
    """Another program holds the SQLite write lock: the facilitator keeps responding, says why the clock
    waits, and once the lock is gone carries on; the deliveries due meanwhile all happen."""
    import sqlite3

    app = facilitator_app(session, demo, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("space")
        await wait_for(pilot, lambda: app.live.state.running, message="clock running")
        banner = app.screen.query_one(TroubleBanner)
        other = sqlite3.connect(session, isolation_level=None, timeout=0)
        other.execute("BEGIN IMMEDIATE")  # a backup or sync tool holding the file
        try:
            await wait_for(pilot, lambda: banner.has_class("-shown") and "locked by another program"
                           in str(banner.content), timeout=5, message="busy message")
            delivered = len(app.live.state.delivered())
            clock.advance(10 * 60)  # the story passes several injects meanwhile
            await pilot.press("space")  # a control while locked: refused with the message, never a freeze
            await wait_for(pilot, lambda: "locked by another program" in widget_texts(app.screen), timeout=5)
            await pilot.press("question_mark")  # the console still answers keys
            await wait_for(pilot, lambda: "Pause/Resume" in screen_lines(app), timeout=5, message="help")
            await pilot.press("escape")
            assert len(app.live.state.delivered()) == delivered and app.live.state.running
        finally:
            other.execute("ROLLBACK")
            other.close()
        await wait_for(pilot, lambda: not banner.has_class("-shown"), message="banner hidden")
        await wait_for(pilot, lambda: len(app.live.state.delivered()) > delivered, message="deliveries resume")
    log = open_store(session, clock).events()
    assert [e.kind for e in log].count(EventKind.clock_paused) == 0  # the refused pause was not half-done
    assert [e.data["inject"] for e in log if e.kind is EventKind.inject_delivered] == \
        [i.inject.id for i in app.live.state.delivered()]


async def test_a_full_disk_keeps_the_exercise_going_with_a_banner_until_the_write_succeeds(session, demo, clock):
    """The disk fills up mid-exercise: injects still reach the room, a control still works, the banner
    says nothing is saved yet and stays until the writes go through; quitting then tells the truth."""
    from exercise_engine.store.session_store import SessionError

    app = facilitator_app(session, demo, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        store = app.live.store
        full = {"now": False}
        for name in ("append_events", "publish_clock"):
            real = getattr(store, name)

            def guarded(*args, real=real, **kwargs):
                if full["now"]:
                    raise SessionError(f"{store.path}: database or disk is full")
                return real(*args, **kwargs)
            setattr(store, name, guarded)
        banner = app.screen.query_one(TroubleBanner)
        full["now"] = True
        await pilot.press("space")  # start the clock on a full disk: done, and said, never a traceback
        await wait_for(pilot, lambda: app.live.state.running, message="clock running")
        await wait_for(pilot, lambda: banner.has_class("-shown") and "Not saved yet" in str(banner.content),
                       message="full-disk banner")
        delivered = len(app.live.state.delivered())
        clock.advance(10 * 60)
        await wait_for(pilot, lambda: len(app.live.state.delivered()) > delivered, message="deliveries go on")
        for _ in range(10):
            await pilot.pause(0.05)
            assert banner.has_class("-shown"), "the banner stays while nothing can be saved"
        full["now"] = False
        await wait_for(pilot, lambda: not banner.has_class("-shown"), message="banner gone once saved")
        assert app.live.unsaved == 0
        seen = [i.inject.id for i in app.live.state.delivered()]
        full["now"] = True
        clock.advance(10 * 60)
        await wait_for(pilot, lambda: app.live.unsaved > 0, message="unsaved again")
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), message="quit asks")
        await pilot.press("y")
    assert app.close_warning and "could not be saved" in app.close_warning
    log = open_store(session, clock).events()
    written = [e.data["inject"] for e in log if e.kind is EventKind.inject_delivered]
    assert written == seen and len(set(written)) == len(written), "saved once each, in the order the room saw"


async def test_the_header_names_the_session_file(session, demo, clock):
    """Which file is this? The facilitator sees it without looking for it (it is what to copy or resume)."""
    app = facilitator_app(session, demo, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: session.name in screen_lines(app).splitlines()[0], message="file name in the header")
