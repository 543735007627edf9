"""What a scenario's `models:` section says: consequence models' parameters, their actions, thresholds.

Every default is a planning figure with its source (shared/domain/model-parameters.md); where no
published figure exists the field says "assumption" and docs/models.md explains it. The loader
validates this section and every decision's actions against these classes, so a misspelt key or a
bad number is a `file:line:col` error before the exercise starts.
"""

from __future__ import annotations

from typing import Iterable, Literal

from pydantic import Field, ValidationError, model_validator

from .base import StrictModel
from .inject import Id
from .records import Action
from .story_time import StoryTime


class IncidentParams(StrictModel):
    """The incident the models start from (Session Eight: 9 killed, 23 wounded)."""

    killed: int = Field(default=9, ge=0, le=2000)
    injured: int = Field(default=23, ge=0, le=5000)
    unaccounted: int = Field(default=20, ge=0, le=20000)
    """People missing at first but unhurt (assumption): their families come too."""


class ReunificationParams(StrictModel):
    """Families converging on a Friends & Relatives Center (FRC), or on hospitals and the scene."""

    members_per_victim: float = Field(default=4.5, gt=0, le=20)
    """People per family party. NTSB: 3–6 per missing victim; Aurora ≈ 5.8 per death (derived)."""
    local_share: float = Field(default=0.8, ge=0, le=1)
    """Share of families who are local and arrive in the first hours (assumption; shape from Parkland, Las Vegas)."""
    local_arrival_minutes: float = Field(default=90, gt=0, le=1440)
    """Mean delay before a local family arrives (exponential; assumption)."""
    travel_hours: tuple[float, float] = (6.0, 30.0)
    """Out-of-town families arrive uniformly in this window (flights landing; FAC the next day)."""
    setup_minutes: float = Field(default=60, ge=0, le=1440)
    """From the decision to open the FRC until it receives families (assumption)."""
    redirect_minutes: float = Field(default=45, ge=0, le=600)
    """Mean time for a family at a hospital or the scene to reach a newly opened FRC (assumption)."""
    intake_minutes: float = Field(default=10, gt=0, le=240)
    """Sign-in per family by one staff member (assumption; SRM six-step model has no published rates)."""
    news_minutes: float = Field(default=20, gt=0, le=240)
    """A liaison's time to give a family news of an injured or found loved one (assumption)."""
    located_hours: float = Field(default=3.0, gt=0, le=72)
    """Mean time until an unhurt missing person or an injured patient is located (assumption)."""


class NotificationParams(StrictModel):
    """ME/coroner identification, then death notification in person, by teams of two."""

    id_median_hours: float = Field(default=20.0, gt=0, le=240)
    """Median time to positive identification (lognormal). Orlando 26 of 49 in ~24 h; San Bernardino ~29 h."""
    id_spread: float = Field(default=0.6, gt=0, le=3)
    """Lognormal sigma: with 20 h, 98 % identified within 72 h (Orlando: all within 72 h)."""
    id_min_hours: float = Field(default=3.0, ge=0, le=72)
    """No identification before this (scene processing; assumption)."""
    travel_minutes: float = Field(default=30, ge=0, le=600)
    """A team's time to reach the family once assigned (assumption)."""
    notify_minutes: float = Field(default=60, gt=0, le=600)
    """Time with the family, in private (assumption; LV coroner: ~5 family members an hour office-wide)."""
    learn_otherwise_hours: float = Field(default=3.0, gt=0, le=72)
    """Mean time after identification until an un-notified family learns from media or social media
    (assumption; Uvalde, Parkland: families learned on social media)."""


class HotlineParams(StrictModel):
    """A public inquiry hotline: an M/M/c queue with abandonment and redials."""

    arrivals: Literal["decay", "constant"] = "decay"
    """`decay`: first calls per victim falling hour by hour; `constant`: `calls_per_hour` (for testing plans)."""
    calls_per_victim: float = Field(default=9.0, ge=0, le=100)
    """First calls per potential victim. APC toolkit planning assumption: 8–10 loved ones per potential victim."""
    half_life_hours: float = Field(default=3.0, gt=0, le=240)
    """Calls fall by half every this many hours (assumption; front-loaded demand)."""
    calls_per_hour: float = Field(default=60.0, ge=0, le=100000)
    """Only with `arrivals: constant`."""
    handle_minutes: float = Field(default=6.0, gt=0, le=240)
    """Mean talk time (exponential). No published figure for MVI hotlines (assumption)."""
    patience_minutes: float | None = Field(default=3.0, gt=0, le=600)
    """Mean time a caller waits before hanging up (exponential); null: nobody hangs up (assumption)."""
    redial_probability: float = Field(default=0.6, ge=0, lt=1)
    """Chance a caller who hung up calls again (Memphis 911: hang-up-and-redial inflates volume)."""
    redial_minutes: float = Field(default=5.0, gt=0, le=600)
    """Mean time before a redial (assumption)."""
    max_redials: int = Field(default=5, ge=0, le=50)
    setup_minutes: float = Field(default=120, ge=0, le=2880)
    """From the decision until new lines are answering. APC target ≤ 2 h; ~6 h observed (FEI)."""
    service_target_seconds: float = Field(default=20, gt=0, le=3600)
    """NENA-STA-020.1-2020: 95 % answered within 20 s."""


class VolunteersDonationsParams(StrictModel):
    """Spontaneous volunteers, unsolicited goods and money flowing to funds."""

    volunteers_per_victim: float = Field(default=10.0, ge=0, le=1000)
    """Spontaneous volunteers per potential victim (assumption; Joplin's tornado: 3,000 on day 1 — MVIs are smaller)."""
    volunteer_peak_hours: float = Field(default=12.0, gt=0, le=240)
    """Volunteers arrive most around this hour (gamma, shape 2; Joplin: ≥500 at sunrise, ~12 h)."""
    volunteer_intake_minutes: float = Field(default=15, gt=0, le=240)
    """Volunteer reception center interview per person (assumption; VRC: 2–3 interviewers)."""
    volunteer_patience_hours: float = Field(default=3.0, gt=0, le=72)
    """Unmanaged volunteers wait this long on average, then self-deploy or leave (assumption)."""
    goods_start_hours: float = Field(default=24, ge=0, le=720)
    """When goods start arriving (assumption; Newtown: mail within days)."""
    items_per_day: float = Field(default=2000, ge=0, le=1000000)
    """Items arriving a day at the peak (Newtown: 10–12 mail carts a day; ~64,000 stuffed animals in 3.5 months)."""
    goods_half_life_days: float = Field(default=10.0, gt=0, le=365)
    items_per_sorter_hour: float = Field(default=25, gt=0, le=10000)
    """Items one sorter screens in an hour (assumption; Newtown: 20–50 sorters a day, each item dog-screened)."""
    sorter_hours_per_day: float = Field(default=8, gt=0, le=24)
    money_per_victim_first_day: float = Field(default=20000, ge=0, le=1e9)
    """Dollars given per potential victim on day 1 (Parkland GoFundMe ~$380 k at 24 h for 31 casualties, derived)."""
    money_half_life_days: float = Field(default=4.0, gt=0, le=365)
    official_share_after_designation: float = Field(default=0.7, ge=0, le=1)
    """Share of new giving that reaches the official fund once one is designated (assumption)."""


class InformationParams(StrictModel):
    """Rumors in the gaps between official updates; media inquiries queuing at the PIOs."""

    rumors_per_hour_of_silence: float = Field(default=0.6, ge=0, le=100)
    """Rumor rate grows with hours since the last official update (mechanism: PNAS 2017; rate an assumption)."""
    debunk_share: float = Field(default=0.5, ge=0, le=1)
    """Chance an official update puts a given rumor to rest (assumption)."""
    debunk_share_with_jic: float = Field(default=0.8, ge=0, le=1)
    """The same with a staffed joint information center (one voice; assumption)."""
    inquiries_per_hour: float = Field(default=8.0, ge=0, le=10000)
    """Media inquiries an hour on day 1 (Orlando Health: 4–5 a day → ~100 reporters a day)."""
    inquiries_half_life_hours: float = Field(default=24.0, gt=0, le=2400)
    inquiry_minutes: float = Field(default=15.0, gt=0, le=240)
    """Mean PIO time per inquiry (assumption)."""
    pios_on_duty: int = Field(default=1, ge=0, le=100)
    """PIOs answering before any joint information center opens."""



class FamilyAssistanceParams(StrictModel):
    """A Family Assistance Center (FAC): families of the dead and injured come for services for days."""

    families_per_victim: float = Field(default=1.0, gt=0, le=10)
    """Family parties per dead or injured victim (one household each; assumption)."""
    arrival_days: float = Field(default=2.0, gt=0, le=60)
    """Mean days after the FAC opens that a family first comes (exponential; Pulse: 298 families in 8 days)."""
    setup_hours: float = Field(default=12.0, ge=0, le=240)
    """From the decision until the FAC serves families (Texas DSHS, APC: operational within 12–24 h)."""
    interview_hours: float = Field(default=2.5, gt=0, le=12)
    """Antemortem interview per family of a deceased victim (APC toolkit: 2–3 h)."""
    services_per_family: float = Field(default=4.0, ge=0, le=30)
    """Other services a family uses (lodging, travel, finances, legal, counselling; Pulse: up to 27)."""
    service_minutes: float = Field(default=30.0, gt=0, le=480)
    """Mean time per service with a staff member (assumption)."""


MODEL_METRICS: dict[str, dict[str, str]] = {
    "reunification": {
        "families_waiting": "families at the FRC without news",
        "families_elsewhere": "families at hospitals or the scene (no FRC yet)",
        "mean_wait_minutes": "mean minutes without news, of families waiting now",
        "max_hours_without_news": "longest time any waiting family has had no news",
        "families_with_news": "families who have had news",
        "mean_minutes_to_news": "mean minutes from arrival to news, of families who have had it",
        "mean_signin_wait_minutes": "mean minutes families queued to sign in at the FRC",
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
}
"""Each model's metrics (`model.metric` in thresholds and reports), with their plain meaning."""


# ---- actions --------------------------------------------------------------------------------------

class OpenFrc(StrictModel):
    """Open the Friends & Relatives Center at a profile venue with N staff."""

    site: str = Field(default="frc", min_length=1)
    """A venue key of the community profile (`frc`, `frc_alternate`)."""
    staff: int = Field(ge=1, le=500)


class AssignNotificationTeams(StrictModel):
    """Assign N trained death-notification teams (two people each)."""

    teams: int = Field(ge=0, le=200)


class StaffHotline(StrictModel):
    """Staff N public inquiry lines (each with a call-taker)."""

    lines: int = Field(ge=0, le=1000)


class OpenVolunteerCenter(StrictModel):
    """Open a volunteer reception center with N interviewers."""

    staff: int = Field(ge=1, le=500)


class OpenDonationsWarehouse(StrictModel):
    """Open a donations warehouse with N sorters a day."""

    sorters: int = Field(ge=1, le=1000)


class DesignateOfficialFund(StrictModel):
    """Name one official fund for financial donations and say so publicly."""

    name: str = ""


class SetBriefingCadence(StrictModel):
    """Give official public updates every N minutes."""

    every_minutes: int = Field(ge=15, le=1440)


class OpenFac(StrictModel):
    """Open the Family Assistance Center at a profile venue with N staff."""

    site: str = Field(default="fac", min_length=1)
    staff: int = Field(ge=1, le=1000)


class OpenJic(StrictModel):
    """Open a joint information center with N PIOs."""

    staff: int = Field(ge=1, le=100)


ACTIONS: dict[str, tuple[str, type[StrictModel]]] = {
    "open_frc": ("reunification", OpenFrc),
    "assign_notification_teams": ("notification", AssignNotificationTeams),
    "staff_hotline": ("hotline", StaffHotline),
    "open_volunteer_center": ("volunteers_donations", OpenVolunteerCenter),
    "open_donations_warehouse": ("volunteers_donations", OpenDonationsWarehouse),
    "designate_official_fund": ("volunteers_donations", DesignateOfficialFund),
    "set_briefing_cadence": ("information", SetBriefingCadence),
    "open_jic": ("information", OpenJic),
    "open_fac": ("family_assistance", OpenFac),
}
"""Action kind → (the model that reads it, its parameters)."""


def typed_action(action: Action) -> StrictModel:
    """An action's parameters as their typed class (pydantic ValidationError if bad; KeyError if unknown)."""
    return ACTIONS[action.kind][1].model_validate(action.params)


def action_problems(action: Action, models: ModelsSection | None,
                    venues: Iterable[str] = ()) -> list[tuple[tuple[str | int, ...], str]]:
    """What is wrong with one action for this scenario, as (location under the action, message).

    The one rule for decisions scripts, the decision form and the session layer: a known kind, for
    a model the scenario runs, with valid parameters, at a venue of the community profile.
    """
    found = ACTIONS.get(action.kind)
    if found is None:
        return [(("kind",), f"unknown action '{action.kind}'; the actions are {', '.join(sorted(ACTIONS))}")]
    model, params = found
    problems: list[tuple[tuple[str | int, ...], str]] = []
    if models is None or getattr(models, model) is None:
        problems.append((("kind",), f"action '{action.kind}' is for the {model} model, which this scenario's "
                                    "`models:` section does not run"))
    try:
        typed = params.model_validate(action.params)
    except ValidationError as exc:
        for error in exc.errors():
            where = ("params", *error["loc"])
            name = ".".join(str(p) for p in error["loc"]) or "params"
            message = ("is not a parameter of this action" if error["type"] == "extra_forbidden"
                       else error["msg"].lower() if error["type"] != "missing" else "is required")
            problems.append((where, f"{action.kind}: `{name}` {message}"))
        return problems
    known = sorted(venues)
    if isinstance(typed, (OpenFrc, OpenFac)) and known and typed.site not in known:
        problems.append((("params", "site"), f"{action.kind}: no venue '{typed.site}' in the community profile; "
                                             f"its venues are {', '.join(known)}"))
    return problems


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
