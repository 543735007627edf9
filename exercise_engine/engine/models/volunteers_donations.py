"""Volunteers and donations: spontaneous volunteers, unsolicited goods, money to funds.

Volunteers arrive over the first day or two (gamma-shaped, peaking at `volunteer_peak_hours`).
Without a volunteer reception center they mill about unmanaged until they self-deploy or leave;
with one, interviewers register and refer them. Goods arrive from `goods_start_hours`, falling off
over weeks, against what the warehouse's sorters can screen. Money pours in from the first hours;
until one official fund is designated, all of it goes to unofficial funds.
"""

from __future__ import annotations

from typing import Any, Generator

import simpy

from ...model.consequences import VolunteersDonationsParams
from ..actions import ActiveAction, latest
from .base import Model, Servers, param

MINUTE = 60.0
HOUR = 3600.0
DAY = 24 * HOUR
CENTER_SETUP_MINUTES = 120.0
"""From the decision until the volunteer reception center registers people (assumption; a VRC
usually opens days after impact when it was not planned)."""


class VolunteersDonations(Model):
    name = "volunteers_donations"
    action_kinds = ("open_volunteer_center", "open_donations_warehouse", "designate_official_fund")

    def __init__(self, env: simpy.Environment, seed: int, params: VolunteersDonationsParams,
                 potential_victims: int) -> None:
        super().__init__(env, seed)
        self.p = params
        self.start = float(env.now)
        self.interviewers = Servers(env)
        self.arrived = self.unmanaged = self.registered = self.self_deployed = 0
        self.backlog = self.received_items = self.sorted_items = 0.0
        self.sorters = 0
        self.official_fund = False
        self.money_official = self.money_unofficial = 0.0
        self.potential_victims = potential_victims
        self._goods = self.stream("goods")
        arrivals, patience = self.stream("volunteers"), self.stream("patience")
        total = round(params.volunteers_per_victim * potential_victims)
        times = sorted(arrivals.gammavariate(2.0, params.volunteer_peak_hours * HOUR) for _ in range(total))
        env.process(self._volunteers(times, [patience.expovariate(1 / (params.volunteer_patience_hours * HOUR))
                                             for _ in times]))
        env.process(self._hourly())

    def apply(self, actions: dict[str, list[ActiveAction]]) -> None:
        self.sorters = int(param(latest(actions.get("open_donations_warehouse", [])), "sorters", 0))
        self.official_fund = bool(actions.get("designate_official_fund"))
        staff = int(param(latest(actions.get("open_volunteer_center", [])), "staff", 0))
        self.staff(self.interviewers.capacity, staff, CENTER_SETUP_MINUTES * MINUTE, self.interviewers.set_capacity)

    def _volunteers(self, times: list[float], patience: list[float]) -> Generator[simpy.Event, Any, None]:
        for at, wait in zip(times, patience):
            at += self.start
            if at > self.env.now:
                yield self.env.timeout(at - self.env.now)
            self.env.process(self._volunteer(wait))

    def _volunteer(self, patience: float) -> Generator[simpy.Event, Any, None]:
        self.arrived += 1
        self.unmanaged += 1
        request = self.interviewers.request()
        if not request.triggered:
            yield request | self.env.timeout(patience)
        if not (request.triggered and request.ok):
            self.interviewers.cancel(request)
            self.unmanaged -= 1
            self.self_deployed += 1
            return
        yield self.env.timeout(self.p.volunteer_intake_minutes * MINUTE)
        self.interviewers.release()
        self.unmanaged -= 1
        self.registered += 1

    def _hourly(self) -> Generator[simpy.Event, Any, None]:
        """Goods and money as hourly flows (counts of items and dollars, not individual gifts)."""
        p = self.p
        while True:
            yield self.env.timeout(HOUR)
            t = self.env.now - self.start
            noise = self._goods.gauss(0.0, 1.0)  # drawn every hour, whatever the plan (common random numbers)
            if t >= p.goods_start_hours * HOUR:
                mean = p.items_per_day / 24 * 0.5 ** ((t - p.goods_start_hours * HOUR) / (p.goods_half_life_days * DAY))
                items = max(0.0, round(mean + noise * mean ** 0.5))
                self.received_items += items
                self.backlog += items
            capacity = self.sorters * p.items_per_sorter_hour * p.sorter_hours_per_day / 24
            done = min(self.backlog, capacity)
            self.backlog -= done
            self.sorted_items += done
            half = p.money_half_life_days * DAY  # day 1 brings money_per_victim_first_day per victim
            given = (p.money_per_victim_first_day * self.potential_victims
                     * (0.5 ** ((t - HOUR) / half) - 0.5 ** (t / half)) / (1 - 0.5 ** (DAY / half)))
            official = given * p.official_share_after_designation if self.official_fund else 0.0
            self.money_official += official
            self.money_unofficial += given - official

    def metrics(self) -> dict[str, float]:
        money = self.money_official + self.money_unofficial
        return {
            "unmanaged_volunteers": self.unmanaged,
            "registered_volunteers": self.registered,
            "self_deployed_volunteers": self.self_deployed,
            "warehouse_backlog": round(self.backlog),
            "unofficial_money_share": round(self.money_unofficial / money, 4) if money else 0.0,
        }
