"""Each run-of-show warning: a small scenario that triggers it (pointing at the line to change) and
one that does not; and `ttx validate` prints them as warnings, exit 0, or errors with --strict."""

from __future__ import annotations

from pathlib import Path

import pytest

from exercise_engine.engine.plan_warnings import located, warnings

from .scenario_text import inject, load, module, run_ttx, write

BOTH = "[steering, victims]"


def codes(loaded) -> list[str]:
    return [w.code for w in warnings(loaded)]


def line_of(path: Path, problem) -> str:
    return path.read_text(encoding="utf-8").splitlines()[problem.line - 1]


def test_a_table_given_more_discussion_than_its_module_has(tmp_path) -> None:
    busy = inject("a", "T+0", BOTH, 20) + inject("b", "T+30m", BOTH, 20)
    assert "overloaded" in codes(load(tmp_path, module("m1", "T+0", "T+1h", 30, busy)))
    fits = inject("a", "T+0", BOTH, 10) + inject("b", "T+30m", BOTH, 10)
    assert "overloaded" not in codes(load(tmp_path, module("m1", "T+0", "T+1h", 30, fits)))


def test_a_table_idle_for_more_than_twenty_minutes(tmp_path) -> None:
    late = inject("a", "T+0", BOTH, 5) + inject("b", "T+50m", BOTH, 5)
    path = write(tmp_path, module("m1", "T+0", "T+1h", 40, late))
    found = [p for p in located(load(tmp_path, module("m1", "T+0", "T+1h", 40, late)))
             if "nothing to discuss" in p.message]
    assert found and "time: T+50m" in line_of(path, found[0])
    steady = "".join(inject(f"i{n}", f"T+{n * 10}m", BOTH, 8) for n in range(6))
    assert "idle" not in codes(load(tmp_path, module("m1", "T+0", "T+1h", 40, steady)))


def test_two_injects_for_one_table_within_five_minutes(tmp_path) -> None:
    close = inject("a", "T+0", "[steering]", 5) + inject("b", "T+0", "[steering]", 5) + inject("c", "T+0", "[victims]", 5)
    path = write(tmp_path, module("m1", "T+0", "T+30m", 20, close))
    found = [p for p in located(load(tmp_path, module("m1", "T+0", "T+30m", 20, close))) if "after 'a'" in p.message]
    assert len(found) == 1 and line_of(path, found[0]).strip() == "time: T+0"
    assert "Steering gets 'b'" in found[0].message
    spaced = inject("a", "T+0", "[steering]", 5) + inject("b", "T+1m", "[steering]", 5) + inject("c", "T+0", "[victims]", 5)
    assert "crowded" not in codes(load(tmp_path, module("m1", "T+0", "T+30m", 20, spaced)))


CONTINGENCY = """\
        type: contingency
        condition:
          when: missing
          tags: [frc-opened]
          by: {by}
"""
PROMPT = """\
        expected_actions:
          - text: Open the FRC.
            tag: frc-opened
"""


def test_a_contingency_whose_by_leaves_less_time_than_the_prompting_discussion(tmp_path) -> None:
    def scenario(by: str) -> str:
        return module("m1", "T+0", "T+2h", 60, inject("ask", "T+0", BOTH, 10, PROMPT)
                      + inject("nobody", "T+1h", "[steering]", 5, CONTINGENCY.format(by=by)))
    path = write(tmp_path, scenario("T+10m"))
    found = [p for p in located(load(tmp_path, scenario("T+10m"))) if "contingency 'nobody'" in p.message]
    assert len(found) == 1 and "leaves 5.0 min between 'ask'" in found[0].message
    assert line_of(path, found[0]).strip() == "by: T+10m"
    assert "contingency-window" not in codes(load(tmp_path, scenario("T+30m")))


def test_a_contingency_with_no_inject_asking_for_it(tmp_path) -> None:
    lonely = inject("tag-source", "T+1h30m", BOTH, 5, PROMPT) + inject("nobody", "T+1h", "[steering]", 5,
                                                                       CONTINGENCY.format(by="T+50m"))
    found = [w for w in warnings(load(tmp_path, module("m1", "T+0", "T+2h", 60, lonely)))
             if w.code == "contingency-window"]
    assert len(found) == 1 and "no inject before then asks" in found[0].message


def test_a_module_over_its_planned_minutes(tmp_path) -> None:
    long = inject("a", "T+0", BOTH, 15) + inject("b", "T+50m", BOTH, 15)
    path = write(tmp_path, module("m1", "T+0", "T+1h", 25, long))
    found = [p for p in located(load(tmp_path, module("m1", "T+0", "T+1h", 25, long))) if "needs" in p.message]
    assert found and line_of(path, found[0]).strip() == "planned_minutes: 25"
    in_time = inject("a", "T+0", BOTH, 15) + inject("b", "T+20m", BOTH, 15)
    assert "module-over" not in codes(load(tmp_path, module("m1", "T+0", "T+1h", 40, in_time)))


AGENDA = """\
agenda:
  - item: welcome
    minutes: 15
  - module: m1
{middle}  - module: m2
  - item: hotwash
    minutes: 25
"""


def two_modules(minutes: int) -> str:
    return (module("m1", "T+0", "T+1h", minutes, inject("a", "T+0", BOTH, 5))
            + module("m2", "T+1h", "T+2h", minutes, inject("b", "T+1h", BOTH, 5)))


def test_an_agenda_over_the_roadmap_sessions_time_and_without_a_break(tmp_path) -> None:
    found = codes(load(tmp_path, two_modules(60), extra="session: 2\n", agenda=AGENDA.format(middle="")))
    assert "agenda-over" in found and "no-break" in found  # 15 + 60 + 60 + 25 = 160 > 120
    with_break = AGENDA.format(middle="  - item: break\n    minutes: 10\n")
    found = codes(load(tmp_path, two_modules(30), extra="session: 2\n", agenda=with_break))
    assert "agenda-over" not in found and "no-break" not in found  # 15 + 30 + 10 + 30 + 25 = 110


def test_ttx_validate_prints_warnings_and_exits_0_or_1_with_strict(tmp_path, capsys) -> None:
    path = write(tmp_path, module("m1", "T+0", "T+1h", 25, inject("a", "T+0", BOTH, 15) + inject("b", "T+50m", BOTH, 15)))
    code, out, _ = run_ttx(["validate", str(path)], capsys)
    assert code == 0 and f"{path}:" in out and ": warning: module 'm1' needs" in out
    code, out, _ = run_ttx(["validate", "--strict", str(path)], capsys)
    assert code == 1 and "(errors with --strict)" in out


@pytest.mark.parametrize("fmt", ["text", "json", "csv"])
def test_ttx_plan_prints_the_run_of_show(tmp_path, capsys, fmt) -> None:
    path = write(tmp_path, two_modules(30), agenda=AGENDA.format(middle="  - item: break\n    minutes: 10\n"))
    code, out, _ = run_ttx(["plan", str(path), "--format", fmt], capsys)
    assert code == 0
    if fmt == "text":
        assert "  0:00   0:15  Welcome" in out and "  0:45   0:55  Break" in out and "T+1h (Sat 21:40)" in out
    elif fmt == "json":
        assert '"kind": "break"' in out and '"warnings"' in out
    else:
        assert out.splitlines()[0].startswith("kind,id,title,module,wall_start") and "inject,b,Inject b,m2,0:55" in out
