"""The exercise: a story clock the facilitator drives, built on a recorder and a timeline.

`tick()` turns the wall time elapsed since the last tick (from an injected clock, so tests never
sleep) into story time with the current module's pace and the facilitator's speed, and runs the
timeline up to it; conditions read the decisions in the log, including those table consoles
appended, read at every tick. Every event, whoever makes it, goes through the `Recorder`: a control's
events are written together in one transaction, after the state already shows them.

A new exercise starts paused at the first module's start; its first `tick()` (or any control) opens
the first module and delivers what is due then, and `resume()` starts the clock. Facilitator
controls raise ExerciseError (a ValueError) with a message a console can show as it is. Playing a
whole script headless is `rehearsal.py`'s.
"""

from __future__ import annotations

from math import isfinite
from typing import Any, Callable, Sequence, TypeVar

import simpy

from ..loader.collector import collector_paused
from ..loader.loaded import LoadedScenario
from ..model.clock import Clock, ClockState
from ..model.events import Event, EventKind, LogError
from ..model.records import Decision
from .agenda import agenda, final_time
from .conditions import DecisionIndex, settle_time
from .consequence import ConsequenceModel, ModelContext
from .models.live import scenario_models
from .event_log import EventLog, MemoryLog
from .pacing import Pacing
from .projection import InjectState, SessionState
from . import show
from .recorder import Recorder
from .room import log_decision
from .run_of_show import Adjustment
from .show import PlanKeeper, ShowStatus
from .timeline import Timeline

T = TypeVar("T")
_ROOM_ACTORS = ("table:", "evaluator:")
NOTHING_TO_DO: Any = object()
"""What a control's check returns when the control would change nothing (pause when paused): no event."""

MIN_SPEED = 0.5
MAX_SPEED = 100.0
PUBLISH_SECONDS = 1.0
"""While the clock runs, its position is written at most this often (consoles extrapolate between)."""


class ExerciseError(ValueError):
    """A facilitator action that cannot be done now; the message says why, for the console."""


class Exercise:
    """One running exercise. Only the facilitator's process runs one per session."""

    def __init__(self, loaded: LoadedScenario, log: EventLog | None = None, *, clock: Clock,
                 seed: int | None = None, models: Sequence[ConsequenceModel] = ()) -> None:
        """Start a new session on `log` (a fresh in-memory log when None)."""
        log = MemoryLog() if log is None else log
        existing = log.events()
        created = next((e for e in existing if e.kind is EventKind.session_created), None)
        seed = loaded.scenario.seed if seed is None else seed
        if created is not None:
            seed = int(created.data.get("seed") or 0)  # the session's seed wins: it is what was recorded
        if any(e.kind is not EventKind.session_created for e in existing):
            raise ExerciseError(f"{getattr(log, 'path', 'this log')} already has a history; resume it instead")
        with collector_paused():  # an object per inject, and per event already in the log: see `collector_paused`
            self._setup(loaded, log, clock, seed, models, existing)
        if created is None:
            self.recorder.record(EventKind.session_created, {
                "scenario_id": loaded.scenario.id, "scenario_version": loaded.scenario.version,
                "scenario_title": loaded.scenario.title, "seed": seed, "digest": loaded.digest},
                at=self.env.now, actor="engine")
        # Nothing is settled yet: the first tick (or a rehearsal) opens the first module, so that
        # decisions scripted at T+0 count for injects at T+0.
        self._start_models()
        self.save()

    @classmethod
    def from_log(cls, loaded: LoadedScenario, log: EventLog, *, clock: Clock,
                 models: Sequence[ConsequenceModel] = ()) -> Exercise:
        """Rebuild the engine exactly as the log left it, note the resumption, and carry on."""
        events = log.events()
        created = next((e for e in events if e.kind is EventKind.session_created), None)
        seed = int(created.data.get("seed") or 0) if created else loaded.scenario.seed
        exercise = cls.__new__(cls)
        published = log.read_clock()
        with collector_paused():
            exercise._setup(loaded, log, clock, seed, models, events, at=published.story_time if published else None)
        if published is not None and published.position is not None and published.story_time == exercise.env.now:
            exercise._pacing_now.resume_at(published.position, published.story_time)  # mid-break, mid-discussion
        exercise.recorder.record(EventKind.session_resumed, {}, at=exercise.env.now, actor="engine")
        exercise._start_models()
        exercise.save()
        return exercise

    @classmethod
    def open(cls, loaded: LoadedScenario, log: EventLog, *, clock: Clock, seed: int | None = None,
             models: Sequence[ConsequenceModel] = ()) -> Exercise:
        """A new exercise on a log that holds nothing yet, or the one the log holds, resumed."""
        if any(e.kind is not EventKind.session_created for e in log.events()):
            return cls.from_log(loaded, log, clock=clock, models=models)
        return cls(loaded, log, clock=clock, seed=seed, models=models)

    # ---- construction ----------------------------------------------------------------------------

    def _setup(self, loaded: LoadedScenario, log: EventLog, clock: Clock, seed: int,
               models: Sequence[ConsequenceModel], events: list[Event], *, at: float | None = None) -> None:
        self.loaded = loaded
        self.log = log
        self.seed = seed
        self._clock = clock
        self._models = list(models) + scenario_models(loaded.scenario.models)
        self.recorder = Recorder(loaded, log, clock)
        self.recorder.load(events)
        self.state: SessionState = self.recorder.state
        self._decisions = DecisionIndex(self.state.decisions)
        """What conditions look up."""
        self.recorder.observe(self._decisions)
        self._show = PlanKeeper(loaded)
        """The run of show in force, followed from the log (plan_adjusted, fired and dropped injects)."""
        self._pacing_now = Pacing(loaded.scenario.modules, lambda: self._show.plan)
        self._absorbed = 0.0
        """Minutes of the room's lateness a compress/extend decision made part of the plan."""
        self.final_time = final_time(loaded)
        """Where a rehearsal stops: every inject has had its time."""
        # where the engine's own clock was: room consoles stamp their records with the clock they
        # extrapolate, which may run a little ahead of the engine's
        engine_time = max((e.scenario_time for e in events if not e.actor.startswith(_ROOM_ACTORS)), default=0.0)
        start = max(engine_time, at or 0.0, float(self._pacing.modules[0].start))
        self.env = simpy.Environment(initial_time=start)
        self.timeline = Timeline(self.env, self.recorder, agenda(loaded, self.state), self._decisions)
        self.wall_paced = True
        """False while a rehearsal plays a script: only the script moves the story then."""
        self._last_wall = clock()
        self._published: ClockState | None = None
        self._clock_problem: str | None = None

    def _start_models(self) -> None:
        for model in self._models:
            name = model.name
            ctx = ModelContext(
                name=name, seed=self.seed, state=self.state,
                _emit=lambda kind, data, name=name: self.recorder.record(
                    EventKind(kind), data, at=float(self.env.now), actor=f"model:{name}"),
                _release=self._release,
                _record_at=lambda data, at, actor: self.recorder.record(EventKind.model_event, data, at=at, actor=actor))
            self.recorder.observe(model)
            model.start(self.env, ctx)

    # ---- what consoles read ----------------------------------------------------------------------

    @property
    def story_time(self) -> float:
        return float(self.env.now)

    @property
    def running(self) -> bool:
        return self.state.running

    @property
    def speed(self) -> float:
        return self.state.speed

    @property
    def phase(self) -> str:
        return self.state.phase

    @property
    def module(self) -> str | None:
        return self.state.module_id

    @property
    def _pacing(self) -> Pacing:
        """The story clock's pacing, following the plan in force (replanned when the log changed it)."""
        if self._show.follow(self.state.events):
            self._pacing_now = self._pacing_now.replanned(lambda: self._show.plan, absorbed_minutes=self._absorbed)
            self._absorbed = 0.0
        return self._pacing_now

    @property
    def pace(self) -> float:
        """Story seconds per wall second at speed 1 where the running clock is (0 while it stands)."""
        if not self.state.running or self.state.phase != "exercise":
            return 0.0
        return self._pacing.pace_at(self.env.now)

    @property
    def events(self) -> list[Event]:
        """The whole log so far (as this engine knows it)."""
        return self.state.events

    @property
    def problem(self) -> str | None:
        """Why the session file is behind (a write failed and is being retried), if it is."""
        return self.recorder.problem or self._clock_problem

    @property
    def unsaved(self) -> int:
        """Events applied here and not yet in the log (a write failed, or a batch is open)."""
        return len(self.recorder.pending)

    def clock_state(self) -> ClockState:
        stop = self._pacing.stop_at(self.env.now, self._limit())
        return ClockState(story_time=self.story_time, wall_time=self._last_wall, running=self.running,
                          speed=self.speed, pace=self.pace, module_id=self.state.module_id, held=self.state.held,
                          phase=self.state.phase, stop_at=stop, position=self._pacing.cursor)

    # ---- the caller's heartbeat ------------------------------------------------------------------

    def tick(self) -> list[Event]:
        """Read other consoles' events, advance the story by the wall time since the last tick, save."""
        before = len(self.state.events)
        generation = self.recorder.generation
        self.recorder.read()
        self._catch_up()
        self.save()
        if generation != self.recorder.generation:
            return list(self.state.events)  # rebuilt in the log's order: everything is news
        return self.state.events[before:]

    def _catch_up(self) -> None:
        self.recorder.new_instant()
        if self.state.phase == "exercise":
            self.timeline.settle_now()  # anything due now (the first module, after construction or a resume)
        now = self._clock()
        elapsed = max(0.0, (now - self._last_wall).total_seconds())
        self._last_wall = now
        if self.wall_paced and self.state.running and self.state.phase == "exercise" and elapsed > 0:
            self._advance_to(self._pacing.story_after(self.env.now, elapsed, self.state.speed))

    def _limit(self, *, stepping: bool = False) -> float:
        """The clock may not pass this: the held inject (or now, once it has arrived), now in a step
        module (unless the facilitator is `stepping` on), or the scenario end."""
        held = self.state.held
        if held is None:
            return self._pacing.limit(self.env.now, stepping=stepping)
        status = self.state.injects[held]
        if status.status == "pending":
            return self._pacing.limit(self.env.now, hold_at=settle_time(status.inject), stepping=stepping)
        return self._pacing.limit(self.env.now, hold_reached=True)

    def _advance_to(self, target: float, *, stepping: bool = False) -> None:
        self.timeline.advance_to(min(target, self._limit(stepping=stepping)))

    def save(self) -> None:
        """Write what is pending (one transaction) and publish the clock if its course changed."""
        self.recorder.flush()
        self._publish()

    def _publish(self) -> None:
        """Publish the clock when its course changes, or while it runs about once a second; never
        while it stands still (a paused console writes nothing)."""
        clock = self.clock_state()
        last = self._published
        if last is not None and clock.same_course(last):
            if clock.story_time == last.story_time and (not clock.running or clock.position == last.position):
                return
            if clock.running and (clock.wall_time - last.wall_time).total_seconds() < PUBLISH_SECONDS:
                return
        try:
            self.log.publish_clock(clock)
        except (LogError, OSError) as exc:
            self._clock_problem = f"the clock could not be saved: {exc}"
            return
        self._clock_problem = None
        self._published = clock

    # ---- facilitator controls (each one a `control` event, then what it did) ---------------------

    def _act(self, action: str, check: Callable[[], T], do: Callable[[T], Any], args: Callable[[T], tuple[Any, ...]] = lambda _: ()) -> Any:
        """Run a control: catch up, check it can be done now (ExerciseError before anything is
        recorded), record it as a `control` event, do it, and write all its events in one transaction."""
        self.recorder.read()
        self._catch_up()
        checked = check()
        if checked is NOTHING_TO_DO:
            self.save()  # what the catch-up settled
            return None
        self.recorder.record(EventKind.control, {"action": action, "args": list(args(checked))},
                             at=float(self.env.now), actor="facilitator")
        result = do(checked)
        self.save()
        return result

    def _playing(self, action: str) -> Callable[[], None]:
        def check() -> None:
            if self.state.phase != "exercise":
                raise ExerciseError(f"cannot {action}: the exercise is in its {self.state.phase} phase")
        return check

    def pause(self) -> None:
        self._act("pause", self._unless(self._playing("pause"), lambda: not self.state.running),
                  lambda _: self._emit(EventKind.clock_paused, {}))

    def resume(self) -> None:
        """Start (or restart) the story clock; a new exercise starts paused."""
        def do(_: None) -> None:
            if not any(e.kind is EventKind.plan_in_force for e in self.state.events):
                self.recorder.record(EventKind.plan_in_force, self._show.plan.summary(), at=float(self.env.now),
                                     actor="engine")
            self._emit(EventKind.clock_resumed, {})
        self._act("resume", self._unless(self._playing("start the clock"), lambda: self.state.running), do)

    @staticmethod
    def _unless(check: Callable[[], None], done: Callable[[], bool]) -> Callable[[], Any]:
        """A check that also finds nothing to do when `done()` already holds."""
        def checked() -> Any:
            check()
            return NOTHING_TO_DO if done() else None
        return checked

    def set_speed(self, factor: float) -> None:
        """Play faster or slower than planned: ×0.5 to ×100."""
        if isinstance(factor, bool) or not isinstance(factor, (int, float)) or not isfinite(factor) \
                or not MIN_SPEED <= factor <= MAX_SPEED:
            raise ExerciseError(f"speed must be between ×{MIN_SPEED:g} and ×{MAX_SPEED:g} of the plan, not ×{factor}")
        speed = float(factor)
        self._act("set_speed", self._unless(self._playing("change the speed"), lambda: speed == self.state.speed),
                  lambda _: self._emit(EventKind.speed_changed, {"speed": speed}), lambda _: (speed,))

    def next_inject(self) -> str:
        """Jump the clock to the next pending inject and settle it (and any others due then)."""
        def check() -> InjectState:
            self._playing("jump to the next inject")()
            pending = self.state.pending()
            if not pending:
                raise ExerciseError("there is no inject left to jump to")
            return min(pending, key=lambda s: settle_time(s.inject))

        def do(nxt: InjectState) -> str:
            if self._hold_reached():
                self._emit(EventKind.clock_released, {})
            self._jump(settle_time(nxt.inject), "inject", nxt.inject.id)
            return nxt.inject.id
        return self._act("next_inject", check, do)

    def skipped_by_next_module(self) -> tuple[str, list[InjectState]]:
        """What `next_module` would do now: the module it opens and the pending injects it skips."""
        upcoming = [m for m in self._pacing.modules if m.start > self.env.now]
        if not upcoming:
            raise ExerciseError("this is the last module; start the hotwash when the discussion ends")
        module = upcoming[0]
        return module.id, [s for s in self.state.pending() if settle_time(s.inject) < module.start]

    def next_module(self) -> str:
        """Skip the rest of this module's injects and open the next module."""
        def check() -> tuple[str, list[InjectState]]:
            self._playing("jump to the next module")()
            return self.skipped_by_next_module()

        def do(plan: tuple[str, list[InjectState]]) -> str:
            module_id, skipped = plan
            if self.state.held is not None:
                self._emit(EventKind.clock_released, {})
            for status in skipped:
                self.timeline.settle(status, delivered=False, reason="facilitator", actor="facilitator")
            self._jump(float(next(m.start for m in self._pacing.modules if m.id == module_id)), "module", module_id)
            return module_id
        return self._act("next_module", check, do)

    def _jump(self, to: float, target: str, ref: str) -> None:
        now = float(self.env.now)
        if to > now:
            self._emit(EventKind.clock_jumped, {"from": now, "to": to, "target": target, "ref": ref})
            self._advance_to(to, stepping=True)
        else:
            self.timeline.settle_now()

    def _hold_reached(self) -> bool:
        held = self.state.held
        return held is not None and self.state.injects[held].status != "pending"

    def fire(self, inject_id: str) -> None:
        """Deliver an inject now, ahead of its time (whatever its condition says)."""
        self._act("fire", self._pending_inject(inject_id, "fire an inject"),
                  lambda status: self.timeline.settle(status, delivered=True, reason="fired", actor="facilitator"),
                  lambda _: (inject_id,))

    def skip(self, inject_id: str) -> None:
        """Do not deliver this inject (`restore` puts it back)."""
        self._act("skip", self._pending_inject(inject_id, "skip an inject"),
                  lambda status: self.timeline.settle(status, delivered=False, reason="facilitator",
                                                      actor="facilitator"),
                  lambda _: (inject_id,))

    def restore(self, inject_id: str) -> None:
        """Put an inject the facilitator skipped back on the timeline: delivered at its time, or at
        once if that has passed (its condition, if any, is checked then)."""
        def check() -> InjectState:
            self._playing("put an inject back")()
            status = self._inject(inject_id)
            if status.status != "skipped":
                raise ExerciseError(f"inject {inject_id!r} is {status.status}, not skipped")
            if status.reason != "facilitator":
                raise ExerciseError(f"inject {inject_id!r} was skipped because its condition did not hold; "
                                    "fire it to deliver it anyway")
            return status

        def do(status: InjectState) -> None:
            self._emit(EventKind.inject_restored, {"inject": inject_id})
            self.timeline.put_back(status)
            self.timeline.settle_now()
        self._act("restore", check, do, lambda _: (inject_id,))

    def hold(self, inject_id: str | None = None) -> str:
        """Stop the clock when it reaches this inject (default: the next one) until `release`."""
        def check() -> str:
            self._playing("hold the clock")()
            if inject_id is not None:
                return self._pending_inject(inject_id, "hold the clock")().inject.id
            pending = self.state.pending()
            if not pending:
                raise ExerciseError("there is no inject left to hold at")
            return min(pending, key=lambda s: settle_time(s.inject)).inject.id

        def do(chosen: str) -> str:
            self._emit(EventKind.clock_held, {"inject": chosen})
            return chosen
        return self._act("hold", check, do, lambda chosen: (chosen,))

    def release(self) -> None:
        """End a hold: the clock runs on from where it stopped."""
        def check() -> None:
            self._playing("release the clock")()
            if self.state.held is None:
                raise ExerciseError("the clock is not held")
        self._act("release", check, lambda _: self._emit(EventKind.clock_released, {}))

    def start_hotwash(self) -> None:
        """Stop play for the hotwash; injects not yet delivered are skipped."""
        self._act("start_hotwash", self._playing("start the hotwash"), lambda _: self._close_play())

    def _close_play(self) -> None:
        if self.state.running:
            self._emit(EventKind.clock_paused, {})
        for status in self.state.pending():
            self.timeline.settle(status, delivered=False, reason="facilitator", actor="facilitator")
        self._emit(EventKind.hotwash_started, {})

    def end(self) -> None:
        """End the session (after the hotwash, or directly)."""
        def check() -> None:
            if self.state.phase == "ended":
                raise ExerciseError("the exercise has already ended")

        def do(_: None) -> None:
            if self.state.phase == "exercise":
                self._close_play()
            self._emit(EventKind.exercise_ended, {})
        self._act("end", check, do)

    # ---- the run of show ------------------------------------------------------------------------

    def run_of_show(self) -> ShowStatus:
        """Where the room is against the plan in force: behind or ahead, the agenda item, what is
        next, and the planned minute of each pending inject."""
        pacing = self._pacing
        return show.status(self._show, story=float(self.env.now), pending_ids=[s.inject.id for s in self.state.pending()],
                           now=self._clock(), position=pacing.position)

    def _adjust(self, action: str, make: Callable[[ShowStatus, str], Adjustment],
                args: Callable[[Adjustment], tuple[Any, ...]]) -> None:
        """Compress or extend the module being played: a `plan_adjusted` event the plan follows.
        The control's args hold the adjustment's figures, so that a replay makes the same one."""
        def check() -> tuple[Adjustment, float]:
            self._playing(f"{action} the module")()
            module = self.state.module_id
            if module is None:
                raise ExerciseError(f"cannot {action} the module: no module is being played")
            at = self.run_of_show()
            adjustment = make(at, module)
            return adjustment, min(max(0.0, at.behind), adjustment.minutes)

        def do(checked: tuple[Adjustment, float]) -> None:
            adjustment, absorbed = checked
            self._absorbed += absorbed  # the room's lateness the plan now holds: the pacing's cursor moves on
            self._emit(EventKind.plan_adjusted, adjustment.to_json())
        self._act(action, check, do, lambda checked: args(checked[0]))

    def compress(self, late: float | None = None, factor: float | None = None) -> None:
        """Play the rest of this module faster so that it ends on time, keeping the room's lateness
        (`late` minutes and `factor`: as measured now, unless a replay gives them)."""
        def make(at: ShowStatus, module: str) -> Adjustment:
            measured = show.compress(self._show.plan, module, float(self.env.now), at)
            return Adjustment("compress", module, float(self.env.now),
                              measured.minutes if late is None else float(late),
                              measured.factor if factor is None else float(factor))
        self._adjust("compress", make, lambda a: (a.minutes, a.factor))

    def extend(self, minutes: float | None = None) -> None:
        """Give this module more minutes (default: as many as the room is behind); the rest of the day moves."""
        if minutes is not None and (isinstance(minutes, bool) or not isinstance(minutes, (int, float))
                                    or not isfinite(minutes) or not 0 <= minutes <= 240):
            raise ExerciseError(f"extend by 0 to 240 minutes, not {minutes}")
        self._adjust("extend", lambda at, module: show.extend(module, float(self.env.now), at, minutes),
                     lambda a: (a.minutes,))

    def skip_optional(self) -> list[str]:
        """Skip the pending injects of this module its planners marked optional."""
        def check() -> list[InjectState]:
            self._playing("skip optional injects")()
            return [s for s in self.state.pending() if s.module_id == self.state.module_id and s.inject.optional]

        def do(optional: list[InjectState]) -> list[str]:
            for status in optional:
                self.timeline.settle(status, delivered=False, reason="facilitator", actor="facilitator")
            skipped = [s.inject.id for s in optional]
            self._emit(EventKind.plan_adjusted, {"kind": "skip-optional", "module": self.state.module_id,
                                                 "story": float(self.env.now), "skipped": skipped})
            return skipped
        return self._act("skip_optional", check, do)

    def _emit(self, kind: EventKind, data: dict[str, Any]) -> Event:
        return self.recorder.record(kind, data, at=float(self.env.now), actor="facilitator")

    def _inject(self, inject_id: str) -> InjectState:
        status = self.state.injects.get(inject_id)
        if status is None:
            raise ExerciseError(f"there is no inject {inject_id!r} in this scenario")
        return status

    def _pending_inject(self, inject_id: str, action: str) -> Callable[[], InjectState]:
        def check() -> InjectState:
            self._playing(action)()
            status = self._inject(inject_id)
            if status.status != "pending":
                raise ExerciseError(f"inject {inject_id!r} was already {status.status}")
            return status
        return check

    def _release(self, inject_id: str, model: str) -> bool:
        status = self.state.injects.get(inject_id)
        if status is None or status.status != "pending" or self.state.phase != "exercise":
            return False
        self.timeline.settle(status, delivered=True, reason="released", actor=f"model:{model}")
        return True

    # ---- the room, through the engine (the facilitator's own console) ----------------------------

    def log_decision(self, decision: Decision, *, actor: str) -> Event:
        """Log a decision at the current story time."""
        self.recorder.read()
        self._catch_up()
        event = log_decision(_EngineSink(self), decision, story_time=self.story_time, actor=actor)
        self.save()
        return event

    def record(self, kind: EventKind, data: dict[str, Any], *, at: float, actor: str) -> Event:
        """Record a room event (a rehearsal's script): through the one path, like everything else."""
        return self.recorder.record(kind, data, at=at, actor=actor)

    @property
    def room(self) -> _EngineSink:
        """Where `engine.room` functions write through this engine (amend, retract, observe…)."""
        return _EngineSink(self)


class _EngineSink:
    """Lets room functions append through the engine's recorder."""

    def __init__(self, exercise: Exercise) -> None:
        self._exercise = exercise

    def append(self, kind: EventKind, data: dict[str, Any], *, scenario_time: float, actor: str) -> Event:
        return self._exercise.record(kind, data, at=scenario_time, actor=actor)

    def event(self, seq: int) -> Event | None:
        events = self._exercise.state.events
        return next((e for e in events if e.seq == seq), None)

    def events(self, after_seq: int = 0, kinds: Any = None) -> list[Event]:
        wanted = None if kinds is None else set(kinds)
        return [e for e in self._exercise.state.events
                if e.seq > after_seq and (wanted is None or e.kind in wanted)]
