"""What every consequence model shares: random streams, staffed servers, the victim roster.

Randomness: each model draws from separate `random.Random` streams, one per kind of draw, seeded
from (exercise seed, model, stream). Arrivals never share a stream with service times, so a run
with more staff sees the same people arrive at the same moments with the same needs (common
random numbers): a difference between two plans is the plans', not the dice's.
"""

from __future__ import annotations

import math
import random
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

import simpy

from ..actions import ActiveAction, latest


def stream(seed: int, model: str, name: str) -> random.Random:
    """The random stream `name` of `model` for an exercise seed (string seeds are stable across runs)."""
    return random.Random(f"{seed}:{model}:{name}")


def decaying_arrivals(rng: random.Random, total: float, half_life: float, start: float = 0.0) -> Iterator[float]:
    """Arrival times of a Poisson process whose rate halves every `half_life` seconds and whose
    expected total is `total` (inverse-time transform of a unit-rate process: exact, no thinning)."""
    if total <= 0:
        return
    cumulative = 0.0
    while True:
        cumulative += rng.expovariate(1.0)
        if cumulative >= total:
            return
        yield start - half_life * math.log2(1.0 - cumulative / total)


class Servers:
    """A first-come-first-served pool of people (call-takers, liaisons, teams) whose number can
    change during the run. Fewer servers never interrupt a service under way.

    Also keeps the time-integral of the queue length, for Little's law and reports.
    """

    def __init__(self, env: simpy.Environment, capacity: int = 0) -> None:
        self.env = env
        self.capacity = capacity
        self.busy = 0
        self._queue: deque[simpy.Event] = deque()
        self.waiting = 0
        self._area = 0.0
        self._since = float(env.now)

    def _account(self) -> None:
        now = float(self.env.now)
        self._area += self.waiting * (now - self._since)
        self._since = now

    def queue_area(self) -> float:
        """∫ (number waiting) dt so far."""
        self._account()
        return self._area

    def request(self) -> simpy.Event:
        """An event that succeeds when a server takes this request."""
        event = self.env.event()
        if self.busy < self.capacity and not self.waiting:
            self.busy += 1
            event.succeed()
        else:
            self._account()
            self._queue.append(event)
            self.waiting += 1
        return event

    def cancel(self, event: simpy.Event) -> None:
        """Withdraw a request still waiting (the caller hung up)."""
        if not event.triggered:
            self._account()
            event.defused = True
            event.fail(_Withdrawn())
            self.waiting -= 1

    def release(self) -> None:
        self.busy -= 1
        self._dispatch()

    def set_capacity(self, capacity: int) -> None:
        self.capacity = max(0, capacity)
        self._dispatch()

    def _dispatch(self) -> None:
        while self.busy < self.capacity and self._queue:
            event = self._queue.popleft()
            if event.triggered:  # withdrawn
                continue
            self._account()
            self.waiting -= 1
            self.busy += 1
            event.succeed()


class _Withdrawn(Exception):
    """Marks a withdrawn request (never raised into a process)."""


@dataclass
class Victim:
    """One potential victim and when their family can be told something."""

    index: int
    status: str
    """deceased | injured | unhurt (missing at first)."""
    identified_at: float | None = None
    """Deceased: positive identification by the ME/coroner."""
    located_at: float | None = None
    """Injured or unhurt: when they are found (at a hospital, sheltering)."""
    news: simpy.Event | None = None
    """Succeeds when the family has news (a notification, or learning another way)."""
    news_how: str = ""


@dataclass
class World:
    """What models share: the incident's people, so that the FRC's families wait for the same
    identifications the notification teams work through."""

    env: simpy.Environment
    victims: list[Victim] = field(default_factory=list)

    def deceased(self) -> list[Victim]:
        return [v for v in self.victims if v.status == "deceased"]


class Model:
    """A consequence model: SimPy processes on the host's environment, reading the actions in force.

    Subclasses set `name` and `action_kinds`, start their processes in `__init__`, and implement
    `apply` (the actions in force changed), `metrics` (current values) and optionally `tick`
    (called every story minute, before metrics are sampled).
    """

    name = ""
    action_kinds: tuple[str, ...] = ()

    def __init__(self, env: simpy.Environment, seed: int) -> None:
        self.env = env
        self.seed = seed

    def stream(self, name: str) -> random.Random:
        return stream(self.seed, self.name, name)

    def apply(self, actions: dict[str, list[ActiveAction]]) -> None:
        """The actions in force changed (kind → actions, oldest first)."""

    def tick(self) -> None:
        """Called every story minute."""

    def metrics(self) -> dict[str, float]:
        raise NotImplementedError

    def later(self, delay: float, body: Any) -> None:
        """Run `body()` after `delay` story seconds."""
        def wait() -> Any:
            yield self.env.timeout(delay)
            body()
        self.env.process(wait())

    def staff(self, current: int, target: int, setup: float, apply: Callable[[int], None], pool: str = "") -> None:
        """The one staffing rule: fewer people take effect at once; more take `setup` story seconds
        (phones, rooms, briefings), and a later decision for the same `pool` in the meantime
        supersedes them."""
        staffing: dict[str, int] = self.__dict__.setdefault("_staffing", {})
        staffing[pool] = generation = staffing.get(pool, 0) + 1
        if target <= current:
            apply(target)
            return
        self.later(setup, lambda: staffing[pool] == generation and apply(target))


class Center(Model):
    """A model around a center a decision opens (FRC, FAC): its first staff come after the set-up
    time; once it is open, more or fewer staff take effect at once."""

    center_action = ""
    """The action kind whose `staff` opens and staffs the center."""

    def __init__(self, env: simpy.Environment, seed: int, setup: float) -> None:
        super().__init__(env, seed)
        self.setup = setup
        self.staff_pool = Servers(env)
        self.opened: simpy.Event = env.event()

    def apply(self, actions: dict[str, list[ActiveAction]]) -> None:
        staff = int(param(latest(actions.get(self.center_action, [])), "staff", 0))
        current = staff if self.opened.triggered else self.staff_pool.capacity
        self.staff(current, staff, self.setup, self._open)

    def _open(self, staff: int) -> None:
        self.staff_pool.set_capacity(staff)
        if staff and not self.opened.triggered:
            self.opened.succeed()


def param(active: ActiveAction | None, key: str, default: Any) -> Any:
    """A parameter of the action in force (validated by the loader), or `default` if none."""
    return default if active is None else active.action.params.get(key, default)
