"""What-if at the debrief: the recorded session's models replayed with one decision changed.

The models depend only on (seed, parameters, the timeline of actions in force), so replaying them
over the session's own decisions gives exactly what the session recorded, and replaying them over
the same decisions with one change gives how it would have gone, on the same random incident
(same seed, separate streams per model and kind of draw).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ...loader.errors import UserError
from ...model.consequences import ACTIONS, MODEL_METRICS, ModelsSection, action_problems
from ...model.events import Event, EventKind
from ...model.records import Action, Decision
from ...model.story_time import parse_story_time
from ..actions import DecisionLog
from ..projection import DecisionState, SessionState
from .host import ModelHost


@dataclass
class Outcome:
    """One replay: each metric at the horizon and at its peak, and the thresholds that fired (when)."""

    final: dict[str, float] = field(default_factory=dict)
    peak: dict[str, float] = field(default_factory=dict)
    fired: list[tuple[float, str, str]] = field(default_factory=list)
    """(story time, threshold id, inject id)."""


def replay(models: ModelsSection, seed: int, decisions: dict[int, DecisionState]) -> Outcome:
    outcome = Outcome()

    def emit(model: str, data: dict[str, Any]) -> None:
        if model == "thresholds":
            if data["crossing"] == "fired":
                outcome.fired.append((host.env.now, data["threshold"], data["inject"]))
            return
        for key, value in data["metrics"].items():
            name = f"{model}.{key}"
            outcome.peak[name] = max(outcome.peak.get(name, value), value)

    host = ModelHost(models, seed, DecisionLog(decisions), emit=emit, horizon=models.horizon)
    host.advance_to(models.horizon)
    outcome.final = host.metrics()
    for name, value in outcome.final.items():
        outcome.peak[name] = max(outcome.peak.get(name, value), value)
    return outcome


# ---- the one change ----------------------------------------------------------------------------

def changed(state: SessionState, *, change: str | None = None, add: str | None = None,
            remove: int | None = None) -> tuple[dict[int, DecisionState], str]:
    """The session's decisions with one change, and a sentence saying what changed."""
    decisions = dict(state.decisions)
    models = state.scenario.scenario.models
    venues = list(state.scenario.profile.venues) if state.scenario.profile is not None else []
    if remove is not None:
        del decisions[_decision(decisions, remove).decision_id]
        return decisions, f"without decision {remove}"
    if change is not None:
        match = re.fullmatch(r"\s*(\d+)\.(?:([a-z_]+)\.)?([a-z_]+)\s*=\s*(.+?)\s*", change)
        if not match:
            raise UserError(f"--change {change}: write DECISION.PARAM=VALUE, e.g. 12.staff=12")
        number, kind, key, value = int(match[1]), match[2], match[3], match[4]
        found = _decision(decisions, number)
        hits = 0
        versions = []
        for event, decision in found.versions:
            actions = []
            for action in decision.actions:
                if key in ACTIONS.get(action.kind, ("", None))[1].model_fields and kind in (None, action.kind):
                    action = Action(kind=action.kind, params={**action.params, key: value})
                    _check(action, models, venues, f"--change {change}")
                    hits += 1
                actions.append(action)
            versions.append((event, decision.model_copy(update={"actions": actions})))
        if not hits:
            raise UserError(f"--change {change}: decision {number} has no action with a `{key}` parameter")
        decisions[found.decision_id] = DecisionState(found.decision_id, versions, found.retracted, number=found.number)
        return decisions, f"with decision {number}'s {key} = {value}"
    if add is not None:
        match = re.fullmatch(r"\s*([a-z_]+)((?:\s+[a-z_]+=\S+)*)\s+at\s+(T\+\S+)\s*", add)
        if not match:
            raise UserError(f"--add {add}: write 'ACTION PARAM=VALUE … at T+…', e.g. 'staff_hotline lines=6 at T+1h'")
        params = dict(pair.split("=", 1) for pair in match[2].split())
        action = Action(kind=match[1], params=params)
        _check(action, models, venues, f"--add {add}")
        try:
            at = float(parse_story_time(match[3]))
        except ValueError as exc:
            raise UserError(f"--add {add}: {exc}") from None
        seq = max(decisions, default=0) + 1_000_000  # after every real event: never the same seq
        event = Event(seq, EventKind.decision_logged, at, None, "whatif", {"decision_id": seq})  # type: ignore[arg-type]
        decision = Decision(table="whatif", text=f"What if: {add}", scenario_time=int(at), actions=[action])
        decisions[seq] = DecisionState(seq, [(event, decision)], number=len(decisions) + 1)
        return decisions, f"adding {match[1]} {match[2].strip()} at {match[3]}".replace("  ", " ")
    raise UserError("say what to change: --change, --add or --remove")


def _decision(decisions: dict[int, DecisionState], number: int) -> DecisionState:
    """A decision by the number consoles and reports show (1, 2, 3… in the order saved)."""
    found = next((d for d in decisions.values() if d.number == number), None)
    if found is None:
        known = ", ".join(str(d.number) for d in sorted(decisions.values(), key=lambda d: d.number)) or "none"
        raise UserError(f"there is no decision {number} in this session (decisions: {known})")
    return found


def _check(action: Action, models: ModelsSection | None, venues: list[str], where: str) -> None:
    problems = action_problems(action, models, venues)
    if problems:
        raise UserError(f"{where}: {problems[0][1]}")


# ---- as it happened beside how it would have gone -------------------------------------------------

@dataclass
class Comparison:
    """What `ttx whatif` prints and the facilitator's what-if screen shows."""

    rows: list[tuple[str, float, float, float, float]]
    """(metric, at end as it happened, peak as it happened, at end what-if, peak what-if), model by model."""
    not_released: list[tuple[float, str, str]]
    """Consequence injects that fired and would not have: (story time it fired, threshold, inject)."""
    released: list[tuple[float, str, str]]
    """Consequence injects that would have fired: (story time it would have, threshold, inject)."""


def compare(models: ModelsSection, happened: Outcome, would: Outcome) -> Comparison:
    rows = [(f"{m}.{k}", happened.final[f"{m}.{k}"], happened.peak[f"{m}.{k}"], would.final[f"{m}.{k}"],
             would.peak[f"{m}.{k}"]) for m in models.enabled() for k in MODEL_METRICS[m]]
    before = {t for _, t, _ in happened.fired}
    after = {t for _, t, _ in would.fired}
    return Comparison(rows, [f for f in happened.fired if f[1] not in after],
                      [f for f in would.fired if f[1] not in before])
