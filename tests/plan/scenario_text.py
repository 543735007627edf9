"""Small scenario files written for the run-of-show tests: a header, tables, and modules of injects."""

from __future__ import annotations

import shutil
from pathlib import Path

from engine.helpers import FakeClock
from loader.helpers import run_ttx

from exercise_engine.loader import LoadedScenario, load_scenario

DATA = Path(__file__).resolve().parents[1] / "data" / "good"

HEADER = """\
id: plan-test
version: "1"
title: Plan test
summary: A test.
threat_hazard: Mass violence incident
sponsor: Testville
point_of_contact:
  name: Pat Lee
community: community.yaml
library: []
incident_start: 2027-06-19T20:40:00
{extra}objectives:
  - id: obj-1
    text: Open a Friends and Relatives Center quickly.
    practices: [4]
tables:
  - id: steering
    name: Steering
    committees: [steering]
  - id: victims
    name: Victim Services
    committees: [victim_services]
modules:
"""


__all__ = ["FakeClock", "HEADER", "inject", "load", "module", "run_ttx", "write"]
"""FakeClock and run_ttx are the engine's and loader's tests' own, shared here."""


def module(module_id: str, start: str, end: str, minutes: int, injects: str = "", pacing: str = "") -> str:
    mode = f"    pacing: {pacing}\n" if pacing else ""
    body = f"    injects:\n{injects}" if injects else ""
    return (f"  - id: {module_id}\n    title: Module {module_id}\n    start: {start}\n    end: {end}\n"
            f"    planned_minutes: {minutes}\n    situation: Things happen.\n{mode}{body}")


def inject(inject_id: str, time: str, to: str = "[steering]", minutes: int | None = None, extra: str = "") -> str:
    talk = f"        discussion_minutes: {minutes}\n" if minutes else ""
    return (f"      - id: {inject_id}\n        title: Inject {inject_id}\n        time: {time}\n"
            f"        practices: [4]\n        from: Dispatch\n        to: {to}\n        delivery: phone\n"
            f"        narrative: Something happens.\n{talk}{extra}")


def write(tmp_path: Path, modules: str, *, extra: str = "", agenda: str = "") -> Path:
    shutil.copy(DATA / "community.yaml", tmp_path / "community.yaml")
    path = tmp_path / "scenario.yaml"
    path.write_text(HEADER.format(extra=extra) + modules + agenda, encoding="utf-8")
    return path


def load(tmp_path: Path, modules: str, *, extra: str = "", agenda: str = "") -> LoadedScenario:
    return load_scenario(write(tmp_path, modules, extra=extra, agenda=agenda))

