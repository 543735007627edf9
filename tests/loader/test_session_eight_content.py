"""What Session Eight promises an exercise designer (issue 13): evaluable objectives, evaluator notes on every
inject, an EOP-gap round closing every module, no words put in a player's mouth, the director out of play."""

from __future__ import annotations

import re

import pytest

from exercise_engine.loader import load_scenario

from .helpers import ROOT

(SESSION_8,) = sorted(ROOT.glob("scenarios/session-8-*.yaml"))
TIME_STANDARD = re.compile(r"\b(within|by|before|in|at least)\b[^.;]*?\b(\d+|one|two|three|four|six|twelve|first|next|the)"
                           r"\s+(minutes?|hours?|days?|weeks?|months?|module|morning)\b", re.IGNORECASE)
"""A time standard: "within 60 minutes", "in the first hour", "by the next morning", "at least 60 days"."""
# Profile contacts who sit at a table in Session Eight: an inject to that table must not speak for them.
PLAYERS = {
    "steering": ["police_chief", "fire_chief", "emergency_manager", "town_administrator", "council_chair",
                 "superintendent", "district_attorney", "red_cross_lead"],
    "victim-services": ["victim_services_lead", "coroner", "hospital_liaison", "ministry_alliance_lead"],
    "behavioral-health": ["behavioral_health_lead"],
    "financial": ["foundation_director", "united_way_director", "finance_director"],
    "communications": ["pio"],
}


@pytest.fixture(scope="module")
def s8():
    return load_scenario(SESSION_8)


def test_five_or_six_objectives_each_with_a_time_standard_and_practices(s8) -> None:
    objectives = s8.scenario.objectives
    assert 5 <= len(objectives) <= 6
    for objective in objectives:
        assert objective.practices, objective.id
        assert TIME_STANDARD.search(objective.text), f"{objective.id} has no time standard: {objective.text}"
    covered = {p for o in objectives for p in o.practices}
    assert covered == set(range(1, 17)), "every practice is evaluated under some objective"


def test_every_inject_has_evaluator_notes_and_an_objective(s8) -> None:
    missing = [i.id for i in s8.injects if not i.evaluator_notes.strip()]
    assert not missing, f"injects without evaluator notes: {missing}"
    ids = {o.id for o in s8.scenario.objectives}
    for inject in s8.injects:
        assert inject.objectives and set(inject.objectives) <= ids, inject.id


def test_every_module_closes_with_an_eop_gap_round_for_every_table(s8) -> None:
    for module in s8.scenario.modules:
        injects = [i for i in s8.injects if s8.module_of[i.id] == module.id]
        last = max(injects, key=lambda i: i.time)
        assert last.addressed_to_all and 16 in last.practices, f"{module.id} ends with {last.id}"
        assert "eop-gaps-recorded" in {a.tag for a in last.expected_actions}, last.id



def test_no_sender_is_a_player_at_the_receiving_table(s8) -> None:
    """Checked on the rendered sender: a player's name from the profile never signs an inject to their table."""
    import yaml

    from exercise_engine.model.community import CommunityProfile

    profile = CommunityProfile.model_validate(
        yaml.safe_load((ROOT / "scenarios" / "community.example.yaml").read_text(encoding="utf-8")))
    tables = [t.id for t in s8.scenario.tables]
    wrong = []
    for inject in s8.injects:
        for table in tables if inject.addressed_to_all else inject.to:
            for key in PLAYERS.get(table, []):
                if profile.contacts[key].name in inject.from_:
                    wrong.append(f"{inject.id} -> {table}: sent by {profile.contacts[key].name}")
    assert not wrong, "\n".join(wrong)


def test_the_exercise_director_is_not_a_player(s8) -> None:
    import yaml

    from exercise_engine.model.community import CommunityProfile

    profile = CommunityProfile.model_validate(
        yaml.safe_load((ROOT / "scenarios" / "community.example.yaml").read_text(encoding="utf-8")))
    players = {profile.contacts[k].name for keys in PLAYERS.values() for k in keys}
    assert s8.scenario.point_of_contact.name not in players
    assert all(s8.scenario.point_of_contact.name not in i.from_ for i in s8.injects)


def test_the_missing_content_is_there(s8) -> None:
    tags = {a.tag for i in s8.injects for a in i.expected_actions if a.tag}
    for tag in ("data-sharing-agreed", "remains-release-plan", "no-notoriety-policy", "bias-motive-outreach",
                "property-return-process", "official-fund-announced", "frc-registration-started"):
        assert tag in tags, tag
    assert "clinician" in s8.scenario.safety_note and "988" in s8.scenario.safety_note
    assert "Juneteenth" in s8.scenario.summary


def test_the_fund_question_comes_in_the_first_hours(s8) -> None:
    fund = [i for i in s8.injects if i.type.value == "standard" and 9 in i.practices[:1]]
    assert min(i.time for i in fund) <= 12 * 3600


def test_every_objective_names_a_core_capability_targets_and_sources(s8) -> None:
    for objective in s8.scenario.objectives:
        assert objective.core_capabilities, f"{objective.id} names no core capability"
        assert objective.capability_targets and objective.sources, objective.id
        assert any(TIME_STANDARD.search(t) for t in objective.capability_targets), objective.id
    capabilities = [c for o in s8.scenario.objectives for c in o.core_capabilities]
    assert len(set(capabilities)) == len(capabilities), "one capability, one objective, one EEG"


def test_every_critical_task_is_a_tag_an_inject_of_its_objective_carries(s8) -> None:
    for objective in s8.scenario.objectives:
        assert 4 <= len(objective.critical_tasks) <= 10, objective.id
        carried = {a.tag for i in s8.injects if objective.id in i.objectives for a in i.expected_actions if a.tag}
        missing = [t for t in objective.critical_tasks if t not in carried]
        assert not missing, f"{objective.id}: no inject addressing it carries {missing}"


def test_the_front_matter_is_in_its_own_fields_not_in_the_scope(s8) -> None:
    from exercise_engine.model import conduct

    s = s8.scenario
    assert s.ground_rules != list(conduct.DEFAULT_GROUND_RULES) and len(s.ground_rules) >= 4
    assert s.assumptions != list(conduct.DEFAULT_ASSUMPTIONS) and s.assumptions
    assert s.artificialities != list(conduct.DEFAULT_ARTIFICIALITIES) and s.artificialities
    assert s.safety_note != conduct.DEFAULT_SAFETY_NOTE
    assert "{{" not in " ".join(s.assumptions)  # placeholders filled from the story bible
    for heading in ("GROUND RULES", "ASSUMPTIONS", "ARTIFICIALITIES", "PARTICIPANT SAFETY"):
        assert heading not in s.scope, heading
    assert all(t.evaluators for t in s.tables), "an evaluator at every table"


def test_the_simulation_cell_voices_every_sender_but_the_facilitator(s8) -> None:
    """The C/E handbook says who delivers each inject by matching its sender to a role's voices."""
    cell = s8.scenario.simulation_cell
    voices = [v for role in cell for v in role.voices]
    assert len(voices) == len(set(voices)), "a sender voiced by two roles"
    senders = {i.from_ for i in s8.injects} - {"Facilitator"}
    assert sorted(senders - set(voices)) == [], "senders no role voices"
    assert sorted(set(voices) - senders) == [], "voices that send nothing (a stale name?)"
    played_by = {role.played_by for role in cell}
    assert all(role.played_by for role in cell)
    delivered = {i.id: i.responsible_controller for i in s8.injects if i.responsible_controller}
    assert set(delivered.values()) <= played_by
    for sensitive in ("s8-parents-at-barricade", "s8-family-learns-online", "s8-release-of-remains",
                      "bp09-families-no-voice"):
        assert sensitive in delivered, sensitive
