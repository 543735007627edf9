"""Evaluators' ratings of the objectives (HSEEP's P/S/M/U), as the report reads them."""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Iterable

from ..model.events import Event
from ..model.records import RATING_ORDER

RATING_COLORS: dict[str, str] = {"P": "#2e7d32", "S": "#f9a825", "M": "#ef6c00", "U": "#c62828", "": "#9e9e9e"}
RATING_NAMES: dict[str, str] = {
    "P": "Performed without challenges", "S": "Performed with some challenges",
    "M": "Performed with major challenges", "U": "Unable to be performed", "": "Not rated",
}

Ratings = dict[str, list[tuple[Event, Any]]]
"""Objective id → each evaluator's latest (event, rating), in log order."""


def latest_ratings(state: Any) -> Ratings:
    """Per objective: each evaluator's latest rating (a later rating replaces that evaluator's earlier one)."""
    latest: dict[tuple[str, str], tuple[Event, Any]] = {}
    for ev, rating in state.ratings:
        latest[(rating.objective, rating.evaluator)] = (ev, rating)
    out: Ratings = defaultdict(list)
    for (objective, _), pair in sorted(latest.items(), key=lambda kv: kv[1][0].seq):
        out[objective].append(pair)
    return out


def worst_rating(ratings: Ratings, objective_ids: Iterable[str]) -> str:
    """The worst rating (P < S < M < U) over some objectives; empty when none is rated."""
    worst = ""
    for oid in objective_ids:
        for _, rating in ratings.get(oid, []):
            level = rating.rating.value
            if not worst or RATING_ORDER[level] > RATING_ORDER[worst]:
                worst = level
    return worst
