"""A played session of the models test scenario (tests/data/models): decisions with actions, one of them
amended and one retracted, and a threshold that fires, so the report has every kind of chart marker."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from exercise_engine.engine.projection import SessionState, project
from exercise_engine.engine.rehearsal import rehearse
from exercise_engine.engine.script import Script, ScriptedRecord
from exercise_engine.loader import load_scenario
from exercise_engine.loader.loaded import LoadedScenario
from exercise_engine.model.consequences import Threshold
from exercise_engine.model.events import EventKind
from exercise_engine.model.records import Action, Decision

from .conftest import SteppingClock

SCENARIO = Path(__file__).resolve().parents[1] / "data" / "models" / "scenario.yaml"
HOSTILE = "<script>alert(1)</script> {{ 7*7 }} | pipe | **bold** <img src=x onerror=alert(2)>"
"""Typed into the first decision: it must come out as text in every format."""
M = 60


def models_scenario() -> LoadedScenario:
    """The models test scenario, plus a threshold the unstaffed hotline crosses within the hour."""
    loaded = load_scenario(SCENARIO)
    models = loaded.scenario.models
    jammed = Threshold(id="line-unanswered", metric="hotline.abandoned_share", above=0.5, for_minutes=15,
                       release="bp04-frc-no-lead")
    models = models.model_copy(update={"thresholds": [*models.thresholds, jammed]})
    return dataclasses.replace(loaded, scenario=loaded.scenario.model_copy(update={"models": models}))


def _decisions() -> list[Decision]:
    return [
        Decision(table="victim-services", scenario_time=30 * M, text=f"Open the FRC with eight staff. {HOSTILE}",
                 actions=[Action(kind="open_frc", params={"site": "frc", "staff": 8})]),
        Decision(table="steering", scenario_time=40 * M, text="Two hotline lines from the EOC for now.",
                 actions=[Action(kind="staff_hotline", params={"lines": 2})]),
        Decision(table="victim-services", scenario_time=45 * M, text="Six more lines and three notification teams.",
                 actions=[Action(kind="staff_hotline", params={"lines": 6}),
                          Action(kind="assign_notification_teams", params={"teams": 3})]),
    ]


def models_session() -> tuple[LoadedScenario, SessionState]:
    """Rehearse the scenario: three decisions, then the FRC decision amended (12 staff) at T+1h and the
    two-line decision retracted at T+1h20m. Played twice: the first run gives the decisions' ids."""
    loaded = models_scenario()
    decisions = _decisions()
    first = rehearse(loaded, decisions, clock=SteppingClock(), seed=3)
    ids = [d.decision_id for d in sorted(first.state.decisions.values(), key=lambda d: d.number)]
    entries = [ScriptedRecord(float(d.scenario_time), EventKind.decision_logged,
                              {"decision": d.model_dump(mode="json")}, f"table:{d.table}") for d in decisions]
    bigger = decisions[0].model_copy(update={"actions": [Action(kind="open_frc", params={"site": "frc", "staff": 12})]})
    entries.append(ScriptedRecord(60.0 * M, EventKind.decision_amended,
                                  {"decision_id": ids[0], "decision": bigger.model_dump(mode="json")}, "facilitator",
                                  after_timeline=True))
    entries.append(ScriptedRecord(80.0 * M, EventKind.decision_retracted,
                                  {"decision_id": ids[1], "reason": "the EOC lines were never connected"},
                                  "table:steering", after_timeline=True))
    exercise = rehearse(loaded, Script(tuple(entries)), clock=SteppingClock(), seed=3)
    return loaded, project(loaded, exercise.events)
