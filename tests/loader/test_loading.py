"""What the engine, consoles and reports get from `load_scenario`: resolved, rendered, ordered injects."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from exercise_engine.loader import (
    LoadedScenario,
    ScenarioError,
    UserError,
    load_library,
    load_profile,
    load_scenario,
    validate_file,
)
from exercise_engine.model.inject import InjectType

from .helpers import DATA

GOOD = DATA / "good"


@pytest.fixture(scope="module")
def loaded() -> LoadedScenario:
    return load_scenario(GOOD / "scenario.yaml")


def test_injects_are_resolved_and_in_delivery_order(loaded: LoadedScenario) -> None:
    assert [(i.id, i.time) for i in loaded.injects] == [
        ("bp04-frc-crowd", 30 * 60),
        ("s-pio-call", 45 * 60),
        ("bp04-frc-no-lead", 60 * 60),
        ("s-no-pio", 12 * 3600),
    ]
    assert loaded.module_of == {"bp04-frc-crowd": "m1", "s-pio-call": "m1", "bp04-frc-no-lead": "m1", "s-no-pio": "m2"}
    assert [i.id for i in loaded.injects_of("m2")] == ["s-no-pio"]


def test_a_use_takes_the_library_inject_and_applies_the_scenarios_time(loaded: LoadedScenario) -> None:
    inject = loaded.inject("bp04-frc-no-lead")
    assert inject.time == 3600
    assert inject.type is InjectType.contingency
    assert inject.condition is not None and inject.condition.tags == ["frc-opened"]


def test_placeholders_are_filled_from_the_community_profile(loaded: LoadedScenario) -> None:
    crowd = loaded.inject("bp04-frc-crowd")
    assert crowd.title == "Families gather at Testville Community Center"
    assert crowd.narrative == "Families are arriving at Testville Community Center; Testville Police Department asks who is in charge."
    assert loaded.inject("s-pio-call").narrative == "A reporter asks Pat Lee for a statement."
    assert loaded.scenario.title == "Test scenario for Town of Testville"
    assert loaded.scenario.modules[0].situation == "Shots at Testville Park."


def test_objectives_are_derived_from_shared_practices_when_not_named(loaded: LoadedScenario) -> None:
    assert loaded.inject("bp04-frc-crowd").objectives == ["obj-frc"]
    assert loaded.inject("bp04-frc-no-lead").objectives == ["obj-frc", "obj-command"]
    assert loaded.inject("s-pio-call").objectives == []


def test_digest_is_stable_and_the_snapshot_round_trips(loaded: LoadedScenario) -> None:
    again = load_scenario(GOOD / "scenario.yaml")
    assert again.digest == loaded.digest
    restored = LoadedScenario.from_snapshot(loaded.to_snapshot())
    assert restored.injects == loaded.injects and restored.digest == loaded.digest
    assert loaded.planned_minutes == 35
    assert loaded.story_datetime(3600).isoformat() == "2027-06-19T21:40:00"


def test_the_digest_changes_when_the_profile_does(tmp_path: Path, loaded: LoadedScenario) -> None:
    copy = tmp_path / "good"
    shutil.copytree(GOOD, copy)
    profile = copy / "community.yaml"
    profile.write_text(profile.read_text().replace("Testville Park", "Testville Green"))
    changed = load_scenario(copy / "scenario.yaml")
    assert changed.digest != loaded.digest
    assert changed.scenario.modules[0].situation == "Shots at Testville Green."


def test_load_profile_and_load_library() -> None:
    assert load_profile(GOOD / "community.yaml").venues["frc"].name == "Testville Community Center"
    library = load_library([GOOD / "library"])
    assert list(library.entries) == ["bp04-frc-crowd", "bp04-frc-no-lead"]
    assert library.tags() == {"frc-opened"}


def test_errors_are_user_errors_with_problems(tmp_path: Path) -> None:
    bad = tmp_path / "p.yaml"
    bad.write_text("community: {name: X}\nagencies: {Police: X}\n")
    with pytest.raises(ScenarioError) as caught:
        load_profile(bad)
    assert isinstance(caught.value, UserError)
    assert [str(p).split(": ", 1)[1] for p in caught.value.problems] == [
        "missing required field 'jurisdiction'",
        "key 'Police' is not a valid name: use lowercase letters, digits and underscores, e.g. fire_ems",
    ]
    assert str(caught.value).startswith(f"{bad}:1:")


def test_a_library_file_alone_checks_conditions_against_its_folder(tmp_path: Path) -> None:
    folder = tmp_path / "injects"
    shutil.copytree(GOOD / "library", folder)
    (folder / "bp05.yaml").write_text(
        "injects:\n"
        "  - id: bp05-follow-up\n"
        "    title: Follow up\n"
        "    practices: [5]\n"
        "    from: Coroner\n"
        "    delivery: phone\n"
        "    narrative: Families are waiting at {{ venue.frc }}.\n"
        "    type: conditional\n"
        "    condition: {when: logged, tags: [frc-opened, notification-done], inject: bp04-frc-crowd}\n"
    )
    report = validate_file(folder / "bp05.yaml")
    assert report.kind == "library"
    assert [f"{p.line}:{p.column}: {p.message}" for p in report.problems] == [
        "7:16: undefined placeholder {{ venue.frc }} (did you mean {{ venues.frc }}? "
        "placeholders start with community, agencies, venues, contacts or story)",
        "9:50: condition names unknown tag 'notification-done'; tags come from expected actions or the scenario's `tags:`",
    ]


def test_a_duplicate_between_library_files_names_both_places(tmp_path: Path) -> None:
    folder = tmp_path / "injects"
    shutil.copytree(GOOD / "library", folder)
    (folder / "bp99.yaml").write_text(
        "injects:\n  - id: bp04-frc-crowd\n    title: Again\n    practices: [4]\n    from: X\n    delivery: phone\n    narrative: Again.\n"
    )
    report = validate_file(folder / "bp99.yaml")
    assert [str(p) for p in report.problems] == [
        f"{folder}/bp99.yaml:2:9: duplicate inject id 'bp04-frc-crowd' (first at {folder}/bp04-test.yaml:5:9)"
    ]
    first = validate_file(folder / "bp04-test.yaml")
    assert [str(p) for p in first.problems] == [
        f"{folder}/bp04-test.yaml:5:9: duplicate inject id 'bp04-frc-crowd' (also at {folder}/bp99.yaml:2:9)"
    ]


def test_scenario_inline_inject_may_not_reuse_a_library_id(tmp_path: Path) -> None:
    copy = tmp_path / "good"
    shutil.copytree(GOOD, copy)
    scenario = copy / "scenario.yaml"
    scenario.write_text(scenario.read_text().replace("id: s-pio-call", "id: bp04-frc-no-lead"))
    messages = [p.message for p in validate_file(scenario).problems]
    assert messages[0].startswith(f"duplicate inject id 'bp04-frc-no-lead': the library has it at {copy}/library/bp04-test.yaml:19:9")


def test_a_use_can_set_how_long_discussion_is_held(tmp_path: Path, loaded: LoadedScenario) -> None:
    copy = tmp_path / "good"
    shutil.copytree(GOOD, copy)
    scenario = copy / "scenario.yaml"
    scenario.write_text(scenario.read_text().replace(
        "      - use: bp04-frc-no-lead\n        time: T+1h\n",
        "      - use: bp04-frc-no-lead\n        time: T+1h\n        discussion_minutes: 4\n"))
    assert load_scenario(scenario).inject("bp04-frc-no-lead").discussion_minutes == 4
    assert loaded.inject("bp04-frc-no-lead").discussion_minutes != 4
