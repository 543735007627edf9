"""A scenario after loading: library references resolved, placeholders rendered, times settled.

This is what the engine, consoles and reports consume; they never read YAML themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from ..model.community import CommunityProfile
from ..model.inject import Inject
from ..model.scenario import Module, Objective, Scenario, Table


@dataclass(frozen=True)
class LoadedScenario:
    """A validated scenario ready to run.

    `injects` holds every inject of every module, each with `time` set and text rendered,
    in delivery order (time, then order in the file). `module_of` maps inject id → module id.
    `digest` identifies this exact content, so a session file can refuse another version.
    """

    path: Path
    scenario: Scenario
    profile: CommunityProfile | None
    injects: tuple[Inject, ...]
    module_of: dict[str, str]
    digest: str
    _by_id: dict[str, Inject] = field(init=False, repr=False, compare=False)
    derived: dict[str, Any] = field(init=False, repr=False, compare=False)
    """What other layers derive from this scenario once and reuse (the engine's schedule): a
    rehearsal, and each of a thousand Monte Carlo replications, need not derive it again."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {i.id: i for i in self.injects})
        object.__setattr__(self, "derived", {})

    def to_snapshot(self) -> str:
        """Everything needed to read a session later without the YAML files (stored in the session)."""
        payload: dict[str, Any] = {
            "path": str(self.path),
            # each inject once: resolved in `injects` (the modules' own lists are the file's `use:` references)
            "scenario": self.scenario.model_dump(mode="json", by_alias=True,
                                                 exclude={"modules": {"__all__": {"injects"}}}),
            "profile": None if self.profile is None else self.profile.model_dump(mode="json", by_alias=True),
            "injects": [i.model_dump(mode="json", by_alias=True) for i in self.injects],
            "module_of": self.module_of,
            "digest": self.digest,
        }
        return json.dumps(payload, sort_keys=True, ensure_ascii=False)

    @classmethod
    def from_snapshot(cls, text: str) -> LoadedScenario:
        data = json.loads(text)
        return cls(
            path=Path(data["path"]),
            scenario=Scenario.model_validate(data["scenario"]),
            profile=None if data["profile"] is None else CommunityProfile.model_validate(data["profile"]),
            injects=tuple(Inject.model_validate(i) for i in data["injects"]),
            module_of=dict(data["module_of"]),
            digest=data["digest"],
        )

    def inject(self, inject_id: str) -> Inject:
        return self._by_id[inject_id]

    def has_inject(self, inject_id: str) -> bool:
        return inject_id in self._by_id

    def module(self, module_id: str) -> Module:
        return next(m for m in self.scenario.modules if m.id == module_id)

    def injects_of(self, module_id: str) -> list[Inject]:
        return [i for i in self.injects if self.module_of[i.id] == module_id]

    def table(self, table_id: str) -> Table:
        return next(t for t in self.scenario.tables if t.id == table_id)

    def objective(self, objective_id: str) -> Objective:
        return next(o for o in self.scenario.objectives if o.id == objective_id)

    @property
    def planned_minutes(self) -> int:
        return sum(m.planned_minutes for m in self.scenario.modules)

    @property
    def time_zone(self) -> str | None:
        """The exercise's IANA time zone: the scenario's, else the community profile's, else None (UTC)."""
        if self.scenario.time_zone:
            return self.scenario.time_zone
        return None if self.profile is None else self.profile.community.time_zone

    def story_datetime(self, seconds: float) -> datetime | None:
        """The calendar date and time in the story, when the scenario sets `incident_start`.

        None past the calendar's end (year 9999): the loader refuses such stories, but a session
        recorded before it did must still report."""
        start = self.scenario.incident_start
        if start is None:
            return None
        try:
            return start + timedelta(seconds=seconds)
        except OverflowError:
            return None
