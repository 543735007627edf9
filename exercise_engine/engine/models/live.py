"""A scenario's consequence models inside a running exercise.

The exercise's environment carries one small process that, at every whole story minute, brings the
models' host up to the exercise's story time. The host reads the actions in force from the
exercise's own projection (`SessionState`), records metric samples and threshold crossings through
the exercise's one event path, and releases consequence injects through it. After a resume, the
host is rebuilt from story start and re-simulates silently up to the events already in the log.
"""

from __future__ import annotations

import math
from typing import Any, Callable, Generator

import simpy

from ...model.consequences import ModelsSection
from ...model.events import Event, EventKind
from ..consequence import ConsequenceModel, ModelContext
from ..projection import SessionState
from .host import TICK, ModelHost

EmitAt = Callable[[dict[str, Any], str, float], Any]
"""(event data, model name, story time) → append a `model_event` by actor `model:<name>` at that time."""
Release = Callable[[str, str], bool]
"""(inject id, threshold id) → deliver a pending inject now as a consequence; False if settled."""


def logged_counts(events: list[Event]) -> dict[str, int]:
    """Model events already in the log, per model (what a resumed host must not record again)."""
    counts: dict[str, int] = {}
    for event in events:
        if event.kind is EventKind.model_event and "model" in event.data:
            model = str(event.data["model"])
            counts[model] = counts.get(model, 0) + 1
    return counts


class LiveModels:
    """Drives a ModelHost from an exercise's environment, minute by minute."""

    def __init__(self, section: ModelsSection, seed: int, state: SessionState, *, emit_at: EmitAt,
                 release: Release) -> None:
        self.section = section
        self._emit_at = emit_at
        self.host = ModelHost(section, seed, state, emit=self._emit, release=release,
                              already=logged_counts(state.events), horizon=section.horizon)

    def _emit(self, model: str, data: dict[str, Any]) -> None:
        self._emit_at(data, model, float(self.host.env.now))

    def start(self, env: simpy.Environment) -> None:
        """Catch up to the exercise's story time (silently, for what the log has), then follow it."""
        env.process(self._follow(env))

    def _follow(self, env: simpy.Environment) -> Generator[simpy.Event, Any, None]:
        horizon = float(self.section.horizon)
        self.host.advance_to(min(float(env.now), horizon))
        while env.now < horizon:
            next_minute = (math.floor(env.now / TICK) + 1) * TICK
            yield env.timeout(next_minute - env.now)
            self.host.advance_to(min(float(env.now), horizon))

    def metrics(self) -> dict[str, float]:
        return self.host.metrics()


class ScenarioModels(ConsequenceModel):
    """The scenario's `models:` section as one consequence model of the exercise.

    Its metric samples are recorded by actor `model:<model>` (`model:thresholds` for crossings and
    the consequence injects they release)."""

    name = "models"

    def __init__(self, section: ModelsSection) -> None:
        self.section = section
        self.live: LiveModels | None = None

    def start(self, env: simpy.Environment, ctx: ModelContext) -> None:
        self.live = LiveModels(
            self.section, ctx.seed, ctx.state,
            emit_at=lambda data, model, at: ctx.emit_at(data, at, model),
            release=lambda inject, threshold: ctx.release(inject, by="thresholds"))
        self.live.start(env)


def scenario_models(section: ModelsSection | None) -> list[ConsequenceModel]:
    """What an exercise runs for a scenario's `models:` section (nothing without one)."""
    return [ScenarioModels(section)] if section is not None and section.enabled() else []
