"""What a scenario's `models:` section says: which consequence models run, their metrics, thresholds.

The models' parameters are in `model_params`, the actions decisions carry in `model_actions`; both
are re-exported here, the one place the rest of the code imports them from. The loader validates
this section and every decision's actions against these classes, so a misspelt key or a bad number
is a `file:line:col` error before the exercise starts.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from .base import StrictModel
from .inject import Id
from .model_actions import (  # re-exported
    ACTIONS, AssignNotificationTeams, DeployCrisisCounselors, DesignateOfficialFund, OpenDonationsWarehouse,
    OpenFac, OpenFrc, OpenJic, OpenResiliencyCenter, OpenVolunteerCenter, SetBriefingCadence, StaffHotline,
    action_problems, typed_action,
)
from .model_params import (  # re-exported
    BehavioralHealthParams, FamilyAssistanceParams, HotlineParams, IncidentParams, InformationParams,
    NotificationParams, ReunificationParams, Seekers, VolunteersDonationsParams,
)
from .story_time import StoryTime

__all__ = [
    "ACTIONS", "MODEL_METRICS", "MODEL_TITLES", "AssignNotificationTeams", "BehavioralHealthParams", "DeployCrisisCounselors",
    "DesignateOfficialFund", "FamilyAssistanceParams", "HotlineParams", "IncidentParams", "InformationParams",
    "MetricSample", "ModelsSection", "NotificationParams", "OpenDonationsWarehouse", "OpenFac", "OpenFrc", "OpenJic",
    "OpenResiliencyCenter", "OpenVolunteerCenter", "ReunificationParams", "Seekers", "SetBriefingCadence",
    "StaffHotline", "Threshold", "ThresholdCrossing", "VolunteersDonationsParams", "action_problems", "metric_unit",
    "typed_action",
]

MODEL_METRICS: dict[str, dict[str, str]] = {
    "reunification": {
        "families_waiting": "families at the FRC without news",
        "families_elsewhere": "families at hospitals or the scene (no FRC yet)",
        "mean_wait_minutes": "mean minutes without news, of families waiting now",
        "max_hours_without_news": "longest time any waiting family has had no news",
        "families_with_news": "families who have had news",
        "mean_minutes_to_news": "mean minutes from arrival to news, of families who have had it",
        "mean_signin_wait_minutes": "mean minutes families queued to sign in at the FRC",
        "minutes_since_briefing": "mean minutes since families at the FRC were last briefed",
    },
    "notification": {
        "identified": "victims positively identified",
        "pending": "identified, family not yet notified",
        "notified": "families notified in person",
        "learned_otherwise": "families who learned from media or social media",
        "mean_notify_minutes": "mean minutes from identification to notification",
    },
    "hotline": {
        "offered": "calls offered (first calls and redials)",
        "answered": "calls answered",
        "abandoned": "calls abandoned",
        "waiting": "callers on hold now",
        "asa_seconds": "average speed of answer",
        "service_level": "share answered within the service target",
        "abandoned_share": "share of finished calls abandoned",
    },
    "volunteers_donations": {
        "unmanaged_volunteers": "volunteers present and not registered",
        "registered_volunteers": "volunteers registered and referred",
        "self_deployed_volunteers": "volunteers who gave up waiting and self-deployed or left",
        "warehouse_backlog": "donated items not yet screened",
        "unofficial_money_share": "share of money given to unofficial funds",
    },
    "family_assistance": {
        "families_waiting": "families at the FAC waiting for a staff member",
        "families_served": "families who have had every service they came for",
        "services_delivered": "services given (interviews included)",
        "mean_wait_minutes": "mean minutes families waited for each service",
    },
    "information": {
        "hours_since_update": "hours since the last official update",
        "misinformation": "rumors circulating",
        "unanswered_inquiries": "media inquiries waiting for a PIO",
    },
    "behavioral_health": {
        "seeking": "people who have sought behavioral-health support",
        "waiting": "visits waiting for a counselor now",
        "seen": "visits a counselor has taken",
        "unmet": "visits given up after waiting too long (unmet demand)",
        "unmet_share": "share of finished waits that were given up",
        "mean_wait_hours": "mean hours waited, of visits seen",
        "counselors_on_duty": "counselors seeing people now (local, deployed, resiliency center)",
    },
}
"""Each model's metrics (`model.metric` in thresholds and reports), with their plain meaning."""

MODEL_TITLES: dict[str, str] = {
    "reunification": "Family reunification",
    "notification": "Victim identification and death notification",
    "hotline": "Public inquiry hotline",
    "volunteers_donations": "Volunteers and donations",
    "family_assistance": "Family Assistance Center",
    "information": "Information environment",
    "behavioral_health": "Behavioral health",
}
"""What consoles and reports call each model: the heading of its section in docs/models.md."""


def metric_unit(name: str) -> str:
    """The unit a metric (`model.metric`) counts in, read from its key: "%" for a share (kept as a
    fraction), "seconds", "minutes" or "hours", or "" for a count."""
    key = name.partition(".")[2]
    if key.endswith("_share") or key == "service_level":
        return "%"
    words = key.split("_")
    return next((unit for unit in ("seconds", "minutes", "hours") if unit in words), "")


# ---- thresholds and the section ------------------------------------------------------------------

class Threshold(StrictModel):
    """A consequence inject released when a model metric stays past a level for a while.

    `hotline.abandoned_share above 0.3 for 15 minutes` releases `release`. It fires once per
    crossing: it re-arms only after the metric has come back past `reset` (hysteresis).
    """

    id: Id
    metric: str = Field(pattern=r"^[a-z_]+\.[a-z_]+$")
    above: float | None = None
    below: float | None = None
    for_minutes: int = Field(default=0, ge=0, le=100000)
    after: StoryTime | None = None
    """Only count from this story time (`at T+8h`: from T+8h on)."""
    by: StoryTime | None = None
    """Only until this story time."""
    reset: float | None = None
    """Where the metric must come back to re-arm; default 10 % back from the level."""
    release: Id
    """The inject released (a `type: consequence` inject: delivered only when released)."""

    @model_validator(mode="after")
    def _one_level(self) -> Threshold:
        if (self.above is None) == (self.below is None):
            raise ValueError("give exactly one of `above` or `below`")
        return self

    @property
    def level(self) -> float:
        return self.above if self.above is not None else self.below  # type: ignore[return-value]

    @property
    def rearm_level(self) -> float:
        if self.reset is not None:
            return self.reset
        return self.level - 0.1 * abs(self.level) if self.above is not None else self.level + 0.1 * abs(self.level)


class MetricSample(StrictModel):
    """A `model_event` with metrics: a model's values at a story time (every `sample_minutes`, and
    `reason: action` when the actions in force changed, naming the decisions that drove it)."""

    model: str
    reason: Literal["sample", "action"]
    metrics: dict[str, float]
    decisions: list[int] = Field(default_factory=list)


class ThresholdCrossing(StrictModel):
    """A `model_event` of model `thresholds`: a threshold fired (its inject released) or re-armed."""

    model: Literal["thresholds"]
    threshold: str
    metric: str
    crossing: Literal["fired", "rearmed"]
    value: float
    inject: str


class ModelsSection(StrictModel):
    """A scenario's `models:`: which consequence models run, with what figures, and their thresholds."""

    incident: IncidentParams = IncidentParams()
    sample_minutes: int = Field(default=15, ge=1, le=1440)
    """A metric sample every this many story minutes (and whenever an action changes)."""
    horizon: StoryTime = 7 * 24 * 3600
    """The models run from incident start to here (default T+7d): live, and in `ttx simulate`."""
    reunification: ReunificationParams | None = None
    notification: NotificationParams | None = None
    hotline: HotlineParams | None = None
    volunteers_donations: VolunteersDonationsParams | None = None
    information: InformationParams | None = None
    family_assistance: FamilyAssistanceParams | None = None
    behavioral_health: BehavioralHealthParams | None = None
    public: list[str] = Field(default_factory=list)
    """Metrics (`model.metric`) the projector may show; all others are controller-only."""
    thresholds: list[Threshold] = Field(default_factory=list)

    def enabled(self) -> list[str]:
        """The models this scenario runs, in a fixed order."""
        return [name for name in MODEL_METRICS if getattr(self, name) is not None]

    def unknown_metrics(self) -> list[str]:
        """Metric names in `public` and thresholds that no enabled model produces."""
        known = {f"{m}.{k}" for m in self.enabled() for k in MODEL_METRICS[m]}
        named = list(self.public) + [t.metric for t in self.thresholds]
        return [n for n in named if n not in known]
