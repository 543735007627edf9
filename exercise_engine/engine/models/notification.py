"""Victim identification and death notification.

The ME/coroner identifies the deceased over hours to days (the roster's identification times).
Each identified family needs a notification team of two, in person and in private; each family
has its own team for as long as the notification takes. A family still waiting some hours after
identification learns from media or social media instead (the team still goes, but the harm is
done). Without the notification model, the host tells families of the deceased shortly after
identification (see `world.py`).
"""

from __future__ import annotations

from typing import Any, Generator

import simpy

from ...model.consequences import NotificationParams
from ..actions import ActiveAction, latest
from .base import Model, Servers, Victim, World, param

MINUTE = 60.0
HOUR = 3600.0


class Notification(Model):
    name = "notification"
    action_kinds = ("assign_notification_teams",)

    def __init__(self, env: simpy.Environment, seed: int, params: NotificationParams, world: World) -> None:
        super().__init__(env, seed)
        self.p = params
        self.teams = Servers(env)
        self.identified = self.notified = self.learned_otherwise = 0
        self.notify_total = 0.0
        leaks = self.stream("learn_otherwise")
        for victim in world.deceased():
            env.process(self._family(victim, leaks.expovariate(1 / (params.learn_otherwise_hours * HOUR))))

    def apply(self, actions: dict[str, list[ActiveAction]]) -> None:
        self.teams.set_capacity(int(param(latest(actions.get("assign_notification_teams", [])), "teams", 0)))

    def _family(self, victim: Victim, leak: float) -> Generator[simpy.Event, Any, None]:
        env = self.env
        assert victim.identified_at is not None and victim.news is not None
        yield env.timeout(max(0.0, victim.identified_at - env.now))
        self.identified += 1
        env.process(self._leak(victim, leak))
        request = self.teams.request()
        yield request
        yield env.timeout(self.p.travel_minutes * MINUTE)
        self.notify_total += env.now - victim.identified_at
        self.notified += 1
        if not victim.news.triggered:
            victim.news_how = "notified"
            victim.news.succeed()
        yield env.timeout(self.p.notify_minutes * MINUTE)
        self.teams.release()

    def _leak(self, victim: Victim, leak: float) -> Generator[simpy.Event, Any, None]:
        assert victim.news is not None
        yield self.env.timeout(leak)
        if not victim.news.triggered:  # the team has not reached them yet
            self.learned_otherwise += 1
            victim.news_how = "media"
            victim.news.succeed()

    def metrics(self) -> dict[str, float]:
        return {
            "identified": self.identified,
            "pending": self.identified - self.notified,
            "notified": self.notified,
            "learned_otherwise": self.learned_otherwise,
            "mean_notify_minutes": round(self.notify_total / self.notified / MINUTE, 1) if self.notified else 0.0,
        }
