"""The exercise: a story clock the facilitator drives, built on a recorder and a timeline.

`tick()` turns the wall time elapsed since the last tick (from an injected clock, so tests never
sleep) into story time with the current module's pace and the facilitator's speed, and runs the
timeline up to it; conditions read the decisions in the log, including those table consoles
appended, read at every tick. Every event, whoever makes it, goes through the `Recorder`: a control's
events are written together in one transaction, after the state already shows them.

A new exercise starts paused at the first module's start; its first `tick()` (or any control) opens
the first module and delivers what is due then, and `resume()` starts the clock. The facilitator's
controls are `controls.py`'s; they raise ExerciseError (a ValueError) with a message a console can
show as it is. Playing a whole script headless is `rehearsal.py`'s.
"""

from __future__ import annotations

from typing import Any, Sequence

import simpy

from ..loader.collector import collector_paused
from ..loader.loaded import LoadedScenario
from ..model.clock import Clock, ClockState
from ..model.events import Event, EventKind, LogError
from ..model.records import Decision
from .agenda import agenda, final_time
from .conditions import DecisionIndex, settle_time
from .consequence import ConsequenceModel, ModelContext
from .controls import ExerciseError, FacilitatorControls
from .models.live import scenario_models
from .event_log import EventLog, MemoryLog
from .pacing import Pacing
from .run_of_show import Plan
from .projection import SessionState
from .recorder import Recorder
from .room import log_decision
from .show import PlanKeeper
from .timeline import Timeline

_ROOM_ACTORS = ("table:", "evaluator:")
PUBLISH_SECONDS = 1.0
"""While the clock runs, its position is written at most this often (consoles extrapolate between)."""


__all__ = ["Exercise", "ExerciseError"]


class Exercise(FacilitatorControls):
    """One running exercise. Only the facilitator's process runs one per session; its controls
    (pause, fire, hold, compress…) are `FacilitatorControls`'."""

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
        self._pacing_now = Pacing(loaded.scenario.modules, self._plan_for_pacing)
        self._absorbed = 0.0
        """Minutes of the room's lateness a compress/extend decision made part of the plan."""
        self._paced_changes = 0
        """The plan keeper's change count the pacing was last replanned at."""
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
        """The story clock's pacing, following the plan in force (replanned when the log changed it).
        A pacing that has neither read its plan nor a place in it (nor lateness to absorb) would be
        replanned into its own likeness: it reads the plan in force when it first does, so a
        rehearsal, whose clock never runs by the wall, never follows its thousands of deliveries."""
        pacing = self._pacing_now
        if pacing.loaded or pacing.cursor is not None or self._absorbed:
            self._show.follow(self.state.events)
            if self._show.changes != self._paced_changes:
                self._pacing_now = pacing.replanned(self._plan_for_pacing, absorbed_minutes=self._absorbed)
                self._absorbed = 0.0
                self._paced_changes = self._show.changes
        return self._pacing_now

    def _plan_in_force(self) -> Plan:
        """The run of show as the log has changed it so far."""
        self._show.follow(self.state.events)
        return self._show.plan

    def _plan_for_pacing(self) -> Plan:
        """The plan a pacing reads when it first needs its curve: the one in force then, so the pacing
        is up to date with every change the log made so far."""
        plan = self._plan_in_force()
        self._paced_changes = self._show.changes
        return plan

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
        stop = self._pacing.stop_at(self.env.now, self._limit(), follow_plan=self.wall_paced and self.running)
        return ClockState(story_time=self.story_time, wall_time=self._last_wall, running=self.running,
                          speed=self.speed, pace=self.pace, module_id=self.state.module_id, held=self.state.held,
                          phase=self.state.phase, stop_at=stop, position=self._pacing.position_at(self.env.now))

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
            self._run_for(elapsed)

    def _run_for(self, elapsed: float) -> None:
        """Advance the story by `elapsed` wall seconds along the plan in force. An inject outside the
        plan delivered on the way (a contingency released) brings its own discussion: the new plan
        takes over from that instant, so the clock stops there instead of running on to the next
        inject in the same tick."""
        speed = self.state.speed
        while elapsed > 0:
            pacing = self._pacing
            start = pacing.where(self.env.now)
            target = min(pacing.story_after(self.env.now, elapsed, speed), self._limit())
            at = self.timeline.advance_until(target, lambda: self._pacing is not pacing)
            if at is None:
                return
            arrived = max(start, pacing.wall_of(at))  # where the room was in the old plan at that instant
            self._pacing.resume_at(arrived, at)
            elapsed -= (arrived - start) / speed

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
