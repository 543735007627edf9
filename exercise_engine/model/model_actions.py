"""The actions a decision can carry, each for one consequence model, with typed parameters.

The loader checks every decision's actions against these classes (through `action_problems`, the
one rule), so a misspelt parameter or a bad number is a clear message wherever an action is entered.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from pydantic import Field, ValidationError

from .base import StrictModel
from .records import Action

if TYPE_CHECKING:
    from .consequences import ModelsSection


class OpenFrc(StrictModel):
    """Open the Friends & Relatives Center at one of the community's venues with N staff."""

    site: str = Field(default="frc", min_length=1)
    """A venue key of the community profile (`frc`, `frc_alternate`)."""
    staff: int = Field(ge=1, le=500)
    briefing_every_minutes: int | None = Field(default=None, ge=15, le=720)
    """Brief the families there on a fixed schedule, even when there is nothing new (none: no schedule)."""


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
    """Open the Family Assistance Center at one of the community's venues with N staff."""

    site: str = Field(default="fac", min_length=1)
    staff: int = Field(ge=1, le=1000)


class OpenJic(StrictModel):
    """Open a joint information center with N PIOs."""

    staff: int = Field(ge=1, le=100)


class DeployCrisisCounselors(StrictModel):
    """Deploy crisis counselors (mutual aid, the state's crisis counseling program, Red Cross
    disaster mental health) beside the community's own."""

    counselors: int = Field(ge=0, le=1000)
    """On duty at any hour (round the clock, three eight-hour shifts of this many)."""


class OpenResiliencyCenter(StrictModel):
    """Open a resiliency center (one known place for support, for months) with N staff."""

    site: str | None = Field(default=None, min_length=1)
    """A venue key of the community profile, if it has one for the center."""
    staff: int = Field(ge=1, le=500)


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
    "deploy_crisis_counselors": ("behavioral_health", DeployCrisisCounselors),
    "open_resiliency_center": ("behavioral_health", OpenResiliencyCenter),
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
    site = getattr(typed, "site", None)
    if site is not None and known and site not in known:
        problems.append((("params", "site"), f"{action.kind}: no venue '{typed.site}' in the community profile; "
                                             f"its venues are {', '.join(known)}"))
    return problems
