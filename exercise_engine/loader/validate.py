"""`validate_file`: what `ttx validate` reports for one file, whatever kind of file it is."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from .collector import collector_paused
from ..model.community import CommunityProfile
from ..model.practices import PRACTICES
from .errors import Problem
from .files import FileCache
from .library import tidy
from .loaded import LoadedScenario
from .scenario_loader import check_library_file, check_scenario

Kind = Literal["scenario", "library", "profile", "unknown"]

SCHEMA_NAMES: dict[str, str] = {
    "scenario": "scenario.schema.json",
    "library": "inject-library.schema.json",
    "profile": "community-profile.schema.json",
}


@dataclass
class FileReport:
    """The outcome for one file: its kind, every problem, and for a scenario its practice coverage."""

    path: Path
    kind: Kind
    problems: list[Problem] = field(default_factory=list)
    scenario: LoadedScenario | None = None

    @property
    def valid(self) -> bool:
        return not self.problems

    @property
    def coverage(self) -> dict[int, int] | None:
        """Injects per best practice (1–16), for a scenario that loaded."""
        if self.scenario is None:
            return None
        return coverage_of(self.scenario)

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "path": str(self.path),
            "kind": self.kind,
            "valid": self.valid,
            "errors": [p.to_json() for p in self.problems],
        }
        if self.kind == "scenario":
            cover = self.coverage
            data["coverage"] = None if cover is None else {str(k): v for k, v in cover.items()}
        return data


def coverage_of(loaded: LoadedScenario) -> dict[int, int]:
    counts = {number: 0 for number in _practice_numbers()}
    for inject in loaded.injects:
        for practice in set(inject.practices):
            counts[practice] = counts.get(practice, 0) + 1
    return counts


def _practice_numbers() -> list[int]:
    return [p.number for p in PRACTICES]


def detect_kind(path: Path, cache: FileCache) -> tuple[Kind, list[Problem]]:
    """Tell a scenario, an inject library and a community profile apart by their top-level keys."""
    doc, problems = cache.document(path)
    if doc is None:
        return "unknown", problems
    data = doc.data
    if isinstance(data, dict):
        keys = set(data)
        if keys & {"modules", "tables", "objectives"}:
            return "scenario", []
        if "injects" in keys:
            return "library", []
        if keys & {"agencies", "venues", "contacts"} or isinstance(data.get("community"), dict):
            return "profile", []
    for kind, schema in SCHEMA_NAMES.items():
        if schema in doc.first_line:
            return kind, []  # type: ignore[return-value]
    return "unknown", [
        Problem(
            str(path), 1, 1,
            "cannot tell what kind of file this is: a scenario has `modules:`, an inject library has "
            "`injects:` and a community profile has `community:` with `agencies:`",
        )
    ]


def validate_file(path: Path | str, cache: FileCache | None = None) -> FileReport:
    """Check one file completely; never raises for anything wrong in the file."""
    cache = cache or FileCache()
    path = tidy(Path(path))
    with collector_paused():  # reading the file to tell its kind too: see `collector_paused`
        kind, problems = detect_kind(path, cache)
        report = FileReport(path, kind, problems)
        if kind == "scenario":
            result = check_scenario(path, cache)
            report.problems = result.problems
            report.scenario = result.loaded
        elif kind == "library":
            report.problems = check_library_file(path, cache)
        elif kind == "profile":
            report.problems = cache.parse(path, CommunityProfile).problems
    return report
