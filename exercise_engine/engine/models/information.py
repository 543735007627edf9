"""The information environment: rumors in the gaps between official updates, and media inquiries
queuing at the PIOs.

Rumors arise faster the longer the public has gone without an official update (rumor spread
tracks anxiety during gaps in official communication, PNAS 2017); each official update puts each
circulating rumor to rest with some chance, higher when a joint information center speaks with one
voice. Media inquiries arrive fast on day 1 and fall off; PIOs on duty, plus a JIC's staff once
it opens, answer them first come, first served.
"""

from __future__ import annotations

from typing import Any, Generator

import simpy

from ...model.consequences import InformationParams
from ..actions import ActiveAction, latest
from .base import Model, Servers, decaying_arrivals, param

MINUTE = 60.0
HOUR = 3600.0
JIC_SETUP_MINUTES = 60.0
"""From the decision until a joint information center answers (assumption)."""
SILENCE_CAP_HOURS = 6.0
"""Rumors arise no faster than after this many hours of silence (assumption)."""
RUMOR_LIFE_HOURS = 12.0
"""A rumor nobody answers fades on its own after this long on average (assumption)."""


class Information(Model):
    name = "information"
    action_kinds = ("set_briefing_cadence", "open_jic")

    def __init__(self, env: simpy.Environment, seed: int, params: InformationParams) -> None:
        super().__init__(env, seed)
        self.p = params
        self.pios = Servers(env, params.pios_on_duty)
        self.cadence: float | None = None
        self.last_update = float(env.now)
        self.rumors: list[float] = []
        """When each circulating rumor would fade on its own."""
        self.jic_staff = 0
        self.jic_open = False
        self._rumor = self.stream("rumors")
        self._debunk = self.stream("debunk")
        self._life = self.stream("rumor_life")
        self._service = self.stream("inquiry_service")
        half = params.inquiries_half_life_hours * HOUR
        total = params.inquiries_per_hour * params.inquiries_half_life_hours / 0.6931471805599453
        env.process(self._inquiries(decaying_arrivals(self.stream("inquiries"), total, half, start=float(env.now))))

    def apply(self, actions: dict[str, list[ActiveAction]]) -> None:
        every = param(latest(actions.get("set_briefing_cadence", [])), "every_minutes", None)
        self.cadence = None if every is None else float(every) * MINUTE
        staff = int(param(latest(actions.get("open_jic", [])), "staff", 0))
        self.staff(self.jic_staff, staff, JIC_SETUP_MINUTES * MINUTE, self._staff_jic)

    def _staff_jic(self, staff: int) -> None:
        self.jic_staff = staff
        self.jic_open = staff > 0
        self.pios.set_capacity(self.p.pios_on_duty + staff)

    def tick(self) -> None:
        """Every story minute: maybe an official update, maybe a new rumor (one draw a minute, always)."""
        now = self.env.now
        if self.cadence is not None and now - self.last_update >= self.cadence:
            self.last_update = now
            share = self.p.debunk_share_with_jic if self.jic_open else self.p.debunk_share
            self.rumors = [r for r in self.rumors if self._debunk.random() >= share]
        self.rumors = [r for r in self.rumors if r > now]
        silence_hours = min(SILENCE_CAP_HOURS, (now - self.last_update) / HOUR)
        if self._rumor.random() < self.p.rumors_per_hour_of_silence * silence_hours / 60:
            self.rumors.append(now + self._life.expovariate(1 / (RUMOR_LIFE_HOURS * HOUR)))

    def _inquiries(self, times: Any) -> Generator[simpy.Event, Any, None]:
        for at in times:
            if at > self.env.now:
                yield self.env.timeout(at - self.env.now)
            self.env.process(self._inquiry(self._service.expovariate(1 / (self.p.inquiry_minutes * MINUTE))))

    def _inquiry(self, service: float) -> Generator[simpy.Event, Any, None]:
        yield self.pios.request()
        yield self.env.timeout(service)
        self.pios.release()

    def metrics(self) -> dict[str, float]:
        return {
            "hours_since_update": round((self.env.now - self.last_update) / HOUR, 2),
            "misinformation": len(self.rumors),
            "unanswered_inquiries": self.pios.waiting,
        }
