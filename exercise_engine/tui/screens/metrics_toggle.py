"""The consequence-metrics panel on the controllers' consoles (facilitator, evaluators): `g` shows it
where the responses were, in scenarios that run consequence models. Table consoles never have it:
most metrics are controller-only; the projector shows the public ones on its situation board."""

from __future__ import annotations

from ...model.consequences import ModelsSection
from ..widgets.exercise_overview import ExerciseOverview


class ShowsConsequenceMetrics:
    """A console screen mixin: the scenario's models, the `g` key and its place in the footer."""

    def consequence_models(self) -> ModelsSection | None:
        """The scenario's consequence models, or None when it runs none."""
        models = self.live.loaded.scenario.models  # type: ignore[attr-defined]
        return models if models is not None and models.enabled() else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`g` only where the scenario has models (hidden from the footer otherwise)."""
        if action == "metrics":
            return self.consequence_models() is not None
        return super().check_action(action, parameters)  # type: ignore[misc]

    def action_metrics(self) -> None:
        self.query_one(ExerciseOverview).toggle_metrics()  # type: ignore[attr-defined]
