"""Consequence models: small simulations that react to what the room decided.

A model is a SimPy process on the exercise's own environment and an `Observer` of the log. It
reads decisions' structured actions from the projection (`ctx.state`) when it needs them, so that
amendments, retractions and resumes count alike; records what happens as `model_event`s in the same
session log; and may release a contingency inject when its numbers say the room needs one. Models
draw randomness only from the context (seeded from the exercise seed and the model name), so runs
stay reproducible.

Resume: a model is started afresh on a resumed exercise. The process should pick up from its own
past events (`ctx.past_events()`), and draw with `ctx.rng_at(step)` so that a resumed run draws the
same numbers as an uninterrupted one.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any, Callable, Generator

import simpy

from ..model.events import Event, EventKind
from ..model.records import Action
from .observer import Observer
from .projection import SessionState


@dataclass
class ModelContext:
    """What the engine lends a model."""

    name: str
    seed: int
    state: SessionState
    """The projection: what the room has decided so far (read it, never change it)."""
    _emit: Callable[[str, dict[str, Any]], Event]
    _release: Callable[[str, str], bool]

    def __post_init__(self) -> None:
        self.rng = random.Random(f"{self.seed}:{self.name}")

    def rng_at(self, step: object) -> random.Random:
        """A generator for one step of the model (an hour, a wave): the same numbers after a resume."""
        return random.Random(f"{self.seed}:{self.name}:{step}")

    def emit(self, kind: str | EventKind, data: dict[str, Any]) -> Event:
        """Record a model event (`model_event`, data carries `model: <name>`) at the current story time."""
        return self._emit(EventKind(kind).value if not isinstance(kind, EventKind) else kind.value, data)

    def release(self, inject_id: str) -> bool:
        """Deliver a pending inject now (reason "released"); False if it was already settled."""
        return self._release(inject_id, self.name)

    def past_events(self) -> list[Event]:
        """This model's events already in the log (after a resume: where to pick up)."""
        return [e for e in self.state.events
                if e.kind is EventKind.model_event and e.data.get("model") == self.name]

    def actions(self, kind: str) -> list[Action]:
        """The `kind` actions of the decisions standing now (current versions, none retracted),
        in the order the decisions were logged."""
        return [action for found in self.state.active_decisions() for action in found.current.actions
                if action.kind == kind]


class ConsequenceModel(Observer):
    """A model: a name, and `start` to put its process(es) on the exercise's environment."""

    name: str

    def start(self, env: simpy.Environment, ctx: ModelContext) -> None:
        """Register the model's process(es) on `env`."""
        raise NotImplementedError


class HotlineModel(ConsequenceModel):
    """The family assistance hotline: calls per story hour against the lines a table staffed.

    Demand follows the planning assumption of 8–10 loved ones per potential victim calling in the
    first hours (APC family-assistance toolkit), decaying hour by hour; one line answers about 12
    calls an hour (five-minute calls). A `staff_hotline` action with `lines: N` sets the staffing.
    If, in any hour, more than `overwhelmed_share` of calls go unanswered and `overwhelmed_inject`
    is set, that contingency inject is released.
    """

    def __init__(self, *, victims: int = 32, callers_per_victim: int = 9, calls_per_line_hour: int = 12,
                 hours: int = 12, decay: float = 0.75, overwhelmed_inject: str | None = None,
                 overwhelmed_share: float = 0.5, start: float = 0.0) -> None:
        self.name = "hotline"
        self.victims = victims
        self.callers_per_victim = callers_per_victim
        self.calls_per_line_hour = calls_per_line_hour
        self.hours = hours
        self.decay = decay
        self.overwhelmed_inject = overwhelmed_inject
        self.overwhelmed_share = overwhelmed_share
        self.start_time = start

    def start(self, env: simpy.Environment, ctx: ModelContext) -> None:
        done = [int(e.data["hour"]) for e in ctx.past_events()]
        env.process(self._run(env, ctx, max(done, default=0) + 1))

    def _run(self, env: simpy.Environment, ctx: ModelContext, first_hour: int) -> Generator[simpy.Event, Any, None]:
        for hour in range(first_hour, self.hours + 1):
            at = self.start_time + hour * 3600
            if at > env.now:
                yield env.timeout(at - env.now)
            expected = self.victims * self.callers_per_victim * (1 - self.decay) * self.decay ** (hour - 1)
            rng = ctx.rng_at(hour)
            calls = max(0, round(rng.gauss(expected, expected ** 0.5)))
            staffed = ctx.actions("staff_hotline")
            lines = max(0, int(staffed[-1].params.get("lines", 0))) if staffed else 0
            answered = min(calls, lines * self.calls_per_line_hour)
            ctx.emit(EventKind.model_event, {"model": self.name, "hour": hour, "lines": lines,
                                             "calls": calls, "answered": answered})
            if (self.overwhelmed_inject and calls
                    and (calls - answered) / calls > self.overwhelmed_share):
                ctx.release(self.overwhelmed_inject)
