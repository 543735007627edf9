"""`ttx validate`, `ttx schema` and `ttx list` as a planner uses them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from exercise_engine.loader.schemas import schema_texts

from .helpers import DATA, run_ttx

GOOD = DATA / "good"


def test_validate_prints_coverage_modules_and_minutes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_ttx(["validate", str(GOOD / "scenario.yaml")], capsys)
    assert code == 0, out
    assert "3/16 practices covered" in out
    assert " 4  Friends & Relatives Center (FRC)" in out and "<- not covered" in out
    assert "m1                           T+0 to T+2h" in out and "20 min" in out
    assert "Total planned: 35 min (0 h 35 min)" in out
    assert "1 file checked: 1 valid, 0 with problems" in out
    assert "\x1b[" not in out + err


def test_validate_expands_folders(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_ttx(["validate", str(GOOD), str(GOOD / "library")], capsys)
    assert code == 0
    assert "3 files checked: 3 valid" in out
    assert "valid community profile" in out and "valid inject library" in out


def test_validate_json_has_the_documented_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_ttx(["validate", "--format", "json", str(GOOD / "scenario.yaml"), str(GOOD / "community.yaml")], capsys)
    assert code == 0
    files = json.loads(out)["files"]
    scenario, profile = files
    assert set(scenario) == {"path", "kind", "valid", "errors", "coverage", "warnings"}
    assert all(set(w) == {"path", "line", "column", "message"} for w in scenario["warnings"])
    assert scenario["kind"] == "scenario" and scenario["valid"] is True and scenario["errors"] == []
    assert list(scenario["coverage"]) == [str(n) for n in range(1, 17)]
    assert scenario["coverage"]["4"] == 2 and scenario["coverage"]["16"] == 0
    assert profile == {"path": str(GOOD / "community.yaml"), "kind": "profile", "valid": True, "errors": []}


@pytest.mark.parametrize("argv", [["validate", "no-such-file.yaml"], ["validate"], ["validate", "--format", "xml", "x.yaml"]])
def test_usage_errors_exit_2_without_a_traceback(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_ttx(argv, capsys)
    assert code == 2
    assert "Traceback" not in out + err


def test_validate_names_a_missing_path(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_ttx(["validate", str(GOOD / "scenario.yaml"), "missing.yaml"], capsys)
    assert code == 2
    assert "ttx validate: no such file or folder: 'missing.yaml'" in err


def test_an_unrecognised_file_is_invalid(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    odd = tmp_path / "odd.yaml"
    odd.write_text("name: something\n")
    code, out, _ = run_ttx(["validate", str(odd)], capsys)
    assert code == 1
    assert f"{odd}:1:1: cannot tell what kind of file this is" in out


def test_schema_writes_the_three_schemas(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_ttx(["schema", "-o", str(tmp_path / "out")], capsys)
    assert code == 0
    texts = schema_texts()
    for name in ("scenario.schema.json", "inject-library.schema.json", "community-profile.schema.json"):
        assert (tmp_path / "out" / name).read_text(encoding="utf-8") == texts[name]
        assert json.loads(texts[name])["$schema"].startswith("https://json-schema.org/")
    assert out.count("wrote ") == 3


def test_list_shows_scenarios_and_library_counts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_ttx(["list", "--scenarios", str(GOOD), "--injects", str(GOOD / "library")], capsys)
    assert code == 0
    assert "scenario.yaml" in out and "Test scenario for Town of Testville" in out
    assert "35 min planned, 4 injects, 3/16 practices: 1, 4, 6" in out
    assert "2 injects in 1 file" in out
    assert " 4  Friends & Relatives Center (FRC)" in out
    assert "community.yaml" not in out.split("Inject library")[0]


def test_list_with_a_missing_folder_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_ttx(["list", "--scenarios", str(tmp_path / "none")], capsys)
    assert code == 2
    assert "folder not found" in out + err
