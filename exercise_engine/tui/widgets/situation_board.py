"""The projector's situation board: the metrics the scenario marks `public`, and only those.

The one rule for what the room may see of the models: `public_metrics()` (the scenario's `models.public`
that a running model produces). Every other metric is controller-only and never becomes a row here,
so its name and value never reach the projector's screen.
"""

from __future__ import annotations

from rich.text import Text
from textual.containers import Vertical

from ...engine.projection import SessionState
from ...model.consequences import MODEL_METRICS, ModelsSection
from .metrics_panel import MetricRow, time_span


def public_metrics(section: ModelsSection | None) -> list[str]:
    """The metrics the room may see, in the scenario's order."""
    if section is None:
        return []
    produced = {f"{m}.{k}" for m in section.enabled() for k in MODEL_METRICS[m]}
    return [name for name in section.public if name in produced]


class SituationBoard(Vertical):
    """One row per public metric: plain name, current value, sparkline over story time so far."""

    DEFAULT_CSS = """
    SituationBoard { height: auto; border: round $text-primary; padding: 0 2; margin: 0 4 1 4; }
    SituationBoard MetricRow .metric-name { text-style: bold; }
    SituationBoard MetricRow Sparkline { max-width: 60; }
    """

    def __init__(self, names: list[str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.names = names
        self.border_title = Text("Situation board")

    def compose(self):
        self._rows = [MetricRow(name) for name in self.names]
        yield from self._rows

    def refresh_from(self, state: SessionState) -> None:
        start, end = time_span(state)
        for row in self._rows:
            row.show(state.metrics.get(row.metric, []), start, end)
