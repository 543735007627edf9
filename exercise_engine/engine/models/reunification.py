"""Family reunification: families converging on a Friends & Relatives Center, or, while none is
open, on hospitals and the scene.

One family party per potential victim. Local families arrive in the first hours, out-of-town
families as flights land. Until the FRC opens they wait at hospitals or the scene, where news
reaches them late and piecemeal; once it opens they come to it, sign in with a staff member, and
a staff member (a family liaison) gives them news of a loved one who is found or hospitalized.
Families of the deceased get their news from a notification team (the notification model). Families
at the FRC are briefed on the schedule the room set (`briefing_every_minutes` of `open_frc`), or not
at all: the time since their last briefing is what they feel as "nobody tells us anything".
"""

from __future__ import annotations

from typing import Any, Generator

import simpy

from ...model.consequences import ReunificationParams
from ..actions import ActiveAction, latest
from .base import Center, Victim, World, param

MINUTE = 60.0
HOUR = 3600.0
SCATTERED_NEWS_HOURS = 3.0
"""Without an FRC, news of a found or hospitalized person reaches the family this much later on
average (no one place to tell them; assumption from Parkland's hours of waiting)."""


class Reunification(Center):
    name = "reunification"
    action_kinds = ("open_frc",)
    center_action = "open_frc"

    def __init__(self, env: simpy.Environment, seed: int, params: ReunificationParams, world: World) -> None:
        super().__init__(env, seed, params.setup_minutes * MINUTE)
        self.p = params
        self.world = world
        self.arrived_at: dict[int, float] = {}
        self.at_frc: set[int] = set()
        self.elsewhere: set[int] = set()
        self.with_news = 0
        self.news_wait_total = 0.0
        self.signed_in = 0
        self.signin_wait_total = 0.0
        self.briefings: tuple[float, float] | None = None
        """(story time the schedule began, seconds between briefings), once the room set one."""
        arrivals, travel, scattered = self.stream("arrivals"), self.stream("travel"), self.stream("scattered")
        for victim in world.victims:
            if arrivals.random() < params.local_share:
                at = env.now + arrivals.expovariate(1 / (params.local_arrival_minutes * MINUTE))
            else:
                at = env.now + travel.uniform(*params.travel_hours) * HOUR
            late = scattered.expovariate(1 / (SCATTERED_NEWS_HOURS * HOUR))
            redirect = scattered.expovariate(1 / (params.redirect_minutes * MINUTE)) if params.redirect_minutes else 0.0
            env.process(self._family(victim, at, late, redirect))

    def apply(self, actions: dict[str, list[ActiveAction]]) -> None:
        super().apply(actions)
        active = latest(actions.get(self.center_action, []))
        every = param(active, "briefing_every_minutes", None)
        if not every:
            self.briefings = None
        elif self.briefings is None or self.briefings[1] != every * MINUTE:
            self.briefings = (float(self.env.now), every * MINUTE)

    def _last_briefing(self, now: float) -> float | None:
        """Story time of the latest scheduled briefing at or before `now` (None: there has been none)."""
        if self.briefings is None or not self.opened.triggered:
            return None
        start, every = self.briefings
        return start + ((now - start) // every) * every if now >= start else None

    def _family(self, victim: Victim, at: float, late: float, redirect: float) -> Generator[simpy.Event, Any, None]:
        env = self.env
        yield env.timeout(max(0.0, at - env.now))
        self.arrived_at[victim.index] = env.now
        news = victim.news
        assert news is not None
        if not self.opened.triggered:
            self.elsewhere.add(victim.index)
            if victim.status != "deceased":
                env.process(self._told_elsewhere(victim, late))
            yield news | self.opened
            if news.triggered:
                self._heard(victim.index)
                return
            yield news | env.timeout(redirect)
            self.elsewhere.discard(victim.index)
            if news.triggered:
                self._heard(victim.index)
                return
        self.at_frc.add(victim.index)
        queued = env.now
        request = self.staff_pool.request()
        yield request
        self.signed_in += 1
        self.signin_wait_total += env.now - queued
        yield env.timeout(self.p.intake_minutes * MINUTE)
        self.staff_pool.release()
        if victim.status != "deceased":
            env.process(self._told_at_frc(victim))
        yield news
        self._heard(victim.index)

    def _heard(self, index: int) -> None:
        self.news_wait_total += self.env.now - self.arrived_at[index]
        self.at_frc.discard(index)
        self.elsewhere.discard(index)
        self.with_news += 1

    def _told_elsewhere(self, victim: Victim, late: float) -> Generator[simpy.Event, Any, None]:
        assert victim.located_at is not None and victim.news is not None
        yield self.env.timeout(max(0.0, victim.located_at + late - self.env.now))
        if victim.index in self.elsewhere and not victim.news.triggered:
            victim.news_how = "elsewhere"
            victim.news.succeed()

    def _told_at_frc(self, victim: Victim) -> Generator[simpy.Event, Any, None]:
        assert victim.located_at is not None and victim.news is not None
        yield self.env.timeout(max(0.0, victim.located_at - self.env.now))
        if victim.news.triggered:
            return
        request = self.staff_pool.request()
        yield request
        yield self.env.timeout(self.p.news_minutes * MINUTE)
        self.staff_pool.release()
        if not victim.news.triggered:
            victim.news_how = "liaison"
            victim.news.succeed()

    def metrics(self) -> dict[str, float]:
        now = self.env.now
        waits = [now - self.arrived_at[i] for i in self.at_frc]
        briefed = self._last_briefing(now)
        unbriefed = [min(wait, now - briefed) if briefed is not None else wait for wait in waits]
        every = waits + [now - self.arrived_at[i] for i in self.elsewhere]
        return {
            "families_waiting": len(self.at_frc),
            "families_elsewhere": len(self.elsewhere),
            "mean_wait_minutes": round(sum(waits) / len(waits) / MINUTE, 1) if waits else 0.0,
            "max_hours_without_news": round(max(every) / HOUR, 2) if every else 0.0,
            "families_with_news": self.with_news,
            "mean_minutes_to_news": round(self.news_wait_total / self.with_news / MINUTE, 1) if self.with_news else 0.0,
            "mean_signin_wait_minutes": round(self.signin_wait_total / self.signed_in / MINUTE, 1) if self.signed_in else 0.0,
            "minutes_since_briefing": round(sum(unbriefed) / len(unbriefed) / MINUTE, 1) if unbriefed else 0.0,
        }
