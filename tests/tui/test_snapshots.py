"""Snapshots of every console at 80×24 and 120×40, on a frozen clock with fixed join codes.

Update after an intended change of look: `pytest tests/tui/test_snapshots.py --snapshot-update`,
then look at the SVGs in `__snapshots__/` before committing them.
"""

from __future__ import annotations

import pytest

from exercise_engine.model.events import EventKind
from exercise_engine.store.session_store import SessionStore

from .conftest import REPO, console_app, deliver, facilitator_app, load, ready, screen_lines, wait_for

FROZEN = REPO / "tests" / "tui" / "data" / "snapshot-scenario.yaml"
"""A copy of the demo scenario kept here so content edits to scenarios/ do not change the pictures."""
SIZES = [(80, 24), (120, 40)]
SIZE_IDS = ["80x24", "120x40"]


@pytest.fixture
def demo():
    return load(FROZEN)


@pytest.fixture
def played(tmp_path, demo, clock, fixed_join_codes):
    """A demo session with the first three injects delivered and one decision logged."""
    from exercise_engine.engine import room
    from exercise_engine.model.records import Decision

    path = tmp_path / "snap.ttx"
    store = SessionStore.create(path, demo, clock=clock)
    store.append(EventKind.module_started, {"module": demo.scenario.modules[0].id}, scenario_time=0, actor="engine")
    deliver(store, demo, ["demo-shots-fired", "demo-parents-at-the-tape", "demo-old-phone-number"])
    room.log_decision(store, Decision(table="steering", inject="demo-parents-at-the-tape", practices=[4],
                                      text="Open the FRC at Cedar Falls High School gym", owner="Emergency Manager"),
                      story_time=900, actor="table:steering")
    store.close()
    return path


async def _ready(pilot) -> None:
    await ready(pilot)


async def _facilitator_ready(pilot) -> None:
    """The console screen up and the engine's first run of show drawn (it comes from the session thread)."""
    await ready(pilot)
    await wait_for(pilot, lambda: "Run of show" in screen_lines(pilot.app), message="the run of show drawn")


def _frozen(app):
    app.poll_seconds = 3600  # one poll at start-up, then a still picture
    return app


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_facilitator(snap_compare, played, demo, clock, size):
    app = _frozen(facilitator_app(played, demo, clock, fresh=False))
    assert snap_compare(app, terminal_size=size, run_before=_facilitator_ready)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_table_injects(snap_compare, played, clock, size):
    app = _frozen(console_app(played, clock, "table", "steering"))
    assert snap_compare(app, terminal_size=size, run_before=_ready)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_table_decision_form(snap_compare, played, clock, size):
    app = _frozen(console_app(played, clock, "table", "steering"))
    assert snap_compare(app, terminal_size=size, run_before=_ready, press=["enter"])


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_evaluator(snap_compare, played, clock, size):
    app = _frozen(console_app(played, clock, "evaluator", name="Dana"))
    assert snap_compare(app, terminal_size=size, run_before=_ready)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_evaluator_observe(snap_compare, played, clock, size):
    app = _frozen(console_app(played, clock, "evaluator", name="Dana"))
    assert snap_compare(app, terminal_size=size, run_before=_ready, press=["f3"])


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_projector(snap_compare, played, clock, size):
    app = _frozen(console_app(played, clock, "projector"))
    assert snap_compare(app, terminal_size=size, run_before=_ready)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_hotwash(snap_compare, played, clock, size):
    app = _frozen(console_app(played, clock, "table", "steering"))
    assert snap_compare(app, terminal_size=size, run_before=_ready, press=["f6"])


def test_help(snap_compare, played, demo, clock):
    app = _frozen(facilitator_app(played, demo, clock, fresh=False))
    assert snap_compare(app, terminal_size=(80, 24), run_before=_facilitator_ready, press=["question_mark"])


def test_light_theme(snap_compare, played, demo, clock):
    app = _frozen(facilitator_app(played, demo, clock, fresh=False))
    assert snap_compare(app, terminal_size=(120, 40), run_before=_facilitator_ready, press=["f8"])


def test_mark_expected_actions(snap_compare, played, demo, clock):
    app = _frozen(facilitator_app(played, demo, clock, fresh=False))
    assert snap_compare(app, terminal_size=(80, 24), run_before=_facilitator_ready, press=["t"])
