"""Consequence models on the consoles (issue 11 parts 4 and 6): the facilitator sees each metric with what
drove it, the projector only the public ones, and the hotwash can ask "what if" from the console."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

from exercise_engine.engine.rehearsal import rehearse
from exercise_engine.engine.room import log_decision
from exercise_engine.engine.script_file import load_script
from exercise_engine.model.records import Action, Decision
from exercise_engine.store.session_store import SessionStore
from exercise_engine.tui.screens import whatif as whatif_screen
from exercise_engine.tui.screens.whatif import WhatIfScreen
from exercise_engine.tui.widgets.metrics_panel import MetricRow, MetricsPanel, metric_value
from exercise_engine.tui.widgets.situation_board import SituationBoard

from .conftest import FakeClock, console_app, facilitator_app, load, ready, screen_lines, squash, wait_for, \
    widget_texts

DATA = Path(__file__).resolve().parents[1] / "data" / "models"


def models_scenario():
    return load(DATA / "scenario.yaml")


@pytest.fixture(scope="module")
def rehearsed(tmp_path_factory) -> Path:
    """A whole rehearsal of the models scenario (FRC at T+30m; hotline and teams at T+45m), made once."""
    loaded = models_scenario()
    path = tmp_path_factory.mktemp("models") / "rehearsal.ttx"
    store = SessionStore.create(path, loaded, clock=FakeClock())
    rehearse(loaded, load_script(DATA / "decisions.yaml", loaded), clock=FakeClock(), log=store)
    store.close()
    return path


@pytest.fixture(scope="module")
def long_night(tmp_path_factory) -> Path:
    """The what-if scenario rehearsed to T+12h: two thresholds release consequence injects."""
    loaded = load(DATA / "whatif.yaml")
    path = tmp_path_factory.mktemp("whatif") / "night.ttx"
    store = SessionStore.create(path, loaded, clock=FakeClock())
    rehearse(loaded, load_script(DATA / "whatif-decisions.yaml", loaded), clock=FakeClock(), log=store)
    store.close()
    return path


def offers(select, value: str) -> bool:
    return any(option[1] == value for option in select._options)


def copy_of(rehearsed: Path, tmp_path: Path) -> Path:
    return Path(shutil.copy(rehearsed, tmp_path / "s.ttx"))


async def test_the_panel_shows_each_metric_and_the_decision_that_drove_it(tmp_path, clock):
    loaded = models_scenario()
    path = tmp_path / "live.ttx"
    SessionStore.create(path, loaded, clock=clock).close()
    app = facilitator_app(path, loaded, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        panel = app.screen.query_one(MetricsPanel)
        assert not panel.display
        footer = screen_lines(app).splitlines()[-1]
        assert "g Metrics" in footer, footer
        await pilot.press("question_mark")  # what-if is for the hotwash: in the help, not the footer
        await wait_for(pilot, lambda: "replay the consequence models with" in screen_lines(app), message="help")
        await pilot.press("escape")
        await pilot.press("g")
        await wait_for(pilot, lambda: panel.display and panel.size.height > 0, message="the metrics panel")
        await wait_for(pilot, lambda: "Families at the FRC" in screen_lines(app), message="the panel drawn")
        names = {row.metric: str(row.query_one(".metric-name").content) for row in panel.query(MetricRow)}
        assert [n for n, shown in names.items() if shown.startswith("◆ ")] == ["hotline.answered"]  # on the projector
        store = SessionStore.open(path, clock=clock)
        text = "Open the FRC [b]now[/b] with eight staff"  # markup-like words stay words
        log_decision(store, Decision(table="victim-services", text=text,
                                     actions=[Action(kind="open_frc", params={"site": "frc", "staff": 8})]),
                     story_time=0, actor="table:victim-services")
        await pilot.press("space")  # the clock runs; the models follow it minute by minute
        await wait_for(pilot, lambda: app.live.state.running, message="running")
        for _ in range(5):
            clock.advance(60)  # a wall minute is six story minutes in this module
            await pilot.pause(0.1)
        await wait_for(pilot, lambda: app.live.state.metric_drivers, message="an action sample")
        drivers = app.screen.query_one("#drivers-reunification")
        await wait_for(pilot, lambda: "#1 Victim services" in str(drivers.content), message="the driving decision")
        assert f"Driven by #1 Victim services (T+0) “{text}”" in squash(str(drivers.content))
        drivers.scroll_visible(animate=False)
        await wait_for(pilot, lambda: "Driven by #1 Victim services" in screen_lines(app), message="scrolled to it")
        series = app.live.state.metrics["reunification.families_elsewhere"]
        row = app.screen.query_one("#metric-reunification-families-elsewhere", MetricRow)
        await wait_for(pilot, lambda: row.drawn[0] == len(app.live.state.metrics["reunification.families_elsewhere"]),
                       message="the latest sample drawn")
        assert metric_value("x.families_elsewhere", series[-1][1]) in str(row.query_one(".metric-value").content)
        assert "No decision has changed it yet." in str(app.screen.query_one("#drivers-hotline").content)
        await pilot.press("g")
        await wait_for(pilot, lambda: not panel.display, message="the responses again")
        store.close()


async def test_the_panel_counts_no_extra_redraws_when_nothing_new(rehearsed, tmp_path, clock, monkeypatch):
    """News without model events (or none at all) redraws no metric row."""
    path = copy_of(rehearsed, tmp_path)
    shows: list[str] = []
    show = MetricRow.show

    def spy(self, series, start, end):
        before = self.drawn
        show(self, series, start, end)
        if self.drawn != before:
            shows.append(self.metric)

    monkeypatch.setattr(MetricRow, "show", spy)
    app = facilitator_app(path, models_scenario(), clock, fresh=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: len(shows) >= 19, message="the first drawing")
        shows.clear()
        store = SessionStore.open(path, clock=clock)
        log_decision(store, Decision(table="steering", text="Brief the mayor."), story_time=7200,
                     actor="table:steering")
        await wait_for(pilot, lambda: len(app.live.state.decisions) == 3, message="the new decision")
        await pilot.pause(0.2)
        assert shows == []
        store.close()


async def test_the_projector_board_shows_the_public_metrics_only(rehearsed, tmp_path, clock):
    path = copy_of(rehearsed, tmp_path)
    app = console_app(path, clock, "projector")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        board = app.screen.query_one(SituationBoard)
        assert [row.metric for row in board.query(MetricRow)] == ["hotline.answered"]
        answered = app.live.state.metrics["hotline.answered"][-1][1]
        await wait_for(pilot, lambda: board.query_one(MetricRow).drawn[0] > 0, message="the board's value")
        shown = squash(screen_lines(app))
        assert "Situation board" in shown and f"Calls answered {metric_value('hotline.answered', answered)}" in shown
        assert "Calls offered" not in widget_texts(app.screen)
        await pilot.press("b")
        await wait_for(pilot, lambda: "Situation board" not in screen_lines(app), message="the board hidden")


async def test_what_if_shows_how_it_would_have_gone(long_night, tmp_path, clock, monkeypatch):
    path = copy_of(long_night, tmp_path)
    app = facilitator_app(path, load(DATA / "whatif.yaml"), clock, fresh=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        facilitator = app.screen
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, WhatIfScreen), message="the what-if screen")
        screen = app.screen
        from textual.widgets import DataTable, Input, Select

        screen.query_one("#whatif-decision", Select).value = 1
        param = screen.query_one("#whatif-param", Select)
        await wait_for(pilot, lambda: offers(param, "open_frc.staff"), message="the parameters offered")
        param.value = "open_frc.staff"
        value = screen.query_one("#whatif-value", Input)
        await wait_for(pilot, lambda: value.value == "8", message="the current value filled in")
        value.value = "many"
        await pilot.press("ctrl+r")
        status = screen.query_one("#whatif-status")
        await wait_for(pilot, lambda: "should be a valid integer" in str(status.content), message="the mistake")
        assert "open_frc: `staff` input should be a valid integer" in squash(screen_lines(app))
        value.value = "1"
        await pilot.press("ctrl+r")
        table = screen.query_one(DataTable)
        await wait_for(pilot, lambda: table.row_count > 0, timeout=30, message="the comparison")
        shown = squash(screen_lines(app))
        assert "What if: with decision 1's staff = 1" in shown and "T+0 to T+12h" in shown
        row = [str(c) for c in table.get_row("reunification.mean_signin_wait_minutes")]
        assert row[0].startswith("≠ Mean minutes families queued") and row[3] != row[1]
        identified = [str(c) for c in table.get_row("notification.identified")]
        assert identified[1:3] == identified[3:5] and identified[0].startswith("  ")
        # removing the FRC decision: the FRC threshold's inject would not have been released
        screen.query_one("#mode-remove").value = True
        screen.query_one("#whatif-decision", Select).value = 1
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: "What if: without decision 1" in str(status.content), timeout=30,
                       message="the removal")
        fired = str(screen.query_one("#whatif-fired").content)
        assert "“Families at the center have had no news for hours” (frc-no-news), released at T+3h25m, would not " \
               "have been released" in squash(fired)
        # closed while a replay runs: its answer goes nowhere, the console carries on
        value.value = "12"
        screen.query_one("#mode-change").value = True
        screen.query_one("#whatif-decision", Select).value = 2
        await wait_for(pilot, lambda: offers(param, "staff_hotline.lines"), message="the parameters again")
        param.value = "staff_hotline.lines"
        finished: list[bool] = []
        real, gate = whatif_screen.what_if, threading.Event()

        def slow(*args, **kwargs):
            gate.wait(30)
            outcome = real(*args, **kwargs)
            finished.append(True)
            return outcome

        monkeypatch.setattr(whatif_screen, "what_if", slow)
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: "Replaying" in str(status.content), message="the replay under way")
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, WhatIfScreen), message="closed")
        gate.set()  # the replay answers after its screen has gone
        await wait_for(pilot, lambda: finished, timeout=30, message="the replay finished")
        await pilot.pause(0.2)
        assert app.is_running and app.screen is facilitator


async def test_an_evaluator_sees_the_metrics_and_what_drove_them_from_any_tab(rehearsed, tmp_path, clock):
    """Evaluators judge the room by what its decisions set in motion: `g` shows every metric (controller-only
    ones too, as the facilitator sees them) in the Exercise tab, even from the middle of an observation (F5)."""
    app = console_app(copy_of(rehearsed, tmp_path), clock, "evaluator", name="Dana")
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert "f5 Metrics" in screen_lines(app).splitlines()[-1]
        panel = app.screen.query_one(MetricsPanel)
        assert not panel.display
        await pilot.press("f3")
        await wait_for(pilot, lambda: app.screen.query_one("#tabs").active == "observe", message="observe tab")
        await pilot.press("b", "i", "g")  # writing an observation: g is a letter there
        await wait_for(pilot, lambda: app.screen.query_one("#obs-text").text == "big", message="typed")
        assert not panel.display
        await pilot.press("f5")
        await wait_for(pilot, lambda: app.screen.query_one("#tabs").active == "exercise" and panel.display
                       and panel.size.height > 0, message="the metrics in the Exercise tab")
        await wait_for(pilot, lambda: "Families at the FRC" in screen_lines(app), message="the panel drawn")
        names = {row.metric for row in panel.query(MetricRow)}
        assert {"reunification.families_waiting", "hotline.answered"} <= names  # controller-only and public
        assert "Driven by #" in squash(str(app.screen.query_one("#drivers-reunification").content))
        await pilot.press("g")
        await wait_for(pilot, lambda: not panel.display, message="the responses again")


async def test_without_models_an_evaluator_has_no_metrics_key(session, clock):
    app = console_app(session, clock, "evaluator", name="Dana")
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert "Metrics" not in screen_lines(app).splitlines()[-1]
        assert not app.screen.query(MetricsPanel)
