"""The table console on a tablet: tap a tab and type, tap Save, see ticks without colour, see the fields and
the focus, and never lose a half-typed decision to ctrl+q."""

from __future__ import annotations

import pytest
from textual.widgets import TabbedContent, TextArea

from exercise_engine.model.events import EventKind
from exercise_engine.tui.screens.confirm import ConfirmScreen
from exercise_engine.tui.widgets.choices import TICKED, UNTICKED

from .conftest import console_app, deliver, open_store, ready, screen_lines, wait_for, widget_texts
from .contrast import contrast, low_contrast


def _visible(app, widget) -> bool:
    return widget.region.area > 0 and app.screen.region.contains_region(widget.region)


async def test_tap_the_decide_tab_type_and_tap_save(session, demo, clock):
    deliver(open_store(session, clock), demo, ["demo-shots-fired"])
    app = console_app(session, clock, "table", "steering")
    async with app.run_test(size=(80, 24)) as pilot:  # the smallest console: the Save button is still there
        await ready(pilot)
        await pilot.click("#--content-tab-decide")
        await wait_for(pilot, lambda: app.screen.query_one(TabbedContent).active == "decide", message="Decide tab")
        assert app.focused is app.screen.query_one("#decision-text", TextArea)  # typing goes straight in
        await pilot.press(*"Open the FRC at the high school")
        save = app.screen.query_one("#decision-save")
        assert _visible(app, save) and "Save decision" in screen_lines(app)
        await pilot.click("#decision-save")
        await wait_for(pilot, lambda: "saved" in str(app.screen.query_one("#decision-status").content),
                       message="saved by the button")
    logged = open_store(session, clock).events(kinds=[EventKind.decision_logged])
    assert [e.data["decision"]["text"] for e in logged] == ["Open the FRC at the high school"]


async def test_the_eop_gap_box_reads_without_colour(session, demo, clock):
    app = console_app(session, clock, "table", "steering")
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        await pilot.press("f3")
        box = app.screen.query_one("#decision-eop-gap")
        box.scroll_visible(animate=False)
        await wait_for(pilot, lambda: UNTICKED in screen_lines(app), message="☐ before")
        await pilot.click(box)
        await wait_for(pilot, lambda: TICKED in screen_lines(app) and UNTICKED not in screen_lines(app),
                       message="☑ after a tap")
        assert box.value is True


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_fields_edges_and_focus_are_visible(session, demo, clock, theme):
    app = console_app(session, clock, "table", "steering")
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        app.theme = theme
        await pilot.press("f3")
        await pilot.pause()
        assert low_contrast(app) == []  # text 4.5:1, field edges and lines 3:1, against what they are drawn on
        owner = app.screen.query_one("#decision-owner")

        def edge():
            strip = app.screen._compositor.render_strips()[owner.region.y]
            x = 0
            for segment in strip:
                if x == owner.region.x:
                    return segment.style.color.triplet
                x += segment.cell_length
            raise AssertionError("no edge drawn at the field's left")

        blurred = edge()
        owner.focus()
        await pilot.pause()
        focused = edge()
        assert contrast(tuple(blurred), tuple(focused)) >= 1.5, "the focused field's edge looks like the others"


async def test_ctrl_q_with_unsaved_text_asks_first(session, demo, clock):
    app = console_app(session, clock, "table", "steering")
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await pilot.press("f3")
        await pilot.press(*"Half a decision")
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), message="the question")
        assert "not saved yet" in widget_texts(app.screen) and "Decide" in widget_texts(app.screen)
        await pilot.press("n")
        await wait_for(pilot, lambda: not isinstance(app.screen, ConfirmScreen), message="back to the console")
        assert app.is_running and app.screen.query_one("#decision-text", TextArea).text == "Half a decision"
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), message="asked again")
        await pilot.press("y")
        await wait_for(pilot, lambda: not app.is_running, message="quit after yes")


async def test_ctrl_q_with_nothing_typed_quits_at_once(session, demo, clock):
    app = console_app(session, clock, "table", "steering")
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: not app.is_running, message="quit")


async def test_tabs_stay_where_they_were_when_injects_arrive(session, demo, clock):
    app = console_app(session, clock, "table", "steering")
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        decide = app.screen.query_one("#--content-tab-decide")
        before = decide.region
        deliver(open_store(session, clock), demo, ["demo-shots-fired", "demo-parents-at-the-tape"])
        await wait_for(pilot, lambda: " new)" in screen_lines(app), message="the unread count")
        assert decide.region == before
