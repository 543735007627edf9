"""`ttx log` and `ttx report` on a copy of a session file whose first pages are damaged: a message, never a traceback.

A USB stick pulled mid-copy or a disk error leaves pages of garbage or zeros. Every command must say
the file is damaged and exit 1 when it cannot read what it needs, and never crash.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from exercise_engine.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "tests" / "data" / "good" / "scenario.yaml"
PAGE = 4096
COMMANDS = {
    "log-csv": ["log", "--format", "csv"],
    "log-jsonl": ["log"],
    "report": ["report", "--format", "md", "-o", "-"],
}


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("damaged") / "good.ttx"
    assert main(["rehearse", "--session", str(path), str(SCENARIO)]) == 0
    with sqlite3.connect(path) as conn:  # everything in the one file, as it would be copied
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


def _root_page(path: Path, table: str) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    finally:
        conn.close()


def _damaged(session: Path, tmp_path: Path, page: int, fill: str) -> Path:
    """A copy with one page (1-based, as SQLite counts) overwritten; page 1 keeps its 100-byte header."""
    copy = tmp_path / f"damaged-{page}-{fill}.ttx"
    shutil.copy(session, copy)
    start = (page - 1) * PAGE + (100 if page == 1 else 0)
    size = (page * PAGE) - start
    junk = bytes(size) if fill == "zeros" else bytes((i * 37 + 11) % 256 for i in range(size))
    with open(copy, "r+b") as f:
        f.seek(start)
        f.write(junk)
    return copy


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)  # an uncaught exception here is the traceback a user would see
    captured = capsys.readouterr()
    return code, captured.err


@pytest.mark.parametrize("fill", ["garbage", "zeros"])
@pytest.mark.parametrize("page", [1, 2, 3, 4, 5])
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_no_traceback_whichever_early_page_is_damaged(session: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                      command: str, page: int, fill: str) -> None:
    copy = _damaged(session, tmp_path, page, fill)
    code, err = _run([*COMMANDS[command], str(copy)], capsys)
    assert code in (0, 1)
    if code == 1:
        assert str(copy) in err and ("damaged" in err or "not a session file" in err), err


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_damaged_header_is_not_a_session_file(session: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                command: str) -> None:
    copy = tmp_path / "header.ttx"
    shutil.copy(session, copy)
    with open(copy, "r+b") as f:
        f.write(b"\x00" * PAGE)
    code, err = _run([*COMMANDS[command], str(copy)], capsys)
    assert code == 1
    assert f"{copy} is not a session file" in err


@pytest.mark.parametrize("command", ["log-csv", "report"])
def test_a_damaged_scenario_snapshot_is_reported_as_damage(session: Path, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str], command: str) -> None:
    """The CSV and the report need the scenario stored in the `meta` table; its page is garbage."""
    copy = _damaged(session, tmp_path, _root_page(session, "meta"), "garbage")
    code, err = _run([*COMMANDS[command], str(copy)], capsys)
    assert code == 1
    assert str(copy) in err and "damaged" in err, err


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_damaged_event_log_is_reported_as_damage(session: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   command: str) -> None:
    copy = _damaged(session, tmp_path, _root_page(session, "events"), "zeros")
    code, err = _run([*COMMANDS[command], str(copy)], capsys)
    assert code == 1
    assert str(copy) in err and "damaged" in err, err
