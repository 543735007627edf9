"""Reference data from the community MVI preparedness roadmap: 16 best practices, committees, sessions.

Plain frozen dataclasses: this is fixed doctrine, not something a scenario file edits.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BestPractice:
    number: int
    name: str
    short: str
    description: str


@dataclass(frozen=True)
class Committee:
    id: str
    name: str
    roles: tuple[str, ...]


@dataclass(frozen=True)
class RoadmapSession:
    number: int
    practices: tuple[int, ...]
    minutes: tuple[int, int]
    """Planned duration as (min, max) minutes."""
    invited: tuple[str, ...]
    """Committee ids, plus free-text invitees the roadmap names."""
    mode: str
    """"virtual", "in person" or "TBD", as the roadmap has it."""


PRACTICES: tuple[BestPractice, ...] = (
    BestPractice(1, "Incident Command", "Command",
        "Establish unified command quickly and extend it beyond the tactical response to the victim-services "
        "mission: who leads family reunification, notification, the FAC and recovery, and how those leads "
        "plug into the incident command structure from the first hour."),
    BestPractice(2, "Committee Identification & Engagement", "Committees",
        "Name and convene the Steering Committee, the Victim Services Committee and their subcommittees "
        "before an incident, with members who have authority to commit their agencies and who know each other."),
    BestPractice(3, "Up-to-Date Contact List", "Contacts",
        "Keep a current, tested roster of every partner's 24/7 contacts (primary and alternate), who owns it, "
        "how often it is verified and where it is kept when networks and buildings are unavailable."),
    BestPractice(4, "Friends & Relatives Center (FRC)", "FRC",
        "Pre-identify and staff a reception and reunification site that opens within hours, away from the "
        "scene and the media, where families receive verified information and are reunited or supported."),
    BestPractice(5, "Victim Identification & Notification Protocol", "Notification",
        "One protocol and a pre-trained team for identifying victims with the medical examiner and notifying "
        "families in person, in time, in pairs, in plain language and with compassion, before names go public."),
    BestPractice(6, "Public Information & Crisis Communications Protocol", "Crisis comms",
        "A joint information system that speaks with one voice, confirms before it publishes, counters rumor "
        "on social media, protects families' privacy and tells the public where to go and where not to go."),
    BestPractice(7, "Volunteer Management Protocol", "Volunteers",
        "Receive, screen, credential, assign and care for spontaneous and affiliated volunteers, including "
        "licensed clinicians and faith leaders, without letting them self-deploy to the scene or to families."),
    BestPractice(8, "Family Assistance Center (FAC) Plan", "FAC",
        "A one-stop center open within 12–24 hours for families of the missing, injured and deceased, with "
        "the agencies, services, privacy, security and hours they need for days to weeks."),
    BestPractice(9, "Financial Donation Management Protocol", "Donations",
        "Channel cash and in-kind generosity through a trusted, transparent fund with victim input, an "
        "independent administrator and published criteria, and stop unsolicited goods before they arrive."),
    BestPractice(10, "Memorial & Special Event Management Protocols", "Memorials",
        "Plan spontaneous and official memorials, vigils, funerals, VIP visits and anniversaries: sites, "
        "security, archiving of items, and families' wishes first."),
    BestPractice(11, "Community Behavioral Health Response", "Behavioral health",
        "Psychological first aid in the first days, then screening, referral and trauma-informed care for "
        "survivors, families, students, witnesses and the wider community for months and years."),
    BestPractice(12, "First Responder Support", "Responder support",
        "Peer support, critical incident stress management, family support and return-to-duty care for "
        "police, fire, EMS, dispatchers, ME staff and hospital workers."),
    BestPractice(13, "Planning & Preparedness Grants and Emergency Funding Assistance", "Grants",
        "Know and pursue the funds that pay for response and recovery (OVC's AEAP, state victim compensation, "
        "FEMA and state programs) and track costs from the first hour so they can be claimed."),
    BestPractice(14, "Community Resilience Planning", "Resilience",
        "Plan the long recovery: a resiliency center after the FAC closes, reopening schools and sites, "
        "community cohesion, and support that lasts beyond the news cycle."),
    BestPractice(15, "Criminal Justice System – Victim Support", "Justice support",
        "Victim advocates, rights notification, compensation and support through investigation, hearings "
        "and trial, including media pressure and court accommodations for families and survivors."),
    BestPractice(16, "Training and Exercise", "Training",
        "Train the people named in the plan and exercise it, then turn what the exercise found into changes "
        "to policy and to the emergency operations plan annex."),
)

PRACTICE_NUMBERS: tuple[int, ...] = tuple(p.number for p in PRACTICES)


def practice(number: int) -> BestPractice:
    """The best practice with this roadmap number (1–16)."""
    return PRACTICES[number - 1]


COMMITTEES: tuple[Committee, ...] = (
    Committee("steering", "Steering Committee", (
        "Public schools leadership", "Police Department", "Fire Department / Emergency Manager",
        "Town Administrator", "Public Information Officer (crisis communications lead)",
        "District Attorney's office representative", "American Red Cross or community VOAD representative",
    )),
    Committee("victim_services", "Victim Services Committee", (
        "Victim advocates (DA's office, law enforcement, state/regional partners)",
        "Mental health and spiritual care partners (Ministry Alliance)", "Law enforcement",
        "Disaster/crisis response teams", "Coroner / medical examiner", "Healthcare", "Public Information Officers",
    )),
    Committee("behavioral_health", "Behavioral Health Subcommittee", (
        "Clinicians", "Counselors", "Therapists",
    )),
    Committee("financial", "Financial/Grant Writing Subcommittee", (
        "Schools leadership", "Community foundation", "United Way",
    )),
)

COMMITTEE_IDS: tuple[str, ...] = tuple(c.id for c in COMMITTEES)


def committee(committee_id: str) -> Committee:
    """The roadmap committee with this id; KeyError if there is none."""
    for c in COMMITTEES:
        if c.id == committee_id:
            return c
    raise KeyError(committee_id)


SESSIONS: tuple[RoadmapSession, ...] = (
    RoadmapSession(1, (1, 2, 3), (90, 90), ("steering",), "TBD"),
    RoadmapSession(2, (4, 5, 8), (90, 120), ("steering", "victim_services"), "in person"),
    RoadmapSession(3, (6,), (60, 60), ("communication leads from schools, police, fire and town",), "virtual"),
    RoadmapSession(4, (7, 9, 13), (90, 120), (
        "steering", "victim_services", "financial",
        "community partners/VOADs (community foundation, United Way, American Red Cross, Salvation Army)",
        "spiritual care", "legal services/bar association"), "virtual"),
    RoadmapSession(5, (11,), (60, 90), ("steering", "victim_services", "behavioral_health"), "TBD"),
    RoadmapSession(6, (10, 14), (60, 90), ("steering", "victim_services", "behavioral_health"), "TBD"),
    RoadmapSession(7, (12, 15), (60, 60), ("steering", "victim_services", "critical incident stress management teams"), "virtual"),
    RoadmapSession(8, (16,), (120, 240), ("everyone involved in planning",), "in person"),
)
