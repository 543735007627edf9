"""Report fixtures: a rehearsed Session Eight session, played deterministically with a stepping clock.

The scenario comes from a frozen snapshot (tests/report/data/session8-scenario.snapshot.json) so that
edits to the live scenario's wording do not break the golden report; `test_cli.py` rehearses the live
scenario end to end. Refresh the snapshot after deliberate scenario changes with:

    python -c "from exercise_engine.loader import load_scenario as l; import json; print(json.dumps(json.loads(l('scenarios/session-8-cedar-falls-founders-day.yaml').to_snapshot()), indent=1, ensure_ascii=False, sort_keys=True))" > tests/report/data/session8-scenario.snapshot.json
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from exercise_engine.engine import room
from exercise_engine.engine.exercise import Exercise
from exercise_engine.engine.agenda import schedule
from exercise_engine.engine.rehearsal import play
from exercise_engine.engine.script import Script, decisions_script
from exercise_engine.engine.script_file import load_decisions
from exercise_engine.loader.loaded import LoadedScenario
from exercise_engine.model.records import (
    Decision, Feedback, HotwashNote, ImprovementItem, Observation, Rating,
)
from exercise_engine.store.session_store import SessionStore

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SESSION8 = REPO / "scenarios" / "session-8-cedar-falls-founders-day.yaml"
DECISIONS = HERE / "data" / "session8-decisions.yaml"
SNAPSHOT = HERE / "data" / "session8-scenario.snapshot.json"
GENERATED_AT = datetime(2027, 7, 1, 12, 0, tzinfo=timezone.utc)


class SteppingClock:
    """A wall clock that moves 20 seconds each time it is read: deterministic, and it spreads the
    rehearsal's wall times so pacing and response times are not all zero."""

    def __init__(self, start: datetime = datetime(2027, 3, 6, 13, 0, tzinfo=timezone.utc)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=20)
        return self.now


class StoryPacedClock:
    """A wall clock driven by the story: while `exercise` plays, wall time follows the planned agenda
    (each module's story span spread over its planned minutes); afterwards it stands still. It does not
    depend on how often the engine reads it, so the golden report survives engine refactors."""

    def __init__(self, loaded: LoadedScenario, start: datetime = datetime(2027, 3, 6, 13, 0, tzinfo=timezone.utc)) -> None:
        self.start = start
        self.modules = loaded.scenario.modules
        self.exercise: Exercise | None = None
        self.frozen: datetime | None = None

    def wall_minutes(self, story: float) -> float:
        minutes = 0.0
        for m in self.modules:
            if story >= m.end:
                minutes += m.planned_minutes
            elif story >= m.start:
                minutes += m.planned_minutes * (story - m.start) / (m.end - m.start)
        return minutes

    def __call__(self) -> datetime:
        if self.frozen is not None:
            return self.frozen
        story = self.exercise.story_time if self.exercise is not None else 0.0
        return self.start + timedelta(minutes=round(self.wall_minutes(story), 2))


def play_as_a_room(exercise: Exercise, decisions: list[Decision]) -> None:
    """Play the decisions as a live room records them, with the wall clock read afresh at every
    story time an inject is due (a console's ticks do that), where a headless rehearsal reads it
    once per script entry: the story-paced clock then spreads the deliveries over the day."""
    script = decisions_script(decisions)
    for at in sorted({entry[0] for entry in schedule(exercise.loaded)}):
        play(exercise, Script(tuple(e for e in script.entries if e.at <= at), until=at))
    play(exercise, script)


def session8_scenario() -> LoadedScenario:
    """Session Eight as frozen for these tests."""
    return LoadedScenario.from_snapshot(SNAPSHOT.read_text(encoding="utf-8"))


def _decision_id(store: SessionStore, text_start: str) -> int:
    for event in store.events(kinds=["decision_logged"]):
        if event.data["decision"]["text"].startswith(text_start):
            return event.seq
    raise AssertionError(f"no decision starting {text_start!r}")


def rehearse_session8(path: Path, *, extra: list[str] | None = None) -> Path:
    """Rehearse Session Eight with the scripted decisions, then add what the room adds by hand:
    an amendment, a retraction, observations, ratings, hotwash notes, feedback and an IP edit.
    `extra` texts (hostile input) are logged as decisions, observations, hotwash notes and feedback."""
    loaded = session8_scenario()
    clock = StoryPacedClock(loaded)
    store = SessionStore.create(path, loaded, clock=clock, seed=7)
    try:
        clock.exercise = Exercise(loaded, store, clock=clock)
        play_as_a_room(clock.exercise, load_decisions(DECISIONS, loaded))
        clock.frozen = clock.start + timedelta(minutes=clock.wall_minutes(float("inf")) + 10)
        end = float(loaded.scenario.modules[-1].end)
        fund = _decision_id(store, "The Community Foundation runs")
        room.amend_decision(store, fund, Decision(
            table="financial", inject="bp09-foundation-ready-to-open-fund", scenario_time=9 * 3600 + 30 * 60,
            text="The Community Foundation runs the one official fund with the United Way, announced tonight; "
                 "in-kind donations go to the warehouse by appointment only.",
            owner="Cedar Falls Community Foundation", tags=["official-fund-announced", "in-kind-donations-redirected"],
            eop_gap=True, follow_up="Sign an MOU with the Community Foundation before the next exercise."),
            story_time=end, actor="table:financial")
        wrong = room.log_decision(store, Decision(
            table="communications", inject="bp06-press-conference-families-first",
            text="Post the victims' names on the town website tonight.",
            owner="Town PIO"), story_time=26 * 3600, actor="table:communications")
        room.retract_decision(store, wrong.seq, "Logged by mistake: names wait until every family is notified.",
                              story_time=end, actor="facilitator")
        frc = _decision_id(store, "Open the Friends & Relatives Center")
        notify = _decision_id(store, "Four notification teams")
        roster = _decision_id(store, "Dispatch calls alternates")
        observations = [
            Observation(evaluator="R. Chen", practice=4, objective="obj-reunification", kind="strength",
                        text="The FRC was chosen and announced within 35 minutes, away from the scene.", decisions=[frc]),
            Observation(evaluator="R. Chen", practice=5, objective="obj-notification", kind="strength",
                        text="Notification teams of two with the coroner's confirmation first.", decisions=[notify]),
            Observation(evaluator="R. Chen", practice=3, objective="obj-command", kind="improvement",
                        text="The call-down list had no alternates; the room relied on a paper roster.", decisions=[roster]),
            Observation(evaluator="M. Alvarez", practice=7, kind="improvement",
                        text="Nobody owned spontaneous volunteers until the FRC had a sign-in desk."),
            Observation(evaluator="M. Alvarez", objective="obj-care", kind="improvement",
                        text="Behavioral health waited for an inject before deploying PFA teams."),
        ]
        for obs in observations:
            room.record_observation(store, obs, story_time=end, actor=f"evaluator:{obs.evaluator}")
        for objective, level, why in (("obj-command", "S", "Command formed fast; the contact list failed."),
                                      ("obj-reunification", "P", ""), ("obj-notification", "S", ""),
                                      ("obj-one-voice", "S", ""), ("obj-resources", "M", "No volunteer lead for hours."),
                                      ("obj-care", "M", "")):
            room.record_rating(store, Rating(evaluator="R. Chen", objective=objective, rating=level, explanation=why),
                               story_time=end, actor="evaluator:R. Chen")
        room.record_rating(store, Rating(evaluator="M. Alvarez", objective="obj-command", rating="M"),
                           story_time=end, actor="evaluator:M. Alvarez")
        notes = [
            HotwashNote(source="steering", kind="strength", practice=1, text="Unified command included victim services early."),
            HotwashNote(source="financial", kind="improvement", practice=9,
                        text="We need the fund MOU signed before an incident, not after."),
            HotwashNote(source="behavioral-health", kind="improvement", practice=12,
                        text="Dispatchers' peer support is not in anyone's plan."),
        ]
        note_events = [room.record_hotwash_note(store, n, story_time=end, actor="facilitator") for n in notes]
        for table, ratings, comment in (
                ("steering", {"realistic": 5, "objectives": 4, "roles": 4, "plans": 5, "facilitation": 5}, "Very real."),
                ("victim-services", {"realistic": 5, "objectives": 4, "roles": 5, "plans": 4, "facilitation": 4}, ""),
                ("financial", {"realistic": 3, "objectives": 3, "roles": 4, "plans": 5}, "More time on the fund, please.")):
            room.record_feedback(store, Feedback(table=table, ratings=ratings, comments=comment), story_time=end,
                                 actor=f"table:{table}")
        room.set_improvement_item(store, ImprovementItem(
            item_id=f"hotwash-{note_events[1].seq}", practice=9, area="We need the fund MOU signed before an incident.",
            corrective_action="Draft and sign an MOU with the Community Foundation.", element="Planning",
            organization="Town of Cedar Falls Administrator's Office", poc="Dana Whitfield",
            start="2027-08-01", completion="2027-12-31", source="hotwash"), story_time=end, actor="facilitator")
        room.set_improvement_item(store, ImprovementItem(
            item_id="training-notification", practice=5, area="Only two people are trained for death notification.",
            corrective_action="Train a standing roster of eight notifiers.", element="Training",
            organization="Harmon County DA Victim-Witness Unit", poc="Teresa Lund", start="2027-09-01"),
            story_time=end, actor="facilitator")
        for i, text in enumerate(extra or []):
            d = room.log_decision(store, Decision(table="steering", text=text, owner=text, rationale=text, eop_gap=True,
                                                  practices=[3]), story_time=end, actor="table:steering")
            room.record_observation(store, Observation(evaluator=text, practice=3, kind="improvement", text=text,
                                                       decisions=[d.seq]), story_time=end, actor="evaluator:x")
            room.record_hotwash_note(store, HotwashNote(source="steering", kind="strength", practice=3, text=text),
                                     story_time=end, actor="facilitator")
            room.record_feedback(store, Feedback(table="steering", role=text, comments=text), story_time=end,
                                 actor="table:steering")
    finally:
        store.close()
    return path


@pytest.fixture(scope="session")
def session8(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return rehearse_session8(tmp_path_factory.mktemp("s8") / "session8.ttx")
