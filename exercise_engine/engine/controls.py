"""The facilitator's controls on a running exercise: pause and resume, speed, fire, skip, restore,
hold and release, jumps, the hotwash and the end, and the run-of-show adjustments.

Every control takes one path (`_act`): catch up with the story, check it can be done now (an
`ExerciseError` before anything is recorded), record a `control` event, do it (its events follow the
control in the log), and write them all in one transaction. A check that finds nothing to do
(pause when paused) records nothing. Replaying a session's controls gives the same log.
"""

from __future__ import annotations

from math import isfinite
from typing import TYPE_CHECKING, Any, Callable, TypeVar

from ..model.events import Event, EventKind
from . import show
from .conditions import settle_time
from .projection import InjectState
from .run_of_show import Adjustment, Plan
from .show import ShowStatus

if TYPE_CHECKING:
    import simpy

    from ..model.clock import Clock
    from .pacing import Pacing
    from .projection import SessionState
    from .recorder import Recorder
    from .show import PlanKeeper
    from .timeline import Timeline

T = TypeVar("T")
NOTHING_TO_DO: Any = object()
"""What a control's check returns when the control would change nothing (pause when paused): no event."""

MIN_SPEED = 0.5
MAX_SPEED = 100.0


class ExerciseError(ValueError):
    """A facilitator action that cannot be done now; the message says why, for the console."""


class FacilitatorControls:
    """The controls of `Exercise`, which provides the story clock and the collaborators they use."""

    if TYPE_CHECKING:  # what `Exercise` provides
        state: SessionState
        recorder: Recorder
        timeline: Timeline
        env: simpy.Environment
        _show: PlanKeeper
        _absorbed: float
        _clock: Clock
        _pacing: Pacing

        def _catch_up(self) -> None: ...

        def _plan_in_force(self) -> Plan: ...

        def _advance_to(self, target: float, *, stepping: bool = False) -> None: ...

        def save(self) -> None: ...

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
                self.recorder.record(EventKind.plan_in_force, self._plan_in_force().summary(), at=float(self.env.now),
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
        self._plan_in_force()  # what the log changed, followed even before the clock first ran
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
            measured = show.compress(self._plan_in_force(), module, float(self.env.now), at)
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
