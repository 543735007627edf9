"""The forms next to each refused mistake still load: the checker refuses the mistake, not the feature.

Each case edits a copy of the good scenario into what a planner may rightly write, then loads it.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest

from exercise_engine.loader import load_scenario
from exercise_engine.model.inject import InjectType

from .helpers import DATA

GOOD = DATA / "good"
M2_START = "    start: T+10h\n"
CROWD = "      - use: bp04-frc-crowd\n"
PIO_NARRATIVE = "        narrative: A reporter asks {{ contacts.pio.name }} for a statement.\n"


def _scenario(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    shutil.copytree(GOOD, tmp_path / "good")
    path = tmp_path / "good" / "scenario.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return path


def test_modules_may_touch(tmp_path: Path) -> None:
    loaded = load_scenario(_scenario(tmp_path, (M2_START, "    start: T+2h\n")))
    assert [(m.start, m.end) for m in loaded.scenario.modules] == [(0, 2 * 3600), (2 * 3600, 14 * 3600)]


def test_a_contingency_may_look_until_the_story_ends_and_a_scenario_may_make_one(tmp_path: Path) -> None:
    made = (CROWD, CROWD + "        type: contingency\n        condition:\n          when: missing\n"
                   "          tags: [pio-named]\n          by: T+14h\n")
    loaded = load_scenario(_scenario(tmp_path, made))
    crowd = loaded.inject("bp04-frc-crowd")
    assert crowd.type is InjectType.contingency and crowd.condition is not None and crowd.condition.by == 14 * 3600


def test_a_condition_may_name_another_inject(tmp_path: Path) -> None:
    other = ("          tags: [pio-named]\n", "          inject: s-pio-call\n")
    loaded = load_scenario(_scenario(tmp_path, other))
    condition = loaded.inject("s-no-pio").condition
    assert condition is not None and condition.inject == "s-pio-call"


def test_to_all_and_named_tables(tmp_path: Path) -> None:
    loaded = load_scenario(_scenario(tmp_path, (CROWD, CROWD + "        to: [all]\n")))
    assert loaded.inject("bp04-frc-crowd").to == ["all"]
    assert loaded.inject("s-pio-call").to == ["steering"]


@pytest.mark.parametrize("written, seconds", [("T+0", 0), ('"T+45m"', 45 * 60), ("T+1h", 3600), ("T+1h30m", 5400)])
def test_story_times_in_t_plus_form(tmp_path: Path, written: str, seconds: int) -> None:
    loaded = load_scenario(_scenario(tmp_path, ("        time: T+45m\n", f"        time: {written}\n")))
    assert loaded.inject("s-pio-call").time == seconds


@pytest.mark.parametrize(
    "placeholder, shown",
    [
        ("{{ contacts.pio.name }}", "Pat Lee"),
        ("{{contacts.pio.title}}", "Public Information Officer"),
        ("{{ venues.frc.name }}", "Testville Community Center"),
        ("{{ venues.frc }}", "Testville Community Center"),
        ("{{ community.name }}", "Town of Testville"),
        ("{{ agencies.police }}", "Testville Police Department"),
    ],
)
def test_profile_look_ups_fill_in(tmp_path: Path, placeholder: str, shown: str) -> None:
    edit = (PIO_NARRATIVE, f"        narrative: 'Call {placeholder} now.'\n")
    assert load_scenario(_scenario(tmp_path, edit)).inject("s-pio-call").narrative == f"Call {shown} now."


def test_a_story_may_run_to_the_last_years_of_the_calendar(tmp_path: Path) -> None:
    late = ("incident_start: 2027-06-19T20:40:00\n", "incident_start: 9999-12-31T08:00:00\n")
    loaded = load_scenario(_scenario(tmp_path, late))
    assert loaded.story_datetime(14 * 3600) == datetime(9999, 12, 31, 22, 0)


def test_strict_whole_numbers_are_whole_numbers(tmp_path: Path) -> None:
    edits = (("    planned_minutes: 20\n", "    planned_minutes: 0x14\n"), (CROWD, CROWD + "        discussion_minutes: 10\n"))
    loaded = load_scenario(_scenario(tmp_path, *edits))
    assert loaded.scenario.modules[0].planned_minutes == 20
    assert loaded.inject("bp04-frc-crowd").discussion_minutes == 10


def test_a_story_date_past_the_calendar_reads_as_no_date(tmp_path: Path) -> None:
    """Sessions recorded before the loader refused such stories still report (no date, no traceback)."""
    late = ("incident_start: 2027-06-19T20:40:00\n", "incident_start: 9999-12-31T08:00:00\n")
    loaded = load_scenario(_scenario(tmp_path, late))
    assert loaded.story_datetime(2 * 86400) is None
