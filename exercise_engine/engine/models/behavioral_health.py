"""Behavioral health: people seeking crisis counseling over days and weeks, against counselors.

Five groups may seek support: families of the dead and injured, survivors, witnesses, responders
and the wider community. Each person in a group is drawn once, at the start, with the day they would
first seek support and a number of visits (the later ones booked days apart); whether they come is
decided on that day (more come once a resiliency center is open: one known place). Each visit waits
first come, first served for a counselor — the community's own, those deployed by a decision, and a
resiliency center's staff — and a person who waits longer than their patience gives up: unmet
demand. Every draw is made up front from its own stream, so more counselors never change who seeks
help when (common random numbers).
"""

from __future__ import annotations

import math
from typing import Any, Generator

import simpy

from ...model.consequences import BehavioralHealthParams, Seekers
from ..actions import ActiveAction, latest
from .base import Model, Servers, World, param

MINUTE = 60.0
HOUR = 3600.0
DAY = 24 * HOUR


class BehavioralHealth(Model):
    name = "behavioral_health"
    action_kinds = ("deploy_crisis_counselors", "open_resiliency_center")

    def __init__(self, env: simpy.Environment, seed: int, params: BehavioralHealthParams, world: World) -> None:
        super().__init__(env, seed)
        self.p = params
        self.counselors = Servers(env, params.local_counselors)
        self.deployed = self.center_staff = 0
        self.seeking = self.requested = self.seen = self.unmet = 0
        self.wait_total = 0.0
        hurt = sum(1 for v in world.victims if v.status != "unhurt")
        survivors = sum(1 for v in world.victims if v.status != "deceased")
        groups = [(params.families, round(params.family_members_per_victim * hurt)), (params.survivors, survivors),
                  (params.witnesses, 0), (params.responders, 0), (params.community, 0)]
        seek, visits, session, patience = (self.stream(s) for s in ("seek", "visits", "session", "patience"))
        outreach = params.center_outreach
        for group, counted in groups:
            for _ in range(counted if group.people is None else group.people):
                chance, at = seek.random(), seek.expovariate(1 / (group.delay_days * DAY))
                if chance >= min(1.0, group.share * outreach):
                    continue  # would not seek support even with a resiliency center open
                times = [at + k * params.days_between_visits * DAY for k in range(self._visits(visits))]
                needs = [(session.expovariate(1 / (params.session_minutes * MINUTE)),
                          math.inf if params.patience_days is None else patience.expovariate(1 / (params.patience_days * DAY)))
                         for _ in times]
                env.process(self._person(group, chance, times, needs))

    def _visits(self, rng: Any) -> int:
        """Visits a person seeks: one, plus a geometric number with the configured mean."""
        extra = self.p.visits_per_person - 1
        if extra <= 0:
            return 1
        return 1 + int(math.log(1 - rng.random()) / math.log(extra / (extra + 1)))

    def apply(self, actions: dict[str, list[ActiveAction]]) -> None:
        deployed = int(param(latest(actions.get("deploy_crisis_counselors", [])), "counselors", 0))
        self.staff(self.deployed, deployed, self.p.deploy_hours * HOUR, self._deploy, pool="deployed")
        center = int(param(latest(actions.get("open_resiliency_center", [])), "staff", 0))
        current = center if self.center_staff else 0  # once open, changes are immediate
        self.staff(current, center, self.p.center_setup_days * DAY, self._staff_center, pool="center")

    def _deploy(self, counselors: int) -> None:
        self.deployed = counselors
        self.counselors.set_capacity(self.p.local_counselors + self.deployed + self.center_staff)

    def _staff_center(self, staff: int) -> None:
        self.center_staff = staff
        self.counselors.set_capacity(self.p.local_counselors + self.deployed + self.center_staff)

    def _person(self, group: Seekers, chance: float, times: list[float],
                needs: list[tuple[float, float]]) -> Generator[simpy.Event, Any, None]:
        env = self.env
        yield env.timeout(max(0.0, times[0] - env.now))
        if chance >= group.share * (self.p.center_outreach if self.center_staff else 1.0):
            return
        self.seeking += 1
        for at, (session, patience) in zip(times, needs):
            env.process(self._visit(at, session, patience))

    def _visit(self, at: float, session: float, patience: float) -> Generator[simpy.Event, Any, None]:
        """One visit, on its own day whether or not the last was kept (so staffing never moves it)."""
        env = self.env
        if at > env.now:
            yield env.timeout(at - env.now)
        self.requested += 1
        queued = env.now
        request = self.counselors.request()
        if not request.triggered:
            yield request if math.isinf(patience) else request | env.timeout(patience)
        if request.triggered and request.ok:
            self.seen += 1
            self.wait_total += env.now - queued
            yield env.timeout(session)
            self.counselors.release()
            return
        self.counselors.cancel(request)
        self.unmet += 1

    def metrics(self) -> dict[str, float]:
        finished = self.seen + self.unmet
        return {
            "seeking": self.seeking,
            "waiting": self.counselors.waiting,
            "seen": self.seen,
            "unmet": self.unmet,
            "unmet_share": round(self.unmet / finished, 4) if finished else 0.0,
            "mean_wait_hours": round(self.wait_total / self.seen / HOUR, 2) if self.seen else 0.0,
            "counselors_on_duty": self.counselors.capacity,
        }
