"""docs/models.md explains every parameter, metric and action a planner can write."""

from __future__ import annotations

from pathlib import Path

from exercise_engine.model import consequences as c

DOC = (Path(__file__).resolve().parents[2] / "docs" / "models.md").read_text(encoding="utf-8")


def test_every_parameter_metric_and_action_is_documented() -> None:
    params = [c.IncidentParams, c.ReunificationParams, c.NotificationParams, c.HotlineParams,
              c.VolunteersDonationsParams, c.InformationParams, c.FamilyAssistanceParams, c.BehavioralHealthParams,
              c.Seekers]
    missing = [f"{p.__name__}.{name}" for p in params for name in p.model_fields if f"`{name}`" not in DOC
               and f"**{name}**" not in DOC]
    missing += [f"metric {m}.{k}" for m, metrics in c.MODEL_METRICS.items() for k in metrics if f"`{k}`" not in DOC]
    missing += [f"action {kind}" for kind in c.ACTIONS if f"`{kind}`" not in DOC]
    missing += [f"model {m}" for m in c.MODEL_METRICS if f"(`{m}`)" not in DOC]
    assert not missing
