"""The Family Assistance Center: families of the dead and injured come for services over days.

Once the FAC opens (hours after the decision), each family party comes once, days later on average;
a family of a deceased victim first sits an antemortem interview with a staff member (2–3 hours,
APC toolkit), then every family uses a few other services (lodging, travel, finances, legal,
counselling), one staff member each, first come first served.
"""

from __future__ import annotations

from typing import Any, Generator

import simpy

from ...model.consequences import FamilyAssistanceParams
from .base import Center, World

MINUTE = 60.0
HOUR = 3600.0
DAY = 24 * HOUR


class FamilyAssistance(Center):
    name = "family_assistance"
    action_kinds = ("open_fac",)
    center_action = "open_fac"

    def __init__(self, env: simpy.Environment, seed: int, params: FamilyAssistanceParams, world: World) -> None:
        super().__init__(env, seed, params.setup_hours * HOUR)
        self.p = params
        self.waiting = self.served = self.services = 0
        self.wait_total = 0.0
        arrivals, needs, service = self.stream("arrivals"), self.stream("services"), self.stream("service")
        for victim in world.victims:
            if victim.status == "unhurt":
                continue
            parties = int(params.families_per_victim) + (arrivals.random() < params.families_per_victim % 1)
            for _ in range(parties):
                delay = arrivals.expovariate(1 / (params.arrival_days * DAY))
                count = round(needs.expovariate(1 / params.services_per_family)) if params.services_per_family else 0
                times = [service.expovariate(1 / (params.service_minutes * MINUTE)) for _ in range(count)]
                if victim.status == "deceased":
                    times.insert(0, params.interview_hours * HOUR)
                env.process(self._family(delay, times))

    def _family(self, delay: float, times: list[float]) -> Generator[simpy.Event, Any, None]:
        yield self.opened
        yield self.env.timeout(delay)
        for duration in times:
            self.waiting += 1
            queued = self.env.now
            yield self.staff_pool.request()
            self.waiting -= 1
            self.wait_total += self.env.now - queued
            self.services += 1
            yield self.env.timeout(duration)
            self.staff_pool.release()
        self.served += 1

    def metrics(self) -> dict[str, float]:
        return {
            "families_waiting": self.waiting,
            "families_served": self.served,
            "services_delivered": self.services,
            "mean_wait_minutes": round(self.wait_total / self.services / MINUTE, 1) if self.services else 0.0,
        }
