"""A mistaken observation, rating, hotwash note or improvement-plan row can be withdrawn from the console that
made it: the console asks why, writes a `record_withdrawn` event, and shows the record as withdrawn."""

from __future__ import annotations

from exercise_engine.engine import room
from exercise_engine.model.events import EventKind
from exercise_engine.model.records import HotwashNote, Observation
from exercise_engine.tui.screens.confirm import AskScreen
from exercise_engine.tui.screens.improvement_plan import ImprovementPlanScreen
from exercise_engine.tui.widgets.record_list import RecordList

from .conftest import console_app, facilitator_app, open_store, ready, wait_for, widget_texts


async def _withdraw(pilot, app, reason: str) -> None:
    await wait_for(pilot, lambda: isinstance(app.screen, AskScreen), message="the reason prompt")
    await pilot.press(*reason, "enter")


async def test_an_evaluator_withdraws_an_observation(session, demo, clock):
    store = open_store(session, clock)
    wrong = room.record_observation(store, Observation(evaluator="Dana", kind="strength", practice=4,
                                                       text="Typed for the wrong table"),
                                    story_time=0, actor="evaluator:Dana")
    kept = room.record_observation(store, Observation(evaluator="Dana", kind="improvement", practice=5,
                                                      text="Notification teams lacked a chaplain"),
                                   story_time=0, actor="evaluator:Dana")
    app = console_app(session, clock, "evaluator", name="Dana")
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("f4")
        records = app.screen.query_one(RecordList)
        await wait_for(pilot, lambda: records.row_count == 2, message="both observations listed")
        records.move_cursor(row=records.get_row_index(str(wrong.seq)))
        await pilot.press("x")
        await _withdraw(pilot, app, "wrong table")
        await wait_for(pilot, lambda: "withdrawn: wrong table" in widget_texts(app.screen), message="shown withdrawn")
        await pilot.press("x")  # a second time: nothing more is written
        await wait_for(pilot, lambda: any("already withdrawn" in n.message for n in app._notifications),
                       message="already withdrawn")
        assert not isinstance(app.screen, AskScreen)
    withdrawals = store.events(kinds=[EventKind.record_withdrawn])
    assert [(e.data["seq"], e.data["reason"], e.actor) for e in withdrawals] == [(wrong.seq, "wrong table",
                                                                                   "evaluator:Dana")]
    assert kept.seq not in {e.data["seq"] for e in withdrawals}


async def test_a_table_withdraws_a_hotwash_note(session, demo, clock):
    store = open_store(session, clock)
    note = room.record_hotwash_note(store, HotwashNote(source="steering", kind="improvement", text="Duplicate note"),
                                    story_time=0, actor="table:steering")
    app = console_app(session, clock, "table", "steering")
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("f4")
        notes = app.screen.query_one(RecordList)
        await wait_for(pilot, lambda: notes.row_count == 1, message="the note listed")
        notes.focus()
        await pilot.press("x")
        await _withdraw(pilot, app, "said twice")
        await wait_for(pilot, lambda: "withdrawn: said twice" in widget_texts(app.screen), message="shown withdrawn")
    assert [e.data["seq"] for e in store.events(kinds=[EventKind.record_withdrawn])] == [note.seq]


async def test_the_facilitator_withdraws_an_improvement_plan_row(session, demo, clock):
    from exercise_engine.report.analysis import prefilled_improvement_items

    store = open_store(session, clock)
    note = room.record_hotwash_note(store, HotwashNote(source="steering", kind="improvement",
                                                        text="No FRC site agreement"), story_time=0, actor="table:steering")
    app = facilitator_app(session, demo, clock, suggest_items=prefilled_improvement_items)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, ImprovementPlanScreen), message="the plan editor")
        await wait_for(pilot, lambda: "No FRC site agreement" in widget_texts(app.screen), message="the row")
        app.screen.query_one("#ip-table").focus()
        await pilot.press("ctrl+d")
        await _withdraw(pilot, app, "covered by the annex")
        await wait_for(pilot, lambda: isinstance(app.screen, ImprovementPlanScreen)
                       and "No FRC site agreement" not in widget_texts(app.screen), message="the row gone")
    withdrawn = store.events(kinds=[EventKind.record_withdrawn])
    assert [(e.data["item_id"], e.data["reason"]) for e in withdrawn] == [(f"hotwash-{note.seq}", "covered by the annex")]
