"""FEMA's 32 core capabilities (National Preparedness Goal, 2nd edition, 2015) with their mission areas.

Reference data, like the roadmap's practices: objectives name the capabilities they test by id
(`operational-coordination`); an objective that names none tests those its practices map to
(`PRACTICE_CAPABILITIES`), so AARs and Exercise Evaluation Guides always have a capability to file under.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

PREVENTION, PROTECTION, MITIGATION, RESPONSE, RECOVERY = "Prevention", "Protection", "Mitigation", "Response", "Recovery"
ALL_AREAS = (PREVENTION, PROTECTION, MITIGATION, RESPONSE, RECOVERY)


@dataclass(frozen=True)
class CoreCapability:
    id: str
    name: str
    mission_areas: tuple[str, ...]


CORE_CAPABILITIES: tuple[CoreCapability, ...] = (
    CoreCapability("planning", "Planning", ALL_AREAS),
    CoreCapability("public-information-and-warning", "Public Information and Warning", ALL_AREAS),
    CoreCapability("operational-coordination", "Operational Coordination", ALL_AREAS),
    CoreCapability("forensics-and-attribution", "Forensics and Attribution", (PREVENTION,)),
    CoreCapability("intelligence-and-information-sharing", "Intelligence and Information Sharing", (PREVENTION, PROTECTION)),
    CoreCapability("interdiction-and-disruption", "Interdiction and Disruption", (PREVENTION, PROTECTION)),
    CoreCapability("screening-search-and-detection", "Screening, Search, and Detection", (PREVENTION, PROTECTION)),
    CoreCapability("access-control-and-identity-verification", "Access Control and Identity Verification", (PROTECTION,)),
    CoreCapability("cybersecurity", "Cybersecurity", (PROTECTION,)),
    CoreCapability("physical-protective-measures", "Physical Protective Measures", (PROTECTION,)),
    CoreCapability("risk-management-for-protection-programs-and-activities",
                   "Risk Management for Protection Programs and Activities", (PROTECTION,)),
    CoreCapability("supply-chain-integrity-and-security", "Supply Chain Integrity and Security", (PROTECTION,)),
    CoreCapability("community-resilience", "Community Resilience", (MITIGATION,)),
    CoreCapability("long-term-vulnerability-reduction", "Long-term Vulnerability Reduction", (MITIGATION,)),
    CoreCapability("risk-and-disaster-resilience-assessment", "Risk and Disaster Resilience Assessment", (MITIGATION,)),
    CoreCapability("threats-and-hazards-identification", "Threats and Hazards Identification", (MITIGATION,)),
    CoreCapability("critical-transportation", "Critical Transportation", (RESPONSE,)),
    CoreCapability("environmental-response-health-and-safety", "Environmental Response/Health and Safety", (RESPONSE,)),
    CoreCapability("fatality-management-services", "Fatality Management Services", (RESPONSE,)),
    CoreCapability("fire-management-and-suppression", "Fire Management and Suppression", (RESPONSE,)),
    CoreCapability("infrastructure-systems", "Infrastructure Systems", (RESPONSE, RECOVERY)),
    CoreCapability("logistics-and-supply-chain-management", "Logistics and Supply Chain Management", (RESPONSE,)),
    CoreCapability("mass-care-services", "Mass Care Services", (RESPONSE,)),
    CoreCapability("mass-search-and-rescue-operations", "Mass Search and Rescue Operations", (RESPONSE,)),
    CoreCapability("on-scene-security-protection-and-law-enforcement",
                   "On-scene Security, Protection, and Law Enforcement", (RESPONSE,)),
    CoreCapability("operational-communications", "Operational Communications", (RESPONSE,)),
    CoreCapability("public-health-healthcare-and-emergency-medical-services",
                   "Public Health, Healthcare, and Emergency Medical Services", (RESPONSE,)),
    CoreCapability("situational-assessment", "Situational Assessment", (RESPONSE,)),
    CoreCapability("economic-recovery", "Economic Recovery", (RECOVERY,)),
    CoreCapability("health-and-social-services", "Health and Social Services", (RECOVERY,)),
    CoreCapability("housing", "Housing", (RECOVERY,)),
    CoreCapability("natural-and-cultural-resources", "Natural and Cultural Resources", (RECOVERY,)),
)

CORE_CAPABILITY_IDS: tuple[str, ...] = tuple(c.id for c in CORE_CAPABILITIES)
CoreCapabilityId = Literal[CORE_CAPABILITY_IDS]  # type: ignore[valid-type]
"""A core capability as a scenario file names it: `mass-care-services`."""

_BY_ID = {c.id: c for c in CORE_CAPABILITIES}


def core_capability(capability_id: str) -> CoreCapability:
    """The core capability with this id; KeyError if there is none."""
    return _BY_ID[capability_id]


PRACTICE_CAPABILITIES: dict[int, tuple[str, ...]] = {
    1: ("operational-coordination",),
    2: ("planning", "operational-coordination"),
    3: ("operational-communications", "operational-coordination"),
    4: ("mass-care-services",),
    5: ("fatality-management-services",),
    6: ("public-information-and-warning",),
    7: ("logistics-and-supply-chain-management", "mass-care-services"),
    8: ("mass-care-services", "fatality-management-services", "health-and-social-services"),
    9: ("logistics-and-supply-chain-management", "economic-recovery"),
    10: ("community-resilience", "health-and-social-services"),
    11: ("health-and-social-services", "public-health-healthcare-and-emergency-medical-services"),
    12: ("environmental-response-health-and-safety", "health-and-social-services"),
    13: ("planning", "economic-recovery"),
    14: ("community-resilience", "health-and-social-services"),
    15: ("health-and-social-services",),
    16: ("planning",),
}
"""The core capabilities each roadmap best practice mainly exercises (the project's mapping, used when an
objective names none): family reunification and assistance are Mass Care and Fatality Management
Services; victim services through recovery and trial are Health and Social Services; responder support is
responder safety and health (Environmental Response/Health and Safety)."""


def capabilities_of_practices(practices: list[int] | tuple[int, ...]) -> tuple[str, ...]:
    """The capabilities these practices map to, in first-seen order."""
    out: list[str] = []
    for number in practices:
        for cid in PRACTICE_CAPABILITIES.get(number, ()):
            if cid not in out:
                out.append(cid)
    return tuple(out)
