"""`ttx run` and `ttx serve` argument handling: clear messages, no tracebacks, nothing overwritten."""

from __future__ import annotations

import re

import pytest

from exercise_engine.cli.main import main
from exercise_engine.cli.run_cmd import new_session_path

from .conftest import REPO, load

BAD = REPO / "tests" / "data" / "bad"


def run(argv, capsys):
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("command", ["run", "serve"])
def test_scenario_errors_are_file_line_col_and_exit_1(command, capsys, tmp_path):
    bad = BAD / "malformed-time.yaml"
    argv = [command, str(bad)] + (["--session", str(tmp_path / "x.ttx")] if command == "serve" else [])
    code, out, err = run(argv, capsys)
    assert code == 1
    assert re.search(r"malformed-time\.yaml:\d+:\d+: ", err), err
    assert "Traceback" not in err
    assert not (tmp_path / "x.ttx").exists()


def test_table_console_needs_an_existing_session(capsys, tmp_path):
    code, _, err = run(["run", str(REPO / "scenarios" / "demo.yaml"), "--role", "table", "--table", "steering",
                        "--session", str(tmp_path / "missing.ttx")], capsys)
    assert code == 2
    assert "--session" in err and "Traceback" not in err


def test_unknown_table_is_named_with_the_choices(capsys, tmp_path):
    from exercise_engine.store.session_store import SessionStore

    path = tmp_path / "s.ttx"
    SessionStore.create(path, load("demo.yaml")).close()
    code, _, err = run(["run", str(REPO / "scenarios" / "demo.yaml"), "--role", "table", "--table", "nope",
                        "--session", str(path)], capsys)
    assert code == 2
    assert "steering" in err and "nope" in err


def test_session_of_another_scenario_is_refused(capsys, tmp_path):
    from exercise_engine.store.session_store import SessionStore

    path = tmp_path / "s.ttx"
    SessionStore.create(path, load("demo.yaml")).close()
    other = REPO / "scenarios" / "session-3-crisis-communications.yaml"
    code, _, err = run(["run", str(other), "--session", str(path)], capsys)
    assert code == 1
    assert "belongs to scenario" in err


def test_new_session_names_come_from_scenario_and_time_and_never_collide(tmp_path):
    from datetime import datetime

    loaded = load("demo.yaml")
    now = datetime(2027, 6, 19, 20, 40)
    first = new_session_path(loaded, tmp_path, now)
    assert first == tmp_path / f"{loaded.scenario.id}-20270619-2040.ttx"
    first.touch()
    assert new_session_path(loaded, tmp_path, now) == tmp_path / f"{loaded.scenario.id}-20270619-2040-2.ttx"


def test_serve_refuses_a_port_in_use_before_creating_anything(capsys, tmp_path):
    import socket

    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        code, _, err = run(["serve", str(REPO / "scenarios" / "demo.yaml"), "--session", str(tmp_path / "s.ttx"),
                            "--port", str(port)], capsys)
    assert code == 1
    assert f"port {port} on 127.0.0.1 is already in use" in err
    assert not (tmp_path / "s.ttx").exists()


@pytest.mark.parametrize("port", ["0", "70000", "eighty"])
def test_serve_says_what_a_port_number_is(port, capsys, tmp_path):
    with pytest.raises(SystemExit) as exit_:
        main(["serve", str(REPO / "scenarios" / "demo.yaml"), "--session", str(tmp_path / "s.ttx"), "--port", port])
    assert exit_.value.code == 2
    assert "is not a port number (1-65535)" in capsys.readouterr().err


def test_run_without_session_resumes_the_latest_unfinished_session_and_new_starts_one(capsys, tmp_path, monkeypatch):
    """`ttx run SCENARIO` twice must not start a second session with new join codes: it resumes the most
    recent unfinished one (and says which); `--new` starts another; an ended session is not resumed."""
    import os

    from exercise_engine.model.events import EventKind
    from exercise_engine.store.session_store import SessionStore

    opened = []

    class Captured:
        live = None
        close_warning = None

        def run(self):
            pass

    def fake_make_app(store, **kwargs):
        opened.append((store.path, kwargs.get("greeting", "")))
        store.close()
        return Captured()

    monkeypatch.setattr("exercise_engine.tui.app.make_app", fake_make_app)
    monkeypatch.chdir(tmp_path)
    scenario = str(REPO / "scenarios" / "demo.yaml")
    assert main(["run", scenario]) == 0
    first, greeting = opened[-1]
    assert first.parent.name == "sessions" and "New session file" in greeting
    os.utime(first, (1, 1))
    assert main(["run", scenario]) == 0
    assert opened[-1][0] == first and f"Resumed the unfinished session {first}" in opened[-1][1]
    assert main(["run", scenario, "--new"]) == 0
    second = opened[-1][0]
    assert second != first and second.exists()
    with SessionStore.open(second) as store:
        store.append(EventKind.exercise_ended, {}, scenario_time=0, actor="facilitator")
    os.utime(second, None)
    assert main(["run", scenario]) == 0
    assert opened[-1][0] == first, "an ended session is never resumed"
    capsys.readouterr()
