"""How the exercise is conducted: ground rules, assumptions, artificialities, the safety note, the
simulation cell and the exercise's time zone.

The defaults are HSEEP's usual wording for a discussion-based exercise, so a scenario that says nothing
still gets a complete Situation Manual; a scenario replaces a whole list by writing its own.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field

from .base import StrictModel

DEFAULT_GROUND_RULES: tuple[str, ...] = (
    "This is a no-fault, open, low-stress environment: varying viewpoints, even disagreements, are expected.",
    "Respond on the basis of your knowledge of current plans and capabilities (use only existing assets) "
    "and insights derived from your training.",
    "Decisions are not precedent-setting and may not reflect your organization's final position on an issue.",
    "Issue identification is not as valuable as suggestions and recommended actions that could improve "
    "response and recovery efforts; problem-solving efforts are the focus.",
    "Speak for your own agency; say so when you would need to check with someone who is not in the room.",
)
DEFAULT_ASSUMPTIONS: tuple[str, ...] = (
    "The scenario is plausible, and events occur as they are presented.",
    "There is no hidden agenda, and there are no trick questions.",
    "All players receive information at the same time.",
)
DEFAULT_ARTIFICIALITIES: tuple[str, ...] = (
    "The exercise compresses days, weeks and months of story into a few hours of discussion.",
    "Some details of the incident are simplified or left out so that discussion can focus on the plans.",
    "Messages from the media, hospitals, families and other outside parties are voiced by the "
    "simulation cell, not by those organizations.",
)
DEFAULT_SAFETY_NOTE = (
    "This exercise discusses a mass shooting in our own community: deaths and injuries, grieving families, "
    "children and responders under strain. Some of it may be hard to hear, especially for anyone who has lived "
    "through violence or loss. You may step out at any time without explanation. Behavioral health staff are "
    "in the room during the whole exercise; ask any facilitator to find one for you. No real victims are named."
)


def check_time_zone(name: str | None) -> str | None:
    """An IANA time zone name (`America/New_York`), or None; ValueError with a planner-readable reason."""
    if name is None:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(
            f"{name!r} is not a time zone name; write an IANA name such as America/New_York, "
            "America/Chicago, America/Denver, America/Los_Angeles or Europe/London") from None
    return name


class SimulationRole(StrictModel):
    """A voice the simulation cell plays: the media, a hospital, a parent on the phone."""

    role: str = Field(min_length=1)
    """What the room hears: "WKRN reporter", "Riverside Regional ED charge nurse"."""
    played_by: str = ""
    """Who voices it on the day (a controller's name or position)."""
    voices: list[str] = Field(default_factory=list)
    """Inject senders (`from:` values) this role speaks for; empty means the role's own name."""
    notes: str = ""
