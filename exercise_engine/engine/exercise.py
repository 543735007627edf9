"""The exercise runtime: a SimPy story clock that delivers injects and records everything.

A plain `simpy.Environment` whose time is story seconds, advanced only by its caller: `tick()`
turns the wall time elapsed since the last tick (from an injected clock, so tests never sleep)
into story time with the current module's pace and the facilitator's speed, and runs the
environment up to it. One timeline process opens modules and settles injects in story order:
standard ones are delivered; conditional ones are delivered if their condition holds and skipped
otherwise; contingency ones are released if it holds and skipped otherwise. Conditions are checked
against the decisions in the log, including those table consoles appended, read at every tick.

The pace arithmetic is in `pacing`, condition checks in `conditions`, the timeline's order in
`agenda`; this module drives them. Everything the engine does is an event in the session log, so
`Exercise.from_log` can rebuild the exact state after a crash, and the same scenario, seed and
decisions give the same log.

A new exercise starts paused at the first module's start; its first `tick()` (or any control)
opens the first module and delivers what is due then, and `resume()` starts the clock. Facilitator
controls raise ExerciseError (a ValueError) with a message a console can show as it is.
"""

from __future__ import annotations

import gc
from datetime import datetime
from math import isfinite
from typing import Any, Callable, Generator, Iterable, Sequence

import simpy
from simpy.core import URGENT

from ..loader.loaded import LoadedScenario
from ..model.events import Event, EventKind
from ..model.inject import Inject
from ..model.records import Decision
from ..store.session_store import ClockState, SessionStore
from .agenda import INJECT, MODULE, Entry, agenda, with_script
from .conditions import DecisionIndex, settle_time
from .consequence import ConsequenceModel, ModelContext
from .pacing import Pacing
from .projection import SessionState
from .room import log_decision
from .run_of_show import Adjustment
from . import show
from .show import PlanKeeper, ShowStatus

Clock = Callable[[], datetime]

MIN_SPEED = 0.5
MAX_SPEED = 100.0
BATCH_SIZE = 2000
"""Rehearsals write this many events per transaction."""

_DELIVERED, _SKIPPED = EventKind.inject_delivered, EventKind.inject_skipped
_new_event = tuple.__new__
"""`_new_event(Event, (seq, kind, ...))` builds the same Event as `Event(seq, kind, ...)` (it is
what `Event._make` does) without the named tuple's Python-level `__new__`: 1.3 ms of a 10,000-inject rehearsal's delivery
(bench/bench_rehearse.py), where every inject builds one."""


class ExerciseError(ValueError):
    """A facilitator action that cannot be done now; the message says why, for the console."""


class _Soon(simpy.Event):
    """A timeout processed before ordinary ones at the same time, so that the timeline settles
    injects before consequence models look at the same story minute."""

    def __init__(self, env: simpy.Environment, delay: float) -> None:
        # as simpy's Timeout sets itself up (no Event.__init__ round trip), at URGENT priority
        self.env = env
        self.callbacks: list[Any] = []
        self._value = None
        self._ok = True
        env.schedule(self, URGENT, delay)


class Exercise:
    """One running exercise. Only the facilitator's process runs one per session."""

    def __init__(self, loaded: LoadedScenario, store: SessionStore | None, *, clock: Clock,
                 seed: int | None = None, models: Sequence[ConsequenceModel] = ()) -> None:
        seed = loaded.scenario.seed if seed is None else seed
        existing: list[Event] = []
        if store is not None:
            existing = store.events()
            created = next((e for e in existing if e.kind is EventKind.session_created), None)
            if created is not None and seed != created.data.get("seed"):
                seed = int(created.data.get("seed") or 0)  # the session's seed wins: it is what was recorded
            if any(e.kind is not EventKind.session_created for e in existing):
                raise ExerciseError(f"{store.path} already has a history; resume it instead of starting again")
        self._setup(loaded, store, clock, seed, models, existing)
        if store is None:
            start = self.env.now
            self._emit(EventKind.session_created, {
                "scenario_id": loaded.scenario.id, "scenario_version": loaded.scenario.version,
                "scenario_title": loaded.scenario.title, "seed": seed, "digest": loaded.digest}, actor="engine",
                at=start)
        self._start_models(replay=False)
        # Nothing is settled yet: the first tick (or a rehearsal, once its script is merged in) opens
        # the first module, so that decisions scripted at T+0 count for injects at T+0.
        self._flush()
        self._publish()

    @classmethod
    def from_log(cls, loaded: LoadedScenario, store: SessionStore, *, clock: Clock,
                 models: Sequence[ConsequenceModel] = ()) -> Exercise:
        """Rebuild the engine exactly as the log left it, note the resumption, and carry on."""
        events = store.events()
        created = next((e for e in events if e.kind is EventKind.session_created), None)
        seed = int(created.data.get("seed") or 0) if created else loaded.scenario.seed
        exercise = cls.__new__(cls)
        published = store.read_clock()
        exercise._setup(loaded, store, clock, seed, models, events,
                        at=published.story_time if published else None)
        exercise._emit(EventKind.session_resumed, {}, actor="engine")
        exercise._start_models(replay=True)
        exercise._flush()
        exercise._publish()
        return exercise

    # ---- construction ----------------------------------------------------------------------------

    def _setup(self, loaded: LoadedScenario, store: SessionStore | None, clock: Clock, seed: int,
               models: Sequence[ConsequenceModel], events: list[Event], *, at: float | None = None) -> None:
        self.loaded = loaded
        self.store = store
        self.seed = seed
        self._clock = clock
        self._pending: list[Event] = []
        self._batching = False
        self._models = list(models)
        self.state = SessionState(scenario=loaded)
        self._decisions = DecisionIndex(self.state.decisions)
        """What conditions look up."""
        for event in events:
            self._absorb(event, notify=False)
        self._show = PlanKeeper(loaded)
        """The run of show in force, followed from the log (plan_adjusted, fired and dropped injects)."""
        self._pacing_now = Pacing(loaded.scenario.modules, lambda: self._show.plan)
        self._absorbed = 0.0
        """Minutes of the room's lateness a compress/extend decision made part of the plan."""
        self._final = max([self._pacing.end] + [settle_time(i) for i in loaded.injects])
        """Where a rehearsal stops: every inject has had its time."""
        start = max(self.state.story_time, at or 0.0, float(self._pacing.modules[0].start))
        self.env = simpy.Environment(initial_time=start)
        self._items = agenda(self._pacing.modules, loaded.injects, self.state)
        self._cursor = 0
        """How far the timeline has taken `_items`."""
        self._script_actor = "rehearsal"
        self._wall: datetime | None = None
        self._module_of = loaded.module_of
        self._process = self.env.process(self._timeline())
        self._last_wall = clock()

    def _start_models(self, *, replay: bool) -> None:
        for model in self._models:
            if replay:
                for decision_state in self.state.decisions.values():
                    if not decision_state.is_retracted:
                        model.on_decision(decision_state.current, decision_state.versions[-1][0])
            name = model.name
            ctx = ModelContext(
                name=name, seed=self.seed,
                _emit=lambda kind, data, name=name: self._emit(EventKind(kind), data, actor=f"model:{name}"),
                _release=self._release, _events=lambda: self.state.events)
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
            self._pacing_now = self._pacing_now.replanned(self._show.plan, absorbed_minutes=self._absorbed)
            self._absorbed = 0.0
        return self._pacing_now

    @property
    def pace(self) -> float:
        """Story seconds per wall second at speed 1 where the running clock is (0 while it stands)."""
        if not self.state.running or self.state.phase != "exercise":
            return 0.0
        return self._pacing.pace_at(self.env.now)

    def clock_state(self) -> ClockState:
        stop = self._pacing.stop_at(self.env.now, self._limit())
        return ClockState(story_time=self.story_time, wall_time=self._last_wall, running=self.running,
                          speed=self.speed, pace=self.pace, module_id=self.state.module_id, held=self.state.held,
                          phase=self.state.phase, stop_at=stop)

    # ---- the caller's heartbeat ------------------------------------------------------------------

    def tick(self) -> list[Event]:
        """Read other consoles' events, advance the story by the wall time since the last tick."""
        before = len(self.state.events)
        self._read_store()
        self._catch_up()
        self._flush()
        self._publish()
        return self.state.events[before:]

    def _catch_up(self) -> None:
        self._wall = None
        if self.state.phase == "exercise":
            self._settle_now()  # anything due now (the first module, after construction or a resume)
        now = self._clock()
        elapsed = max(0.0, (now - self._last_wall).total_seconds())
        self._last_wall = now
        if self.state.running and self.state.phase == "exercise" and elapsed > 0:
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
        target = min(target, self._limit(stepping=stepping))
        if target > self.env.now:
            self.env.run(until=target)
        self._settle_now()

    def _settle_now(self) -> None:
        env = self.env
        while env.peek() <= env.now:
            env.step()

    # ---- the timeline process --------------------------------------------------------------------

    def _timeline(self) -> Generator[simpy.Event, Any, None]:
        """Settle everything due at the current story time, then sleep until the next item."""
        env = self.env
        while True:
            items, i, now = self._items, self._cursor, env.now
            while i < len(items) and items[i][0] <= now:
                item = items[i]
                if item[1] == INJECT and (self.store is None or self._batching):
                    i = self._settle_due(items, i, now)  # rehearsal or memory: no store round trip per inject
                    continue
                self._cursor = i + 1
                self._take(item)
                items, i = self._items, self._cursor
            self._cursor = i
            try:
                if i < len(items):
                    yield _Soon(env, items[i][0] - now)
                else:
                    yield env.event()  # nothing left: idle until a rehearsal script arrives
            except simpy.Interrupt:
                pass  # the agenda changed (a rehearsal script was merged in): look again
            self._wall = None  # a new story instant: read the wall clock afresh

    def _settle_due(self, items: list[Entry], i: int, now: float) -> int:
        """Settle the run of injects due at `now` from `items[i]` on, without a store round trip;
        return where the run ends.

        The hot path of a rehearsal (thousands of injects): what `_emit` + `SessionState.apply`
        do for these two kinds, inlined, with what the loop reads held in locals; tests/engine
        check the state equals `project(log)`. Injects settled at one story instant share one
        wall-clock reading. A full batch is written after the run, not in the middle of it: a write
        that finds another console wrote meanwhile rebuilds the state, which `seq` here would miss.
        """
        state = self.state
        append = state.events.append
        decisions = self._decisions
        pending = self._pending if self.store is not None else None
        wall = self._wall
        seq = before = state.last_seq
        n = len(items)
        while i < n:
            item = items[i]
            if item[0] > now or item[1] != INJECT:
                break
            i += 1
            status, check, reason = item[4]
            if status.status != "pending":
                continue  # fired or skipped by the facilitator before its time
            if check is None or decisions.check(check):
                kind, settled = _DELIVERED, "delivered"
            else:
                kind, reason, settled = _SKIPPED, "condition", "skipped"
                if state.held == item[3]:
                    state.held = None
            if wall is None:
                wall = self._wall = self._clock()
            seq += 1
            # the id from the agenda entry, not `status.inject.id`: reaching into each Inject model
            # (scattered in memory, so mostly cache misses) cost 4 ms of a 10,000-inject rehearsal
            data = {"inject": item[3], "module": status.module_id, "reason": reason}
            event = _new_event(Event, (seq, kind, now, wall, "engine", data))
            append(event)
            state.last_seq = seq
            status.status = settled
            status.event = event
            status.reason = reason
            if pending is not None:
                pending.append(event)
        if seq != before and now > state.story_time:
            state.story_time = now
        if pending is not None and len(pending) >= BATCH_SIZE:
            self._flush()
        return i

    def _settle_fast(self, status: Any, now: float, kind: EventKind, reason: str, actor: str) -> None:
        """Record one inject as delivered or skipped without a store round trip (a facilitator's
        fire or skip, or a model's release, in a rehearsal or in memory): as `_settle_due` does."""
        state = self.state
        seq = state.last_seq + 1
        inject_id = status.inject.id
        wall = self._wall
        if wall is None:
            wall = self._wall = self._clock()
        event = Event(seq, kind, now, wall, actor, {"inject": inject_id, "module": status.module_id, "reason": reason})
        state.events.append(event)
        state.last_seq = seq
        if now > state.story_time:
            state.story_time = now
        status.status = "delivered" if kind is _DELIVERED else "skipped"
        status.event = event
        status.reason = reason
        if kind is _SKIPPED and state.held == inject_id:
            state.held = None
        if self.store is not None:
            self._pending.append(event)
            if len(self._pending) >= BATCH_SIZE:
                self._flush()

    def _take(self, item: Entry) -> None:
        order = item[1]
        if order == INJECT:
            status, check, reason = item[4]
            if status.status != "pending":
                return  # fired or skipped by the facilitator before its time
            if check is None or self._decisions.check(check):
                self._settle(status.inject, delivered=True, reason=reason)
            else:
                self._settle(status.inject, delivered=False, reason="condition")
        elif order == MODULE:
            self._emit(EventKind.module_started, {"module": item[3]})
        else:
            self._log_scripted(item[4])

    def _settle(self, inject: Inject, *, delivered: bool, reason: str, actor: str = "engine") -> None:
        kind = _DELIVERED if delivered else _SKIPPED
        if self.store is not None and not self._batching:
            self._emit(kind, {"inject": inject.id, "module": self._module_of[inject.id], "reason": reason}, actor=actor)
        else:
            self._settle_fast(self.state.injects[inject.id], float(self.env.now), kind, reason, actor)

    # ---- the log ---------------------------------------------------------------------------------

    def _emit(self, kind: EventKind, data: dict[str, Any], *, actor: str = "engine", at: float | None = None) -> Event:
        """Append an event at the current story time (committed at once, except in a rehearsal batch)."""
        scenario_time = float(self.env.now) if at is None else at
        seq = self.state.last_seq + 1
        if kind is EventKind.decision_logged and "decision_id" not in data:
            data = {"decision_id": seq, **data}
        event = Event(seq, kind, scenario_time, self._clock(), actor, data)
        if self.store is not None and not self._batching:
            written = self.store.append(kind, data, scenario_time=scenario_time, actor=actor,
                                        wall_time=event.wall_time)
            if written.seq == self.state.last_seq + 1:
                self._absorb(written)
            else:
                self._read_store()  # another console wrote in between: take everything in seq order
            return written
        self._absorb(event)
        if self.store is not None:
            self._pending.append(event)
            if len(self._pending) >= BATCH_SIZE:
                self._flush()
        return event

    def _flush(self) -> None:
        """Write a rehearsal's pending batch in one transaction."""
        if not self._pending:
            return
        pending, self._pending = self._pending, []
        assert self.store is not None
        written = self.store.append_events(pending)
        if written[-1].seq != pending[-1].seq:  # someone else wrote meanwhile: rebuild in true order
            self._rebuild_from_store()

    def _read_store(self) -> None:
        if self.store is None:
            return
        for event in self.store.events(after_seq=self.state.last_seq):
            self._absorb(event)

    def _rebuild_from_store(self) -> None:
        """Re-project the whole log (someone wrote during a rehearsal batch). The SessionState and
        its InjectState objects keep their identity: consoles and the timeline hold on to them."""
        assert self.store is not None
        injects = self.state.injects
        fresh = SessionState(scenario=self.loaded)
        for key, value in fresh.__dict__.items():
            if key == "events":
                self.state.events.clear()  # the same list: the timeline holds its `append`
            elif key != "injects":
                setattr(self.state, key, value)
        for status in injects.values():
            status.status, status.event, status.reason = "pending", None, ""
        self._decisions = DecisionIndex(self.state.decisions)
        for event in self.store.events():
            self._absorb(event, notify=False)

    def _absorb(self, event: Event, *, notify: bool = True) -> None:
        """Apply an event to the state and keep the decision index (and models) current."""
        self.state.apply(event)
        kind = event.kind
        if kind is EventKind.decision_logged or kind is EventKind.decision_amended:
            found = self.state.decisions.get(int(event.data.get("decision_id") or event.seq))
            if found is None:
                return
            self._decisions.add(found)
            if notify:
                for model in self._models:
                    model.on_decision(found.current, event)

    @property
    def events(self) -> list[Event]:
        """The whole log so far (as this engine knows it)."""
        return self.state.events

    def _publish(self) -> None:
        if self.store is not None and not self._batching:
            self.store.publish_clock(self.clock_state())

    # ---- facilitator controls (each one an event) ------------------------------------------------

    def _playing(self, action: str) -> None:
        if self.state.phase != "exercise":
            raise ExerciseError(f"cannot {action}: the exercise is in its {self.state.phase} phase")

    def _act(self, body: Callable[[], None]) -> None:
        self._read_store()
        self._catch_up()
        body()
        self._flush()
        self._publish()

    def pause(self) -> None:
        self._playing("pause")

        def body() -> None:
            if self.state.running:
                self._emit(EventKind.clock_paused, {}, actor="facilitator")
        self._act(body)

    def resume(self) -> None:
        """Start (or restart) the story clock; a new exercise starts paused."""
        self._playing("start the clock")

        def body() -> None:
            if not self.state.running:
                if not any(e.kind is EventKind.plan_in_force for e in self.state.events):
                    self._emit(EventKind.plan_in_force, self._show.plan.summary(), actor="engine")
                self._emit(EventKind.clock_resumed, {}, actor="facilitator")
        self._act(body)

    def set_speed(self, factor: float) -> None:
        """Play faster or slower than planned: ×0.5 to ×100."""
        if isinstance(factor, bool) or not isinstance(factor, (int, float)) or not isfinite(factor) \
                or not MIN_SPEED <= factor <= MAX_SPEED:
            raise ExerciseError(f"speed must be between ×{MIN_SPEED:g} and ×{MAX_SPEED:g} of the plan, not ×{factor}")
        self._playing("change the speed")

        def body() -> None:
            if float(factor) != self.state.speed:
                self._emit(EventKind.speed_changed, {"speed": float(factor)}, actor="facilitator")
        self._act(body)

    def next_inject(self) -> str:
        """Jump the clock to the next pending inject and settle it (and any others due then)."""
        self._playing("jump to the next inject")
        result: list[str] = []

        def body() -> None:
            pending = [s for s in self.state.injects.values() if s.status == "pending"]
            if not pending:
                raise ExerciseError("there is no inject left to jump to")
            nxt = min(pending, key=lambda s: settle_time(s.inject))
            if self._hold_reached():
                self._emit(EventKind.clock_released, {}, actor="facilitator")
            self._jump(settle_time(nxt.inject), "inject", nxt.inject.id)
            result.append(nxt.inject.id)
        self._act(body)
        return result[0]

    def next_module(self) -> str:
        """Skip the rest of this module's injects and open the next module."""
        self._playing("jump to the next module")
        result: list[str] = []

        def body() -> None:
            upcoming = [m for m in self._pacing.modules if m.start > self.env.now]
            if not upcoming:
                raise ExerciseError("this is the last module; start the hotwash when the discussion ends")
            module = upcoming[0]
            if self.state.held is not None:
                self._emit(EventKind.clock_released, {}, actor="facilitator")
            for status in list(self.state.injects.values()):
                if status.status == "pending" and settle_time(status.inject) < module.start:
                    self._settle(status.inject, delivered=False, reason="facilitator", actor="facilitator")
            self._jump(float(module.start), "module", module.id)
            result.append(module.id)
        self._act(body)
        return result[0]

    def _jump(self, to: float, target: str, ref: str) -> None:
        now = float(self.env.now)
        if to > now:
            self._emit(EventKind.clock_jumped, {"from": now, "to": to, "target": target, "ref": ref},
                       actor="facilitator")
            self._advance_to(to, stepping=True)
        else:
            self._settle_now()

    def _hold_reached(self) -> bool:
        held = self.state.held
        return held is not None and self.state.injects[held].status != "pending"

    def fire(self, inject_id: str) -> None:
        """Deliver an inject now, ahead of its time (whatever its condition says)."""
        self._playing("fire an inject")

        def body() -> None:
            status = self._pending_inject(inject_id)
            self._settle(status.inject, delivered=True, reason="fired", actor="facilitator")
        self._act(body)

    def skip(self, inject_id: str) -> None:
        """Never deliver this inject."""
        self._playing("skip an inject")

        def body() -> None:
            status = self._pending_inject(inject_id)
            self._settle(status.inject, delivered=False, reason="facilitator", actor="facilitator")
        self._act(body)

    def hold(self, inject_id: str | None = None) -> str:
        """Stop the clock when it reaches this inject (default: the next one) until `release`."""
        self._playing("hold the clock")
        result: list[str] = []

        def body() -> None:
            if inject_id is None:
                pending = [s for s in self.state.injects.values() if s.status == "pending"]
                if not pending:
                    raise ExerciseError("there is no inject left to hold at")
                chosen = min(pending, key=lambda s: settle_time(s.inject)).inject.id
            else:
                chosen = self._pending_inject(inject_id).inject.id
            self._emit(EventKind.clock_held, {"inject": chosen}, actor="facilitator")
            result.append(chosen)
        self._act(body)
        return result[0]

    def release(self) -> None:
        """End a hold: the clock runs on from where it stopped."""
        self._playing("release the clock")

        def body() -> None:
            if self.state.held is None:
                raise ExerciseError("the clock is not held")
            self._emit(EventKind.clock_released, {}, actor="facilitator")
        self._act(body)

    def start_hotwash(self) -> None:
        """Stop play for the hotwash; injects not yet delivered are skipped."""
        self._playing("start the hotwash")
        self._act(self._close_play)

    def _close_play(self) -> None:
        if self.state.running:
            self._emit(EventKind.clock_paused, {}, actor="facilitator")
        for status in list(self.state.injects.values()):
            if status.status == "pending":
                self._settle(status.inject, delivered=False, reason="facilitator", actor="facilitator")
        self._emit(EventKind.hotwash_started, {}, actor="facilitator")

    def end(self) -> None:
        """End the session (after the hotwash, or directly)."""
        if self.state.phase == "ended":
            raise ExerciseError("the exercise has already ended")

        def body() -> None:
            if self.state.phase == "exercise":
                self._close_play()
            self._emit(EventKind.exercise_ended, {}, actor="facilitator")
        self._act(body)

    # ---- the run of show ------------------------------------------------------------------------

    def run_of_show(self) -> ShowStatus:
        """Where the room is against the plan in force: behind or ahead, the agenda item, what is
        next, and the planned minute of each pending inject."""
        pacing = self._pacing
        pending = [s.inject.id for s in self.state.injects.values() if s.status == "pending"]
        return show.status(self._show, story=float(self.env.now), pending_ids=pending, now=self._clock(),
                           position=pacing.position)

    def _adjust(self, make: Callable[[ShowStatus, str], Adjustment], action: str) -> None:
        self._playing(action)

        def body() -> None:
            module = self.state.module_id
            if module is None:
                raise ExerciseError(f"cannot {action}: no module is being played")
            at = self.run_of_show()
            adjustment = make(at, module)
            absorbed = min(max(0.0, at.behind), adjustment.minutes)
            self._absorbed += absorbed
            self._emit(EventKind.plan_adjusted, {**adjustment.to_json(), "absorbed": absorbed}, actor="facilitator")
        self._act(body)

    def compress(self) -> None:
        """Play the rest of this module faster so that it ends on time (the lateness is kept)."""
        self._adjust(lambda at, module: show.compress(self._show.plan, module, float(self.env.now), at),
                     "compress the module")

    def extend(self, minutes: float | None = None) -> None:
        """Give this module more minutes (default: as many as the room is behind); the rest of the day moves."""
        if minutes is not None and (isinstance(minutes, bool) or not isinstance(minutes, (int, float))
                                    or not 0 < minutes <= 240):
            raise ExerciseError(f"extend by 1 to 240 minutes, not {minutes}")
        self._adjust(lambda at, module: show.extend(module, float(self.env.now), at, minutes), "extend the module")

    def skip_optional(self) -> list[str]:
        """Skip the pending injects of this module its planners marked optional."""
        self._playing("skip optional injects")
        skipped: list[str] = []

        def body() -> None:
            module = self.state.module_id
            for status in list(self.state.injects.values()):
                if status.status == "pending" and status.module_id == module and status.inject.optional:
                    self._settle(status.inject, delivered=False, reason="facilitator", actor="facilitator")
                    skipped.append(status.inject.id)
            self._emit(EventKind.plan_adjusted, {"kind": "skip-optional", "module": module,
                                                 "story": float(self.env.now), "skipped": skipped},
                       actor="facilitator")
        self._act(body)
        return skipped

    def _pending_inject(self, inject_id: str) -> Any:
        status = self.state.injects.get(inject_id)
        if status is None:
            raise ExerciseError(f"there is no inject {inject_id!r} in this scenario")
        if status.status != "pending":
            raise ExerciseError(f"inject {inject_id!r} was already {status.status}")
        return status

    def _release(self, inject_id: str, model: str) -> bool:
        status = self.state.injects.get(inject_id)
        if status is None or status.status != "pending" or self.state.phase != "exercise":
            return False
        self._settle(status.inject, delivered=True, reason="released", actor=f"model:{model}")
        return True

    # ---- rehearsal -------------------------------------------------------------------------------

    def run_to_end(self, decisions: Sequence[Decision] = (), *, actor: str = "rehearsal") -> None:
        """Play the whole scenario at full speed, logging each scripted decision at its story time.

        Writes are batched. After a resume, scripted decisions the log already has (by this actor)
        are not logged again, so a rehearsal killed at any point can be resumed to the same end.
        """
        if self.state.phase == "hotwash":  # a rehearsal stopped between its hotwash and its end
            self.end()
            return
        self._playing("rehearse")
        done = sum(1 for e in self.state.events if e.kind is EventKind.decision_logged and e.actor == actor)
        script = sorted(decisions, key=lambda d: d.scenario_time or 0)[done:]
        self._items = with_script(self._items, self._cursor, script)
        self._script_actor = actor
        self._batching = True
        # A headless run allocates tens of thousands of small acyclic records; pausing the cyclic
        # collector meanwhile halves a 10,000-decision rehearsal. It runs again as soon as we return.
        collecting = gc.isenabled()
        gc.disable()
        try:
            self._process.interrupt()
            self._settle_now()
            if self._final > self.env.now:
                self.env.run(until=self._final)
            self._settle_now()
            self._close_play()
            self._emit(EventKind.exercise_ended, {}, actor="facilitator")
        finally:
            if collecting:
                gc.enable()
            self._batching = False
            self._flush()
        self._publish()

    def _log_scripted(self, decision: Decision) -> None:
        data = {"decision": decision.model_dump(mode="json")}
        self._emit(EventKind.decision_logged, data, actor=self._script_actor)

    def log_decision(self, decision: Decision, *, actor: str) -> Event:
        """Log a decision through the engine (facilitator console): at the current story time."""
        self._read_store()
        self._catch_up()
        event = log_decision(_EngineSink(self), decision, story_time=self.story_time, actor=actor)
        self._flush()
        return event


class _EngineSink:
    """Lets room functions append through the engine, so its state stays in seq order."""

    def __init__(self, exercise: Exercise) -> None:
        self._exercise = exercise

    def append(self, kind: EventKind, data: dict[str, Any], *, scenario_time: float, actor: str) -> Event:
        return self._exercise._emit(kind, data, actor=actor, at=scenario_time)

    def event(self, seq: int) -> Event | None:
        return next((e for e in self._exercise.state.events if e.seq == seq), None)

    def events(self, after_seq: int = 0, kinds: Iterable[EventKind] | None = None) -> list[Event]:
        wanted = None if kinds is None else set(kinds)
        return [e for e in self._exercise.state.events if e.seq > after_seq and (wanted is None or e.kind in wanted)]


def rehearse(loaded: LoadedScenario, decisions: Sequence[Decision] = (), *, clock: Clock,
             store: SessionStore | None = None, seed: int | None = None,
             models: Sequence[ConsequenceModel] = ()) -> Exercise:
    """Run a whole scenario headless (a new session, or resume a rehearsal in `store`)."""
    if store is not None and any(e.kind is not EventKind.session_created for e in store.events()):
        exercise = Exercise.from_log(loaded, store, clock=clock, models=models)
    else:
        exercise = Exercise(loaded, store, clock=clock, seed=seed, models=models)
    if exercise.phase != "ended":
        exercise.run_to_end(decisions)
    return exercise

