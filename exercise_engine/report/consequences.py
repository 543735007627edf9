"""What the consequence models did in a session, for the report's "Consequences of the room's decisions".

Per model: each metric's series over story time (from the projection's `metrics`), the moments the
actions in force changed the model (`metric_drivers`) with the decisions that changed it, each
threshold's level and when it fired. Every writer (charts, tables, JSON) lays out these dataclasses.
A session without models has none (`Consequences.models` is empty).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model.consequences import ACTIONS, MODEL_METRICS, MODEL_TITLES, metric_unit
from .appendices import is_model_sample
from .evidence import Evidence, decision_story
from .text import clean, story

SECTION_TITLE = "8. Consequences of the room's decisions"
DOC = "docs/models.md"
REPRESENTS = {
    "reunification": "Families converging on the incident: at hospitals and the scene until a Friends & Relatives "
                     "Center opens, then signing in there and waiting for news of their loved one.",
    "notification": "The medical examiner identifying the dead, then teams of two telling each family in person; "
                    "families learn from media or social media when notification lags.",
    "hotline": "People calling a public inquiry line: calls wait for a free call-taker, some callers give up "
               "and call again.",
    "volunteers_donations": "Spontaneous volunteers arriving to help, unsolicited goods to be screened and sorted, "
                            "and money flowing to unofficial funds until an official fund is named.",
    "information": "Rumors growing in the gaps between official updates, and media inquiries waiting for a "
                   "public information officer.",
    "family_assistance": "Families of the dead and injured coming to a Family Assistance Center for interviews "
                         "and services over days.",
    "behavioral_health": "Families, survivors, witnesses, responders and the wider community seeking crisis "
                         "counseling over days and weeks, waiting when there are too few counselors.",
}
"""What each model stands for, in one plain sentence (docs/models.md says it at length)."""
READING = ("Each chart shows one number a consequence model computed as the story ran, fed by the actions "
           "attached to the room's decisions. Green markers: a decision whose action changed the model "
           "(its number and table; the list under each model gives its text). Red dashes: a threshold "
           "the scenario set; a red diamond: the threshold fired and released a consequence inject. "
           "Story time runs left to right on a stretched scale (the first hours are wider). The models are "
           "planning aids, not predictions: read the shape and compare plans, not the exact number.")


@dataclass(frozen=True)
class Change:
    """A moment the actions in force changed a model: a marker on each of its charts."""

    story_seconds: float
    story: str
    decisions: list[int]
    """The decisions (by number) whose actions the model ran on from here."""
    changed: list[int]
    """The decisions whose actions started, stopped (retracted) or changed (amended) here."""
    label: str
    """The marker's label: `#3 Victim services`, `#5 retracted`."""


@dataclass(frozen=True)
class ModelDecision:
    """A decision that drove a model, as listed under its charts."""

    number: int
    table: str
    story: str
    status: str
    """active | amended | retracted"""
    text: str
    actions: list[str]
    """This model's actions on it, in words: `staff hotline: lines 6`."""


@dataclass(frozen=True)
class ThresholdLine:
    threshold: str
    level: float
    direction: str
    """above | below"""
    for_minutes: int
    inject: str
    inject_title: str
    fired: list[float]
    """Story seconds at which it fired (released its inject)."""
    fired_story: list[str]


@dataclass(frozen=True)
class MetricSeries:
    metric: str
    """`model.metric`"""
    name: str
    """Its plain name, capitalized: "Calls abandoned"."""
    unit: str
    """"%" (a share, shown 0–100), "seconds", "minutes", "hours" or "" (a count)."""
    public: bool
    """The scenario shows it on the projector (the others were controller-only during play)."""
    points: list[tuple[float, float]]
    """(story seconds, value); a share as 0–1, as recorded."""
    thresholds: list[ThresholdLine]


@dataclass(frozen=True)
class ModelConsequences:
    model: str
    title: str
    represents: str
    """One sentence: what the model stands for."""
    caveats: str
    """Where its limits are written down (docs/models.md)."""
    metrics: list[MetricSeries]
    changes: list[Change]
    decisions: list[ModelDecision]


@dataclass(frozen=True)
class Consequences:
    models: list[ModelConsequences]
    samples: int
    """Model samples in the session log (each a model's metrics at one story time)."""
    crossings: int
    """Threshold events (fired or re-armed) in the log."""
    reading: str
    appendix_note: str
    """The event timeline's line saying where the model samples went ("" when there are none)."""


def model_title(model: str) -> str:
    return MODEL_TITLES.get(model, model.replace("_", " ").capitalize())


def label(series: MetricSeries) -> str:
    """A metric's name with its unit when the name does not say it: "Average speed of answer (seconds)"."""
    unit = series.unit
    return series.name if unit in ("", "%") or unit in series.name.lower() else f"{series.name} ({unit})"


def format_value(value: float, unit: str) -> str:
    """A value as people read it: `45%`, `12`, `3.5`."""
    if unit == "%":
        return f"{value * 100:.0f}%"
    if abs(value) >= 100 or value == int(value):
        return f"{value:.0f}"
    return f"{value:.1f}"


def value_at(points: list[tuple[float, float]], seconds: float) -> float:
    """A series' value at a story time: the latest sample at or before it (the first, before any)."""
    value = points[0][1]
    for t, v in points:
        if t > seconds:
            break
        value = v
    return value


def build_consequences(ev: Evidence) -> Consequences:
    state = ev.state
    section = getattr(ev.scenario, "models", None)
    metrics: dict[str, list[tuple[float, float]]] = getattr(state, "metrics", {}) or {}
    samples = sum(1 for e in ev.events if is_model_sample(e))
    crossings = list(getattr(state, "threshold_crossings", []) or [])
    out: list[ModelConsequences] = []
    recorded: dict[str, list[str]] = {}
    for metric in metrics:
        recorded.setdefault(metric.split(".", 1)[0], []).append(metric)
    names = list(section.enabled()) if section is not None else []
    for model in names + sorted(set(recorded) - set(names)):
        order = [f"{model}.{k}" for k in MODEL_METRICS.get(model, {})]  # the models' own order, then the rest
        keys = sorted(recorded.get(model, []), key=lambda m: order.index(m) if m in order else len(order))
        if not keys:
            continue
        series = [_series(ev, m, metrics[m], section, crossings) for m in keys]
        changes, involved = _changes(ev, model)
        params = getattr(section, model, None) if section is not None else None
        doc = REPRESENTS.get(model, "")
        if not doc and params is not None:  # a model this module has no sentence for: its parameters' docstring
            doc = (type(params).__doc__ or "").strip().split("\n")[0]
        title = model_title(model)
        out.append(ModelConsequences(
            model=model, title=title, represents=doc,
            caveats=f"What this model leaves out is written in {DOC}, section \u201c{title}\u201d, under "
                    "\u201cWhat it does not capture\u201d: read it before drawing conclusions.",
            metrics=series, changes=changes, decisions=[_decision(ev, did, model) for did in involved]))
    note = (f"{samples} model samples (each model's numbers at one story time) are left out of this list; "
            f"they are charted in \u201c{SECTION_TITLE}\u201d." if samples else "")
    return Consequences(out, samples, len(crossings), READING, note)


def _series(ev: Evidence, metric: str, points: list[tuple[float, float]], section: Any,
            crossings: list) -> MetricSeries:
    model, key = metric.split(".", 1)
    plain = MODEL_METRICS.get(model, {}).get(key, key.replace("_", " "))
    lines = []
    for t in (section.thresholds if section is not None else []):
        if t.metric != metric:
            continue
        fired = [float(e.scenario_time) for e, c in crossings if c.threshold == t.id and c.crossing == "fired"]
        title = clean(ev.loaded.inject(t.release).title) if ev.loaded.has_inject(t.release) else ""
        lines.append(ThresholdLine(t.id, float(t.level), "above" if t.above is not None else "below", t.for_minutes,
                                   t.release, title, fired, [story(s) for s in fired]))
    public = section is not None and metric in section.public
    return MetricSeries(metric, plain[:1].upper() + plain[1:], metric_unit(metric), public,
                        [(float(s), float(v)) for s, v in points], lines)


def _changes(ev: Evidence, model: str) -> tuple[list[Change], list[int]]:
    """The model's changes with the decisions that made them; and every decision id involved, in order."""
    out: list[Change] = []
    involved: dict[int, None] = {}
    before: set[int] = set()
    for seconds, name, ids in getattr(ev.state, "metric_drivers", []) or []:
        if name != model:
            continue
        now = set(ids)
        started, stopped = sorted(now - before), sorted(before - now)
        amended = [] if started or stopped else sorted(now)
        parts = [f"#{ev.number_of.get(d, d)} {_table(ev, d)}" for d in started]
        parts += [f"#{ev.number_of.get(d, d)} retracted" for d in stopped]
        parts += [f"#{ev.number_of.get(d, d)} amended" for d in amended]
        out.append(Change(float(seconds), story(seconds), [ev.number_of.get(d, d) for d in sorted(now)],
                          [ev.number_of.get(d, d) for d in started + stopped + amended], ", ".join(parts)))
        for d in sorted(now | before):
            involved.setdefault(d)
        before = now
    return out, sorted(involved, key=lambda d: ev.number_of.get(d, d))


def _table(ev: Evidence, did: int) -> str:
    ds = ev.state.decisions.get(did)
    return ev.table_name(ds.current.table) if ds is not None else ""


def _decision(ev: Evidence, did: int, model: str) -> ModelDecision:
    ds = ev.state.decisions.get(did)
    if ds is None:
        return ModelDecision(did, "", "", "unknown", "(not in the log)", [])
    first, latest = ds.versions[0][0], ds.current
    status = "retracted" if ds.retracted is not None else ("amended" if len(ds.versions) > 1 else "active")
    mine = [a for a in latest.actions if ACTIONS.get(a.kind, ("",))[0] == model]
    words = [clean(_words(a.kind) + (": " + ", ".join(f"{_words(k)} {v}" for k, v in a.params.items())
                                      if a.params else "")) for a in mine] or ["none since it was amended"]
    return ModelDecision(ds.number, ev.table_name(latest.table), story(decision_story(first, latest)), status,
                         clean(latest.text), words)


def _words(name: str) -> str:
    return name.replace("_", " ")
