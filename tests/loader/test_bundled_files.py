"""Everything that ships validates, points editors at the committed schemas, and the schemas are current."""

from __future__ import annotations

from pathlib import Path

import pytest

from exercise_engine.loader import FileCache, validate_file
from exercise_engine.loader.schemas import schema_texts
from exercise_engine.loader.validate import SCHEMA_NAMES

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
    if not found:
        pytest.skip("the Session Eight scenario is not written yet")
    for path in found:
        coverage = validate_file(path, CACHE).coverage
        assert coverage is not None
        assert all(coverage[n] >= 2 for n in range(1, 17)), coverage


@pytest.mark.parametrize("name", sorted(schema_texts()))
def test_committed_schema_is_current(name: str) -> None:
    committed = ROOT / "schemas" / name
    assert committed.is_file(), f"run `ttx schema -o schemas` and commit {committed}"
    assert committed.read_text(encoding="utf-8") == schema_texts()[name], f"stale: run `ttx schema -o schemas`"
