"""The agenda of the day: checked at file:line:col, defaulted when absent, and planned in order."""

from __future__ import annotations

import pytest

from exercise_engine.engine.run_of_show import plan, story_at
from exercise_engine.loader import ScenarioError, load_scenario

from .scenario_text import inject, load, module, write

TWO = (module("m1", "T+0", "T+1h", 30, inject("a", "T+0", minutes=5))
       + module("m2", "T+1h", "T+2h", 30, inject("b", "T+1h", minutes=5)))


@pytest.mark.parametrize(("agenda", "message", "where"), [
    ("agenda:\n  - module: m1\n  - module: m3\n  - module: m2\n", "no module 'm3'", "  - module: m3"),
    ("agenda:\n  - module: m1\n  - module: m1\n  - module: m2\n", "module 'm1' is already on the agenda (line",
     "  - module: m1"),
    ("agenda:\n  - module: m2\n  - module: m1\n", "put the agenda in story order", "  - module: m1"),
    ("agenda:\n  - module: m1\n", "module m2 not on the agenda", "agenda:"),
    ("agenda:\n  - item: break\n  - module: m1\n  - module: m2\n", "agenda item 'break' needs `minutes`",
     "  - item: break"),
    ("agenda:\n  - item: lunch\n    minutes: 5\n  - module: m1\n  - module: m2\n", "'lunch' is not allowed",
     "  - item: lunch"),
])
def test_agenda_mistakes_are_reported_at_their_line(tmp_path, agenda: str, message: str, where: str) -> None:
    path = write(tmp_path, TWO, agenda=agenda)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    found = [p for p in caught.value.problems if message in p.message]
    assert found, caught.value
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[found[0].line - 1].startswith(where.split(":")[0]) or where.strip() in lines[found[0].line - 1]


def test_without_an_agenda_the_day_is_welcome_modules_hotwash(tmp_path) -> None:
    the_plan = plan(load(tmp_path, TWO))
    assert [(i.kind, i.start, i.end, i.written) for i in the_plan.items] == [
        ("welcome", 0, 10, False), ("module", 10, 40, False), ("module", 40, 70, False), ("hotwash", 70, 90, False)]


def test_the_story_waits_during_a_break_and_the_next_module_opens_when_it_ends(tmp_path) -> None:
    agenda = "agenda:\n  - module: m1\n  - item: break\n    minutes: 15\n  - module: m2\n"
    the_plan = plan(load(tmp_path, TWO, agenda=agenda))
    assert [(i.kind, i.start, i.end) for i in the_plan.items] == [("module", 0, 30), ("break", 30, 45),
                                                                 ("module", 45, 75)]
    during = [story_at(the_plan.points, w) for w in (30, 37.5, 44.9)]
    assert during == [during[0]] * 3 and during[0] < 3600, "held just short of m2's start"
    assert story_at(the_plan.points, 45.01) >= 3600
    assert the_plan.inject("b").start == 45
