"""Any scenario the checker accepts can be reported, in every format, through the real `ttx` commands.

A long title overflowed Word's 255-character document title; a story ending past the year 9999
overflowed the story calendar. The loader now refuses a story past 9999; one that ends on the
calendar's last day, or runs for years with no calendar date, must report.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import docx
import pytest

from exercise_engine.cli.main import main
from exercise_engine.report.render import FORMATS

ROOT = Path(__file__).resolve().parents[2]
GOOD = ROOT / "tests" / "data" / "good"
LONG_TITLE = "Founders Day at the Cedar Falls Community Center and the long road of recovery after it " * 12
CASES = {
    "long-title": [("title: Test scenario for {{ community.name }}\n", f"title: {LONG_TITLE.strip()}\n")],
    "last-day-of-the-calendar": [("incident_start: 2027-06-19T20:40:00\n", "incident_start: 9999-12-31T08:00:00\n")],
    "years-without-a-date": [
        ("incident_start: 2027-06-19T20:40:00\n", ""),
        ("    end: T+14h\n", "    end: T+36500d\n"),
        ("        time: T+12h\n", "        time: T+36000d\n"),
    ],
}


def _rehearsed(tmp_path: Path, edits: list[tuple[str, str]], capsys: pytest.CaptureFixture[str]) -> Path:
    shutil.copytree(GOOD, tmp_path / "good")
    scenario = tmp_path / "good" / "scenario.yaml"
    text = scenario.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    scenario.write_text(text, encoding="utf-8")
    session = tmp_path / "extreme.ttx"
    assert main(["rehearse", "--session", str(session), str(scenario)]) == 0, capsys.readouterr().out
    return session


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_report_format_is_written(case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    session = _rehearsed(tmp_path, CASES[case], capsys)
    capsys.readouterr()
    for fmt, suffix in FORMATS.items():
        target = tmp_path / f"report{suffix}"
        code = main(["report", "--format", fmt, "-o", str(target), "--generated-at", "2027-07-01T12:00:00Z", str(session)])
        out, err = capsys.readouterr()
        assert code == 0, (fmt, out, err)
        assert "Traceback" not in out + err
        assert target.stat().st_size > 0
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    word = docx.Document(io.BytesIO((tmp_path / "report.docx").read_bytes()))
    if case == "long-title":
        assert LONG_TITLE.strip() in (tmp_path / "report.html").read_text(encoding="utf-8")  # the page keeps it whole
        assert len(word.core_properties.title) == 255 and word.core_properties.title.endswith("…")
    if case == "last-day-of-the-calendar":
        assert "9999" in json.dumps(report["overview"])
