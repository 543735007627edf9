"""What the room produces: decisions, observations, ratings, hotwash notes, feedback, improvement items.

These are the payloads of session-log events (see `events.py`). They are data typed by people:
every string here is shown escaped and never evaluated as a template.
"""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Any, Literal

from pydantic import Field

from .base import StrictModel
from .inject import Practice, Tag
from .story_time import StoryTime


class Action(StrictModel):
    """A structured action for the consequence models: `{kind: open_frc, site: frc, staff: 12}`.

    `kind` names what the room set in motion; `params` carry its numbers. Models read these; people
    read the decision text.
    """

    kind: str = Field(min_length=1, max_length=80)
    params: dict[str, Any] = Field(default_factory=dict)


class Decision(StrictModel):
    """A decision a table logged against the story (optionally answering an inject)."""

    table: str = Field(min_length=1)
    role: str = ""
    person: str = ""
    scenario_time: StoryTime | None = None
    """When in the story it was decided; the engine fills in the current time if missing."""
    inject: str | None = None
    practices: list[Practice] = Field(default_factory=list)
    text: str = Field(min_length=1)
    owner: str = ""
    """Agency or role responsible."""
    options: str = ""
    """Options considered."""
    rationale: str = ""
    follow_up: str = ""
    follow_up_due: StoryTime | None = None
    tags: list[Tag] = Field(default_factory=list)
    eop_gap: bool = False
    """True when no written plan covers this: it goes to the EOP annex update plan."""
    actions: list[Action] = Field(default_factory=list)


class ObservationKind(str, Enum):
    strength = "strength"
    improvement = "improvement"
    """An area for improvement."""


class Observation(StrictModel):
    """An evaluator's note tied to a practice and/or objective."""

    evaluator: str = ""
    practice: Practice | None = None
    objective: str | None = None
    kind: ObservationKind
    text: str = Field(min_length=1)
    decisions: list[int] = Field(default_factory=list)
    """Decision ids this observation cites."""


class RatingLevel(str, Enum):
    P = "P"
    S = "S"
    M = "M"
    U = "U"


RATING_DEFINITIONS: dict[str, str] = {
    "P": "Performed without challenges: the critical tasks were completed in a manner that achieved the "
         "objective and did not negatively affect other activities.",
    "S": "Performed with some challenges: the objective was achieved, but opportunities to improve "
         "effectiveness or efficiency were identified.",
    "M": "Performed with major challenges: the objective was achieved, but some or all of the critical tasks "
         "negatively affected other activities, added risk, or were not done according to plans or laws.",
    "U": "Unable to be performed: the critical tasks were not performed in a manner that achieved the objective.",
}
"""HSEEP rating definitions (2020 wording); reports and consoles show these beside ratings."""

RATING_ORDER: dict[str, int] = {"P": 0, "S": 1, "M": 2, "U": 3}
"""Worse ratings sort higher; roll-ups take the worst."""


class Rating(StrictModel):
    """An evaluator's P/S/M/U rating of one objective."""

    evaluator: str = ""
    objective: str = Field(min_length=1)
    rating: RatingLevel
    explanation: str = ""


class HotwashNote(StrictModel):
    """A strength or area for improvement voiced in the hotwash."""

    source: str = Field(min_length=1)
    """Table id or evaluator name."""
    kind: ObservationKind
    practice: Practice | None = None
    text: str = Field(min_length=1)


class Feedback(StrictModel):
    """A participant feedback form: 1–5 ratings and comments."""

    table: str = ""
    role: str = ""
    ratings: dict[str, int] = Field(default_factory=dict)
    """Question id → 1..5 (see FEEDBACK_QUESTIONS)."""
    strengths: str = ""
    improvements: str = ""
    comments: str = ""


FEEDBACK_QUESTIONS: dict[str, str] = {
    "realistic": "The scenario was realistic and relevant to our community.",
    "objectives": "The exercise met its stated objectives.",
    "roles": "I understand my agency's role in caring for victims after an MVI.",
    "plans": "The discussion showed where our plans and EOP annex need work.",
    "facilitation": "The exercise was well organized and facilitated.",
}


class CapabilityElement(str, Enum):
    planning = "Planning"
    organization = "Organization"
    equipment = "Equipment"
    training = "Training"
    exercise = "Exercise"


class ImprovementItem(StrictModel):
    """One row of the HSEEP Improvement Plan, as the facilitator edited it."""

    item_id: str = Field(min_length=1)
    """Stable id; a later event with the same id replaces the earlier row."""
    practice: Practice | None = None
    area: str = Field(min_length=1)
    corrective_action: str = ""
    element: CapabilityElement = CapabilityElement.planning
    organization: str = ""
    poc: str = ""
    start: date | None = None
    completion: date | None = None
    source: Literal["observation", "hotwash", "decision", "facilitator"] = "facilitator"
