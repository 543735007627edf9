"""Consequence-model metrics on the consoles: each metric's plain name, current value and a sparkline
over story time, and (for the facilitator) what drove it.

`MetricRow` is shared by the facilitator's `MetricsPanel` (every metric) and the projector's
`SituationBoard` (only the scenario's `models.public`). Both redraw only the rows whose series grew
since they were last drawn: nothing at all while no model event arrives.
"""

from __future__ import annotations

from rich.text import Text
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Sparkline, Static

from ...engine.projection import SessionState
from ...model.consequences import MODEL_METRICS, MODEL_TITLES, ModelsSection, metric_unit
from ..format import story_clock

POINTS = 60
"""Points in a sparkline: the series resampled over story time, so the line's length is time, not samples."""
PUBLIC_MARK = "◆ "
"""Before a metric the projector's situation board shows too (the rest are for controllers only)."""
EXCERPT = 48
"""Characters of a driving decision's text shown beside its number."""


def metric_title(name: str) -> str:
    """`hotline.asa_seconds` → `Average speed of answer` (the plain meaning, capitalised)."""
    model, _, key = name.partition(".")
    meaning = MODEL_METRICS.get(model, {}).get(key, name)
    return meaning[:1].upper() + meaning[1:]


_SHORT_UNITS = {"minutes": "min", "seconds": "s", "hours": "h"}


def metric_value(name: str, value: float) -> str:
    """The value with its unit: `12.5 min`, `1.2 h`, `15 s`, `29 %`, `253`."""
    unit = metric_unit(name)
    if unit == "%":
        return f"{value * 100:.0f} %"
    if unit:
        return f"{value:.1f} {_SHORT_UNITS[unit]}" if value < 100 else f"{value:,.0f} {_SHORT_UNITS[unit]}"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def resampled(series: list[tuple[float, float]], start: float, end: float, points: int = POINTS) -> list[float]:
    """The series as a step function (a model samples only when a value moved) read at `points` even
    story times from `start` to `end`."""
    if not series:
        return []
    if end <= start:
        return [series[-1][1]] * 2
    out, index, value = [], 0, series[0][1]
    for step in range(points):
        moment = start + (end - start) * step / (points - 1)
        while index < len(series) and series[index][0] <= moment:
            value = series[index][1]
            index += 1
        out.append(value)
    return out


def time_span(state: SessionState) -> tuple[float, float]:
    """From the first model sample to the latest: the x axis every sparkline shares."""
    firsts = [s[0][0] for s in state.metrics.values() if s]
    lasts = [s[-1][0] for s in state.metrics.values() if s]
    return (min(firsts), max(lasts)) if firsts else (0.0, 0.0)


def excerpt(text: str, length: int = EXCERPT) -> str:
    """A decision's first words on one line: `Staff the hotline with six lines and assign thr…`."""
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def row_id(name: str) -> str:
    return "metric-" + name.replace(".", "-").replace("_", "-")


class MetricRow(Horizontal):
    """One metric on one line: plain name, current value, sparkline."""

    DEFAULT_CSS = """
    MetricRow { height: 1; }
    MetricRow .metric-name { width: 3fr; min-width: 12; text-wrap: nowrap; text-overflow: ellipsis; }
    MetricRow .metric-value { width: 10; text-align: right; margin-right: 1; text-style: bold; }
    MetricRow Sparkline { width: 2fr; max-width: 30; min-width: 6; }
    """

    def __init__(self, name: str, *, mark: str = "") -> None:
        super().__init__(id=row_id(name))
        self.metric = name
        self.mark = mark
        """Put before the name (the facilitator's panel marks the metrics the projector shows)."""
        self.drawn = (0, 0.0, 0.0)
        """(samples, start, end) as drawn: redraw only when one moved."""

    def compose(self):
        name = Static(Text(self.mark + metric_title(self.metric)), classes="metric-name")
        name.tooltip = Text(f"{metric_title(self.metric)} ({self.metric})")  # the whole name where it is cut
        yield name
        self._value = Static(Text("—"), classes="metric-value")
        self._spark = Sparkline([], summary_function=max)
        yield self._value
        yield self._spark

    def show(self, series: list[tuple[float, float]], start: float, end: float) -> None:
        if not series or self.drawn == (len(series), start, end):
            return
        self.drawn = (len(series), start, end)
        self._value.update(Text(metric_value(self.metric, series[-1][1])))
        self._spark.data = resampled(series, start, end)


class MetricsPanel(VerticalScroll):
    """The facilitator's metrics: per model, the decisions whose actions changed it and the
    consequence injects its thresholds released, then each of its metrics (`MetricRow`)."""

    DEFAULT_CSS = """
    MetricsPanel { height: 1fr; padding: 0 1; }
    MetricsPanel .model-title { text-style: bold; color: $text-primary; margin-top: 1; }
    MetricsPanel .model-title.-first { margin-top: 0; }
    MetricsPanel .model-drivers { color: $text-muted; }
    """

    def __init__(self, section: ModelsSection, *, id: str | None = None) -> None:
        super().__init__(id=id, can_focus=True)
        self.section = section
        self._drivers: dict[str, tuple] = {}
        """model → what its driver line was drawn from."""

    def compose(self):
        self._rows: list[MetricRow] = []
        """Kept, not queried: a DOM query on every news was most of the panel's cost."""
        self._lines: dict[str, Static] = {}
        for n, model in enumerate(self.section.enabled()):
            yield Static(Text(MODEL_TITLES.get(model, model)), classes="model-title" + (" -first" if not n else ""))
            for key in MODEL_METRICS[model]:
                name = f"{model}.{key}"
                self._rows.append(MetricRow(name, mark=PUBLIC_MARK if name in self.section.public else ""))
                yield self._rows[-1]
            self._lines[model] = Static(Text("No decision has changed it yet.", style="italic"),
                                        id=f"drivers-{model}", classes="model-drivers")
            yield self._lines[model]

    def refresh_from(self, state: SessionState) -> None:
        start, end = time_span(state)
        for row in self._rows:
            row.show(state.metrics.get(row.metric, []), start, end)
        for model in self.section.enabled():
            self._show_drivers(state, model)

    def _show_drivers(self, state: SessionState, model: str) -> None:
        ids = driving_decisions(state, model)
        fired = [(e.scenario_time, c.inject, c.metric) for e, c in state.threshold_crossings
                 if c.crossing == "fired" and c.metric.startswith(model + ".")]
        drawn = (tuple((i, len(state.decisions[i].versions), state.decisions[i].is_retracted) for i in ids), len(fired))
        if self._drivers.get(model) == drawn:
            return
        self._drivers[model] = drawn
        self._lines[model].update(drivers_text(state, ids, fired))


def driving_decisions(state: SessionState, model: str) -> list[int]:
    """Decisions whose actions changed this model, in the order they first did."""
    found: list[int] = []
    for _, driven, ids in state.metric_drivers:
        if driven == model:
            found.extend(i for i in ids if i not in found and i in state.decisions)
    return found


def drivers_text(state: SessionState, ids: list[int], fired: list[tuple[float, str, str]]) -> Text:
    """`Driven by #2 Victim services “Staff the hotline…”`, then `⚑ T+2h released “…”` per crossing.
    People's text is appended as data (a `Text`), never parsed as markup."""
    if not ids and not fired:
        return Text("No decision has changed it yet.", style="italic")
    tables = {t.id: t.name for t in state.scenario.scenario.tables}
    out = Text()
    for n, decision_id in enumerate(ids):
        decision = state.decisions[decision_id]
        out.append("\n" if n else "Driven by ")
        out.append(f"#{decision.number} {tables.get(decision.table, decision.table)} ", style="bold")
        out.append(f"({story_clock(decision.story_time)}) “{excerpt(decision.current.text)}”")
        if decision.is_retracted:
            out.append(" (retracted)", style="italic")
    for time, inject_id, metric in fired:
        title = state.injects[inject_id].inject.title if inject_id in state.injects else inject_id
        out.append("\n" if out else "")
        out.append(f"⚑ {story_clock(time)} released “{title}”", style="bold yellow")
        out.append(f" ({metric_title(metric).lower()})")
    return out
