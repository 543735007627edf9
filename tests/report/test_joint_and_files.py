"""Several rooms, one report; wall times in the exercise's time zone; report files with the user's usual
permissions; read-only and archived sessions report fine."""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
from datetime import datetime, timezone
from pathlib import Path

import lxml.html
import pytest

from exercise_engine.cli.main import main
from exercise_engine.report import render
from exercise_engine.report.text import wall
from exercise_engine.store.session_store import SessionStore

from .conftest import GENERATED_AT, rehearse_session8, session8_scenario

NOBODY = 65534


@pytest.fixture(scope="module")
def rooms(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("rooms")
    return [rehearse_session8(folder / "room-a.ttx"), rehearse_session8(folder / "room-b.ttx")]


def test_joint_report_puts_the_rooms_side_by_side(rooms, tmp_path, capsys):
    out = tmp_path / "joint.html"
    assert main(["report", *map(str, rooms), "-o", str(out), "--generated-at", "2027-07-01T12:00:00Z"]) == 0
    written = capsys.readouterr().out
    for name in ("joint.room-a.html", "joint.room-b.html", "joint.html"):
        assert f"Wrote {tmp_path / name}" in written
        assert (tmp_path / name).read_bytes().startswith(b"<!DOCTYPE html>")
    tree = lxml.html.fromstring(out.read_bytes())
    heads = [th.text_content() for th in tree.xpath('//section[@id="joint-objectives"]//thead//th')]
    assert heads == ["Objective", "room-a", "room-b"]
    objective_rows = tree.xpath('//section[@id="joint-objectives"]//tbody/tr')
    assert len(objective_rows) == len(session8_scenario().scenario.objectives)
    inject_rows = tree.xpath('//section[@id="joint-injects"]//tbody/tr')
    assert len(inject_rows) == len(session8_scenario().injects)
    assert "decision" in inject_rows[0].text_content() and "min" in inject_rows[0].text_content()
    assert sorted(tree.xpath('//section[@id="rooms"]//a/@href')) == ["joint.room-a.html", "joint.room-b.html"]
    plan_rooms = {tr.xpath("./td[1]")[0].text_content() for tr in tree.xpath('//section[@id="joint-improvement-plan"]//tbody/tr')}
    assert plan_rooms == {"room-a", "room-b"}


def _other_version(path: Path) -> Path:
    loaded = session8_scenario()
    other = dataclasses.replace(loaded, scenario=loaded.scenario.model_copy(update={"version": "2.0"}),
                                digest="0" * 64)
    SessionStore.create(path, other, seed=1).close()
    return path


def test_joint_report_refuses_other_scenarios_and_versions(rooms, tmp_path, capsys, repo_root):
    newer = _other_version(tmp_path / "newer.ttx")
    assert main(["report", str(rooms[0]), str(newer), "-o", str(tmp_path / "j.html")]) == 1
    assert "v2.0" in capsys.readouterr().err
    demo = tmp_path / "demo.ttx"
    assert main(["rehearse", str(repo_root / "scenarios" / "demo.yaml"), "--session", str(demo)]) == 0
    capsys.readouterr()
    assert main(["report", str(rooms[0]), str(demo), "-o", str(tmp_path / "j.html")]) == 1
    err = capsys.readouterr().err
    assert "same scenario and version" in err and "Traceback" not in err
    assert main(["report", str(rooms[0]), str(rooms[0]), "-o", str(tmp_path / "j.html")]) == 1
    assert main(["report", *map(str, rooms), "--format", "pdf", "-o", str(tmp_path / "j.pdf")]) == 2
    assert not (tmp_path / "j.html").exists()


def test_wall_times_in_the_exercise_time_zone():
    moment = datetime(2026, 11, 29, 14, 0, tzinfo=timezone.utc)
    assert wall(moment, "America/New_York") == "2026-11-29 09:00 EST"
    assert wall(moment.replace(month=7), "America/Chicago") == "2026-07-29 09:00 CDT"
    assert wall(moment) == "2026-11-29 14:00 UTC"


def test_tz_overrides_and_a_wrong_zone_is_a_message(rooms, tmp_path, capsys):
    out = tmp_path / "r.html"
    assert main(["report", str(rooms[0]), "-o", str(out), "--tz", "America/Denver"]) == 0
    html = out.read_text(encoding="utf-8")
    assert "Wall times are in America/Denver" in html and " MST" in html
    with pytest.raises(SystemExit) as exit_:
        main(["report", str(rooms[0]), "--tz", "Mars/Olympus"])
    assert exit_.value.code == 2
    assert "is not a time zone name" in capsys.readouterr().err


def test_report_files_get_the_users_usual_permissions(rooms, tmp_path):
    old = os.umask(0o027)
    try:
        for fmt in ("html", "pdf"):
            target = render.write_report(rooms[0], fmt, tmp_path / f"r.{fmt}", GENERATED_AT)
            assert target.stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(old)
    os.umask(0o022)
    try:
        assert render.write_report(rooms[0], "md", tmp_path / "r.md", GENERATED_AT).stat().st_mode & 0o777 == 0o644
    finally:
        os.umask(old)


def _as_another_user(work) -> int:
    """Run `work()` where file permissions apply: in a forked child that drops root, else in-process."""
    if os.geteuid() != 0:
        work()
        return 0
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child reports through its exit status
        try:
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            work()
            os._exit(0)
        except BaseException:
            import traceback
            traceback.print_exc()
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


@pytest.fixture
def shared_tmp():
    """A folder another user can reach (pytest's own tmp folders are private to their owner)."""
    folder = Path(tempfile.mkdtemp(prefix="ttx-test-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_read_only_and_archived_sessions_report_fine(rooms, shared_tmp):
    tmp_path = shared_tmp
    archive = tmp_path / "archive"
    archive.mkdir()
    session = archive / "room-a.ttx"
    session.write_bytes(rooms[0].read_bytes())
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o777)
    render.render_report(render.load_state(session), "html", GENERATED_AT)  # imports and templates warm
    session.chmod(0o444)
    archive.chmod(0o555)
    try:
        code = _as_another_user(lambda: render.write_report(session, "html", out / "r.html", GENERATED_AT))
    finally:
        archive.chmod(0o755)
        session.chmod(0o644)
    assert code == 0
    assert (out / "r.html").read_bytes() == render.render_report(render.load_state(rooms[0]), "html", GENERATED_AT)
    assert sorted(p.name for p in archive.iterdir()) == ["room-a.ttx"]  # nothing written beside the archive
