"""Consequence injects from thresholds: a metric past a level for a while releases an inject.

Once per crossing, with hysteresis: a threshold that fired re-arms only when its metric has come
back past the reset level, so a metric hovering at the line does not flap.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...model.consequences import Threshold


@dataclass
class _Watch:
    threshold: Threshold
    armed: bool = True
    since: float | None = None


class ThresholdWatch:
    def __init__(self, thresholds: list[Threshold]) -> None:
        self.thresholds = list(thresholds)
        self._watches = [_Watch(t) for t in thresholds]

    def check(self, now: float, metrics: dict[str, float]) -> list[dict[str, Any]]:
        """Crossings at story time `now`: `fired` (release the inject) or `rearmed`."""
        found = []
        for watch in self._watches:
            t = watch.threshold
            value = metrics.get(t.metric)
            if value is None or (t.after is not None and now < t.after) or (t.by is not None and now > t.by):
                watch.since = None
                continue
            past = value > t.level if t.above is not None else value < t.level
            if watch.armed:
                if not past:
                    watch.since = None
                    continue
                watch.since = now if watch.since is None else watch.since
                if now - watch.since >= t.for_minutes * 60:
                    watch.armed, watch.since = False, None
                    found.append(self._event(t, "fired", value))
            else:
                back = value <= t.rearm_level if t.above is not None else value >= t.rearm_level
                if back:
                    watch.armed = True
                    found.append(self._event(t, "rearmed", value))
        return found

    @staticmethod
    def _event(t: Threshold, crossing: str, value: float) -> dict[str, Any]:
        return {"model": "thresholds", "threshold": t.id, "metric": t.metric, "crossing": crossing,
                "value": value, "inject": t.release}
