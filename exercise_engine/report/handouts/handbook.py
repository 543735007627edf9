"""The Controller/Evaluator (C/E) handbook: everything the people running and evaluating the exercise
need on paper if the laptop fails: agenda, the full MSEL with expected actions and notes, the contingency
cue sheet, evaluator assignments per table and the simulation cell's roles. Controller-only throughout.
"""

from __future__ import annotations

from datetime import datetime

from ...loader.loaded import LoadedScenario
from ...model.inject import Inject, InjectType
from ..document import Bullets, Document, Heading, PageBreak, Para, Table
from ..text import clean, story
from .agenda import agenda_rows
from .common import (
    CONTROLLER_MARKING, HANDLING, condition_text, module_label, numbers, story_label, table_names, type_label,
)


def _expected(inject: Inject) -> str:
    return "\n".join(f"\u2022 {clean(a.text)}" + (f" [{a.tag}]" if a.tag else "") for a in inject.expected_actions)


def _notes(inject: Inject) -> str:
    parts = []
    if inject.controller_notes:
        parts.append(f"Controller: {clean(inject.controller_notes)}")
    if inject.evaluator_notes:
        parts.append(f"Evaluator: {clean(inject.evaluator_notes)}")
    return "\n".join(parts)


def _voice(loaded: LoadedScenario, inject: Inject) -> str:
    """Who delivers an inject: its responsible controller, else the simulation-cell role voicing its sender."""
    if inject.responsible_controller:
        return clean(inject.responsible_controller)
    for role in loaded.scenario.simulation_cell:
        if inject.from_ in role.voices:
            return clean(role.played_by or role.role)
    return "Facilitator"


def msel_rows(loaded: LoadedScenario) -> list[list[str]]:
    """The full MSEL, one row per inject in delivery order."""
    rows = []
    for n, inject in enumerate(loaded.injects, start=1):
        kind = type_label(inject) + (f"\n{condition_text(loaded, inject)}" if inject.condition else "")
        rows.append([
            str(n), story(inject.time), module_label(loaded, inject).split(":")[0],
            f"{clean(inject.from_)}\n\u2192 {table_names(loaded, inject)}\n({inject.delivery.value})",
            f"{clean(inject.title)}\n\n{clean(inject.narrative)}", _expected(inject), _notes(inject),
            f"{kind}\nBy: {_voice(loaded, inject)}",
        ])
    return rows


def cue_rows(loaded: LoadedScenario) -> list[list[str]]:
    """The contingency cue sheet: at each check time, what to check and who fires what."""
    num = numbers(loaded)
    cues = []
    for inject in loaded.injects:
        if inject.condition is None:
            continue
        at = inject.condition.by if inject.condition.by is not None else inject.time
        action = ("Release" if inject.type is InjectType.contingency else "Deliver") + f" inject {num[inject.id]}: {clean(inject.title)}"
        if inject.type is InjectType.conditional:
            action += " (otherwise it is skipped)"
        cues.append((at or 0, [story_label(loaded, at), condition_text(loaded, inject).removeprefix("if ").capitalize(),
                                action, _voice(loaded, inject)]))
    return [row for _, row in sorted(cues, key=lambda c: c[0])]


def evaluator_rows(loaded: LoadedScenario) -> list[list[str]]:
    """Evaluator per table, with the objectives that table's injects address (its EEGs)."""
    s = loaded.scenario
    rows = []
    for t in s.tables:
        objectives = []
        for inject in loaded.injects:
            if inject.is_for(t.id):
                for o in inject.objectives:
                    if o not in objectives:
                        objectives.append(o)
        order = [o.id for o in s.objectives]
        labels = [f"{order.index(o) + 1}" for o in sorted(objectives, key=order.index) if o in order]
        rows.append([clean(t.name), "\n".join(clean(e) for e in t.evaluators) or "Not assigned yet",
                     ", ".join(labels) or "-"])
    return rows


def simulation_rows(loaded: LoadedScenario) -> list[list[str]]:
    num = numbers(loaded)
    rows = []
    for role in loaded.scenario.simulation_cell:
        voices = role.voices or [role.role]
        cards = [str(num[i.id]) for i in loaded.injects if i.from_ in voices or i.responsible_controller == role.played_by]
        rows.append([clean(role.role), clean(role.played_by) or "Not assigned yet",
                     "\n".join(clean(v) for v in voices), ", ".join(cards) or "-", clean(role.notes)])
    return rows


def handbook(loaded: LoadedScenario, start: datetime | None = None) -> Document:
    s = loaded.scenario
    doc = Document(title=clean(s.title), kind="Controller/Evaluator Handbook", marking=CONTROLLER_MARKING,
                   audience="controller")
    doc.add(Heading("Handling instructions"), Para(HANDLING),
            Para("This handbook holds the expected actions, controller notes and held injects. Keep it away from "
                 "the players' tables; if the laptop fails, run the exercise from it and the printed inject cards.",
                 style="warning"),
            Heading("Agenda"), Table(["Time", "Minutes", "Item"], agenda_rows(loaded, start), [0.8, 0.8, "*"]),
            Heading("Objectives"),
            Table(["#", "Objective", "Practices"],
                  [[str(i), clean(o.text), ", ".join(map(str, o.practices))] for i, o in enumerate(s.objectives, start=1)],
                  [0.3, "*", 0.9]),
            Heading("Evaluator assignments"),
            Table(["Table", "Evaluator", "Objectives (EEGs)"], evaluator_rows(loaded), [2.2, "*", 1.2]),
            Heading("Simulation cell"),
            Para("Who voices the outside world. Each role delivers the injects whose sender it speaks for."))
    sim = simulation_rows(loaded)
    if sim:
        doc.add(Table(["Role", "Played by", "Speaks as", "Injects", "Notes"], sim, [1.3, 1.4, "*", 0.7, "*"]))
    else:
        doc.add(Para("No simulation cell is set in the scenario: the facilitator voices every inject.", style="meta"))
    doc.add(PageBreak(landscape=True), Heading("Master Scenario Events List (MSEL)"),
            Para("Every inject in delivery order, with what the planners expect and the notes for controllers and "
                 "evaluators. Inject numbers match the inject cards.", style="meta"),
            Table(["#", "Story time", "Module", "From / to / method", "Inject", "Expected actions", "Notes",
                   "Type / delivered by"], msel_rows(loaded), [0.35, 0.7, 0.75, 1.4, "3*", "2*", "2*", 1.3]))
    cues = cue_rows(loaded)
    doc.add(PageBreak(landscape=True), Heading("Contingency cue sheet"),
            Para("At each check time, look at the decisions logged so far; if the condition holds, the named person "
                 "delivers the inject. The engine does this itself when the laptop runs; this sheet is for paper.",
                 style="meta"))
    if cues:
        doc.add(Table(["Check at", "Condition", "Then", "Who"], cues, [1.6, "*", "*", 1.5]))
    else:
        doc.add(Para("No contingency or conditional injects.", style="meta"))
    doc.add(PageBreak(), Heading("Tables and roles"),
            Bullets([f"{clean(t.name)}: {'; '.join(clean(r) for r in t.roles)}" for t in s.tables]))
    return doc
