"""Consequence injects from thresholds: a metric past a level for a while releases an inject.

Once per crossing, with hysteresis: a threshold that fired re-arms only when its metric has come
back past the reset level, so a metric hovering at the line does not flap.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from ...model.consequences import Threshold


@dataclass
class _Watch:
    threshold: Threshold
    armed: bool = True
    since: float | None = None

    def __post_init__(self) -> None:
        t = self.threshold
        self.above = t.above is not None
        self.level, self.rearm = t.level, t.rearm_level
        self.after = -math.inf if t.after is None else float(t.after)
        self.by = math.inf if t.by is None else float(t.by)
        self.hold = t.for_minutes * 60


class ThresholdWatch:
    def __init__(self, thresholds: list[Threshold]) -> None:
        self.thresholds = list(thresholds)
        self._watches = [_Watch(t) for t in thresholds]

    def metrics_by_model(self) -> dict[str, list[tuple[str, str]]]:
        """model → [(metric, `model.metric`)] the thresholds read: all a check needs."""
        found: dict[str, list[tuple[str, str]]] = {}
        for t in self.thresholds:
            model, key = t.metric.split(".", 1)
            if (key, t.metric) not in found.setdefault(model, []):
                found[model].append((key, t.metric))
        return found

    def check(self, now: float, metrics: dict[str, float]) -> list[dict[str, Any]]:
        """Crossings at story time `now`: `fired` (release the inject) or `rearmed`."""
        found = []
        for watch in self._watches:
            value = metrics.get(watch.threshold.metric)
            if value is None or now < watch.after or now > watch.by:
                watch.since = None
                continue
            if watch.armed:
                if not (value > watch.level if watch.above else value < watch.level):
                    watch.since = None
                    continue
                watch.since = now if watch.since is None else watch.since
                if now - watch.since >= watch.hold:
                    watch.armed, watch.since = False, None
                    found.append(self._event(watch.threshold, "fired", value))
            elif value <= watch.rearm if watch.above else value >= watch.rearm:
                watch.armed = True
                found.append(self._event(watch.threshold, "rearmed", value))
        return found

    @staticmethod
    def _event(t: Threshold, crossing: str, value: float) -> dict[str, Any]:
        return {"model": "thresholds", "threshold": t.id, "metric": t.metric, "crossing": crossing,
                "value": value, "inject": t.release}
