"""The engine keeps to the run of show: at speed 1 with no facilitator action it delivers each
inject at its planned wall time, so no table gets an inject before the last one's discussion is
over; the story never goes back; a step module never moves the clock without the facilitator;
compress and extend are logged and change the plan in force."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings

from exercise_engine.engine.event_log import MemoryLog
from exercise_engine.engine.exercise import Exercise
from exercise_engine.engine.show import PlanKeeper
from exercise_engine.engine.synthetic import loaded_scenario, make_inject, make_module
from exercise_engine.model.events import EventKind
from exercise_engine.model.inject import Condition, InjectType

from .scenario_text import FakeClock
from .test_plan_properties import scenarios

TICK = 3.0
"""Seconds of wall time between the engine's ticks in these runs."""
SETTINGS = settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def play(loaded, *, until_minutes: float) -> tuple[Exercise, FakeClock, list[float]]:
    """Start the clock and let it run at speed 1 with no facilitator action; story time at each tick."""
    clock = FakeClock()
    exercise = Exercise(loaded, None, clock=clock)
    exercise.tick()
    exercise.resume()
    stories = [exercise.story_time]
    for _ in range(int(until_minutes * 60 / TICK)):
        clock.advance(TICK)
        exercise.tick()
        stories.append(exercise.story_time)
    return exercise, clock, stories


def _released_just_before_the_next_inject():
    """Found by Hypothesis: a contingency released a minute of story before the module's last inject
    was delivered in the same tick as it (the clock ran on through the new discussion)."""
    missing = Condition(when="missing", tags=["frc-opened"])
    injects = [make_inject("i1", 11340), make_inject("i2", 3600),
               make_inject("i3", 3600, type=InjectType.consequence, condition=missing),
               make_inject("i4", 11280, type=InjectType.contingency, condition=missing)]
    return loaded_scenario([(make_module("m0", 0, 1800, 5), []), (make_module("m1", 1800, 3600, 5), []),
                            (make_module("m2", 3600, 11340, 5), injects)],
                           tables=("steering", "victim-services", "financial"), scenario_id="generated")


@SETTINGS
@given(scenarios(modes=("discussion", "even"), planned=(5, 25)))
@example(_released_just_before_the_next_inject())
def test_at_speed_1_injects_arrive_when_the_plan_says_and_the_story_never_goes_back(loaded) -> None:
    keeper = PlanKeeper(loaded)
    last = [i for i in keeper.plan.items if i.module is not None][-1]
    first_start = next(i for i in keeper.plan.items if i.module is not None).start
    if_fired = sum(i.discussion for i in keeper.plan.injects if not i.slot) * len(loaded.scenario.tables)
    exercise, _, stories = play(loaded, until_minutes=last.end - first_start + 10 + if_fired)
    assert stories == sorted(stories), "story time never decreases"
    the_plan = PlanKeeper(loaded, exercise.events).plan  # the plan in force at the end (fired injects in it)
    first = next(i for i in the_plan.items if i.module is not None).start
    started = next(e.wall_time for e in exercise.events if e.kind is EventKind.clock_resumed)
    delivered = {}
    for event in exercise.events:
        if event.kind is EventKind.inject_delivered:
            delivered[event.data["inject"]] = first + (event.wall_time - started).total_seconds() / 60
    for inject in loaded.injects:
        if inject.type is InjectType.standard:
            planned = the_plan.inject(inject.id).start
            assert abs(delivered[inject.id] - planned) <= TICK / 60 + 1e-6, (inject.id, delivered[inject.id], planned)
    for table in ("steering", "victim-services", "financial"):
        mine = sorted((p for p in the_plan.injects if p.slot and table in p.tables and p.id in delivered
                       and loaded.inject(p.id).type is InjectType.standard), key=lambda p: delivered[p.id])
        for before, after in zip(mine, mine[1:]):
            if before.story != after.story and before.module == after.module \
                    and loaded.module(before.module).pacing == "discussion":
                assert delivered[after.id] >= delivered[before.id] + before.discussion - 2 * TICK / 60


@SETTINGS
@given(scenarios(modes=("step",), planned=(5, 25)))
def test_a_step_module_never_moves_the_clock_without_the_facilitator(loaded) -> None:
    exercise, clock, stories = play(loaded, until_minutes=30)
    assert set(stories) == {float(loaded.scenario.modules[0].start)}
    pending = [s for s in exercise.state.injects.values() if s.status == "pending"]
    if pending:
        exercise.next_inject()
        moved = exercise.story_time
        for _ in range(30):
            clock.advance(60)
            exercise.tick()
        assert exercise.story_time == moved, "it stands again at the inject the facilitator went on to"


def overrun_scenario():
    module = make_module("m1", 0, 6 * 3600, 30)
    injects = [make_inject(f"i{n}", n * 3600, to=["steering"]).model_copy(update={"discussion_minutes": 5})
               for n in range(6)]
    injects[4] = injects[4].model_copy(update={"optional": True})
    return loaded_scenario([(module, injects), (make_module("m2", 6 * 3600, 12 * 3600, 30), [])],
                           tables=("steering",))


def ten_minutes_behind(loaded, clock: FakeClock, log: MemoryLog | None = None) -> Exercise:
    """Five minutes of play, then the room talks on for ten with the clock paused."""
    exercise = Exercise(loaded, log, clock=clock)
    exercise.tick()
    exercise.resume()
    clock.advance(5 * 60)
    exercise.tick()
    exercise.pause()
    clock.advance(10 * 60)
    exercise.tick()
    return exercise


def test_compress_extend_and_skip_optional_are_logged_and_followed() -> None:
    loaded = overrun_scenario()
    clock = FakeClock()
    exercise = ten_minutes_behind(loaded, clock)
    exercise.resume()
    status = exercise.run_of_show()
    assert round(status.behind) == 10 and round(status.module_over) == 10
    assert status.current.module == "m1" and status.next.module == "m2"
    exercise.compress()
    after = exercise.run_of_show()
    assert abs(after.behind) < 0.1 and after.module_over < 0.1
    adjusted = [e for e in exercise.events if e.kind is EventKind.plan_adjusted]
    assert adjusted[-1].data["kind"] == "compress" and round(adjusted[-1].data["minutes"]) == 10
    plan_now = PlanKeeper(loaded, exercise.events).plan
    assert abs(plan_now.module_item("m1").end - (10 + 30)) < 0.1, "m1 still ends when planned"
    assert exercise.skip_optional() == ["i4"]
    exercise.extend(5)
    assert abs(PlanKeeper(loaded, exercise.events).plan.module_item("m1").end - 45) < 0.1
    kinds = [e.data["kind"] for e in exercise.events if e.kind is EventKind.plan_adjusted]
    assert kinds == ["compress", "skip-optional", "extend"]
    assert any(e.kind is EventKind.plan_in_force for e in exercise.events)
    # the plan followed: the rest of m1 comes at the compressed plan's times
    for _ in range(40 * 30):
        clock.advance(2)
        exercise.tick()
    assert exercise.state.injects["i5"].status == "delivered"



def test_in_a_step_module_the_room_is_on_plan_until_the_next_injects_planned_time() -> None:
    module = make_module("m1", 0, 6 * 3600, 30).model_copy(update={"pacing": "step"})
    injects = [make_inject(f"i{n}", n * 3600, to=["steering"]).model_copy(update={"discussion_minutes": 5})
               for n in range(3)]
    loaded = loaded_scenario([(module, injects)], tables=("steering",))
    clock = FakeClock()
    exercise = Exercise(loaded, None, clock=clock)
    exercise.tick()
    exercise.resume()
    clock.advance(3 * 60)
    exercise.tick()
    assert abs(exercise.run_of_show().behind) < 0.01 and exercise.story_time == 0
    clock.advance(5 * 60)  # 8 minutes on the first inject: 3 past the next one's planned time
    exercise.tick()
    assert abs(exercise.run_of_show().behind - 3) < 0.01
    exercise.next_inject()  # the second inject's slot is minutes 15-20 of the day: the room can still make it
    assert exercise.story_time == 3600 and abs(exercise.run_of_show().behind) < 0.01
    clock.advance(3 * 60)
    exercise.tick()
    assert exercise.story_time == 3600 and abs(exercise.run_of_show().behind - 1) < 0.01


def test_a_session_with_compress_extend_and_skip_optional_replays_from_its_script_to_the_same_log() -> None:
    from exercise_engine.engine.rehearsal import rehearse
    from exercise_engine.engine.script import script_from_log

    loaded = overrun_scenario()
    clock = FakeClock()
    recorded = Exercise(loaded, None, clock=clock)
    recorded.tick()
    recorded.resume()
    clock.advance(5 * 60)
    recorded.tick()
    recorded.pause()
    clock.advance(10 * 60)
    recorded.resume()
    recorded.compress()
    recorded.skip_optional()
    recorded.extend(5)
    recorded.end()
    replayed = rehearse(loaded, script_from_log(recorded.events), clock=FakeClock())
    assert [(e.kind, e.scenario_time, e.data) for e in replayed.events] == [
        (e.kind, e.scenario_time, e.data) for e in recorded.events]
    assert PlanKeeper(loaded, replayed.events).plan == PlanKeeper(loaded, recorded.events).plan


def test_a_resumed_engine_compressed_before_its_clock_runs_paces_as_an_uninterrupted_one() -> None:
    """The room fell behind, the laptop restarted, and the first thing the facilitator does is compress:
    the resumed engine has not read its plan's curve yet, and still absorbs the lateness as an engine
    that never stopped does, so the rest of the module comes at the same times."""
    def behind_then(restart: bool) -> tuple[list[float], float]:
        loaded = overrun_scenario()
        clock = FakeClock()
        log = MemoryLog()
        exercise = ten_minutes_behind(loaded, clock, log)
        if restart:
            exercise = Exercise.from_log(loaded, log, clock=clock)
        assert round(exercise.run_of_show().behind) == 10
        exercise.compress()
        assert abs(exercise.run_of_show().behind) < 0.1
        exercise.resume()
        times = []
        for _ in range(20 * 30):
            clock.advance(2)
            exercise.tick()
            times.append(exercise.story_time)
        return times, exercise.run_of_show().behind

    assert behind_then(restart=True) == behind_then(restart=False)
