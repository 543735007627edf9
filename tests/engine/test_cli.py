"""`ttx rehearse` and `ttx log` as a facilitator uses them: summaries, exports, clear refusals."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from exercise_engine.cli.main import main
from exercise_engine.engine import room
from exercise_engine.model.records import Decision
from exercise_engine.store.session_store import SessionStore, utc_now

REPO = Path(__file__).resolve().parents[2]
(SESSION_8,) = sorted((REPO / "scenarios").glob("session-8-*.yaml"))
(SESSION_7,) = sorted((REPO / "scenarios").glob("session-7-*.yaml"))

DECISIONS = """\
- at: T+20m
  table: steering
  practices: [1]
  text: Unified command at the park, with a victim-services liaison in the command post.
  tags: [victim-services-liaison-in-command]
- at: T+1h
  table: victim-services
  practices: [4, 5]
  text: "=HYPERLINK(\\"http://example.org\\") notification team assigned"
  owner: DA victim-witness unit
  tags: [notification-team-assigned]
  eop_gap: true
  actions: [{kind: staff_hotline, params: {lines: 6}}]
"""


def rehearse(tmp_path: Path, *extra: str) -> tuple[int, Path]:
    session = tmp_path / "dry-run.ttx"
    return main(["rehearse", str(SESSION_8), "--session", str(session), *extra]), session


def test_rehearse_prints_a_summary_and_leaves_a_session(tmp_path: Path, capsys) -> None:
    script = tmp_path / "decisions.yaml"
    script.write_text(DECISIONS)
    code, session = rehearse(tmp_path, "--decisions", str(script), "--seed", "4")
    out = capsys.readouterr().out
    assert code == 0
    assert "Rehearsed" in out and str(session) in out
    assert "Decisions: 2 from 2 tables" in out
    assert "3/16 by decisions" in out
    assert "Injects:" in out and "delivered" in out and "Story span: T+0 to" in out
    store = SessionStore.open(session)
    assert store.seed == 4
    store.close()


def test_rehearse_refuses_a_bad_decisions_script_and_writes_nothing(tmp_path: Path, capsys) -> None:
    script = tmp_path / "decisions.yaml"
    script.write_text(
        "- at: T+20m\n  table: steerin\n  text: x\n"
        "- at: T+5000d\n  table: steering\n  inject: no-such-inject\n  text: y\n"
        "- at: yesterday\n  table: steering\n  text: z\n  colour: red\n")
    code, session = rehearse(tmp_path, "--decisions", str(script))
    err = capsys.readouterr().err
    assert code == 1
    assert f"{script}:2:10: unknown table 'steerin' (did you mean 'steering'?)" in err
    assert f"{script}:4:7: T+5000d is outside the scenario" in err
    assert f"{script}:6:11: unknown inject 'no-such-inject'" in err
    assert f"{script}:8:7: malformed story time 'yesterday'" in err
    assert f"{script}:11:3: unknown key 'colour'" in err
    assert "Traceback" not in err
    assert not session.exists()


def test_rehearse_refuses_a_script_that_is_not_a_list(tmp_path: Path, capsys) -> None:
    script = tmp_path / "decisions.yaml"
    script.write_text("at: T+1h\ntable: steering\n")
    code, session = rehearse(tmp_path, "--decisions", str(script))
    assert code == 1
    assert "is a list of decisions" in capsys.readouterr().err
    assert not session.exists()


def test_rehearse_refuses_a_session_of_another_scenario_untouched(tmp_path: Path, capsys) -> None:
    code, session = rehearse(tmp_path)
    assert code == 0
    before = session.read_bytes()
    capsys.readouterr()
    code = main(["rehearse", str(SESSION_7), "--session", str(session)])
    assert code == 1
    assert "belongs to scenario" in capsys.readouterr().err
    assert session.read_bytes() == before


def test_rehearse_refuses_a_finished_session(tmp_path: Path, capsys) -> None:
    rehearse(tmp_path)
    capsys.readouterr()
    code, session = rehearse(tmp_path)
    assert code == 1
    assert "finished session" in capsys.readouterr().err


def test_rehearse_refuses_a_foreign_file(tmp_path: Path, capsys) -> None:
    session = tmp_path / "dry-run.ttx"
    session.write_text("shopping list")
    code, _ = rehearse(tmp_path)
    assert code == 1
    assert "is not a session file" in capsys.readouterr().err
    assert session.read_text() == "shopping list"


def test_log_jsonl_has_the_envelope_and_the_fields(tmp_path: Path, capsys) -> None:
    script = tmp_path / "decisions.yaml"
    script.write_text(DECISIONS)
    _, session = rehearse(tmp_path, "--decisions", str(script))
    capsys.readouterr()
    assert main(["log", str(session)]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert records[0]["kind"] == "session_created" and records[0]["seq"] == 1
    delivered = next(r for r in records if r["kind"] == "inject_delivered")
    assert {"seq", "kind", "scenario_time", "story_time", "wall_time", "actor", "inject", "module", "reason"} <= set(delivered)
    assert delivered["story_time"].startswith("T+")
    decision = next(r for r in records if r["kind"] == "decision_logged")
    assert decision["story_time"] == "T+20m" and decision["scenario_time"] == 1200.0
    assert decision["decision_id"] == decision["seq"]

    assert main(["log", str(session), "--kind", "module_started"]) == 0
    kinds = {json.loads(line)["kind"] for line in capsys.readouterr().out.splitlines()}
    assert kinds == {"module_started"}


def test_log_csv_is_one_row_per_decision_with_its_status(tmp_path: Path, capsys) -> None:
    script = tmp_path / "decisions.yaml"
    script.write_text(DECISIONS)
    _, session = rehearse(tmp_path, "--decisions", str(script))
    store = SessionStore.open(session)
    first, second = [d for d in store.events() if d.kind.value == "decision_logged"]
    room.amend_decision(store, first.seq, Decision(table="steering", text="Unified command, liaison confirmed."),
                        story_time=2000, actor="table:steering")
    room.retract_decision(store, second.seq, "duplicate", story_time=2000, actor="table:victim-services")
    store.close()
    capsys.readouterr()
    assert main(["log", str(session), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["status"] for r in rows] == ["amended", "retracted"]
    assert rows[0]["text"] == "Unified command, liaison confirmed." and rows[0]["versions"] == "2"
    assert rows[0]["story_time"] == "T+20m"
    assert rows[1]["practices"] == "4; 5" and rows[1]["eop_gap"] == "yes" and rows[1]["owner"] == "DA victim-witness unit"
    assert rows[1]["text"].startswith("'=HYPERLINK"), "a typed formula stays text in a spreadsheet"


def test_log_refuses_missing_and_foreign_files(tmp_path: Path, capsys) -> None:
    assert main(["log", str(tmp_path / "none.ttx")]) == 1
    assert "no such session file" in capsys.readouterr().err
    assert not (tmp_path / "none.ttx").exists()
    (tmp_path / "notes.ttx").write_text("notes")
    assert main(["log", str(tmp_path / "notes.ttx"), "--format", "csv"]) == 1
    assert "is not a session file" in capsys.readouterr().err


def test_log_refuses_kind_with_csv_and_unknown_kinds(tmp_path: Path, capsys) -> None:
    _, session = rehearse(tmp_path)
    capsys.readouterr()
    assert main(["log", str(session), "--format", "csv", "--kind", "rating"]) == 2
    assert "--kind applies to --format jsonl" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        main(["log", str(session), "--kind", "ratings"])
    assert exit_.value.code == 2
    assert "invalid choice: 'ratings'" in capsys.readouterr().err


def test_rehearse_reports_a_missing_scenario_and_creates_nothing(tmp_path: Path, capsys) -> None:
    code = main(["rehearse", str(tmp_path / "nope.yaml"), "--session", str(tmp_path / "s.ttx")])
    assert code == 1
    assert "nope.yaml" in capsys.readouterr().err
    assert not (tmp_path / "s.ttx").exists()


def test_rehearse_finishes_an_interrupted_rehearsal(tmp_path: Path, capsys) -> None:
    from exercise_engine.engine.exercise import Exercise
    from exercise_engine.loader import load_scenario

    loaded = load_scenario(SESSION_8)
    session = tmp_path / "dry-run.ttx"
    store = SessionStore.create(session, loaded)
    Exercise(loaded, store, clock=utc_now).tick()  # opens the first module; then the laptop dies
    store.close()
    code, _ = rehearse(tmp_path)
    assert code == 0
    assert "Finished the interrupted rehearsal" in capsys.readouterr().out
    kinds = [e.kind.value for e in SessionStore.open(session).events()]
    assert kinds.count("module_started") == len(loaded.scenario.modules) and kinds[-1] == "exercise_ended"
    assert "session_resumed" in kinds


def test_backup_copies_a_running_session_whole_and_never_overwrites(tmp_path: Path, capsys) -> None:
    from exercise_engine.cli.main import main
    from exercise_engine.store.session_store import SessionStore

    code, session = rehearse(tmp_path)
    assert code == 0
    capsys.readouterr()
    writer = SessionStore.open(session)  # a console still has the file open
    assert main(["backup", str(session), str(tmp_path / "copy.ttx")]) == 0
    assert "Copied" in capsys.readouterr().out
    assert [e.seq for e in SessionStore.open(tmp_path / "copy.ttx").events()] == [e.seq for e in writer.events()]
    assert main(["backup", str(session), str(tmp_path / "copy.ttx")]) == 1
    assert "already exists" in capsys.readouterr().err
    assert main(["backup", str(tmp_path / "missing.ttx"), str(tmp_path / "x.ttx")]) == 1
    assert "no such session file" in capsys.readouterr().err
    writer.close()
