"""Export then import gives back the same injects: a property over generated scenarios, and Session Eight."""

from __future__ import annotations

import string
from pathlib import Path
from tempfile import TemporaryDirectory

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exercise_engine.engine.synthetic import loaded_scenario, make_module
from exercise_engine.loader import load_scenario
from exercise_engine.model.inject import Condition, Delivery, Inject, InjectType
from exercise_engine.msel.exporter import export_msel
from exercise_engine.msel.importer import import_msel
from exercise_engine.msel.yaml_out import write_scenario

from .helpers import SESSION8, with_profile

TABLES = ("steering", "victim-services", "communications")
OBJECTIVES = ("obj-first-hour", "obj-families")
TAGS = ("frc-opened", "pio-statement")
EXTRA_HEADERS = ("Location", "POC phone", "Page ref", "Status")

WORD = st.text(alphabet=string.ascii_letters + string.digits + "àéñüß'\"&<>!?()$%", min_size=1, max_size=8)
LINE = st.builds(lambda first, words: first + " ".join(["", *words]), st.sampled_from(string.ascii_uppercase),
                 st.lists(WORD, max_size=6))
"""One line of text as a planner writes it: starts with a capital letter, no leading or trailing space."""
TEXT = st.lists(LINE, min_size=1, max_size=3).map("\n".join)


@st.composite
def injects(draw, number: int, time: int) -> Inject:
    kind = draw(st.sampled_from(list(InjectType)))
    condition = None
    if kind is not InjectType.standard:
        condition = Condition(when=draw(st.sampled_from(["logged", "missing"])),
                              tags=draw(st.lists(st.sampled_from(TAGS), min_size=1, max_size=2, unique=True)),
                              by=draw(st.one_of(st.none(), st.integers(0, 300).map(lambda m: m * 60))),
                              table=draw(st.one_of(st.none(), st.sampled_from(TABLES))))
    actions = draw(st.lists(st.builds(lambda text, tag: {"text": text, "tag": tag}, LINE,
                                      st.one_of(st.none(), st.sampled_from(TAGS))), max_size=3))
    return Inject.model_validate({
        "id": f"i{number}-{draw(st.sampled_from(['call', 'media', 'frc']))}", "title": draw(LINE), "time": time,
        "practices": draw(st.lists(st.integers(1, 16), min_size=1, max_size=3, unique=True)),
        "from": draw(LINE), "to": draw(st.one_of(st.just(["all"]), st.lists(st.sampled_from(TABLES), min_size=1, max_size=3, unique=True))),
        "delivery": draw(st.sampled_from(list(Delivery))), "narrative": draw(TEXT),
        "questions": draw(st.lists(LINE, max_size=3)), "expected_actions": actions,
        "controller_notes": draw(st.one_of(st.just(""), TEXT)), "evaluator_notes": draw(st.one_of(st.just(""), TEXT)),
        "objectives": draw(st.lists(st.sampled_from(OBJECTIVES), max_size=2, unique=True)),
        "type": kind, "condition": condition,
        "discussion_minutes": draw(st.one_of(st.none(), st.integers(1, 120))),
        "responsible_controller": draw(st.one_of(st.just(""), LINE)),
        "extra": draw(st.dictionaries(st.sampled_from(EXTRA_HEADERS), LINE, max_size=2)),
    })


@st.composite
def scenarios(draw):
    modules, start, count = [], 0, 0
    for m in range(draw(st.integers(1, 3))):
        span = draw(st.integers(30, 600)) * 60
        items = []
        for _ in range(draw(st.integers(1, 5))):
            count += 1
            items.append(draw(injects(count, start + draw(st.integers(0, span // 60)) * 60)))
        modules.append((make_module(f"m{m}", start, start + span, draw(st.integers(1, 60))), items))
        start += span + draw(st.integers(0, 120)) * 60
    return loaded_scenario(modules, tables=TABLES)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario=scenarios(), suffix=st.sampled_from([".xlsx", ".csv"]))
def test_export_then_import_gives_back_the_same_injects(scenario, suffix):
    with TemporaryDirectory() as folder:
        path = Path(folder) / f"msel{suffix}"
        export_msel(scenario, path, "controller")
        result = import_msel(path)
    assert result.not_imported == []
    back = {i["id"]: Inject.model_validate(i) for i in result.injects}
    assert list(back) == [i.id for i in scenario.injects]
    for inject in scenario.injects:
        assert back[inject.id].model_dump() == inject.model_dump()
    modules = {i["id"]: m["title"] for m in result.scenario["modules"] for i in m["injects"]}
    assert modules == {i.id: scenario.module(scenario.module_of[i.id]).title for i in scenario.injects}


def test_session_eight_round_trips_through_the_loader(tmp_path):
    original = load_scenario(SESSION8)
    for suffix in (".xlsx", ".csv"):
        path = tmp_path / f"session8{suffix}"
        export_msel(original, path)
        with_profile(tmp_path)
        target = tmp_path / f"back{suffix}.yaml"
        assert write_scenario(import_msel(path), path.name, target) == []
        back = load_scenario(target)
        assert [i.model_dump() for i in back.injects] == [i.model_dump() for i in original.injects]
        # the capabilities column is written with FEMA's names and read back as ids, onto each objective
        assert {o.id: o.capabilities for o in back.scenario.objectives} == {
            o.id: o.capabilities for o in original.scenario.objectives if any(o.id in i.objectives for i in original.injects)}
