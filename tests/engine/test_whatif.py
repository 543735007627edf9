"""`ttx whatif`: the session's models replayed with one change, on the same random incident, beside
what the session recorded."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from exercise_engine.cli.main import main
from exercise_engine.engine.models.whatif import changed, released, what_if
from exercise_engine.engine.projection import project
from exercise_engine.engine.rehearsal import rehearse
from exercise_engine.engine.script import Script, ScriptedControl, ScriptedRecord
from exercise_engine.loader import load_scenario
from exercise_engine.model.events import EventKind
from exercise_engine.model.records import Action, Decision
from exercise_engine.store.session_store import SessionStore

from .helpers import FakeClock

DATA = Path(__file__).resolve().parents[1] / "data" / "models"
H = 3600


@pytest.fixture(scope="module")
def session(tmp_path_factory) -> str:
    """A 12-story-hour rehearsal: FRC (8 staff) at T+30m, 2 hotline lines and 3 notification teams
    at T+45m, a decision without actions at T+3h; two consequence injects released by thresholds."""
    path = tmp_path_factory.mktemp("whatif") / "rehearsal.ttx"
    assert main(["rehearse", str(DATA / "whatif.yaml"), "--session", str(path),
                 "--decisions", str(DATA / "whatif-decisions.yaml")]) == 0
    return str(path)


@pytest.fixture(scope="module")
def state(session):
    store = SessionStore.open(session, read_only=True)
    try:
        return project(store.scenario(), store.events())
    finally:
        store.close()


def whatif(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["whatif", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def as_json(capsys, *args: str) -> dict:
    code, out, err = whatif(capsys, *args, "--format", "json")
    assert code == 0, err
    return json.loads(out)


def test_as_it_happened_is_the_recorded_log_and_the_replay_reproduces_it(session, state, capsys) -> None:
    data = as_json(capsys, session, "--change", "2.lines=3")
    happened = data["as_happened"]
    for name, series in state.metrics.items():  # the projection's time series of the recorded model events
        assert happened["final"][name] == series[-1][1] and happened["peak"][name] == max(v for _, v in series)
    assert [(t, i) for t, _, i in happened["fired"]] == [
        (e.scenario_time, e.data["inject"]) for e, c in state.threshold_crossings if c.crossing == "fired"]
    assert data["reproduced"] is True and data["until"] == 12 * H
    log = {e.data["inject"]: e.scenario_time for e in state.events
           if e.kind is EventKind.inject_delivered and e.data["reason"] == "released"}
    assert {i: t for i, (t, _) in released(state, [tuple(f) for f in happened["fired"]]).items()} == log


def test_an_inject_is_released_only_while_it_is_still_open(state) -> None:
    """wi-line-jammed (planned T+6h) was released at T+2h30m: a firing at T+5h would release it then,
    one at T+7h too late; a threshold's later firings never release it twice."""
    fired = [(5 * H, "line-jammed", "wi-line-jammed"), (5.5 * H, "line-jammed", "wi-line-jammed"),
             (11 * H, "frc-no-news", "wi-frc-no-news")]
    assert released(state, fired) == {"wi-line-jammed": (5 * H, "line-jammed")}
    assert released(state, [(7 * H, "line-jammed", "wi-line-jammed")]) == {}


def test_a_change_to_what_was_decided_changes_nothing(session, state, capsys) -> None:
    data = as_json(capsys, session, "--change", "1.staff=8")  # 8 is what was decided
    assert data["as_happened"] == data["what_if"] and data["injects"] == []
    result = what_if(state, change="1.staff=8")
    assert result.would.events == [tuple(e) for e in json.loads(json.dumps(result.happened.events))]


def test_more_hotline_lines_and_the_jammed_line_inject_would_not_have_come(session, capsys) -> None:
    data = as_json(capsys, session, "--change", "2.lines=30")
    happened, would = data["as_happened"], data["what_if"]
    assert data["change"] == "with decision 2's lines = 30"
    assert would["final"]["hotline.asa_seconds"] < happened["final"]["hotline.asa_seconds"]
    assert would["final"]["notification.identified"] == happened["final"]["notification.identified"]
    assert data["injects"] == [{"inject": "wi-line-jammed", "threshold": "line-jammed", "happened": 2.5 * H,
                                "would": None}]


def test_without_the_frc_its_consequence_inject_would_not_have_come_and_the_table_says_so(session, capsys) -> None:
    code, out, _ = whatif(capsys, session, "--remove", "1")
    assert code == 0 and out.startswith("What if: without decision 1 (seed 0, the session's models from T+0 to T+12h)")
    line = next(l for l in out.splitlines() if l.startswith("reunification.mean_signin_wait_minutes"))
    assert line.endswith("*")
    assert "Consequence inject wi-frc-no-news (frc-no-news), released at T+3h25m, would not have been released." in out
    assert "Note:" not in out


def test_adding_an_action_at_a_story_time(session, capsys) -> None:
    data = as_json(capsys, session, "--add", "staff_hotline lines=30 at T+1h")
    assert data["change"] == "adding staff_hotline lines=30 at T+1h"
    assert data["what_if"]["final"]["hotline.answered"] > data["as_happened"]["final"]["hotline.answered"]


def test_a_change_never_moves_another_decisions_id_number_or_versions(state) -> None:
    def identity(decisions):
        return {d.decision_id: (d.number, [e.seq for e, _ in d.versions], d.retracted) for d in decisions.values()}

    before = identity(state.decisions)
    for kwargs in ({"change": "2.lines=9"}, {"remove": 1}, {"add": "open_frc staff=3 at T+2h"}):
        after = identity(changed(state, **kwargs)[0])
        touched = {d for d in before if after.get(d) != before[d]}
        assert len(touched) <= 1 and set(after) - set(before) <= {max(after)}
    added = changed(state, add="open_frc staff=3 at T+2h")[0]
    new = added[max(added)]
    assert new.number == 4 and new.decision_id > state.last_seq


@pytest.mark.parametrize(("args", "message"), [
    (["--remove", "99"], "there is no decision 99 in this session (decisions: 1, 2, 3)"),
    (["--change", "7.staff=3"], "there is no decision 7 in this session (decisions: 1, 2, 3)"),
    (["--change", "2.seats=3"], "decision 2 has no action with a `seats` parameter; its action parameters are "
                                "assign_notification_teams.teams, staff_hotline.lines"),
    (["--change", "3.staff=4"], "decision 3 has no action with a `staff` parameter; it carries no actions"),
    (["--change", "2.lines=many"], "staff_hotline: `lines` input should be a valid integer"),
    (["--change", "2.lines=-1"], "staff_hotline: `lines` input should be greater than or equal to 0"),
    (["--change", "five"], "write DECISION.PARAM=VALUE"),
    (["--add", "open_jic staff=3 at T+1h"], "for the information model, which this scenario's `models:` section does not run"),
    (["--add", "open_frc staf=3 at T+1h"], "open_frc: `staf` is not a parameter of this action"),
    (["--add", "staff_hotlines lines=3 at T+1h"], "unknown action 'staff_hotlines'"),
    (["--add", "staff_hotline lines=3"], "write 'ACTION PARAM=VALUE … at STORY TIME'"),
    (["--add", 'open_frc staff=3 site="Testville Park Annex" at T+1h'],  # a quoted value with spaces, whole
     "open_frc: no venue 'Testville Park Annex' in the community profile"),
    (["--add", 'open_frc staff="3 at T+1h'], "No closing quotation"),
    (["--add", "staff_hotline lines=3 at T+1x"], "'T+1x' is not a story time"),
    (["--add", "staff_hotline lines=3 at Sun 09:00"], "set the scenario's `incident_start`"),
    (["--add", "staff_hotline lines=3 at T+13h"], "T+13h is not before T+12h, where the session's models stopped"),
])
def test_mistakes_are_one_clear_line(session, capsys, args, message) -> None:
    code, _, err = whatif(capsys, session, *args)
    assert code == 1 and message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_a_missing_session_is_a_message(capsys, tmp_path) -> None:
    code, _, err = whatif(capsys, str(tmp_path / "none.ttx"), "--remove", "1")
    assert code == 1 and "no such session file" in err


def test_amendments_retractions_and_controls_are_replayed_as_they_happened() -> None:
    """The session's own decisions, every version at its story time, replayed: the same model events."""
    loaded = load_scenario(DATA / "whatif.yaml")
    loaded = dataclasses.replace(loaded, scenario=loaded.scenario.model_copy(update={"modules": [
        loaded.scenario.modules[0].model_copy(update={"end": 6 * H})]}))

    def decision(at: float, kind: str, **params: int) -> dict:
        return {"decision": Decision(table="victim-services", text=kind, scenario_time=int(at),
                                     actions=[Action(kind=kind, params=params)]).model_dump(mode="json")}

    first = [ScriptedRecord(1800, EventKind.decision_logged, decision(1800, "open_frc", staff=4), "table:victim-services"),
             ScriptedRecord(2700, EventKind.decision_logged, decision(2700, "staff_hotline", lines=2), "table:victim-services")]
    ids = sorted(rehearse(loaded, Script(tuple(first)), clock=FakeClock()).state.decisions)
    amended = decision(2 * H, "staff_hotline", lines=8) | {"decision_id": ids[1]}
    script = Script((*first, ScriptedControl(H, "set_speed", (2.0,)),
                     ScriptedRecord(2 * H, EventKind.decision_amended, amended, "facilitator"),
                     ScriptedRecord(3 * H, EventKind.decision_retracted, {"decision_id": ids[0], "reason": "moved"},
                                    "facilitator")))
    exercise = rehearse(loaded, script, clock=FakeClock())
    state = project(exercise.loaded, exercise.events)
    assert [len(d.versions) for d in state.decisions.values()] == [1, 2] and state.decisions[ids[0]].is_retracted
    result = what_if(state, change="2.lines=2")  # the first version's value: only the amendment's changes
    assert result.reproduced
    assert result.would.final != result.happened.final


def test_an_inject_that_did_not_come_would_have_come(capsys) -> None:
    """A session whose line was well staffed (30 lines): with 2, the jammed-line inject would have come."""
    loaded = load_scenario(DATA / "whatif.yaml")
    decisions = [Decision(table="victim-services", text="Lines", scenario_time=2700,
                          actions=[Action(kind="staff_hotline", params={"lines": 30})])]
    exercise = rehearse(loaded, decisions, clock=FakeClock())
    state = project(exercise.loaded, exercise.events)
    assert state.injects["wi-line-jammed"].reason == "not released"
    result = what_if(state, change="1.lines=2")
    assert [(c.inject, c.happened, c.would) for c in result.injects] == [("wi-line-jammed", None, 2.5 * H)]


def test_a_parameter_two_actions_share_must_say_which() -> None:
    from exercise_engine.loader.errors import UserError

    from .model_log import Log

    log = Log()
    decision = Decision(table="victim-services", text="Open both centers", actions=[
        Action(kind="open_frc", params={"staff": 4}), Action(kind="open_fac", params={"staff": 6})])
    log._add(EventKind.decision_logged, 600, {"decision_id": 1, "number": 1, "decision": decision.model_dump(mode="json")})
    with pytest.raises(UserError, match=r"decision 1 has `staff` in open_fac and open_frc; write e.g. 1.open_fac.staff=9"):
        changed(log.state, change="1.staff=9")
