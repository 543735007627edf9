"""Exercise Evaluation Guides (EEGs): one per objective, for the evaluators.

Each guide names the objective's core capabilities, capability targets, critical tasks (the objective's
own, then the tagged expected actions of the injects that address it), the sources to check against, a
rating chart with observation space and the HSEEP P/S/M/U key.
"""

from __future__ import annotations

from ...loader.loaded import LoadedScenario
from ...model.records import RATING_DEFINITIONS
from ...model.scenario import Objective
from ..document import Document, Heading, Lines, Para, Table
from ..text import clean
from .common import CONTROLLER_MARKING, capability_label, numbers, practices_label

DEFAULT_SOURCES = ["The community's Emergency Operations Plan and its MVI annex (drafted in roadmap Sessions One "
                   "to Seven)", "The Friends & Relatives Center and Family Assistance Center plans",
                   "The crisis communications protocol and contact list"]


def critical_tasks(loaded: LoadedScenario, objective: Objective) -> list[list[str]]:
    """(task, where it comes from) for the objective: its own critical tasks, then tagged expected actions."""
    num = numbers(loaded)
    rows = [[clean(t), "Objective"] for t in objective.critical_tasks]
    for inject in loaded.injects:
        if objective.id not in inject.objectives:
            continue
        for action in inject.expected_actions:
            if action.tag:
                rows.append([clean(action.text), f"Inject {num[inject.id]} ({action.tag})"])
    return rows


def evaluation_guide(loaded: LoadedScenario, number: int, objective: Objective) -> Document:
    s = loaded.scenario
    doc = Document(title=f"Objective {number}", kind="Exercise Evaluation Guide", marking=CONTROLLER_MARKING,
                   subtitle=clean(s.title), audience="controller", title_page=False)
    targets = [clean(t) for t in objective.capability_targets] or [
        "Perform the critical tasks below, as the objective states, within the times the objective sets."]
    doc.add(Table(["Item", "Details"], [
        ["Objective", clean(objective.text)],
        ["Core capabilities", "\n".join(capability_label(c) for c in objective.capabilities)],
        ["Best practices", practices_label(objective.practices)],
        ["Capability targets", "\n".join(targets)],
        ["Sources", "\n".join(clean(x) for x in objective.sources) or "\n".join(DEFAULT_SOURCES)],
        ["Evaluator / table", ""],
    ], [1.6, "*"], keyvalue=True))
    tasks = critical_tasks(loaded, objective)
    doc.add(Heading("Critical tasks", 2))
    if tasks:
        doc.add(Table(["Critical task", "From", "Observed? (time, table, notes)"],
                      [[t, src, ""] for t, src in tasks], ["3*", 1.3, "2*"]))
    else:
        doc.add(Para("No critical tasks are tagged for this objective yet.", style="meta"))
    doc.add(Heading("Observations", 2), Lines(6, "Strengths"), Lines(6, "Areas for improvement"),
            Heading("Rating", 2),
            Table(["Core capability", "P", "S", "M", "U"],
                  [[capability_label(c), "\u2610", "\u2610", "\u2610", "\u2610"] for c in objective.capabilities],
                  ["*", 0.45, 0.45, 0.45, 0.45]),
            Lines(3, "Rationale for the rating"),
            Table(["Rating", "Meaning (HSEEP)"], [[k, v] for k, v in RATING_DEFINITIONS.items()], [0.7, "*"]),
            Para("Evaluator name and signature: ______________________________   Date: ____________", style=""))
    return doc


def evaluation_guides(loaded: LoadedScenario) -> list[tuple[str, Document]]:
    """(file stem, guide) for each objective: `eeg-1-obj-command`."""
    return [(f"eeg-{n}-{o.id}", evaluation_guide(loaded, n, o))
            for n, o in enumerate(loaded.scenario.objectives, start=1)]

