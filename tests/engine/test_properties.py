"""Properties over generated scenarios: order, exactly-once settling, declared conditions,
determinism, and resuming after a crash ends with the same log as never crashing."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from tempfile import TemporaryDirectory

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from exercise_engine.engine import recorder as recorder_module
from exercise_engine.engine import room
from exercise_engine.engine.conditions import settle_time
from exercise_engine.engine.exercise import Exercise, ExerciseError
from exercise_engine.engine.rehearsal import play as play_script, rehearse
from exercise_engine.engine.projection import project
from exercise_engine.engine.synthetic import loaded_scenario, make_inject, make_module
from exercise_engine.loader.loaded import LoadedScenario
from exercise_engine.model.events import EventKind
from exercise_engine.model.inject import Condition, InjectType
from exercise_engine.model.records import Decision
from exercise_engine.store.session_store import SessionStore

from .helpers import Crash, DyingClock, FakeClock, story

TABLES = ("steering", "victim-services", "financial")
TAGS = ("frc-opened", "notification-team-assigned", "fac-opened")
MINUTE = 60

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def scenarios(draw) -> LoadedScenario:
    modules = []
    start = 0
    count = 0
    for m in range(draw(st.integers(1, 3))):
        start += draw(st.integers(0, 120)) * MINUTE if m else 0
        span = draw(st.integers(30, 720)) * MINUTE
        module = make_module(f"m{m}", start, start + span, draw(st.integers(1, 120)))
        injects = []
        for _ in range(draw(st.integers(0, 8))):
            count += 1
            time = start + draw(st.integers(0, span // MINUTE)) * MINUTE
            kind = draw(st.sampled_from(list(InjectType)))
            condition = None
            if kind is not InjectType.standard:
                by = draw(st.one_of(st.none(), st.integers(-60, 180).map(lambda d, t=time: max(0, t + d * MINUTE))))
                condition = Condition(when=draw(st.sampled_from(["logged", "missing"])),
                                      tags=[draw(st.sampled_from(TAGS))],
                                      table=draw(st.one_of(st.none(), st.sampled_from(TABLES))), by=by)
            injects.append(make_inject(f"i{count}", time, type=kind, condition=condition))
        modules.append((module, injects))
        start += span
    return loaded_scenario(modules, tables=TABLES, scenario_id="generated")


@st.composite
def scripts(draw, loaded: LoadedScenario) -> list[Decision]:
    modules = loaded.scenario.modules
    decisions = []
    for k in range(draw(st.integers(0, 6))):
        module = draw(st.sampled_from(modules))
        time = draw(st.integers(module.start // MINUTE, module.end // MINUTE)) * MINUTE
        decisions.append(Decision(table=draw(st.sampled_from(TABLES)), text=f"decision {k}", scenario_time=time,
                                  tags=draw(st.lists(st.sampled_from(TAGS), max_size=2, unique=True))))
    return decisions


@st.composite
def scenario_and_script(draw):
    loaded = draw(scenarios())
    return loaded, draw(scripts(loaded))


def condition_holds(inject, decisions: list[Decision]) -> bool:
    """The declared meaning of a condition, computed independently of the engine."""
    condition = inject.condition
    by = condition.by if condition.by is not None else inject.time
    found = any(
        (set(d.tags) & set(condition.tags) or (condition.inject and d.inject == condition.inject))
        and (condition.table is None or d.table == condition.table)
        and d.scenario_time <= by
        for d in decisions)
    return found if condition.when == "logged" else not found


@SETTINGS
@given(scenario_and_script())
def test_a_rehearsal_settles_every_inject_once_in_story_order_as_declared(case) -> None:
    loaded, decisions = case
    exercise = rehearse(loaded, decisions, clock=FakeClock())
    events = exercise.events
    times = [e.scenario_time for e in events]
    assert times == sorted(times), "scenario time never decreases"
    settled = Counter(e.data["inject"] for e in events if e.kind in (EventKind.inject_delivered, EventKind.inject_skipped))
    assert settled == Counter(i.id for i in loaded.injects), "every inject delivered or skipped exactly once"
    assert sum(e.kind is EventKind.decision_logged for e in events) == len(decisions)
    for inject in loaded.injects:
        state = exercise.state.injects[inject.id]
        if inject.type is InjectType.standard:
            assert (state.status, state.reason) == ("delivered", "scheduled")
        elif inject.type is InjectType.consequence:  # only a model's threshold releases it; no models here
            assert (state.status, state.reason) == ("skipped", "not released"), inject.id
        elif condition_holds(inject, decisions):
            reason = "released" if inject.type is InjectType.contingency else "scheduled"
            assert (state.status, state.reason) == ("delivered", reason), inject.id
        else:
            assert (state.status, state.reason) == ("skipped", "condition"), inject.id
        assert state.event.scenario_time >= inject.time


@SETTINGS
@given(scenario_and_script(), st.integers(0, 2**32))
def test_the_same_scenario_seed_and_decisions_give_the_same_log(case, seed) -> None:
    loaded, decisions = case
    first = rehearse(loaded, decisions, clock=FakeClock(), seed=seed)
    second = rehearse(loaded, list(decisions), clock=FakeClock(), seed=seed)
    assert story(first.events) == story(second.events)
    assert all(a.same_story(b) for a, b in zip(first.events, second.events))
    with TemporaryDirectory() as folder:
        store = SessionStore.create(Path(folder) / "s.ttx", loaded, seed=seed)
        rehearse(loaded, decisions, clock=FakeClock(), log=store)
        assert story(store.events()) == story(first.events), "persisted and in-memory rehearsals agree"
        store.close()


# ---- live play, killed after some ticks and resumed -------------------------------------------------

ACTIONS = ("tick", "tick", "tick", "decision", "speed", "pause", "resume", "hold", "release", "fire", "next_inject")


@st.composite
def live_plays(draw):
    loaded = draw(scenarios())
    steps = draw(st.lists(st.tuples(st.sampled_from(ACTIONS), st.integers(1, 900), st.integers(0, 99)),
                          min_size=1, max_size=25))
    return loaded, steps, draw(st.integers(0, len(steps)))


def play(exercise: Exercise, table: SessionStore, clock: FakeClock, step: tuple[str, int, int]) -> None:
    """One step of a live session: wall time passes, then a console or the facilitator acts."""
    action, seconds, pick = step
    clock.advance(seconds)
    try:
        if action == "decision":
            published = table.read_clock()
            room.log_decision(table, Decision(table=TABLES[pick % 3], text=f"decided {pick}", tags=[TAGS[pick % 3]]),
                              story_time=published.story_time_at(clock()), actor=f"table:{TABLES[pick % 3]}")
        elif action == "speed":
            exercise.set_speed([0.5, 1, 2, 10, 100][pick % 5])
        elif action == "pause":
            exercise.pause()
        elif action == "resume":
            exercise.resume()
        elif action == "hold":
            exercise.hold()
        elif action == "release":
            exercise.release()
        elif action == "fire":
            pending = [s.inject.id for s in exercise.state.injects.values() if s.status == "pending"]
            if pending:
                exercise.fire(pending[pick % len(pending)])
        elif action == "next_inject":
            exercise.next_inject()
    except ExerciseError:
        pass  # e.g. nothing left to hold: refused alike in both runs
    exercise.tick()


def _resumed_before_its_plan_was_read():
    """Found by Hypothesis: a resumed engine published a clock that consoles could extrapolate past
    the next inject (its plan, made lazily, had not been read yet), so a table's decision got a later
    story time than in the uninterrupted session."""
    frc = Condition(when="logged", tags=["frc-opened"])
    injects = [make_inject(i, 0) for i in ("i1", "i2", "i3")] + [make_inject("i4", 60)] + [
        make_inject(i, 0, type=InjectType.contingency, condition=frc) for i in ("i5", "i6", "i7", "i8")]
    loaded = loaded_scenario([(make_module("m0", 0, 1800, 1), injects)], tables=TABLES, scenario_id="generated")
    return loaded, [("tick", 1, 0), ("tick", 1, 0), ("tick", 1, 0), ("decision", 898, 0)], 3


def _resumed_after_a_jump():
    """Found by Hypothesis: the clock published after a jump (next inject) still carried the room's place
    in the plan from before the jump, so a resumed engine stood still between two modules."""
    frc = Condition(when="logged", tags=["frc-opened"])
    loaded = loaded_scenario([(make_module("m0", 0, 1800, 1), []),
                              (make_module("m1", 1800, 3600, 1), [make_inject("i1", 3600, type=InjectType.contingency,
                                                                              condition=frc)]),
                              (make_module("m2", 3660, 5460, 1), [])], tables=TABLES, scenario_id="generated")
    return loaded, [("tick", 1, 0), ("next_inject", 1, 0), ("tick", 1, 0)], 2


def _a_decision_before_the_first_tick():
    """Found by Hypothesis: the clock published when it first ran let consoles extrapolate past the
    first inject (no place in the plan yet), so a decision got a later story time than after a resume."""
    loaded = loaded_scenario([(make_module("m0", 0, 1800, 1), [make_inject("i1", 60)])], tables=TABLES,
                             scenario_id="generated")
    return loaded, [("decision", 3, 0)], 0


@SETTINGS
@given(live_plays())
@example(_a_decision_before_the_first_tick())
@example(_resumed_before_its_plan_was_read())
@example(_resumed_after_a_jump())
def test_a_live_session_killed_between_ticks_resumes_to_the_same_log(case) -> None:
    loaded, steps, kill_after = case
    with TemporaryDirectory() as folder:
        logs = []
        for crash in (False, True):
            clock = FakeClock()
            path = Path(folder) / f"crash-{crash}.ttx"
            store = SessionStore.create(path, loaded, clock=clock)
            table = SessionStore.open(path, clock=clock)
            exercise = Exercise(loaded, store, clock=clock)
            exercise.resume()
            for n, step in enumerate(steps):
                if crash and n == kill_after:
                    store.close()  # nothing survives but the file
                    store = SessionStore.open(path, loaded, clock=clock)
                    exercise = Exercise.from_log(loaded, store, clock=clock)
                play(exercise, table, clock, step)
            exercise.start_hotwash()
            engine_times = [e.scenario_time for e in store.events() if e.actor in ("engine", "facilitator")]
            assert engine_times == sorted(engine_times), "the engine's story time never decreases"
            logs.append(story(store.events()))
            store.close()
            table.close()
        assert logs[0] == logs[1]


@SETTINGS
@given(scenario_and_script(), st.integers(1, 40), st.integers(1, 7))
def test_a_rehearsal_killed_mid_batch_resumes_to_the_same_log(case, readings, batch) -> None:
    loaded, decisions = case
    expected = story(rehearse(loaded, decisions, clock=FakeClock()).events)
    with TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        patch.setattr(recorder_module, "BATCH_SIZE", batch)
        path = Path(folder) / "s.ttx"
        store = SessionStore.create(path, loaded)
        clock = DyingClock(readings)
        real_append = store.append_events

        def append_unless_dead(events):
            if clock.dead:
                raise Crash()  # a killed process writes nothing more, not even from `finally`
            return real_append(events)

        store.append_events = append_unless_dead  # type: ignore[method-assign]
        try:
            rehearse(loaded, decisions, clock=clock, log=store)
        except Crash:
            pass
        store.close()
        store = SessionStore.open(path, loaded)
        rehearse(loaded, decisions, clock=FakeClock(), log=store)
        assert story(store.events()) == expected
        store.close()


class TickingClock(FakeClock):
    """A wall clock one second later at every reading, so that each event's wall time is traceable."""

    def __call__(self):
        self.advance(1)
        return super().__call__()


def assert_state_is_projection(exercise: Exercise) -> None:
    events = exercise.events
    fresh = project(exercise.loaded, events)
    state = exercise.state
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    walls = [e.wall_time for e in events]
    assert walls == sorted(walls), "wall time never goes back"
    assert {k: (v.status, v.reason, v.event) for k, v in state.injects.items()} == \
        {k: (v.status, v.reason, v.event) for k, v in fresh.injects.items()}
    assert (state.last_seq, state.story_time, state.held, state.module_id, state.phase) == \
        (fresh.last_seq, fresh.story_time, fresh.held, fresh.module_id, fresh.phase)


@SETTINGS
@given(scenario_and_script(), st.integers(0, 99), st.integers(0, 99), st.integers(1, 3600))
def test_an_in_memory_sessions_state_and_log_are_what_projecting_its_log_gives(case, hold_pick, fire_pick,
                                                                              step) -> None:
    """Without a store, the engine settles injects on a fast path of its own; consoles and reports read the log."""
    loaded, decisions = case
    exercise = Exercise(loaded, None, clock=TickingClock())
    exercise.tick()  # what is due at the start is settled first
    pending = [s.inject.id for s in exercise.state.pending()]
    if pending:
        exercise.hold(pending[hold_pick % len(pending)])  # a held conditional that is skipped ends the hold
        if exercise.state.injects[pending[fire_pick % len(pending)]].status == "pending":
            exercise.fire(pending[fire_pick % len(pending)])
    exercise.resume()
    exercise.set_speed(100)
    for _ in range(5):
        exercise._clock.advance(step)
        exercise.tick()
        assert_state_is_projection(exercise)
    play_script(exercise, decisions)
    assert_state_is_projection(exercise)
    for inject in loaded.injects:
        settled = exercise.state.injects[inject.id]
        event = settled.event
        assert event.data == {"inject": inject.id, "module": loaded.module_of[inject.id], "reason": settled.reason}
        assert event.kind is (EventKind.inject_delivered if settled.status == "delivered" else EventKind.inject_skipped)
        if settled.reason in ("scheduled", "released", "condition"):
            assert (event.actor, event.scenario_time) == ("engine", settle_time(inject))
