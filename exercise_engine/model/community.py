"""The community profile: the names that make a scenario local (the roadmap's XXX).

Inject text refers to it with placeholders such as `{{ community.name }}`, `{{ agencies.police }}`,
`{{ venues.frc }}` or `{{ contacts.pio.name }}`.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field, StrictInt, StringConstraints

from .base import StrictModel
from .conduct import check_time_zone

Key = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
"""A lowercase key usable in a placeholder (`agencies.fire_ems`)."""
StoryFact = str | int
"""One fact of the story bible: a phrase or a number."""


class Venue(StrictModel):
    """A named place; `{{ venues.frc }}` renders its name."""

    name: str
    address: str = ""
    capacity: StrictInt | None = Field(default=None, ge=0)
    notes: str = ""

    def __str__(self) -> str:
        return self.name


class Contact(StrictModel):
    """A key person; `{{ contacts.pio }}` renders the name."""

    name: str
    title: str = ""
    organization: str = ""
    phone: str = ""
    email: str = ""

    def __str__(self) -> str:
        return self.name


class Community(StrictModel):
    """Who the community is, as placeholders see it under `community.`."""

    name: str
    """The community's name, e.g. "Town of Millbrook"."""
    short_name: str = ""
    jurisdiction: str
    """e.g. "Millbrook, Harlan County, State of Example"."""
    county: str = ""
    state: str = ""
    population: StrictInt | None = Field(default=None, ge=0)
    description: str = ""
    time_zone: Annotated[str | None, AfterValidator(check_time_zone)] = None
    """The community's IANA time zone (`America/New_York`): exercises here report wall times in it."""

    def __str__(self) -> str:
        return self.name


class CommunityProfile(StrictModel):
    """A community profile file (`community.example.yaml`)."""

    community: Community
    agencies: dict[Key, str] = Field(default_factory=dict)
    """Agency names by function: police, fire_ems, emergency_management, schools, district_attorney,
    coroner, hospital, red_cross, voad, united_way, community_foundation, ministry_alliance, …"""
    venues: dict[Key, Venue] = Field(default_factory=dict)
    """Places by purpose: frc, frc_alternate, fac, memorial, incident_site, eoc, media_staging, …"""
    contacts: dict[Key, Contact] = Field(default_factory=dict)
    """Key people by role: pio, emergency_manager, police_chief, victim_services_lead, …"""
    story: dict[Key, StoryFact | dict[Key, StoryFact]] = Field(default_factory=dict)
    """The story bible: the incident's facts every scenario and library inject draws on through
    `{{ story.casualties.killed_total }}`-style placeholders (numbers by time, calendar, media, band…),
    so the eight sessions tell one consistent story."""
