"""Checks on a scenario's `models:` section that need the rest of the scenario: thresholds name
metrics the enabled models produce and release consequence injects of this scenario."""

from __future__ import annotations

import difflib
from typing import Callable

from ..model.consequences import MODEL_METRICS, ModelsSection
from ..model.inject import Inject, InjectType
from .errors import Problem

At = Callable[[tuple[str | int, ...], str], Problem]


def models_problems(models: ModelsSection | None, injects: dict[str, Inject], at: At) -> list[Problem]:
    """Every problem in `models:` beyond its own field checks (`at(loc, message)` positions them)."""
    if models is None:
        return []
    problems = []
    enabled = models.enabled()
    known = [f"{m}.{k}" for m in enabled for k in MODEL_METRICS[m]]

    def metric(name: str, loc: tuple[str | int, ...]) -> None:
        if name in known:
            return
        model = name.split(".", 1)[0]
        if model in MODEL_METRICS and model not in enabled:
            problems.append(at(loc, f"metric '{name}' needs the {model} model: add `{model}: {{}}` under `models:`"))
            return
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        problems.append(at(loc, f"unknown metric '{name}'{hint}; metrics are written model.metric, "
                                f"see docs/models.md"))

    for i, name in enumerate(models.public):
        metric(name, ("models", "public", i))
    seen: set[str] = set()
    for i, threshold in enumerate(models.thresholds):
        loc = ("models", "thresholds", i)
        metric(threshold.metric, (*loc, "metric"))
        if threshold.id in seen:
            problems.append(at((*loc, "id"), f"threshold id '{threshold.id}' is used twice"))
        seen.add(threshold.id)
        inject = injects.get(threshold.release)
        if inject is None:
            close = difflib.get_close_matches(threshold.release, sorted(injects), n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problems.append(at((*loc, "release"), f"unknown inject '{threshold.release}'{hint}"))
        elif inject.type is not InjectType.consequence:
            problems.append(at((*loc, "release"), f"inject '{threshold.release}' is released by a threshold, so it "
                                                  "must be `type: consequence` (else it is also delivered at its time)"))
        if threshold.by is not None and threshold.after is not None and threshold.by <= threshold.after:
            problems.append(at((*loc, "by"), "`by` must come after `after`"))
    return problems
