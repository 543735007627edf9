"""Synthetic scenarios built straight from the models: for property tests and benchmarks.

Real scenarios come from YAML through the loader; these exist so that the runtime can be exercised on
thousands of generated injects (and odd shapes a planner would not write) without any files.
"""

from __future__ import annotations

import hashlib
import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..loader.loaded import LoadedScenario
from ..model.community import Contact
from ..model.inject import Condition, Delivery, Inject, InjectType
from ..model.records import Action, Decision
from ..model.scenario import Module, Objective, Scenario, Table

TABLES = ("steering", "victim-services", "behavioral-health", "financial", "communications")
TAGS = ("frc-opened", "notification-team-assigned", "pio-statement", "hotline-staffed", "fac-planned",
        "donations-fund", "counselors-deployed", "memorial-plan")


@dataclass(frozen=True)
class ModuleSpec:
    """A module to generate: its story span and planned minutes."""

    start: int
    end: int
    planned_minutes: int


def loaded_scenario(modules: Sequence[tuple[Module, Sequence[Inject]]], *, scenario_id: str = "synthetic",
                    version: str = "1", tables: Sequence[str] = TABLES, seed: int = 0) -> LoadedScenario:
    """Wrap modules and their injects (times set) into a LoadedScenario, as the loader would."""
    scenario = Scenario.model_validate({
        "id": scenario_id, "version": version, "title": f"Synthetic scenario {scenario_id}",
        "summary": "Generated for tests and benchmarks.", "threat_hazard": "Mass shooting",
        "sponsor": "Town of Cedar Falls", "point_of_contact": _contact(), "community": "community.example.yaml",
        "seed": seed,
        "objectives": [Objective(id="obj-1", text="Reunify families quickly.", practices=[4])],
        "tables": [Table(id=t, name=t.replace("-", " ").title(), committees=["steering"]) for t in tables],
        "modules": [m.model_copy(update={"injects": list(injects)}) for m, injects in modules],
    })
    ordered = sorted(
        ((inject, module.id, n) for n, (module, injects) in enumerate(modules) for inject in injects),
        key=lambda item: (item[0].time, item[2]))
    injects = tuple(i for i, _, _ in ordered)
    payload = json.dumps(scenario.model_dump(mode="json", by_alias=True), sort_keys=True)
    return LoadedScenario(
        path=Path(f"{scenario_id}.yaml"), scenario=scenario, profile=None, injects=injects,
        module_of={i.id: m for i, m, _ in ordered}, digest=hashlib.sha256(payload.encode()).hexdigest()[:16])


def _contact() -> Contact:
    return Contact.model_validate({"name": "Alex Rivera", "title": "Emergency Manager", "organization": "Cedar Falls OEM",
                                   "phone": "555-0100", "email": "alex@example.org"})


def make_inject(inject_id: str, time: int, *, type: InjectType = InjectType.standard, condition: Condition | None = None,
                to: Sequence[str] = ("all",), practices: Sequence[int] = (4,)) -> Inject:
    return Inject.model_validate({
        "id": inject_id, "title": f"Inject {inject_id}", "time": time, "practices": list(practices),
        "from": "Dispatch", "to": list(to), "delivery": Delivery.phone, "narrative": f"Narrative of {inject_id}.",
        "type": type, "condition": condition,
    })


def make_module(module_id: str, start: int, end: int, planned_minutes: int) -> Module:
    return Module(id=module_id, title=f"Module {module_id}", start=start, end=end,
                  planned_minutes=planned_minutes, situation=f"Situation of {module_id}.")


def generate(n_injects: int, *, seed: int = 0, n_modules: int = 3, conditional_share: float = 0.2,
             scenario_id: str = "synthetic", minutes_per_module: int = 60) -> LoadedScenario:
    """A scenario with `n_injects` injects spread over `n_modules` modules, some conditional or contingency."""
    rng = random.Random(seed)
    span = 6 * 3600
    per_module = max(1, n_injects // n_modules)
    modules = []
    counter = 0
    for m in range(n_modules):
        start = m * (span + 3600)
        count = per_module if m < n_modules - 1 else n_injects - per_module * (n_modules - 1)
        injects = []
        for _ in range(count):
            counter += 1
            time = start + 60 * rng.randrange(0, span // 60)  # whole minutes, as scenario files write them
            roll = rng.random()
            if roll < conditional_share / 2:
                injects.append(make_inject(f"i{counter:05d}", time, type=InjectType.conditional,
                                           condition=_condition(rng)))
            elif roll < conditional_share:
                injects.append(make_inject(f"i{counter:05d}", time, type=InjectType.contingency,
                                           condition=_condition(rng)))
            else:
                injects.append(make_inject(f"i{counter:05d}", time, to=[rng.choice(TABLES)]))
        modules.append((make_module(f"m{m + 1}", start, start + span, minutes_per_module), injects))
    return loaded_scenario(modules, scenario_id=scenario_id, seed=seed)


def _condition(rng: random.Random) -> Condition:
    return Condition(when=rng.choice(("logged", "missing")), tags=[rng.choice(TAGS)],
                     table=rng.choice((None, *TABLES)))


def decisions(loaded: LoadedScenario, n: int, *, seed: int = 0) -> list[Decision]:
    """`n` scripted decisions at random times within the scenario's modules, tagged from TAGS."""
    rng = random.Random(seed)
    modules = loaded.scenario.modules
    result = []
    for k in range(n):
        module = rng.choice(modules)
        time = 60 * rng.randrange(module.start // 60, module.end // 60)
        result.append(Decision(
            table=rng.choice([t.id for t in loaded.scenario.tables]), scenario_time=time,
            practices=[rng.randint(1, 16)], text=f"Decision {k}", tags=[rng.choice(TAGS)],
            actions=[Action(kind="staff_hotline", params={"lines": rng.randint(1, 8)})] if rng.random() < 0.1 else []))
    return sorted(result, key=lambda d: d.scenario_time or 0)
