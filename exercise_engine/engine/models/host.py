"""The host runs a scenario's consequence models on one SimPy environment of their own.

Why their own: a model is deterministic given (seed, parameters, the actions' timeline), so after
a crash or a resume it is re-simulated from story start, its emissions suppressed until it has
re-produced the events already in the log, then it carries on live. The exercise drives the host
minute by minute (`advance_to`); `ttx simulate` drives it straight to the horizon. Either way the
same model code runs.

Every story minute the host asks the projection which actions are in force (decisions logged
strictly before that minute), tells a model when its actions changed, samples metrics every
`sample_minutes` when they moved (and whenever the actions changed), and checks the thresholds.
"""

from __future__ import annotations

import bisect
import math
from typing import Any, Callable

import simpy

from ...model.consequences import MODEL_METRICS, ModelsSection, NotificationParams, ReunificationParams
from ..actions import HasDecisions, active_actions
from .base import Model, Victim, World, stream
from .behavioral_health import BehavioralHealth
from .family_assistance import FamilyAssistance
from .hotline import Hotline
from .information import Information
from .notification import Notification
from .reunification import Reunification
from .thresholds import ThresholdWatch
from .volunteers_donations import VolunteersDonations

MINUTE = 60.0
HOUR = 3600.0
TICK = 60.0

Emit = Callable[[str, dict[str, Any]], None]
"""(model name, event data) → record a `model_event` at the host's current story time."""
Release = Callable[[str, str], bool]
"""(inject id, threshold id) → release a pending inject now; False if already settled."""


def build_world(env: simpy.Environment, seed: int, section: ModelsSection) -> World:
    """The incident's people: who died (and when each is identified), who is hurt or missing (and
    when each is found). Drawn from the roster's own streams, so every model and plan sees the same."""
    incident = section.incident
    ids = section.notification or NotificationParams()
    found = section.reunification or ReunificationParams()
    identify, locate = stream(seed, "roster", "identification"), stream(seed, "roster", "located")
    world = World(env)
    statuses = ["deceased"] * incident.killed + ["injured"] * incident.injured + ["unhurt"] * incident.unaccounted
    for index, status in enumerate(statuses):
        victim = Victim(index, status, news=env.event())
        if status == "deceased":
            hours = identify.lognormvariate(math.log(ids.id_median_hours), ids.id_spread)
            victim.identified_at = env.now + max(ids.id_min_hours, hours) * HOUR
        else:
            victim.located_at = env.now + locate.expovariate(1 / (found.located_hours * HOUR))
        world.victims.append(victim)
    return world


class ModelHost:
    """A scenario's models, their shared world and thresholds, on their own environment."""

    def __init__(self, section: ModelsSection, seed: int, state: HasDecisions, *, emit: Emit | None = None,
                 release: Release | None = None, already: dict[str, int] | None = None, start: float = 0.0,
                 horizon: float | None = None) -> None:
        self.section = section
        self.seed = seed
        self.state = state
        self.env = simpy.Environment(initial_time=start)
        self._emit, self._release = emit, release
        self._already = dict(already or {})
        """Events per model already in the log (a resume): re-produced silently, not recorded twice."""
        self._emitted: dict[str, int] = {}
        self.world = build_world(self.env, seed, section)
        self.models: list[Model] = [self._build(name, horizon) for name in section.enabled()]
        self._signatures: dict[str, tuple[Any, ...]] = {}
        self._last_values: dict[str, dict[str, float]] = {}
        self._fingerprint: tuple[int, int] = (-1, -1)
        self._seq = -1
        self._times: list[float] = []
        self.horizon = horizon
        """The models stop here (story seconds); None: they run as long as they are driven."""
        self.thresholds = ThresholdWatch(section.thresholds)
        self.env.process(self._control())
        if section.notification is None:
            self.env.process(self._default_notifications())

    def _build(self, name: str, horizon: float | None) -> Model:
        section, env, seed = self.section, self.env, self.seed
        potential = len(self.world.victims)
        if name == "reunification":
            return Reunification(env, seed, section.reunification, self.world)  # type: ignore[arg-type]
        if name == "notification":
            return Notification(env, seed, section.notification, self.world)  # type: ignore[arg-type]
        if name == "hotline":
            return Hotline(env, seed, section.hotline, potential, horizon=horizon)  # type: ignore[arg-type]
        if name == "volunteers_donations":
            return VolunteersDonations(env, seed, section.volunteers_donations, potential)  # type: ignore[arg-type]
        if name == "family_assistance":
            return FamilyAssistance(env, seed, section.family_assistance, self.world)  # type: ignore[arg-type]
        if name == "behavioral_health":
            return BehavioralHealth(env, seed, section.behavioral_health, self.world)  # type: ignore[arg-type]
        return Information(env, seed, section.information)  # type: ignore[arg-type]

    def _default_notifications(self) -> Any:
        """Without the notification model, families of the deceased hear at identification."""
        for victim in sorted(self.world.deceased(), key=lambda v: v.identified_at or 0.0):
            assert victim.identified_at is not None and victim.news is not None
            yield self.env.timeout(max(0.0, victim.identified_at - self.env.now))
            if not victim.news.triggered:
                victim.news_how = "notified"
                victim.news.succeed()

    # ---- driving ---------------------------------------------------------------------------------

    def advance_to(self, time: float) -> None:
        """Run the models through every moment up to and including story time `time`."""
        env = self.env
        if time > env.now:
            env.run(until=time)
        while env.peek() <= time:
            env.step()

    def metrics(self) -> dict[str, float]:
        """Every metric now, as `model.metric`."""
        return {f"{m.name}.{key}": value for m in self.models for key, value in m.metrics().items()}

    # ---- every story minute ------------------------------------------------------------------------

    def _decisions_moved(self, previous: float, now: float) -> bool:
        """Could the actions in force differ from the last minute's? Only if the log gained a decision
        event, or one of its decision events falls in [previous, now). (Saves asking every minute.)"""
        seq = self.state.last_seq
        fingerprint = self._fingerprint if seq == self._seq else (
            len(self.state.decisions),
            sum(len(d.versions) + (d.retracted is not None) for d in self.state.decisions.values()))
        self._seq = seq
        if fingerprint != self._fingerprint:
            self._fingerprint = fingerprint
            self._times = sorted({e.scenario_time for d in self.state.decisions.values()
                                  for e in [*(v for v, _ in d.versions), *([d.retracted] if d.retracted else [])]})
            return True
        index = bisect.bisect_left(self._times, previous)
        return index < len(self._times) and self._times[index] < now

    def _control(self) -> Any:
        sample = self.section.sample_minutes * MINUTE
        models = self.models
        tickers = [m for m in models if type(m).tick is not Model.tick]
        watched = self.thresholds.metrics_by_model()
        reading = [(m, watched[m.name]) for m in models if m.name in watched]
        """The models whose metrics thresholds read, with (metric, `model.metric`): only those every minute."""
        previous = -1.0
        while self.horizon is None or self.env.now <= self.horizon:
            now = self.env.now
            changed = self._apply_actions(now) if self._decisions_moved(previous, now) else {}
            previous = now
            for model in tickers:
                model.tick()
            values: dict[str, dict[str, float]] = {}
            if changed or now % sample == 0:
                for model in models:
                    if model.name in changed or now % sample == 0:
                        values[model.name] = self._sample(model, changed.get(model.name))
            if reading:
                current = {}
                for model, reads in reading:
                    metrics = values.get(model.name) or model.metrics()
                    for key, name in reads:
                        current[name] = metrics[key]
                for crossing in self.thresholds.check(now, current):
                    if self._record("thresholds", crossing) and crossing["crossing"] == "fired" and self._release:
                        self._release(crossing["inject"], crossing["threshold"])
            yield self.env.timeout(TICK)

    def _apply_actions(self, now: float) -> dict[str, list[int]]:
        """Tell each model whose actions in force changed; model → the decisions now driving it."""
        changed = {}
        for model in self.models:
            actions = {kind: active_actions(self.state, kind, now, before=True) for kind in model.action_kinds}
            # by content, not by seq: a log re-numbered after a concurrent write changes nothing
            signature = tuple((a.since, a.action.kind, repr(sorted(a.action.params.items())))
                              for kind in model.action_kinds for a in actions[kind])
            if signature != self._signatures.get(model.name, ()):
                self._signatures[model.name] = signature
                model.apply(actions)
                changed[model.name] = sorted({a.decision_id for kind in model.action_kinds for a in actions[kind]})
        return changed

    def _sample(self, model: Model, decisions: list[int] | None) -> dict[str, float]:
        """Record the model's metrics: after its actions changed (naming the decisions), or on a sample
        minute if they moved (a series holds its value until the next sample: no news, no event)."""
        values = model.metrics()
        if decisions is None and values == self._last_values.get(model.name):
            return values
        self._last_values[model.name] = values
        data: dict[str, Any] = {"model": model.name, "reason": "sample" if decisions is None else "action",
                                "metrics": values}
        if decisions is not None:
            data["decisions"] = decisions
        self._record(model.name, data)
        return values

    def _record(self, model: str, data: dict[str, Any]) -> bool:
        """Emit unless the log already has this model's event (a resume re-producing the past)."""
        count = self._emitted.get(model, 0) + 1
        self._emitted[model] = count
        if count <= self._already.get(model, 0):
            return False
        if self._emit is not None:
            self._emit(model, data)
        return True


def metric_names(section: ModelsSection) -> list[str]:
    """`model.metric` for every enabled model."""
    return [f"{m}.{k}" for m in section.enabled() for k in MODEL_METRICS[m]]
