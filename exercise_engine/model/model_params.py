"""The consequence models' parameters: each default a planning figure with its source.

Sources are in shared/domain/model-parameters.md and docs/models.md; where no published figure
exists the field says "assumption" and docs/models.md explains it. Every figure is bounded, so a
slip of the keyboard (`handle_minutes: 600`) is a `file:line:col` error, not a strange run.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from .base import StrictModel


def positive(default: Any, most: float) -> Any:
    """A figure above zero, at most `most` (a duration, a rate, a size)."""
    return Field(default=default, gt=0, le=most)


def nonnegative(default: Any, most: float) -> Any:
    """A figure of zero or more, at most `most` (a count that may be none)."""
    return Field(default=default, ge=0, le=most)


def share(default: float) -> Any:
    """A share between 0 and 1."""
    return Field(default=default, ge=0, le=1)


class IncidentParams(StrictModel):
    """The incident the models start from (Session Eight: 9 killed, 23 wounded)."""

    killed: int = nonnegative(9, 2000)
    injured: int = nonnegative(23, 5000)
    unaccounted: int = nonnegative(20, 20000)
    """People missing at first but unhurt (assumption): their families come too."""


class ReunificationParams(StrictModel):
    """Families converging on a Friends & Relatives Center (FRC), or on hospitals and the scene."""

    members_per_victim: float = positive(4.5, 20)
    """People per family party. NTSB: 3–6 per missing victim; Aurora ≈ 5.8 per death (derived)."""
    local_share: float = share(0.8)
    """Share of families who are local and arrive in the first hours (assumption; shape from Parkland, Las Vegas)."""
    local_arrival_minutes: float = positive(90, 1440)
    """Mean delay before a local family arrives (exponential; assumption)."""
    travel_hours: tuple[float, float] = (6.0, 30.0)
    """Out-of-town families arrive uniformly in this window (flights landing; FAC the next day)."""
    setup_minutes: float = nonnegative(60, 1440)
    """From the decision to open the FRC until it receives families (assumption)."""
    redirect_minutes: float = nonnegative(45, 600)
    """Mean time for a family at a hospital or the scene to reach a newly opened FRC (assumption)."""
    intake_minutes: float = positive(10, 240)
    """Sign-in per family by one staff member (assumption; SRM six-step model has no published rates)."""
    news_minutes: float = positive(20, 240)
    """A liaison's time to give a family news of an injured or found loved one (assumption)."""
    located_hours: float = positive(3.0, 72)
    """Mean time until an unhurt missing person or an injured patient is located (assumption)."""


class NotificationParams(StrictModel):
    """ME/coroner identification, then death notification in person, by teams of two."""

    id_median_hours: float = positive(20.0, 240)
    """Median time to positive identification (lognormal). Orlando 26 of 49 in ~24 h; San Bernardino ~29 h."""
    id_spread: float = positive(0.6, 3)
    """Lognormal sigma: with 20 h, 98 % identified within 72 h (Orlando: all within 72 h)."""
    id_min_hours: float = nonnegative(3.0, 72)
    """No identification before this (scene processing; assumption)."""
    travel_minutes: float = nonnegative(30, 600)
    """A team's time to reach the family once assigned (assumption)."""
    notify_minutes: float = positive(60, 600)
    """Time with the family, in private (assumption; LV coroner: ~5 family members an hour office-wide)."""
    learn_otherwise_hours: float = positive(3.0, 72)
    """Mean time after identification until an un-notified family learns from media or social media
    (assumption; Uvalde, Parkland: families learned on social media)."""


class HotlineParams(StrictModel):
    """A public inquiry hotline: an M/M/c queue with abandonment and redials."""

    arrivals: Literal["decay", "constant"] = "decay"
    """`decay`: first calls per victim falling hour by hour; `constant`: `calls_per_hour` (for testing plans)."""
    calls_per_victim: float = nonnegative(9.0, 100)
    """First calls per potential victim. APC toolkit planning assumption: 8–10 loved ones per potential victim."""
    half_life_hours: float = positive(3.0, 240)
    """Calls fall by half every this many hours (assumption; front-loaded demand)."""
    calls_per_hour: float = nonnegative(60.0, 100000)
    """Only with `arrivals: constant`."""
    handle_minutes: float = positive(6.0, 240)
    """Mean talk time (exponential). No published figure for MVI hotlines (assumption)."""
    patience_minutes: float | None = positive(3.0, 600)
    """Mean time a caller waits before hanging up (exponential); null: nobody hangs up (assumption)."""
    redial_probability: float = Field(default=0.6, ge=0, lt=1)
    """Chance a caller who hung up calls again (Memphis 911: hang-up-and-redial inflates volume)."""
    redial_minutes: float = positive(5.0, 600)
    """Mean time before a redial (assumption)."""
    max_redials: int = nonnegative(5, 50)
    setup_minutes: float = nonnegative(120, 2880)
    """From the decision until new lines are answering. APC target ≤ 2 h; ~6 h observed (FEI)."""
    service_target_seconds: float = positive(20, 3600)
    """NENA-STA-020.1-2020: 95 % answered within 20 s."""


class VolunteersDonationsParams(StrictModel):
    """Spontaneous volunteers, unsolicited goods and money flowing to funds."""

    volunteers_per_victim: float = nonnegative(10.0, 1000)
    """Spontaneous volunteers per potential victim (assumption; Joplin's tornado: 3,000 on day 1 — MVIs are smaller)."""
    volunteer_peak_hours: float = positive(12.0, 240)
    """Volunteers arrive most around this hour (gamma, shape 2; Joplin: ≥500 at sunrise, ~12 h)."""
    volunteer_intake_minutes: float = positive(15, 240)
    """Volunteer reception center interview per person (assumption; VRC: 2–3 interviewers)."""
    volunteer_patience_hours: float = positive(3.0, 72)
    """Unmanaged volunteers wait this long on average, then self-deploy or leave (assumption)."""
    goods_start_hours: float = nonnegative(24, 720)
    """When goods start arriving (assumption; Newtown: mail within days)."""
    items_per_day: float = nonnegative(2000, 1000000)
    """Items arriving a day at the peak (Newtown: 10–12 mail carts a day; ~64,000 stuffed animals in 3.5 months)."""
    goods_half_life_days: float = positive(10.0, 365)
    items_per_sorter_hour: float = positive(25, 10000)
    """Items one sorter screens in an hour (assumption; Newtown: 20–50 sorters a day, each item dog-screened)."""
    sorter_hours_per_day: float = positive(8, 24)
    money_per_victim_first_day: float = nonnegative(20000, 1e9)
    """Dollars given per potential victim on day 1 (Parkland GoFundMe ~$380 k at 24 h for 31 casualties, derived)."""
    money_half_life_days: float = positive(4.0, 365)
    official_share_after_designation: float = share(0.7)
    """Share of new giving that reaches the official fund once one is designated (assumption)."""


class InformationParams(StrictModel):
    """Rumors in the gaps between official updates; media inquiries queuing at the PIOs."""

    rumors_per_hour_of_silence: float = nonnegative(0.6, 100)
    """Rumor rate grows with hours since the last official update (mechanism: PNAS 2017; rate an assumption)."""
    debunk_share: float = share(0.5)
    """Chance an official update puts a given rumor to rest (assumption)."""
    debunk_share_with_jic: float = share(0.8)
    """The same with a staffed joint information center (one voice; assumption)."""
    inquiries_per_hour: float = nonnegative(8.0, 10000)
    """Media inquiries an hour on day 1 (Orlando Health: 4–5 a day → ~100 reporters a day)."""
    inquiries_half_life_hours: float = positive(24.0, 2400)
    inquiry_minutes: float = positive(15.0, 240)
    """Mean PIO time per inquiry (assumption)."""
    pios_on_duty: int = nonnegative(1, 100)
    """PIOs answering before any joint information center opens."""



class FamilyAssistanceParams(StrictModel):
    """A Family Assistance Center (FAC): families of the dead and injured come for services for days."""

    families_per_victim: float = positive(1.0, 10)
    """Family parties per dead or injured victim (one household each; assumption)."""
    arrival_days: float = positive(2.0, 60)
    """Mean days after the FAC opens that a family first comes (exponential; Pulse: 298 families in 8 days)."""
    setup_hours: float = nonnegative(12.0, 240)
    """From the decision until the FAC serves families (Texas DSHS, APC: operational within 12–24 h)."""
    interview_hours: float = positive(2.5, 12)
    """Antemortem interview per family of a deceased victim (APC toolkit: 2–3 h)."""
    services_per_family: float = nonnegative(4.0, 30)
    """Other services a family uses (lodging, travel, finances, legal, counselling; Pulse: up to 27)."""
    service_minutes: float = positive(30.0, 480)
    """Mean time per service with a staff member (assumption)."""


class Seekers(StrictModel):
    """One group of people who may seek behavioral-health support, and how soon."""

    people: int | None = Field(default=None, ge=0, le=1_000_000)
    """How many; null for the groups counted from the incident (families, survivors)."""
    share: float = share(0.3)
    """Share of the group who seek support (planning assumption: no published figure)."""
    delay_days: float = positive(3.0, 365)
    """Mean days from the incident until one of them first seeks support (exponential; assumption)."""


class BehavioralHealthParams(StrictModel):
    """People seeking crisis counseling over days and weeks, against the counselors on duty."""

    family_members_per_victim: float = positive(5.0, 20)
    """Family members per dead or injured victim (brief: 4–6 per deceased; APC: 8–10 loved ones per potential victim)."""
    families: Seekers = Seekers(share=0.6, delay_days=2.0)
    """Family members of the dead and injured (counted from the incident unless `people` is given)."""
    survivors: Seekers = Seekers(share=0.5, delay_days=3.0)
    """The injured and the unaccounted who were there (counted from the incident unless `people` is given)."""
    witnesses: Seekers = Seekers(people=300, share=0.2, delay_days=5.0)
    """People present who were not hurt (assumption: set the crowd of your scenario)."""
    responders: Seekers = Seekers(people=150, share=0.15, delay_days=10.0)
    """Police, fire, EMS, dispatchers, hospital staff (assumption; they come later, if at all)."""
    community: Seekers = Seekers(people=2000, share=0.05, delay_days=14.0)
    """The wider community (assumption; Las Vegas: demand at the resiliency center for years)."""
    local_counselors: int = nonnegative(1, 1000)
    """Counselors of the community on duty for crisis work before any deployment (assumption). The
    model counts people on duty at any hour: three counselors on eight-hour shifts are one."""
    deploy_hours: float = nonnegative(24, 720)
    """From the decision until deployed counselors see people (assumption; 9/11: ~500 mental-health
    professionals at the Red Cross within 48 h)."""
    center_setup_days: float = nonnegative(3, 90)
    """From the decision until a resiliency center opens (assumption)."""
    center_outreach: float = Field(default=1.5, ge=1, le=5)
    """Once a resiliency center is open, this many times as many people seek support (one known place; assumption)."""
    visits_per_person: float = Field(default=2.0, ge=1, le=20)
    """Mean visits a person seeks, the first included (assumption)."""
    days_between_visits: float = positive(7.0, 90)
    session_minutes: float = positive(50, 480)
    """Mean time a counselor spends per visit (exponential; assumption)."""
    patience_days: float | None = positive(2.0, 90)
    """Mean days a person waits for a visit before giving up (exponential); null: nobody gives up (assumption)."""
