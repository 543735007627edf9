"""What-if at the debrief: the recorded session's models replayed with one decision changed.

The models depend only on (seed, parameters, the timeline of actions in force), so replaying them
over the session's own decisions — every version, amendment and retraction at its story time, as the
log has them — reproduces the model events the session recorded, and replaying them with one change
shows how it would have gone on the same random incident (same seed, separate streams per model and
kind of draw). Facilitator controls (pauses, jumps, holds) never change the models, which run minute
by minute on story time; they decide which consequence injects could still be released, and that is
read from the log. "As it happened" is the recorded log itself; the replay runs to the same story time.
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass, field
from typing import Any

from ...loader.errors import UserError
from ...model.consequences import ACTIONS, ModelsSection, action_problems
from ...model.events import Event, EventKind
from ...model.records import Action, Decision
from ...model.story_time import format_story_time, parse_day_time, parse_story_time
from ..actions import DecisionLog
from ..projection import DecisionState, SessionState
from .host import ModelHost

ModelEvent = tuple[float, str, dict[str, Any]]
"""(story time, model, event data) of one model event, as the log records it."""


@dataclass
class Outcome:
    """One run of the models: its events, each metric's last sampled value and peak, the thresholds fired."""

    events: list[ModelEvent] = field(default_factory=list)
    final: dict[str, float] = field(default_factory=dict)
    peak: dict[str, float] = field(default_factory=dict)
    fired: list[tuple[float, str, str]] = field(default_factory=list)
    """(story time, threshold id, inject id), in order."""

    @classmethod
    def of(cls, events: list[ModelEvent]) -> Outcome:
        """What a list of model events says (the one reading for the log and for a replay)."""
        outcome = cls(events)
        for time, model, data in events:
            if model == "thresholds":
                if data.get("crossing") == "fired":
                    outcome.fired.append((time, str(data["threshold"]), str(data["inject"])))
                continue
            for key, value in data.get("metrics", {}).items():
                name = f"{model}.{key}"
                outcome.final[name] = value
                outcome.peak[name] = max(outcome.peak.get(name, value), value)
        return outcome


def recorded(state: SessionState) -> Outcome:
    """The model events the session recorded: what happened."""
    models = state.scenario.scenario.models
    names = {*(models.enabled() if models else ()), "thresholds"}
    return Outcome.of([(e.scenario_time, e.actor.removeprefix("model:"), e.data) for e in state.events
                       if e.kind is EventKind.model_event and e.actor.removeprefix("model:") in names
                       and e.actor.startswith("model:")])


def replay(models: ModelsSection, seed: int, decisions: dict[int, DecisionState], until: float | None = None) -> Outcome:
    """The models over these decisions from incident start to story time `until` (default: the
    models' horizon), events as the log would have them."""
    until = float(models.horizon) if until is None else until
    events: list[ModelEvent] = []
    host = ModelHost(models, seed, DecisionLog(decisions), emit=lambda model, data: events.append(
        (float(host.env.now), model, json.loads(json.dumps(data)))), horizon=models.horizon)
    host.advance_to(until)
    return Outcome.of(events)


def replay_end(state: SessionState) -> float:
    """Where the session's models stopped: its story time, or the models' horizon if earlier."""
    models = state.scenario.scenario.models
    return min(state.story_time, float(models.horizon)) if models else state.story_time


# ---- consequence injects ----------------------------------------------------------------------

@dataclass(frozen=True)
class InjectChange:
    """A consequence inject released by a threshold in one run and not (or at another time) in the other."""

    inject: str
    threshold: str
    happened: float | None
    """Story time it was released in the session; None: it was not."""
    would: float | None
    """Story time it would have been released; None: it would not."""


def released(state: SessionState, fired: list[tuple[float, str, str]]) -> dict[str, tuple[float, str]]:
    """Which injects these threshold firings release (inject → (story time, threshold)): the first
    firing while the inject is still open. An inject closes when the session settled it other than by
    a threshold (skipped at its time because nothing released it, or by the facilitator), or, if a
    threshold released it, at its time in the plan."""
    due = _planned_times(state)
    found: dict[str, tuple[float, str]] = {}
    for time, threshold, inject in fired:
        status = state.injects.get(inject)
        if inject in found or status is None:
            continue
        settled = status.event
        if settled is None:
            closes = state.story_time + 1
        elif settled.actor.startswith("model:") and status.reason == "released":
            closes = due.get(inject, settled.scenario_time) + 1
        else:
            closes = settled.scenario_time
        if time < closes:
            found[inject] = (time, threshold)
    return found


def _planned_times(state: SessionState) -> dict[str, float]:
    times = {i.inject.id: float(i.inject.time) for i in state.injects.values() if i.inject.time is not None}
    for event in state.events:
        if event.kind is EventKind.plan_in_force:
            times.update({k: float(v) for k, v in event.data.get("injects", {}).items()})
    return times


def inject_changes(state: SessionState, happened: Outcome, would: Outcome) -> list[InjectChange]:
    before, after = released(state, happened.fired), released(state, would.fired)
    changes = []
    for inject in sorted({*before, *after}, key=lambda i: min(x[0] for x in (before.get(i), after.get(i)) if x)):
        a, b = before.get(inject), after.get(inject)
        if (a and a[0]) != (b and b[0]):
            changes.append(InjectChange(inject, (a or b)[1], a and a[0], b and b[0]))  # type: ignore[index]
    return changes


# ---- the comparison -----------------------------------------------------------------------------

@dataclass
class Comparison:
    """A what-if: the session as recorded beside the replay with one change."""

    label: str
    until: float
    happened: Outcome
    would: Outcome
    injects: list[InjectChange]
    reproduced: bool
    """The session's own decisions, replayed, give exactly the recorded events (else the models have
    changed since the session was recorded, and the comparison says so)."""


def what_if(state: SessionState, *, change: str | None = None, add: str | None = None,
            remove: int | None = None) -> Comparison:
    """Replay `state`'s models with one change (UserError with what is wrong)."""
    models = state.scenario.scenario.models
    if models is None or not models.enabled():
        raise UserError("its scenario has no `models:` section, so there is nothing to replay")
    until = replay_end(state)
    other, label = changed(state, change=change, add=add, remove=remove, until=until)
    happened = recorded(state)
    unchanged = replay(models, state.seed, state.decisions, until)
    would = replay(models, state.seed, other, until)
    reproduced = _plain(unchanged.events) == _plain(happened.events)
    return Comparison(label, until, happened, would, inject_changes(state, happened, would), reproduced)


def _plain(events: list[ModelEvent]) -> Any:
    """Events as JSON has them (the log's form), to compare a replay with the record."""
    return json.loads(json.dumps(events))


# ---- the one change ----------------------------------------------------------------------------

def changed(state: SessionState, *, change: str | None = None, add: str | None = None,
            remove: int | None = None, until: float | None = None) -> tuple[dict[int, DecisionState], str]:
    """The session's decisions with one change, and a sentence saying what changed. Every other
    decision keeps its id, number and versions: only the one named changes."""
    decisions = dict(state.decisions)
    models = state.scenario.scenario.models
    venues = list(state.scenario.profile.venues) if state.scenario.profile is not None else []
    if remove is not None:
        gone = decisions.pop(_decision(decisions, remove).decision_id)
        silent = not any(d.actions for _, d in gone.versions)
        return decisions, f"without decision {remove}" + (", which carried no actions: nothing changes" if silent else "")
    if change is not None:
        return _change(decisions, change, models, venues)
    if add is not None:
        return _add(state, decisions, add, models, venues, state.story_time if until is None else until)
    raise UserError("say what to change: --change, --add or --remove")


def _change(decisions: dict[int, DecisionState], change: str, models: ModelsSection | None,
            venues: list[str]) -> tuple[dict[int, DecisionState], str]:
    match = re.fullmatch(r"\s*(\d+)\.(?:([a-z_]+)\.)?([a-z_]+)\s*=\s*(.+?)\s*", change)
    if not match:
        raise UserError(f"--change {change}: write DECISION.PARAM=VALUE, e.g. 3.staff=12 "
                        "(or DECISION.ACTION.PARAM=VALUE when the decision has two such actions)")
    number, kind, key, value = int(match[1]), match[2], match[3], match[4]
    found = _decision(decisions, number)
    kinds = sorted({a.kind for _, d in found.versions for a in d.actions
                    if key in _fields(a.kind) and kind in (None, a.kind)})
    if not kinds:
        params = sorted({f"{a.kind}.{p}" for _, d in found.versions for a in d.actions for p in _fields(a.kind)})
        has = f"its action parameters are {', '.join(params)}" if params else "it carries no actions"
        raise UserError(f"--change {change}: decision {number} has no action with a `{key}` parameter; {has}")
    if len(kinds) > 1:
        raise UserError(f"--change {change}: decision {number} has `{key}` in {' and '.join(kinds)}; "
                        f"write e.g. {number}.{kinds[0]}.{key}={value}")
    versions = []
    for event, decision in found.versions:
        actions = []
        for action in decision.actions:
            if action.kind == kinds[0]:
                action = Action(kind=action.kind, params={**action.params, key: value})
                _check(action, models, venues, f"--change {change}")
                typed = ACTIONS[action.kind][1].model_validate(action.params)
                action = Action(kind=action.kind, params={**action.params, key: getattr(typed, key)})
            actions.append(action)
        versions.append((event, decision.model_copy(update={"actions": actions})))
    decisions[found.decision_id] = DecisionState(found.decision_id, versions, found.retracted, number=found.number)
    return decisions, f"with decision {number}'s {key} = {value}"


def _add(state: SessionState, decisions: dict[int, DecisionState], add: str, models: ModelsSection | None,
         venues: list[str], until: float) -> tuple[dict[int, DecisionState], str]:
    kind, params, when = _added(add)
    action = Action(kind=kind, params=params)
    _check(action, models, venues, f"--add {add}")
    typed = ACTIONS[action.kind][1].model_validate(action.params)
    action = Action(kind=action.kind, params={k: getattr(typed, k) for k in action.params})
    try:
        at = parse_day_time(when, state.scenario.scenario.incident_start)
        at = float(parse_story_time(when) if at is None else at)
    except ValueError as exc:
        raise UserError(f"--add {add}: {exc}") from None
    if at >= until:
        raise UserError(f"--add {add}: {format_story_time(at)} is not before {format_story_time(until)}, "
                        "where the session's models stopped, so it could change nothing")
    seq = max(decisions, default=0) + 1_000_000  # after every real event: never another decision's id
    number = max((d.number for d in decisions.values()), default=0) + 1
    event = Event(seq, EventKind.decision_logged, at, None, "whatif", {"decision_id": seq})  # type: ignore[arg-type]
    decision = Decision(table="whatif", text=f"What if: {add}", scenario_time=int(at), actions=[action])
    decisions[seq] = DecisionState(seq, [(event, decision)], number=number)
    return decisions, " ".join(["adding", kind, *(f"{k}={shlex.quote(v)}" for k, v in params.items()), "at", when])


def _added(add: str) -> tuple[str, dict[str, str], str]:
    """`ACTION PARAM=VALUE … at STORY TIME` read as the shell would: a value with spaces is quoted
    (`designate_official_fund name="Cedar Falls Strong Fund" at T+8h`)."""
    usage = (f"--add {add}: write 'ACTION PARAM=VALUE … at STORY TIME', e.g. 'staff_hotline lines=6 at T+1h' "
             "(quote a value with spaces: name=\"Cedar Falls Strong Fund\")")
    try:
        words = shlex.split(add)
    except ValueError as exc:  # an unclosed quote
        raise UserError(f"{usage}; {exc}") from None
    if "at" not in words[1:]:
        raise UserError(usage)
    at = len(words) - 1 - words[::-1].index("at")
    kind, pairs, when = words[0], words[1:at], " ".join(words[at + 1:])
    if not re.fullmatch(r"[a-z_]+", kind) or not when or not all(re.fullmatch(r"[a-z_]+=.*", p, re.S) for p in pairs):
        raise UserError(usage)
    return kind, dict(pair.split("=", 1) for pair in pairs), when


def _fields(kind: str) -> list[str]:
    """The parameters an action kind takes (none for a kind no model knows)."""
    return list(ACTIONS[kind][1].model_fields) if kind in ACTIONS else []


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
        raise UserError(f"{where}: {'; '.join(message for _, message in problems)}")
