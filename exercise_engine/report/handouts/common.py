"""What every handout shares: inject numbers, names for tables and senders, capability labels, acronyms."""

from __future__ import annotations

import re
from datetime import datetime

from ...loader.loaded import LoadedScenario
from ...model.core_capabilities import core_capability
from ...model.inject import Inject, InjectType
from ...model.practices import practice
from ..text import clean, story

PARTICIPANT_MARKING = "FOR EXERCISE PARTICIPANTS"
CONTROLLER_MARKING = "CONTROLLER AND EVALUATOR ONLY - DO NOT SHARE WITH PLAYERS"
HANDLING = (
    "This document is for the planning and conduct of the exercise. Handle it according to your "
    "organization's policy for sensitive but unclassified information; do not post or forward it outside "
    "the exercise planning team without the exercise director's approval."
)

ACRONYMS: dict[str, str] = {
    "AAR": "After-Action Report", "AEAP": "Antiterrorism and Emergency Assistance Program (OVC)",
    "CISM": "Critical Incident Stress Management", "DA": "District Attorney", "EEG": "Exercise Evaluation Guide",
    "EMS": "Emergency Medical Services", "EOC": "Emergency Operations Center", "EOP": "Emergency Operations Plan",
    "FAC": "Family Assistance Center", "FBI": "Federal Bureau of Investigation",
    "FEMA": "Federal Emergency Management Agency", "FRC": "Friends and Relatives Center",
    "HSEEP": "Homeland Security Exercise and Evaluation Program", "IC": "Incident Command",
    "ICS": "Incident Command System", "IP": "Improvement Plan", "JIC": "Joint Information Center",
    "JIS": "Joint Information System", "ME": "Medical Examiner", "MSEL": "Master Scenario Events List",
    "MVI": "Mass Violence Incident", "OVC": "Office for Victims of Crime", "PFA": "Psychological First Aid",
    "PIO": "Public Information Officer", "POC": "Point of Contact", "POETE":
    "Planning, Organization, Equipment, Training, Exercise", "TTX": "Tabletop Exercise",
    "VIP": "Very Important Person (official visitor)", "VOAD": "Voluntary Organizations Active in Disaster",
}


def acronyms_in(text: str, always: tuple[str, ...] = ("TTX", "HSEEP", "MVI")) -> list[list[str]]:
    """Rows (acronym, meaning) for the acronyms the text uses, plus a few every handout needs."""
    used = {a for a in ACRONYMS if re.search(rf"\b{re.escape(a)}s?\b", text)} | set(always)
    return [[a, ACRONYMS[a]] for a in sorted(used)]


def numbers(loaded: LoadedScenario) -> dict[str, int]:
    """Inject id → its MSEL number (1, 2, … in delivery order), the number on cards and in the handbook."""
    return {i.id: n for n, i in enumerate(loaded.injects, start=1)}


def table_names(loaded: LoadedScenario, inject: Inject) -> str:
    if inject.addressed_to_all:
        return "All tables"
    names = {t.id: clean(t.name) for t in loaded.scenario.tables}
    return "; ".join(names.get(t, clean(t)) for t in inject.to)


def module_label(loaded: LoadedScenario, inject: Inject) -> str:
    ids = [m.id for m in loaded.scenario.modules]
    module = loaded.module(loaded.module_of[inject.id])
    return f"Module {ids.index(module.id) + 1}: {clean(module.title)}"


def story_label(loaded: LoadedScenario, seconds: float | None) -> str:
    """`T+2h30m (Sat 19 Jun 2027 23:10)` when the scenario has a calendar start."""
    if seconds is None:
        return ""
    moment: datetime | None = loaded.story_datetime(seconds)
    return story(seconds) + (f" ({moment.strftime('%a %d %b %Y %H:%M')})" if moment else "")


def capability_label(capability_id: str) -> str:
    c = core_capability(capability_id)
    return f"{c.name} ({', '.join(c.mission_areas) if len(c.mission_areas) < 5 else 'all mission areas'})"


def practices_label(numbers_: list[int] | tuple[int, ...]) -> str:
    return "; ".join(f"{n}. {practice(n).name}" for n in numbers_)


def type_label(inject: Inject) -> str:
    return {InjectType.standard: "Standard", InjectType.contingency: "Contingency (held in reserve)",
            InjectType.conditional: "Conditional (only if its condition holds)"}[inject.type]


def condition_text(loaded: LoadedScenario, inject: Inject) -> str:
    """The condition in words: `if no decision tagged frc-opened from Victim Services by T+2h`."""
    c = inject.condition
    if c is None:
        return ""
    what = []
    if c.tags:
        what.append("tagged " + " or ".join(c.tags))
    if c.inject:
        n = numbers(loaded).get(c.inject)
        what.append(f"answering inject {n}" if n else f"answering {c.inject}")
    who = ""
    if c.table:
        who = " from " + next((clean(t.name) for t in loaded.scenario.tables if t.id == c.table), c.table)
    by = story(c.by if c.by is not None else inject.time)
    verb = "no decision" if c.when == "missing" else "a decision"
    return f"if {verb} {' or '.join(what)}{who} by {by}"
