"""`ttx report` end to end: a live `ttx rehearse` of Session Eight, then every format; errors without tracebacks."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

import docx
import lxml.html
import pytest
import yaml

from exercise_engine.cli.main import main
from exercise_engine.engine.exercise import Exercise
from exercise_engine.engine import room
from exercise_engine.model.records import Decision
from exercise_engine.store.session_store import SessionStore

from .conftest import REPO, SESSION8, SteppingClock, session8_scenario

LIVE_DECISIONS = REPO / "scenarios" / "rehearsals" / "session-8-decisions.yaml"
"""The bundled rehearsal of the live Session Eight (the frozen snapshot keeps its own decisions)."""


@pytest.fixture(scope="module")
def rehearsed(tmp_path_factory) -> Path:
    session = tmp_path_factory.mktemp("cli") / "dry-run.ttx"
    assert main(["rehearse", str(SESSION8), "--session", str(session), "--decisions", str(LIVE_DECISIONS)]) == 0
    return session


@pytest.mark.parametrize("fmt", ["html", "md", "json", "docx"])
def test_report_of_a_live_rehearsal_in_every_format(rehearsed, tmp_path, capsys, fmt):
    out = tmp_path / f"report.{fmt}"
    assert main(["report", str(rehearsed), "--format", fmt, "-o", str(out)]) == 0
    assert f"Wrote {out}" in capsys.readouterr().out
    blob = out.read_bytes()
    if fmt == "html":
        assert len(lxml.html.fromstring(blob).xpath('//tr[@data-practice]')) == 16
    elif fmt == "md":
        assert blob.decode().startswith("# After-Action Report: Session Eight")
    elif fmt == "json":
        scripted = yaml.safe_load(LIVE_DECISIONS.read_text(encoding="utf-8"))
        assert json.loads(blob)["overview"]["totals"]["decisions"] == len(scripted)
    else:
        assert any(p.text == "3. Best-practice scorecard" for p in docx.Document(io.BytesIO(blob)).paragraphs)


def test_default_format_is_html_next_to_the_session(rehearsed, capsys):
    assert main(["report", str(rehearsed), "--generated-at", "2027-07-01T12:00:00Z"]) == 0
    target = rehearsed.with_name("dry-run.ttx.report.html")
    assert target.read_bytes().startswith(b"<!DOCTYPE html>")
    assert b"2027-07-01 08:00 EDT" in target.read_bytes()  # the community profile's time zone


def test_stdout_for_text_formats(rehearsed, capsysbinary):
    assert main(["report", str(rehearsed), "-f", "md", "-o", "-"]) == 0
    assert capsysbinary.readouterr().out.startswith(b"# After-Action Report")


def test_docx_refuses_stdout(rehearsed, capsys):
    assert main(["report", str(rehearsed), "-f", "docx", "-o", "-"]) == 2
    assert "binary" in capsys.readouterr().err


@pytest.mark.parametrize("content", [None, b"not a database at all", b""])
def test_missing_or_foreign_files_are_refused_plainly(tmp_path, capsys, content):
    session = tmp_path / "x.ttx"
    if content is not None:
        session.write_bytes(content)
    assert main(["report", str(session)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("ttx report: ") and "Traceback" not in err
    assert not (tmp_path / "x.ttx.report.html").exists()


def test_a_sqlite_file_of_another_program_is_refused(tmp_path, capsys):
    other = tmp_path / "other.ttx"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE things (x)")
    assert main(["report", str(other)]) == 1
    assert "not a ttx session" in capsys.readouterr().err


def test_unwritable_output_is_reported(rehearsed, tmp_path, capsys):
    assert main(["report", str(rehearsed), "-o", str(tmp_path / "no-such-dir" / "r.html")]) == 1
    assert "no such folder" in capsys.readouterr().err
    assert main(["report", str(rehearsed), "-o", str(tmp_path)]) == 1
    assert "is a folder" in capsys.readouterr().err


def test_a_session_in_progress_gives_an_interim_report(tmp_path, capsys):
    loaded = session8_scenario()
    clock = SteppingClock()
    session = tmp_path / "live.ttx"
    store = SessionStore.create(session, loaded, clock=clock)
    try:
        exercise = Exercise(loaded, store, clock=clock)
        exercise.next_inject()
        exercise.next_inject()
        room.log_decision(store, Decision(table="steering", inject="s8-first-call", text="Unified command now."),
                          story_time=exercise.story_time, actor="table:steering")
    finally:
        store.close()
    out = tmp_path / "live.html"
    assert main(["report", str(session), "-o", str(out)]) == 0
    tree = lxml.html.fromstring(out.read_bytes())
    assert tree.xpath('//*[@role="alert" and contains(@class, "interim")]')
    assert tree.findtext(".//title").startswith("INTERIM")
    md = tmp_path / "live.md"
    assert main(["report", str(session), "-f", "md", "-o", str(md)]) == 0
    assert md.read_text().startswith("# INTERIM - After-Action Report")
    data = tmp_path / "live.json"
    assert main(["report", str(session), "-f", "json", "-o", str(data)]) == 0
    assert json.loads(data.read_text())["interim"] is True


def test_a_session_never_started_still_reports(tmp_path):
    session = tmp_path / "new.ttx"
    SessionStore.create(session, session8_scenario(), clock=SteppingClock()).close()
    for fmt in ("html", "md", "json", "docx"):
        assert main(["report", str(session), "-f", fmt, "-o", str(tmp_path / f"new.{fmt}")]) == 0
