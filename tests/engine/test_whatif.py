"""`ttx whatif`: the session's models replayed with one change, on the same random incident."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from exercise_engine.cli.main import main

DATA = Path(__file__).resolve().parents[1] / "data" / "models"


@pytest.fixture(scope="module")
def session(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("whatif") / "rehearsal.ttx"
    assert main(["rehearse", str(DATA / "scenario.yaml"), "--session", str(path),
                 "--decisions", str(DATA / "decisions.yaml")]) == 0
    return str(path)


def whatif(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["whatif", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_unchanged_decisions_replay_what_happened(session, capsys) -> None:
    code, out, _ = whatif(capsys, session, "--change", "1.staff=8", "--format", "json")  # 8 is what was decided
    data = json.loads(out)
    assert code == 0 and data["as_happened"] == data["what_if"]


def test_more_hotline_lines_answer_more_calls_on_the_same_incident(session, capsys) -> None:
    code, out, _ = whatif(capsys, session, "--change", "2.lines=30", "--format", "json")
    data = json.loads(out)
    happened, would = data["as_happened"], data["what_if"]
    assert code == 0 and data["change"] == "with decision 2's lines = 30"
    assert would["final"]["hotline.asa_seconds"] < happened["final"]["hotline.asa_seconds"]
    assert would["final"]["notification.identified"] == happened["final"]["notification.identified"]


def test_removing_the_frc_decision_releases_no_frc_and_the_table_marks_what_changed(session, capsys) -> None:
    code, out, _ = whatif(capsys, session, "--remove", "1")
    assert code == 0 and out.startswith("What if: without decision 1")
    line = next(l for l in out.splitlines() if l.startswith("reunification.mean_signin_wait_minutes"))
    assert line.endswith("*")


def test_adding_an_action_at_a_story_time(session, capsys) -> None:
    code, out, _ = whatif(capsys, session, "--add", "open_frc staff=12 site=frc at T+10m", "--format", "json")
    assert code == 0 and json.loads(out)["change"] == "adding open_frc staff=12 site=frc at T+10m"


@pytest.mark.parametrize(("args", "message"), [
    (["--remove", "99"], "there is no decision 99 in this session (decisions: 1, 2)"),
    (["--change", "2.seats=3"], "decision 2 has no action with a `seats` parameter"),
    (["--change", "2.lines=many"], "staff_hotline: `lines` input should be a valid integer"),
    (["--change", "five"], "write DECISION.PARAM=VALUE"),
    (["--add", "open_jic staff=3 at T+1h"], "for the information model, which this scenario's `models:` section does not run"),
    (["--add", "staff_hotline lines=3"], "write 'ACTION PARAM=VALUE … at T+…'"),
])
def test_mistakes_are_one_clear_line(session, capsys, args, message) -> None:
    code, _, err = whatif(capsys, session, *args)
    assert code == 1 and message in err and "Traceback" not in err


def test_a_missing_session_is_a_message(capsys, tmp_path) -> None:
    code, _, err = whatif(capsys, str(tmp_path / "none.ttx"), "--remove", "1")
    assert code == 1 and "no such session file" in err
