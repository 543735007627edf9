"""The public inquiry hotline: an M/M/c queue with caller patience (abandonment) and redials.

Callers arrive as a Poisson process (decaying from the first hours, or constant for planning
studies); each has a talk time, a patience and a number of redials drawn when they first call,
each from its own stream, so every staffing plan meets the same callers. Lines answer first come,
first served. New lines answer `setup_minutes` after the decision (phones, call-takers, scripts);
fewer lines take effect at once.
"""

from __future__ import annotations

import math
from typing import Any, Generator

import simpy

from ...model.consequences import HotlineParams
from ..actions import ActiveAction, latest
from .base import Model, Servers, decaying_arrivals, param

HOUR = 3600.0


class Hotline(Model):
    name = "hotline"
    action_kinds = ("staff_hotline",)

    def __init__(self, env: simpy.Environment, seed: int, params: HotlineParams, potential_victims: int,
                 *, horizon: float | None = None) -> None:
        super().__init__(env, seed)
        self.p = params
        self.lines = Servers(env)
        self.offered = self.answered = self.abandoned = self.within_target = 0
        self.first_calls = 0
        self.wait_total = 0.0
        self.abandon_wait_total = 0.0
        self._service = self.stream("service")
        self._patience = self.stream("patience")
        self._redial = self.stream("redial")
        arrivals = self.stream("arrivals")
        if params.arrivals == "constant":
            self._times = self._constant(arrivals, params.calls_per_hour / HOUR, horizon)
        else:
            self._times = decaying_arrivals(arrivals, params.calls_per_victim * potential_victims,
                                            params.half_life_hours * HOUR, start=float(env.now))
        env.process(self._arrivals())

    @staticmethod
    def _constant(rng: Any, rate: float, horizon: float | None) -> Any:
        now = 0.0
        while rate > 0:
            now += rng.expovariate(rate)
            if horizon is not None and now > horizon:
                return
            yield now

    def apply(self, actions: dict[str, list[ActiveAction]]) -> None:
        target = int(param(latest(actions.get("staff_hotline", [])), "lines", 0))
        self.staff(self.lines.capacity, target, self.p.setup_minutes * 60, self.lines.set_capacity)

    def _arrivals(self) -> Generator[simpy.Event, Any, None]:
        p = self.p
        for at in self._times:
            if at > self.env.now:
                yield self.env.timeout(at - self.env.now)
            service = self._service.expovariate(1 / (p.handle_minutes * 60))
            patience = math.inf if p.patience_minutes is None else self._patience.expovariate(1 / (p.patience_minutes * 60))
            redials = min(p.max_redials, int(math.log(1 - self._redial.random()) / math.log(p.redial_probability))
                          if p.redial_probability > 0 else 0)
            delay = self._redial.expovariate(1 / (p.redial_minutes * 60))
            self.first_calls += 1
            self.env.process(self._caller(service, patience, redials, delay))

    def _caller(self, service: float, patience: float, redials: int, delay: float) -> Generator[simpy.Event, Any, None]:
        env = self.env
        for attempt in range(redials + 1):
            self.offered += 1
            start = env.now
            request = self.lines.request()
            if not request.triggered:
                if math.isinf(patience):
                    yield request
                else:
                    yield request | env.timeout(patience)
            if request.triggered and request.ok:
                wait = env.now - start
                self.wait_total += wait
                self.answered += 1
                if wait <= self.p.service_target_seconds:
                    self.within_target += 1
                yield env.timeout(service)
                self.lines.release()
                return
            self.lines.cancel(request)
            self.abandoned += 1
            self.abandon_wait_total += env.now - start
            if attempt < redials:
                yield env.timeout(delay)

    def metrics(self) -> dict[str, float]:
        finished = self.answered + self.abandoned
        return {
            "offered": self.offered,
            "answered": self.answered,
            "abandoned": self.abandoned,
            "waiting": self.lines.waiting,
            "asa_seconds": round(self.wait_total / self.answered, 1) if self.answered else 0.0,
            "service_level": round(self.within_target / finished, 4) if finished else 1.0,
            "abandoned_share": round(self.abandoned / finished, 4) if finished else 0.0,
        }
