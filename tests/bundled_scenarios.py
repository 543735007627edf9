"""The bundled scenarios, which the content and plan tests each go through (the community profile is
not one). The `bundled_scenario` fixture (tests/conftest.py) loads each once per test run."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = sorted(p for p in ROOT.glob("scenarios/*.yaml") if p.name != "community.example.yaml")
