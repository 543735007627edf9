"""A rehearsal's decisions script reads story times as scenario files do: `at: 1800` is refused, not T+30m."""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import DATA, run_ttx

TIME_HELP = "write an offset from incident start such as T+0, T+45m, T+2h30m, T+3d or T+1d4h"


def test_bare_numbers_and_odd_digits_are_refused_with_their_place(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = tmp_path / "decisions.yaml"
    script.write_text("- at: 1800\n  table: steering\n  text: Name a spokesperson\n"
                      "- at: T+４５m\n  table: steering\n  text: Open the center\n  practices: [true]\n", encoding="utf-8")
    session = tmp_path / "s.ttx"
    code, out, err = run_ttx(["rehearse", "--session", str(session), "--decisions", str(script),
                              str(DATA / "good" / "scenario.yaml")], capsys)
    assert code == 1
    assert [line for line in (out + err).splitlines() if line.startswith(str(script))] == [
        f"{script}:1:7: story time 1800 is a bare number: {TIME_HELP}",
        f"{script}:4:7: malformed story time 'T+４５m': write it with the digits 0-9; {TIME_HELP}",
        f"{script}:7:15: practices: expected a whole number, got true",
    ]
    assert not session.exists()
