"""Pacing along a run of show: the story follows the plan's points, waits during a break, stands
in a step module until the facilitator steps on, and consoles never extrapolate past a pace change."""

from __future__ import annotations

from exercise_engine.engine.pacing import Pacing
from exercise_engine.engine.run_of_show import plan

from .scenario_text import inject, load, module

AGENDA = "agenda:\n  - module: m1\n  - item: break\n    minutes: 10\n  - module: m2\n"


def test_the_story_waits_through_a_break_and_the_next_module_opens_after_it(tmp_path) -> None:
    loaded = load(tmp_path, module("m1", "T+0", "T+1h", 20, inject("a", "T+0", minutes=5))
                  + module("m2", "T+1h", "T+2h", 20, inject("b", "T+1h", minutes=5)), agenda=AGENDA)
    pacing = Pacing(loaded.scenario.modules, plan(loaded))
    t = pacing.story_after(0, 20 * 60)  # the whole of m1
    assert 3600 - 2 < t < 3600, "short of m2's start during the break"
    assert pacing.story_after(t, 9 * 60) == t, "the break: the story waits"
    assert pacing.story_after(t, 61) > 3600, "m2 opens as the break ends"


def test_a_step_module_stands_until_the_facilitator_steps_on(tmp_path) -> None:
    loaded = load(tmp_path, module("m1", "T+0", "T+1h", 20, inject("a", "T+0") + inject("b", "T+30m"), pacing="step"))
    pacing = Pacing(loaded.scenario.modules, plan(loaded))
    assert pacing.story_after(0, 3600) == 0 and pacing.limit(0) == 0
    assert pacing.limit(0, stepping=True) == 3600


def test_consoles_extrapolate_no_further_than_the_next_change_of_pace(tmp_path) -> None:
    crowded = inject("a", "T+0", "[steering]", 10) + inject("b", "T+5m", "[steering]", 10)
    loaded = load(tmp_path, module("m1", "T+0", "T+1h", 30, crowded))
    the_plan = plan(loaded)
    pacing = Pacing(loaded.scenario.modules, the_plan)
    now = pacing.story_after(0, 60)
    assert the_plan.inject("b").start - the_plan.inject("a").start == 10  # b waits for a's discussion
    assert pacing.stop_at(now, pacing.limit(now)) == 300
