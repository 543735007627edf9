"""Properties of the run of show over generated scenarios (pure planning, no engine)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exercise_engine.engine.run_of_show import Adjustment, _wall_of_last, discussion_minutes, plan
from exercise_engine.engine.synthetic import loaded_scenario, make_inject, make_module
from exercise_engine.loader.loaded import LoadedScenario
from exercise_engine.model.inject import Condition, InjectType

TABLES = ("steering", "victim-services", "financial")
MINUTE = 60
SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def scenarios(draw, modes=("discussion", "step", "even"), planned=(5, 90)) -> LoadedScenario:
    modules, start, count = [], 0, 0
    for m in range(draw(st.integers(1, 3))):
        start += draw(st.integers(0, 120)) * MINUTE if m else 0
        span = draw(st.integers(30, 720)) * MINUTE
        module = make_module(f"m{m}", start, start + span, draw(st.integers(*planned))).model_copy(
            update={"pacing": draw(st.sampled_from(modes))})
        injects = []
        for _ in range(draw(st.integers(0, 8))):
            count += 1
            time = start + draw(st.integers(0, span // MINUTE)) * MINUTE
            kind = draw(st.sampled_from(list(InjectType)))
            condition = None if kind is InjectType.standard else Condition(when="missing", tags=["frc-opened"])
            to = draw(st.one_of(st.just(("all",)), st.lists(st.sampled_from(TABLES), min_size=1, max_size=3,
                                                           unique=True).map(tuple)))
            inject = make_inject(f"i{count}", time, type=kind, condition=condition, to=to)
            minutes = draw(st.one_of(st.none(), st.integers(1, 20)))
            injects.append(inject.model_copy(update={"discussion_minutes": minutes}))
        modules.append((module, injects))
        start += span
    return loaded_scenario(modules, tables=TABLES, scenario_id="generated")


@SETTINGS
@given(scenarios(modes=("discussion",)))
def test_no_table_gets_an_inject_before_the_last_ones_discussion_is_over(loaded) -> None:
    the_plan = plan(loaded)
    for table in TABLES:
        mine = sorted((i for i in the_plan.injects if i.slot and table in i.tables), key=lambda i: (i.start, i.story))
        for before, after in zip(mine, mine[1:]):
            if before.module == after.module and before.story != after.story:
                assert after.start >= before.start + before.discussion - 1e-9, (table, before, after)


@SETTINGS
@given(scenarios())
def test_story_and_wall_never_go_backwards_and_the_agenda_is_back_to_back(loaded) -> None:
    the_plan = plan(loaded)
    walls = [w for w, _ in the_plan.points]
    stories = [s for _, s in the_plan.points]
    assert walls == sorted(walls) and stories == sorted(stories)
    for before, after in zip(the_plan.items, the_plan.items[1:]):
        assert after.start == before.end and before.end >= before.start
    for item in the_plan.items:
        if item.module:
            assert item.end - item.start >= item.minutes - 1e-9, "a module lasts at least its planned minutes"
            injects = [i for i in the_plan.injects if i.module == item.module and i.slot]
            assert all(item.start - 1e-9 <= i.start <= item.end + 1e-9 for i in injects)


@SETTINGS
@given(scenarios(modes=("step",)))
def test_in_step_mode_the_room_finishes_each_inject_before_the_next(loaded) -> None:
    the_plan = plan(loaded)
    for module in loaded.scenario.modules:
        slots = sorted((i for i in the_plan.injects if i.module == module.id and i.slot), key=lambda i: i.story)
        for n, inject in enumerate(slots):
            earlier = [i for i in slots[:n] if i.story < inject.story]
            assert all(inject.start >= i.start + i.discussion - 1e-9 for i in earlier)


@SETTINGS
@given(scenarios(modes=("even",)))
def test_in_even_mode_injects_come_at_the_modules_even_pace(loaded) -> None:
    the_plan = plan(loaded)
    for module in loaded.scenario.modules:
        item = the_plan.module_item(module.id)
        for inject in (i for i in the_plan.injects if i.module == module.id and i.slot):
            expected = item.start + (inject.story - module.start) / (module.end - module.start) * module.planned_minutes
            assert abs(inject.start - expected) < 1e-6


@SETTINGS
@given(scenarios(modes=("discussion",)), st.data())
def test_a_fired_contingency_takes_its_tables_time_and_dropped_injects_free_it(loaded, data) -> None:
    held = [i.id for i in loaded.injects if i.type is not InjectType.standard]
    standard = [i.id for i in loaded.injects if i.type is InjectType.standard]
    fired = [loaded.inject(i) for i in (data.draw(st.lists(st.sampled_from(held), unique=True)) if held else [])]
    dropped = [loaded.inject(i) for i in (data.draw(st.lists(st.sampled_from(standard), unique=True))
                                          if standard else [])]
    the_plan = plan(loaded, fired=[i.id for i in fired], dropped=[i.id for i in dropped])
    assert {i.id for i in the_plan.injects if i.slot} == (set(standard) - {i.id for i in dropped}) | {
        i.id for i in fired}
    base = plan(loaded)
    assert sum(load.discussion for load in the_plan.loads) == sum(load.discussion for load in base.loads) + sum(
        discussion_minutes(i) * len(base.inject(i.id).tables) for i in fired) - sum(
        discussion_minutes(i) * len(base.inject(i.id).tables) for i in dropped)


@SETTINGS
@given(scenarios(modes=("discussion", "even")), st.floats(0, 30), st.data())
def test_compress_keeps_the_module_end_and_extend_moves_it(loaded, minutes, data) -> None:
    base = plan(loaded)
    module = data.draw(st.sampled_from(loaded.scenario.modules))
    at = data.draw(st.integers(module.start, module.end - 1))
    item = base.module_item(module.id)
    # compress: keep `minutes` of lateness, the rest runs `fit` times as long, so that it ends on time
    p = _wall_of_last(base.points, at)
    remaining = item.end - p
    if remaining <= minutes:
        return
    fit = (remaining - minutes) / remaining
    compressed = plan(loaded, adjustments=[Adjustment("compress", module.id, at, minutes, fit)])
    assert abs(compressed.module_item(module.id).end - item.end) < 1e-6
    extended = plan(loaded, adjustments=[Adjustment("extend", module.id, at, minutes)])
    assert abs(extended.module_item(module.id).end - (item.end + minutes)) < 1e-6
    assert abs(extended.end - (base.end + minutes)) < 1e-6
    for before, after in zip(base.injects, extended.injects):
        assert abs(after.start - before.start) < 1e-6 or (after.story > at and abs(after.start - before.start - minutes) < 1e-6)
