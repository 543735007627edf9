"""Injects: the messages that move an exercise along, as a planner writes them.

Controller-only parts (expected actions, controller and evaluator notes) live in the same record;
consoles decide what to show, so `PARTICIPANT_FIELDS` names what a participant may ever see.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, StrictBool, StrictInt, StringConstraints, model_validator

from .base import StrictModel
from .story_time import StoryTime

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
"""Ids are lowercase words joined by hyphens: `frc-site-overwhelmed`."""
Tag = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60)]
Practice = Annotated[StrictInt, Field(ge=1, le=16)]
"""Whole numbers in files are strict everywhere: `true` or "4" is never a number (as in the JSON Schema)."""


class Delivery(str, Enum):
    phone = "phone"
    email = "email"
    radio = "radio"
    text_message = "text message"
    media = "media"
    social_media = "social media"
    in_person = "in person"
    document = "document"
    video = "video"
    facilitator = "facilitator"


class InjectType(str, Enum):
    standard = "standard"
    """Delivered at its time."""
    contingency = "contingency"
    """Held in reserve; released when its condition holds (an expected action is missing) or by hand."""
    conditional = "conditional"
    """A follow-up delivered at its time only if its condition holds; otherwise skipped."""
    consequence = "consequence"
    """Released only by a consequence model's threshold (`models.thresholds`) or by hand; skipped at
    its time if nothing released it (its time is the end of the window it may come in)."""


def _action_from_text(value: object) -> object:
    return {"text": value} if isinstance(value, str) else value


class ExpectedAction(StrictModel):
    """What the planners hope the players do; a tag lets conditions check for it."""

    text: str
    tag: Tag | None = None
    """Decisions carrying this tag count as this action being taken."""


class Condition(StrictModel):
    """Conditions are data, never code: whether decisions with given tags were logged by a story time.

    `when: missing` fires if no matching decision was logged by `by` (default: the inject's time);
    `when: logged` fires only if one was. A decision matches when it has any of `tags`, or answers
    `inject`, and (if `table` is given) comes from that table.
    """

    when: Literal["logged", "missing"]
    tags: list[Tag] = Field(default_factory=list)
    inject: Id | None = None
    table: Id | None = None
    by: StoryTime | None = None

    @model_validator(mode="after")
    def _needs_a_subject(self) -> Condition:
        if not self.tags and self.inject is None:
            raise ValueError("a condition needs `tags` or `inject` to look for")
        return self


class Inject(StrictModel):
    """One inject, in the library or inline in a scenario module."""

    id: Id
    title: str = Field(min_length=1)
    time: StoryTime | None = None
    """Story time; a library inject may leave it for the scenario to set."""
    practices: list[Practice] = Field(min_length=1)
    from_: str = Field(alias="from", min_length=1)
    """The simulated sender: "Dispatch", "WKRN reporter", "Mother of a missing student"."""
    to: list[str] = Field(default_factory=lambda: ["all"], min_length=1)
    """Table ids addressed, or `all`."""
    delivery: Delivery
    narrative: str = Field(min_length=1)
    questions: list[str] = Field(default_factory=list)
    expected_actions: Annotated[
        list[Annotated[ExpectedAction, BeforeValidator(_action_from_text, json_schema_input_type=str | ExpectedAction)]],
        Field(default_factory=list),
    ]
    controller_notes: str = ""
    evaluator_notes: str = ""
    objectives: list[Id] = Field(default_factory=list)
    type: InjectType = InjectType.standard
    condition: Condition | None = None
    extra: dict[str, str] = Field(default_factory=dict)
    """MSEL spreadsheet columns the engine has no field for, kept as written (column → text) so an
    export gives them back. Controller-only (not in PARTICIPANT_FIELDS): nobody knows what is there."""
    discussion_minutes: StrictInt | None = Field(default=None, ge=1, le=120)
    """How long the facilitator should hold discussion on it (default by type: see engine.run_of_show)."""
    optional: StrictBool = False
    """The facilitator may drop it when its module runs over ("skip optional injects")."""
    responsible_controller: str = ""
    """The controller or simulation-cell member who delivers it (the MSEL's "Injected by")."""

    @model_validator(mode="after")
    def _condition_matches_type(self) -> Inject:
        if self.type is InjectType.conditional and self.condition is None:
            raise ValueError("a conditional inject needs a `condition`")
        return self

    def condition_mistake(self) -> tuple[str, str] | None:
        """Why this inject's type and condition do not fit together, and the key to point at; None if they do.

        Checked on the inject as a scenario uses it (after `use:` overrides), so it lives here once."""
        if self.type is not InjectType.standard and self.condition is None:
            what = "held in reserve until" if self.type is InjectType.contingency else "delivered only if"
            return (f"a {self.type.value} inject needs a `condition`: it is {what} the condition holds", "type")
        if self.type is InjectType.standard and self.condition is not None:
            return ("a standard inject is always delivered at its time, so this `condition` would be ignored: "
                    "set `type: conditional` (deliver only if it holds) or `type: contingency` "
                    "(hold it in reserve until it holds), or remove the condition", "condition")
        return None

    @property
    def addressed_to_all(self) -> bool:
        return "all" in self.to

    def is_for(self, table_id: str) -> bool:
        """Whether this table should see the inject once delivered."""
        return self.addressed_to_all or table_id in self.to


PARTICIPANT_FIELDS: frozenset[str] = frozenset(
    {"id", "title", "time", "practices", "from_", "to", "delivery", "narrative", "questions"}
)
"""The only inject fields a participant console or projector may show."""
CONTROLLER_ONLY_FIELDS: frozenset[str] = frozenset(
    {"expected_actions", "controller_notes", "evaluator_notes", "condition", "objectives", "type",
     "responsible_controller", "extra", "optional"}
)


class InjectLibrary(StrictModel):
    """An inject-library file (`injects/bp04-friends-relatives-center.yaml`)."""

    practice: Practice | None = None
    """The practice this file is about, if it is about one."""
    title: str = ""
    injects: list[Inject] = Field(min_length=1)
