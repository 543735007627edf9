"""A small synthetic session for report tests: a scenario built from models and a hand-written event log.

The log follows the data shapes of ENGINE_API.md, so the real projection (`engine/projection.py`)
reads it exactly as it reads a session file.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from exercise_engine.loader.loaded import LoadedScenario
from exercise_engine.model.community import Community, CommunityProfile, Contact
from exercise_engine.model.events import Event, EventKind
from exercise_engine.model.inject import Inject
from exercise_engine.model.records import Decision, Feedback, HotwashNote, ImprovementItem, Observation, Rating
from exercise_engine.model.scenario import Module, Objective, Scenario, Table

T0 = datetime(2026, 11, 25, 9, 0, tzinfo=timezone.utc)


def _inject(id: str, time: int, practices: list[int], to: list[str] | None = None, minutes: int | None = None) -> Inject:
    return Inject(id=id, title=f"Inject {id}", time=time, practices=practices, **{"from": "Dispatch"},
                  to=to or ["all"], delivery="phone", narrative=f"Narrative of {id}.", discussion_minutes=minutes)


def tiny_scenario() -> LoadedScenario:
    """Two modules, three tables, five injects over practices 1, 4, 5, 6 and 16."""
    m1 = [_inject("bp01-command", 0, [1], minutes=10), _inject("bp04-frc", 3600, [4, 8], to=["victim-services", "steering"]),
          _inject("bp05-notify", 7200, [5], to=["victim-services"])]
    m2 = [_inject("bp06-rumor", 2 * 86400, [6], to=["communications"]), _inject("bp16-annex", 30 * 86400, [16])]
    scenario = Scenario(
        id="tiny", version="1", title="Tiny exercise", summary="A short test story.", threat_hazard="Active shooter",
        session=8, scope="Test scope", sponsor="Test sponsor",
        point_of_contact=Contact(name="Pat Doe", title="Director", organization="County OEM", email="pat@example.org"),
        community="community.yaml", incident_start=datetime(2027, 6, 19, 20, 40),
        objectives=[Objective(id="obj-a", text="Command and reunification.", practices=[1, 4]),
                    Objective(id="obj-b", text="Notification.", practices=[5]),
                    Objective(id="obj-c", text="Improve.", practices=[16])],
        tables=[Table(id="steering", name="Steering", committees=["steering"], roles=["Police Chief"]),
                Table(id="victim-services", name="Victim Services", committees=["victim_services"], roles=["Advocate"]),
                Table(id="communications", name="Communications", committees=["steering"], roles=["PIO"])],
        modules=[Module(id="m1", title="First hours", start=0, end=6 * 3600, planned_minutes=60, situation="Shots."),
                 Module(id="m2", title="Later", start=6 * 3600, end=60 * 86400, planned_minutes=40, situation="Weeks.")],
    )
    injects = tuple(m1 + m2)
    profile = CommunityProfile(community=Community(name="Town of Test", jurisdiction="Test County"))
    return LoadedScenario(path=Path("tiny.yaml"), scenario=scenario, profile=profile, injects=injects,
                          module_of={i.id: ("m1" if i in m1 else "m2") for i in injects}, digest="0" * 16)


class Log:
    """Builds an event list with seq numbers and wall times (one wall minute per `minute`)."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        self.minute = 0.0

    def add(self, kind: EventKind, data: dict[str, Any] | None = None, *, story: float = 0, actor: str = "engine",
            at: float | None = None) -> Event:
        if at is not None:
            self.minute = at
        ev = Event(seq=len(self.events) + 1, kind=kind, scenario_time=float(story),
                   wall_time=T0 + timedelta(minutes=self.minute), actor=actor, data=data or {})
        self.events.append(ev)
        return ev

    def decide(self, decision: Decision, *, story: float, at: float | None = None) -> int:
        seq = len(self.events) + 1
        self.add(EventKind.decision_logged, {"decision_id": seq, "decision": decision.model_dump(mode="json")},
                 story=story, actor=f"table:{decision.table}", at=at)
        return seq

    def amend(self, decision_id: int, decision: Decision, *, story: float, at: float | None = None) -> None:
        self.add(EventKind.decision_amended, {"decision_id": decision_id, "decision": decision.model_dump(mode="json")},
                 story=story, actor=f"table:{decision.table}", at=at)

    def retract(self, decision_id: int, reason: str, *, story: float, at: float | None = None) -> None:
        self.add(EventKind.decision_retracted, {"decision_id": decision_id, "reason": reason}, story=story,
                 actor="facilitator", at=at)

    def deliver(self, inject: str, module: str, *, story: float, at: float) -> None:
        self.add(EventKind.inject_delivered, {"inject": inject, "module": module, "reason": "scheduled"}, story=story, at=at)


def tiny_log(*, ended: bool = True, hostile: list[str] | None = None) -> list[Event]:
    """A played session of the tiny scenario; `hostile` texts are logged as decisions, observations and notes."""
    log = Log()
    log.add(EventKind.session_created, {"scenario_id": "tiny", "scenario_version": "1"}, at=-5)
    log.add(EventKind.module_started, {"module": "m1"}, at=0)
    log.deliver("bp01-command", "m1", story=0, at=0)
    log.decide(Decision(table="steering", text="Unified command at the fire station.", inject="bp01-command",
                             tags=["unified-command"], owner="Police"), story=600, at=4)
    log.deliver("bp04-frc", "m1", story=3600, at=20)
    d2 = log.decide(Decision(table="victim-services", text="Open the FRC at the community center.", inject="bp04-frc",
                             eop_gap=True, owner="Red Cross", follow_up="Write the FRC annex"), story=4200, at=45)
    log.amend(d2, Decision(table="victim-services", text="Open the FRC at the community center; church as alternate.",
                           inject="bp04-frc", eop_gap=True, owner="Red Cross", follow_up="Write the FRC annex"),
              story=4300, at=47)
    log.deliver("bp05-notify", "m1", story=7200, at=50)
    d3 = log.decide(Decision(table="steering", text="Release names tonight.", inject="bp05-notify"), story=7300, at=52)
    log.retract(d3, "Names wait for next-of-kin notification.", story=7400, at=53)
    log.add(EventKind.module_started, {"module": "m2"}, story=6 * 3600, at=60)
    log.add(EventKind.clock_jumped, {"from": 7400, "to": 6 * 3600, "target": "module"}, story=6 * 3600, at=60)
    log.deliver("bp06-rumor", "m2", story=2 * 86400, at=70)
    log.deliver("bp16-annex", "m2", story=30 * 86400, at=90)
    log.decide(Decision(table="communications", text="Weekly annex review by the PIO.", practices=[16, 6],
                             eop_gap=True), story=30 * 86400 + 600, at=95)
    log.add(EventKind.observation, {"observation": Observation(
        evaluator="Eve", practice=4, kind="strength", text="FRC chosen fast.", decisions=[d2]).model_dump(mode="json")},
        actor="evaluator:Eve", story=30 * 86400, at=96)
    log.add(EventKind.observation, {"observation": Observation(
        evaluator="Eve", objective="obj-b", kind="improvement", text="Names nearly released early.",
        decisions=[d3]).model_dump(mode="json")}, actor="evaluator:Eve", story=30 * 86400, at=96)
    log.add(EventKind.rating, {"rating": Rating(evaluator="Eve", objective="obj-a", rating="S").model_dump(mode="json")},
            actor="evaluator:Eve", story=30 * 86400, at=97)
    log.add(EventKind.rating, {"rating": Rating(evaluator="Eve", objective="obj-b", rating="M",
                                                explanation="Premature release.").model_dump(mode="json")},
            actor="evaluator:Eve", story=30 * 86400, at=97)
    log.add(EventKind.hotwash_started, story=30 * 86400, actor="facilitator", at=100)
    note = log.add(EventKind.hotwash_note, {"note": HotwashNote(source="communications", kind="improvement", practice=6,
                                                         text="No rumor-control line.").model_dump(mode="json")},
            story=30 * 86400, actor="facilitator", at=105)
    log.add(EventKind.feedback, {"feedback": Feedback(table="steering", role="Chief", ratings={"realistic": 5, "roles": 4},
                                                      comments="Useful.").model_dump(mode="json")},
            story=30 * 86400, actor="table:steering", at=110)
    log.add(EventKind.feedback, {"feedback": Feedback(table="victim-services", ratings={"realistic": 4}).model_dump(mode="json")},
            story=30 * 86400, actor="table:victim-services", at=110)
    log.add(EventKind.improvement_item, {"item": ImprovementItem(
        item_id=f"hotwash-{note.seq}", practice=6, area="No rumor-control line.", corrective_action="Set up a rumor line.",
        element="Equipment", organization="Town PIO", poc="Jordan Pike").model_dump(mode="json")},
        story=30 * 86400, actor="facilitator", at=112)
    for i, text in enumerate(hostile or []):
        did = log.decide(Decision(table="steering", text=text, owner=text, rationale=text, eop_gap=True, practices=[3]),
                         story=30 * 86400 + i, at=113)
        log.add(EventKind.observation, {"observation": Observation(
            evaluator=text, practice=3, kind="improvement", text=text, decisions=[did]).model_dump(mode="json")},
            actor="evaluator:x", story=30 * 86400, at=113)
        log.add(EventKind.hotwash_note, {"note": HotwashNote(source="steering", kind="strength", practice=3,
                                                             text=text).model_dump(mode="json")},
                story=30 * 86400, actor="facilitator", at=113)
        log.add(EventKind.feedback, {"feedback": Feedback(table="steering", comments=text).model_dump(mode="json")},
                story=30 * 86400, actor="table:steering", at=113)
    if ended:
        log.add(EventKind.exercise_ended, story=30 * 86400, actor="facilitator", at=120)
    return log.events


def project_events(loaded: LoadedScenario, events: list[Event]) -> Any:
    """The real projection, as a report of a session file uses it."""
    from exercise_engine.engine.projection import project

    return project(loaded, events)
