"""Participants never see controller-only content: checked over every inject of every bundled scenario.

Every inject is delivered, each table console opens every inject addressed to it, and everything its
widgets hold (scrolled into view or not) and everything drawn on the terminal is searched for every
expected action, controller note and evaluator note of the scenario. The projector is checked the same way.
"""

from __future__ import annotations

import pytest

from exercise_engine.model.inject import Inject
from exercise_engine.store.session_store import SessionStore
from exercise_engine.tui.widgets.participant_inject import InjectList

from .conftest import SCENARIOS, console_app, deliver, load, open_store, ready, screen_lines, squash, wait_for, widget_texts

SECTION_HEADINGS = ("Expected actions", "Controller notes", "Evaluator notes", "Condition:")


def secrets_of(injects: tuple[Inject, ...]) -> set[str]:
    """Controller-only strings that do not also occur in some participant-visible text."""
    public = squash(" ".join(f"{i.title} {i.narrative} {' '.join(i.questions)}" for i in injects))
    found: set[str] = set()
    for inject in injects:
        texts = [a.text for a in inject.expected_actions] + [inject.controller_notes, inject.evaluator_notes]
        found.update(squash(t) for t in texts if len(t.strip()) >= 12)
        found.update(o for o in inject.objectives if len(o) >= 8)  # objective ids
    return {s for s in found if s not in public}


def tags_of(loaded) -> set[str]:
    """The controller's tag vocabulary (expected actions, conditions, `tags:`), as far as it is not also
    participant text: a table console never lists it, not even as a hint in the decision form."""
    from exercise_engine.tui.widgets.decision_form import controller_tags

    public = squash(" ".join(f"{i.title} {i.narrative} {' '.join(i.questions)}" for i in loaded.injects))
    return {t for t in controller_tags(loaded) if t not in public}


def leaked(text: str, secrets: set[str]) -> list[str]:
    flat = squash(text)
    return [s for s in secrets if s in flat] + [h for h in SECTION_HEADINGS if h in flat]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[p.stem for p in SCENARIOS])
async def test_table_consoles_show_participant_text_only(scenario, tmp_path, clock):
    loaded = load(scenario)
    path = tmp_path / "s.ttx"
    store = SessionStore.create(path, loaded, clock=clock)
    deliver(store, loaded)
    secrets = secrets_of(loaded.injects) | tags_of(loaded)
    assert secrets, "the scenario should have controller-only text to hide"

    for table in loaded.scenario.tables:
        expected = [i for i in loaded.injects if i.is_for(table.id)]
        app = console_app(path, clock, "table", table.id)
        async with app.run_test(size=(120, 40)) as pilot:
            await ready(pilot)
            inject_list = app.screen.query_one(InjectList)
            await wait_for(pilot, lambda: inject_list.row_count == len(expected), message=f"{table.id} injects")
            inject_list.focus()
            for row in range(inject_list.row_count):
                inject_list.move_cursor(row=row)
                await pilot.pause()
                shown = widget_texts(app.screen) + "\n" + screen_lines(app)
                assert not leaked(shown, secrets), f"{scenario.name} {table.id} row {row}: {leaked(shown, secrets)}"
            # what was shown is exactly the injects addressed to this table
            assert {i.id for i in inject_list.items} == {i.id for i in expected}


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[p.stem for p in SCENARIOS])
async def test_projector_shows_participant_text_only(scenario, tmp_path, clock):
    loaded = load(scenario)
    path = tmp_path / "s.ttx"
    SessionStore.create(path, loaded, clock=clock).close()
    secrets = secrets_of(loaded.injects)
    app = console_app(path, clock, "projector")
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        store = open_store(path, clock)
        for inject in loaded.injects:
            deliver(store, loaded, [inject.id])
            await wait_for(pilot, lambda: inject.title in widget_texts(app.screen), message=inject.id)
            shown = widget_texts(app.screen) + "\n" + screen_lines(app)
            assert not leaked(shown, secrets), f"{scenario.name} projector at {inject.id}"


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[p.stem for p in SCENARIOS])
async def test_injects_not_yet_delivered_are_not_shown(scenario, tmp_path, clock):
    from exercise_engine.model.events import EventKind

    loaded = load(scenario)
    path = tmp_path / "s.ttx"
    store = SessionStore.create(path, loaded, clock=clock)
    store.append(EventKind.module_started, {"module": loaded.scenario.modules[0].id}, scenario_time=0, actor="engine")
    first = loaded.injects[0]
    deliver(store, loaded, [first.id])
    later = [i.title for i in loaded.injects[1:] if i.title not in f"{first.title} {first.narrative}"]
    for table in loaded.scenario.tables:
        app = console_app(path, clock, "table", table.id)
        async with app.run_test(size=(120, 40)) as pilot:
            await ready(pilot)
            shown = widget_texts(app.screen) + screen_lines(app)
            assert [t for t in later if t in shown] == []


def test_participant_inject_copies_only_participant_fields():
    from dataclasses import fields

    from exercise_engine.model.inject import PARTICIPANT_FIELDS
    from exercise_engine.tui.widgets.participant_inject import ParticipantInject

    assert {f.name for f in fields(ParticipantInject)} - {"situation"} <= PARTICIPANT_FIELDS


def _contingency(loaded):
    return next((i for i in loaded.injects if i.type.value == "contingency"), None)


HELD_SCENARIOS = [p for p in SCENARIOS if _contingency(load(p)) is not None]


@pytest.mark.parametrize("scenario", HELD_SCENARIOS, ids=[p.stem for p in HELD_SCENARIOS])
async def test_a_hold_never_names_the_held_inject(scenario, tmp_path, clock):
    """The facilitator holds the clock at an undelivered contingency inject (whose id names the expected action
    it watches for): table and projector consoles say the facilitator is holding the clock, never which inject."""
    from exercise_engine.model.events import EventKind
    from exercise_engine.store.session_store import ClockState
    from exercise_engine.tui.widgets.clock_header import HOLDING

    loaded = load(scenario)
    held = _contingency(loaded)
    path = tmp_path / "s.ttx"
    store = SessionStore.create(path, loaded, clock=clock)
    module = loaded.module_of[held.id]
    store.append(EventKind.module_started, {"module": module}, scenario_time=0, actor="engine")
    store.append(EventKind.clock_held, {"inject": held.id}, scenario_time=0, actor="facilitator")
    hidden = [held.id, held.title]

    def publish(running: bool) -> None:
        store.publish_clock(ClockState(story_time=60, wall_time=clock(), running=running, speed=1.0, pace=1.0,
                                       module_id=module, held=held.id, phase="exercise",
                                       stop_at=float(held.time or 0)))

    publish(True)
    consoles = [("table", t.id) for t in loaded.scenario.tables if held.is_for(t.id)][:1] + [("projector", None)]
    for role, table in consoles:
        app = console_app(path, clock, role, table)
        async with app.run_test(size=(120, 40)) as pilot:
            await ready(pilot)
            # running toward the hold: nothing to say yet, and certainly not the inject
            await wait_for(pilot, lambda: role == "projector" or "RUNNING" in screen_lines(app), message="running")
            shown = widget_texts(app.screen) + "\n" + screen_lines(app)
            assert [h for h in hidden if h in shown] == [], f"{role} names the held inject while running"
            publish(False)  # the clock has stopped at the hold
            await wait_for(pilot, lambda: HOLDING in squash(screen_lines(app)), message=f"{role} shows the hold")
            shown = widget_texts(app.screen) + "\n" + screen_lines(app)
            assert [h for h in hidden if h in shown] == [], f"{role} names the held inject"
            assert "HELD" not in shown
            publish(True)
    store.close()


MODELS_DATA = SCENARIOS[0].parents[1] / "tests" / "data" / "models"


async def test_controller_only_metrics_never_reach_a_table_or_the_projector(tmp_path, clock):
    """A rehearsed session of a scenario whose models have one public metric and many controller-only
    ones: no table console shows any metric, and the projector shows the public one only — neither
    the other metrics' names nor their values."""
    from exercise_engine.engine.rehearsal import rehearse
    from exercise_engine.engine.script_file import load_script
    from exercise_engine.model.consequences import MODEL_METRICS
    from exercise_engine.tui.widgets.metrics_panel import MetricRow, metric_title, metric_value

    loaded = load(MODELS_DATA / "scenario.yaml")
    path = tmp_path / "s.ttx"
    store = SessionStore.create(path, loaded, clock=clock)
    rehearse(loaded, load_script(MODELS_DATA / "decisions.yaml", loaded), clock=clock, log=store)
    store.close()
    from exercise_engine.engine.projection import project

    reader = open_store(path, clock)
    metrics = project(loaded, reader.events()).metrics
    reader.close()
    public = set(loaded.scenario.models.public)
    private = [f"{m}.{k}" for m in loaded.scenario.models.enabled() for k in MODEL_METRICS[m]
               if f"{m}.{k}" not in public]
    assert public and private and all(metrics.get(name) for name in private)
    public_words = squash(" ".join(metric_title(n) for n in public) + " " +
                          " ".join(metric_value(n, v) for n in public for _, v in metrics[n]))
    # names, ids, and the values with a unit (a bare count could be any number on a screen)
    secrets = {metric_title(n) for n in private} | set(private)
    secrets |= {metric_value(n, v) for n in private for _, v in metrics[n] if not metric_value(n, v)[-1].isdigit()}
    secrets = {s for s in secrets if s not in public_words}

    consoles = [("table", t.id) for t in loaded.scenario.tables] + [("projector", None)]
    for role, table in consoles:
        app = console_app(path, clock, role, table)
        async with app.run_test(size=(120, 40)) as pilot:
            await ready(pilot)
            await pilot.pause()
            rows = [row.metric for row in app.screen.query(MetricRow)]
            assert rows == ([] if role == "table" else sorted(public)), f"{role} {table}: {rows}"
            shown = squash(widget_texts(app.screen) + "\n" + screen_lines(app))
            assert [s for s in secrets if s in shown] == [], f"{role} {table}"
