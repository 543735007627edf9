"""A scenario file: the exercise's overview, objectives, tables and timed modules of injects."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Discriminator, Field, StrictBool, StrictInt, Tag as UnionTag, field_validator, model_validator

from .base import StrictModel
from .community import Contact
from .conduct import (
    DEFAULT_ARTIFICIALITIES, DEFAULT_ASSUMPTIONS, DEFAULT_GROUND_RULES, DEFAULT_SAFETY_NOTE, SimulationRole,
    check_time_zone,
)
from .core_capabilities import CoreCapabilityId, capabilities_of_practices
from .consequences import ModelsSection
from .inject import Condition, Id, Inject, InjectType, Practice, Tag
from .story_time import StoryTime


class MissionArea(str, Enum):
    prevention = "Prevention"
    protection = "Protection"
    mitigation = "Mitigation"
    response = "Response"
    recovery = "Recovery"


class Objective(StrictModel):
    """An exercise objective, tied to the best practices it tests; evaluators rate these."""

    id: Id
    text: str = Field(min_length=1)
    practices: list[Practice] = Field(min_length=1)
    core_capabilities: list[CoreCapabilityId] = Field(default_factory=list)
    """FEMA core capabilities this objective tests (`mass-care-services`); empty: those its practices map to."""
    capability_targets: list[str] = Field(default_factory=list)
    """Performance thresholds for the capability, as the EEG states them ("FRC open within 2 hours")."""
    critical_tasks: list[str] = Field(default_factory=list)
    """The EEG's critical tasks: expected-action tags (`frc-opened`; the EEG shows those actions) or tasks in
    words. Naming no tag: the EEG lists every tagged expected action of the objective's injects."""
    sources: list[str] = Field(default_factory=list)
    """Plans, annexes and procedures the evaluators check against ("EOP Annex V, section 3")."""

    @property
    def capabilities(self) -> tuple[str, ...]:
        """The capabilities this objective is filed under: the ones it names, else its practices' ones."""
        return tuple(self.core_capabilities) or capabilities_of_practices(self.practices)


class Table(StrictModel):
    """A table of players in the room, mapped to roadmap committees and roles."""

    id: Id
    name: str = Field(min_length=1)
    committees: list[Literal["steering", "victim_services", "behavioral_health", "financial"]] = Field(min_length=1)
    roles: list[str] = Field(default_factory=list)
    """Who sits there: "Police Chief", "DA victim-witness advocate", …"""
    evaluators: list[str] = Field(default_factory=list)
    """Evaluators assigned to this table (names or positions), for the Controller/Evaluator handbook."""

    @field_validator("id")
    @classmethod
    def _not_all(cls, value: str) -> str:
        if value == "all":
            raise ValueError("a table cannot be called 'all': `to: [all]` addresses every table")
        return value


class InjectRef(StrictModel):
    """Use a library inject, optionally setting its time, audience, type, condition, objectives or discussion time here."""

    use: Id
    time: StoryTime | None = None
    to: list[str] | None = Field(default=None, min_length=1)
    type: InjectType | None = None
    condition: Condition | None = None
    objectives: list[Id] | None = None
    """Scenario objectives this use of the inject addresses (replaces the library's list)."""
    discussion_minutes: StrictInt | None = Field(default=None, ge=1, le=120)
    """How long to hold discussion on it in this scenario (replaces the library's suggestion)."""
    optional: StrictBool | None = None
    """Whether the facilitator may drop it when the module runs over (replaces the library's)."""
    responsible_controller: str | None = None
    """Who delivers it in this scenario (replaces the library's)."""


def _ref_or_inline(value: Any) -> str:
    if isinstance(value, dict):
        return "ref" if "use" in value else "inline"
    return "ref" if isinstance(value, InjectRef) else "inline"


ModuleInject = Annotated[
    Annotated[InjectRef, UnionTag("ref")] | Annotated[Inject, UnionTag("inline")],
    Discriminator(_ref_or_inline),
]


PacingMode = Literal["discussion", "step", "even"]
"""How a module's story clock moves: paced by each table's discussion (default), stepped by the
facilitator from inject to inject, or evenly over the module's planned minutes."""

AgendaKind = Literal["welcome", "briefing", "break", "report-out", "hotwash", "feedback", "other"]


class AgendaItem(StrictModel):
    """One item of the day's agenda: a module (`module: m1-…`) or something else with its minutes."""

    module: Id | None = None
    """A module's id; it takes the module's planned minutes."""
    item: AgendaKind | None = None
    title: str = ""
    minutes: StrictInt | None = Field(default=None, ge=1, le=240)

    @model_validator(mode="after")
    def _module_or_item(self) -> AgendaItem:
        if (self.module is None) == (self.item is None):
            raise ValueError("an agenda entry is either `module: <module id>` or `item: <kind>` with `minutes`")
        if self.item is not None and self.minutes is None:
            raise ValueError(f"agenda item '{self.item}' needs `minutes`")
        if self.module is not None and self.minutes is not None:
            raise ValueError("a module's minutes are its `planned_minutes`; leave `minutes` off here")
        return self


class Module(StrictModel):
    """A chapter of the story: a span of story time played in a planned number of wall-clock minutes."""

    id: Id
    title: str = Field(min_length=1)
    start: StoryTime
    end: StoryTime
    planned_minutes: StrictInt = Field(ge=1, le=480)
    situation: str = Field(min_length=1)
    """The situation update read aloud when the module opens."""
    questions: list[str] = Field(default_factory=list)
    """Discussion questions for every table, printed in the Situation Manual under the module."""
    table_questions: dict[Id, list[str]] = Field(default_factory=dict)
    """Discussion questions for one table (table id → questions), printed under that table's name."""
    injects: list[ModuleInject] = Field(default_factory=list)
    pacing: PacingMode = "discussion"
    """How the story clock moves through this module (see `PacingMode`)."""

    @model_validator(mode="after")
    def _ends_after_start(self) -> Module:
        if self.end <= self.start:
            raise ValueError("a module must end after it starts")
        return self


class Scenario(StrictModel):
    """A scenario file (`scenarios/session-8-*.yaml`)."""

    id: Id
    version: str = Field(min_length=1)
    title: str = Field(min_length=1)
    summary: str = Field(min_length=1)
    threat_hazard: str = Field(min_length=1)
    session: StrictInt | None = Field(default=None, ge=1, le=8)
    """The roadmap session this scenario serves (1–8)."""
    scope: str = ""
    mission_areas: list[MissionArea] = Field(default_factory=lambda: [MissionArea.response, MissionArea.recovery])
    sponsor: str = Field(min_length=1)
    point_of_contact: Contact
    community: str = Field(min_length=1)
    """Path to the community profile file, relative to this scenario file."""
    library: list[str] = Field(default_factory=lambda: ["../injects"])
    """Inject-library folders or files, relative to this scenario file."""
    incident_start: datetime | None = None
    """The incident's calendar date and time, so consoles and reports can show story dates."""
    seed: StrictInt = 0
    tags: dict[Tag, str] = Field(default_factory=dict)
    """Decision tags conditions may check, beyond those on expected actions, with what each means."""
    objectives: list[Objective] = Field(min_length=1)
    tables: list[Table] = Field(min_length=1)
    modules: list[Module] = Field(min_length=1)
    agenda: list[AgendaItem] | None = None
    """The day in order: every module once, plus welcome, breaks, report-outs, hotwash, feedback.
    Absent: a welcome, the modules in story order and a hotwash (see `engine.run_of_show`)."""
    time_zone: Annotated[str | None, AfterValidator(check_time_zone)] = None
    """The exercise's IANA time zone (`America/New_York`); reports show wall times in it. Default: the
    community profile's, else UTC."""
    ground_rules: list[str] = Field(default_factory=lambda: list(DEFAULT_GROUND_RULES))
    assumptions: list[str] = Field(default_factory=lambda: list(DEFAULT_ASSUMPTIONS))
    artificialities: list[str] = Field(default_factory=lambda: list(DEFAULT_ARTIFICIALITIES))
    safety_note: str = DEFAULT_SAFETY_NOTE
    """The participant-safety note: content warning, and where support is in the room."""
    simulation_cell: list[SimulationRole] = Field(default_factory=list)
    """Who voices the outside world (media, hospitals, families); controller-only."""
    models: ModelsSection | None = None
    """Consequence models the room's decisions drive (docs/models.md); none when absent."""
