"""Everything that ships validates, points editors at the committed schemas, and the schemas are current."""

from __future__ import annotations

from pathlib import Path

import pytest

from exercise_engine.loader import FileCache, validate_file
from exercise_engine.loader.schemas import schema_texts
from exercise_engine.loader.validate import SCHEMA_NAMES

from exercise_engine.engine.run_of_show import plan
from exercise_engine.loader import load_scenario
from exercise_engine.model.practices import COMMITTEE_IDS, SESSIONS

from .helpers import ROOT

BUNDLED = sorted([*ROOT.glob("scenarios/*.yaml"), *ROOT.glob("injects/*.yaml")])
CACHE = FileCache()


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


@pytest.mark.parametrize("path", BUNDLED, ids=_id)
def test_bundled_file_validates(path: Path) -> None:
    report = validate_file(path, CACHE)
    assert report.kind in ("scenario", "library", "profile")
    assert report.problems == [], "\n".join(map(str, report.problems))


@pytest.mark.parametrize("path", BUNDLED, ids=_id)
def test_bundled_file_starts_with_its_schema_line(path: Path) -> None:
    report = validate_file(path, CACHE)
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    assert first == f"# yaml-language-server: $schema=../schemas/{SCHEMA_NAMES[report.kind]}"


def test_session_eight_covers_all_sixteen_practices() -> None:
    found = sorted(ROOT.glob("scenarios/session-8-*.yaml"))
    assert found, "the Session Eight scenario is missing from scenarios/"
    for path in found:
        coverage = validate_file(path, CACHE).coverage
        assert coverage is not None
        assert all(coverage[n] >= 2 for n in range(1, 17)), coverage


@pytest.mark.parametrize("name", sorted(schema_texts()))
def test_committed_schema_is_current(name: str) -> None:
    committed = ROOT / "schemas" / name
    assert committed.is_file(), f"run `ttx schema -o schemas` and commit {committed}"
    assert committed.read_text(encoding="utf-8") == schema_texts()[name], "stale: run `ttx schema -o schemas`"


# ---- what the shipped content promises planners (issue 2, item 7) ----------------------------------

def test_the_library_covers_every_practice_in_its_own_file() -> None:
    from exercise_engine.loader import load_library

    files = sorted(ROOT.glob("injects/bp*.yaml"))
    assert [f.name[:4] for f in files] == [f"bp{n:02d}" for n in range(1, 17)]
    entries = load_library(files).entries
    injects = [e.inject for e in entries.values()]
    assert len(injects) >= 80
    for n in range(1, 17):
        own = [i for i in injects if i.practices[0] == n]
        assert len(own) >= 4, f"practice {n} has {len(own)} injects"
    assert any(i.type.value == "contingency" for i in injects)
    assert any(i.type.value == "conditional" for i in injects)
    for inject in injects:
        assert len(inject.questions) >= 2 and inject.expected_actions, inject.id


def test_session_eight_is_a_half_day_exercise_with_a_table_for_every_committee() -> None:
    (path,) = sorted(ROOT.glob("scenarios/session-8-*.yaml"))
    loaded = load_scenario(path)
    assert 150 <= loaded.planned_minutes <= 210
    assert 3 <= len(loaded.scenario.modules) <= 4
    assert len(loaded.injects) >= 40
    assert loaded.scenario.modules[-1].end >= 365 * 24 * 3600, "the story reaches the anniversary and the trial"
    committees = {c for t in loaded.scenario.tables for c in t.committees}
    assert committees == set(COMMITTEE_IDS)
    for objective in loaded.scenario.objectives:
        assert objective.practices


@pytest.mark.parametrize("session", SESSIONS[:7], ids=lambda s: f"session-{s.number}")
def test_each_roadmap_session_has_a_scenario_within_its_time(session) -> None:
    """Within its time: the whole day as planned (tests/plan/test_bundled_plans.py)."""
    (path,) = sorted(ROOT.glob(f"scenarios/session-{session.number}-*.yaml"))
    loaded = load_scenario(path)
    assert loaded.scenario.session == session.number
    low, high = session.minutes
    assert low <= plan(loaded).end <= high
    covered = {p for i in loaded.injects for p in i.practices}
    assert set(session.practices) <= covered


@pytest.mark.parametrize("session", SESSIONS[:7], ids=lambda s: f"session-{s.number}")
def test_sessions_one_to_seven_are_built_on_the_library_and_end_with_an_eop_gap_round(session) -> None:
    """One story, told once: the sessions reuse library injects instead of retelling events (issue 13)."""
    (path,) = sorted(ROOT.glob(f"scenarios/session-{session.number}-*.yaml"))
    loaded = load_scenario(path)
    inline = [getattr(ref, "id") for m in loaded.scenario.modules for ref in m.injects if hasattr(ref, "id")]
    assert not inline, f"events retold inline instead of taken from the library: {inline}"
    last = max(loaded.injects, key=lambda i: i.time)
    assert last.id == "bp16-eop-gap-round" and last.addressed_to_all


def test_the_demo_is_a_short_first_try() -> None:
    loaded = load_scenario(ROOT / "scenarios" / "demo.yaml")
    assert 10 <= loaded.planned_minutes <= 15
    assert len({p for i in loaded.injects for p in i.practices}) >= 6
