"""What Session Eight promises an exercise designer (issue 13): evaluable objectives, evaluator notes on every
inject, an EOP-gap round closing every module, no words put in a player's mouth, the director out of play."""

from __future__ import annotations

import re

import pytest

from exercise_engine.loader import load_scenario

from .helpers import ROOT

(SESSION_8,) = sorted(ROOT.glob("scenarios/session-8-*.yaml"))
TIME_STANDARD = re.compile(r"\b(within|by|before)\b[^.;]*\b(\d+|one|two|three|four|six|twelve|24)\b[^.;]*"
                           r"\b(minutes?|hours?|days?|module|morning)\b", re.IGNORECASE)
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
    text = " ".join([s8.scenario.scope or "", s8.scenario.summary])
    assert "clinician" in text and "988" in text and "Juneteenth" in text


def test_the_fund_question_comes_in_the_first_hours(s8) -> None:
    fund = [i for i in s8.injects if i.type.value == "standard" and 9 in i.practices[:1]]
    assert min(i.time for i in fund) <= 12 * 3600
