"""The JSON Schema an editor checks with and the loader agree on what a story time and a whole number are.

Each value is written into a copy of the good scenario as a planner would type it, read by the
loader's YAML reader, then judged by the committed schema (jsonschema) and by the model. One known
difference is left on purpose: JSON Schema counts `20.0` as an integer, the checker refuses it.
"""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator
from pydantic import ValidationError

from exercise_engine.loader.yaml_reader import read_yaml_text
from exercise_engine.model.scenario import Scenario

from .helpers import DATA, ROOT

GOOD_TEXT = (DATA / "good" / "scenario.yaml").read_text(encoding="utf-8")
SCHEMA = Draft202012Validator(json.loads((ROOT / "schemas" / "scenario.schema.json").read_text(encoding="utf-8")))

TIMES = ["T+0", "T+", "T+0m", "T+45m", "T+1d4h", '"T+2h30m"', "45", "1800", "0", "true", "T+４５m", "T+٤٥m", "'45'", "45.0", "T+45",
         "T+45s", "null"]
MINUTES = ["20", "0x14", "true", "false", "'20'", "20.5", "null", "0", "481", "twenty", "[20]"]
PRACTICES = ["[4]", "[16]", "[true]", "['4']", "[17]", "[0]", "4", "[4.5]"]


def _verdicts(old: str, new: str) -> tuple[bool, bool]:
    assert old in GOOD_TEXT
    data = read_yaml_text(GOOD_TEXT.replace(old, new, 1), DATA / "good" / "scenario.yaml").data
    try:
        Scenario.model_validate(data)
        checker = True
    except ValidationError:
        checker = False
    return SCHEMA.is_valid(data), checker


@pytest.mark.parametrize("written", TIMES)
def test_story_times(written: str) -> None:
    schema, checker = _verdicts("        time: T+45m\n", f"        time: {written}\n")
    assert schema == checker, f"schema says {schema}, checker says {checker} for time: {written}"


@pytest.mark.parametrize("written", TIMES)
def test_story_times_in_a_condition(written: str) -> None:
    schema, checker = _verdicts("          tags: [pio-named]\n", f"          tags: [pio-named]\n          by: {written}\n")
    assert schema == checker, f"schema says {schema}, checker says {checker} for by: {written}"


@pytest.mark.parametrize("written", MINUTES)
def test_whole_numbers(written: str) -> None:
    schema, checker = _verdicts("    planned_minutes: 20\n", f"    planned_minutes: {written}\n")
    assert schema == checker, f"schema says {schema}, checker says {checker} for planned_minutes: {written}"


@pytest.mark.parametrize("written", PRACTICES)
def test_practice_numbers(written: str) -> None:
    schema, checker = _verdicts("        practices: [6]\n", f"        practices: {written}\n")
    assert schema == checker, f"schema says {schema}, checker says {checker} for practices: {written}"


def test_the_good_scenario_passes_both() -> None:
    assert _verdicts("    end: T+2h\n", "    end: T+2h\n") == (True, True)
