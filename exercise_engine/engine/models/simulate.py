"""Monte Carlo over a scenario's consequence models: `ttx simulate`.

Each replication runs the same model code as a live exercise, on a decision log built from a
decisions script, and keeps a summary (each metric at a grid of story times, its peak and its final
value, and how often each threshold fired), never a full log. Replication i of every plan uses the
same seed, so plans compared with `--vary` meet the same incident (common random numbers).
Replications run in this process, in local processes (`jobs`), or on a Dask cluster; the results are
identical because each replication depends only on its own inputs.
"""

from __future__ import annotations

import math
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Sequence

from ...loader.errors import UserError
from ...model.consequences import ACTIONS, MODEL_METRICS, ModelsSection
from ...model.records import Action, Decision
from ..actions import DecisionLog
from .host import ModelHost

GRID_POINTS = 48
"""Story times at which each replication keeps every metric (for fan charts)."""


@dataclass(frozen=True)
class Plan:
    """One plan to simulate: the models' figures and the room's decisions."""

    label: str
    models: ModelsSection
    decisions: tuple[Decision, ...]


@dataclass
class Replication:
    """What one run keeps."""

    series: dict[str, list[float]]
    peak: dict[str, float]
    final: dict[str, float]
    fired: dict[str, int]


def grid(models: ModelsSection) -> list[float]:
    """GRID_POINTS story times from the first minute to the horizon, on whole minutes."""
    step = max(60, round(models.horizon / GRID_POINTS / 60) * 60)
    return [float(t) for t in range(step, int(models.horizon) + 1, step)]


def replication_seed(seed: int, index: int) -> int:
    """The seed of replication `index` (the same for every plan: common random numbers)."""
    return seed * 1_000_003 + index


def replicate(task: tuple[ModelsSection, tuple[Decision, ...], int]) -> Replication:
    """Run one replication to the horizon (a top-level function, so processes and Dask can ship it)."""
    models, decisions, seed = task
    peak: dict[str, float] = {}
    fired: dict[str, int] = {t.id: 0 for t in models.thresholds}

    def emit(model: str, data: dict[str, Any]) -> None:
        if model == "thresholds":
            if data["crossing"] == "fired":
                fired[data["threshold"]] += 1
            return
        for key, value in data["metrics"].items():
            name = f"{model}.{key}"
            if value > peak.get(name, -math.inf):
                peak[name] = value

    host = ModelHost(models, seed, DecisionLog.of(list(decisions)), emit=emit, horizon=models.horizon)
    series: dict[str, list[float]] = {}
    for time in grid(models):
        host.advance_to(time)
        for name, value in host.metrics().items():
            series.setdefault(name, []).append(value)
    final = host.metrics()
    for name, value in final.items():
        peak[name] = max(peak.get(name, value), value)
    return Replication(series, peak, final, fired)


def run_plan(plan: Plan, runs: int, seed: int, *, jobs: int = 1, cluster: str | None = None,
             progress: Callable[[int], None] | None = None) -> list[Replication]:
    """`runs` replications of a plan, in replication order, whichever way they are run."""
    tasks = [(plan.models, plan.decisions, replication_seed(seed, i)) for i in range(runs)]
    done: list[Replication] = []
    if cluster:
        return _on_cluster(cluster, tasks, progress)
    if jobs <= 1:
        results: Iterable[Replication] = map(replicate, tasks)
        for result in results:
            done.append(result)
            if progress:
                progress(1)
        return done
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for result in pool.map(replicate, tasks, chunksize=max(1, runs // (jobs * 8))):
            done.append(result)
            if progress:
                progress(1)
    return done


def _on_cluster(address: str, tasks: list[Any], progress: Callable[[int], None] | None) -> list[Replication]:
    try:
        from dask.distributed import Client, as_completed
    except ImportError:
        raise UserError("--cluster needs Dask: pip install 'exercise-engine[cluster]'") from None
    try:
        client = Client(address, timeout="10s")
    except OSError as exc:
        raise UserError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    try:
        futures = client.map(replicate, tasks, pure=False)
        for _ in as_completed(futures):
            if progress:
                progress(1)
        return client.gather(futures)
    finally:
        client.close()


# ---- summaries --------------------------------------------------------------------------------

def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0–100) by linear interpolation between order statistics."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    rank = (len(ordered) - 1) * q / 100
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def stats(values: Sequence[float]) -> dict[str, float]:
    return {"p10": percentile(values, 10), "p50": percentile(values, 50), "p90": percentile(values, 90),
            "mean": sum(values) / len(values) if values else math.nan}


@dataclass
class PlanSummary:
    label: str
    runs: int
    final: dict[str, dict[str, float]] = field(default_factory=dict)
    peak: dict[str, dict[str, float]] = field(default_factory=dict)
    fan: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    """metric → p10/p50/p90 → one value per grid time."""
    fired: dict[str, float] = field(default_factory=dict)
    """threshold → share of runs in which it fired."""
    times: list[float] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"plan": self.label, "runs": self.runs, "final": self.final, "peak": self.peak,
                "thresholds_fired_share": self.fired, "times": self.times, "fan": self.fan}


def summarize(label: str, models: ModelsSection, runs: list[Replication]) -> PlanSummary:
    summary = PlanSummary(label, len(runs), times=grid(models))
    names = [f"{m}.{k}" for m in models.enabled() for k in MODEL_METRICS[m]]
    for name in names:
        summary.final[name] = stats([r.final[name] for r in runs])
        summary.peak[name] = stats([r.peak[name] for r in runs])
        columns = list(zip(*(r.series[name] for r in runs)))
        summary.fan[name] = {q: [percentile(c, int(q[1:])) for c in columns] for q in ("p10", "p50", "p90")}
    for t in models.thresholds:
        summary.fired[t.id] = sum(1 for r in runs if r.fired[t.id]) / len(runs) if runs else 0.0
    return summary


# ---- --vary ----------------------------------------------------------------------------------

def vary(plan: Plan, setting: str, value: str) -> Plan:
    """The plan with one setting changed: `open_frc.staff` (every such action in the decisions) or
    `hotline.handle_minutes` (a model parameter). Raises UserError with what is wrong."""
    head, _, key = setting.partition(".")
    if not key:
        raise UserError(f"--vary {setting}: write ACTION.PARAM or MODEL.PARAM, e.g. open_frc.staff=4,8,12")
    label = f"{setting}={value}"
    if head in ACTIONS:
        changed, decisions = 0, []
        for decision in plan.decisions:
            actions = []
            for action in decision.actions:
                if action.kind == head:
                    action = Action(kind=head, params={**action.params, key: value})
                    _check(lambda a=action: ACTIONS[head][1].model_validate(a.params), setting, value)
                    changed += 1
                actions.append(action)
            decisions.append(decision.model_copy(update={"actions": actions}))
        if not changed:
            raise UserError(f"--vary {setting}: no decision has a {head} action; add one to the decisions script")
        return Plan(label, plan.models, tuple(decisions))
    if head in MODEL_METRICS:
        current = getattr(plan.models, head)
        if current is None:
            raise UserError(f"--vary {setting}: the scenario does not run the {head} model")
        params = _check(lambda: type(current).model_validate({**current.model_dump(), key: value}), setting, value)
        return Plan(label, plan.models.model_copy(update={head: params}), plan.decisions)
    raise UserError(f"--vary {setting}: '{head}' is neither an action ({', '.join(sorted(ACTIONS))}) "
                    f"nor a model ({', '.join(MODEL_METRICS)})")


def _check(build: Callable[[], Any], setting: str, value: str) -> Any:
    from pydantic import ValidationError
    try:
        return build()
    except ValidationError as exc:
        error = exc.errors()[0]
        what = "is not a parameter" if error["type"] == "extra_forbidden" else error["msg"].lower()
        raise UserError(f"--vary {setting}={value}: {what}") from None
