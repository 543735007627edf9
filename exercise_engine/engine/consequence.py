"""Consequence models: small simulations that react to what the room decided.

The scenario's models (`models:` in the scenario file) run as one `ScenarioModels` (engine/models/):
a model host on an environment of its own, driven minute by minute from the exercise's. This module
is the hook the engine lends any consequence model.

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

import math
import random
from dataclasses import dataclass
from typing import Any, Callable

import simpy

from ..model.events import Event, EventKind
from ..model.records import Action
from .actions import active_actions
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
    _record_at: Callable[[dict[str, Any], float, str], Event] | None = None
    """(data, story time, actor) → append a model_event at that time (the engine supplies it)."""

    def __post_init__(self) -> None:
        self.rng = random.Random(f"{self.seed}:{self.name}")

    def rng_at(self, step: object) -> random.Random:
        """A generator for one step of the model (an hour, a wave): the same numbers after a resume."""
        return random.Random(f"{self.seed}:{self.name}:{step}")

    def emit(self, kind: str | EventKind, data: dict[str, Any]) -> Event:
        """Record a model event (`model_event`, data carries `model: <name>`) at the current story time."""
        return self._emit(EventKind(kind).value if not isinstance(kind, EventKind) else kind.value, data)

    def emit_at(self, data: dict[str, Any], at: float, model: str | None = None) -> Event:
        """Record a `model_event` at story time `at` by actor `model:<model>` (default: this model): a
        model catching up after a resume records what it re-produced at the time it happened."""
        if self._record_at is None:
            raise RuntimeError("this engine cannot record model events at a given time")
        return self._record_at(data, at, f"model:{model or self.name}")

    def release(self, inject_id: str, by: str | None = None) -> bool:
        """Deliver a pending inject now (reason "released", actor `model:<by or this model>`);
        False if it was already settled."""
        return self._release(inject_id, by or self.name)

    def past_events(self) -> list[Event]:
        """This model's events already in the log (after a resume: where to pick up)."""
        return [e for e in self.state.events
                if e.kind is EventKind.model_event and e.data.get("model") == self.name]

    def actions(self, kind: str, at: float = math.inf) -> list[Action]:
        """The `kind` actions in force at story time `at` (default: all standing now), oldest first."""
        return [found.action for found in active_actions(self.state, kind, at)]


class ConsequenceModel(Observer):
    """A model: a name, and `start` to put its process(es) on the exercise's environment."""

    name: str

    def start(self, env: simpy.Environment, ctx: ModelContext) -> None:
        """Register the model's process(es) on `env`."""
        raise NotImplementedError
