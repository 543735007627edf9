"""Inject cards, one per page, for a paper fallback: a participant copy (what the table is handed) and a
controller copy (the same, plus type, condition, expected actions, notes and who delivers it).

Cards carry the inject's MSEL number, never its id: ids of held injects can name the expected action.
"""

from __future__ import annotations

from ...loader.loaded import LoadedScenario
from ...model.inject import Inject
from ..document import Bullets, Document, Heading, PageBreak, Para, Table
from ..text import clean
from .common import CONTROLLER_MARKING, PARTICIPANT_MARKING, condition_text, module_label, story_label, table_names, type_label
from .handbook import _voice


def _card(loaded: LoadedScenario, n: int, total: int, inject: Inject, controller: bool) -> list:
    blocks: list = [
        Para(f"Inject {n} of {total} \u00b7 {module_label(loaded, inject)}", style="meta"),
        Heading(clean(inject.title), 1),
        Table(["Item", "Details"], [
            ["Story time", story_label(loaded, inject.time)], ["From", clean(inject.from_)],
            ["To", table_names(loaded, inject)], ["Method", inject.delivery.value.capitalize()]],
            [1.4, "*"], keyvalue=True),
        Para(clean(inject.narrative)),
    ]
    if inject.questions:
        blocks += [Heading("Discuss", 3), Bullets([clean(q) for q in inject.questions], numbered=True)]
    if controller:
        rows = [["Type", type_label(inject) + (f"\n{condition_text(loaded, inject)}" if inject.condition else "")],
                ["Delivered by", _voice(loaded, inject)], ["Inject id", inject.id]]
        if inject.controller_notes:
            rows.append(["Controller notes", clean(inject.controller_notes)])
        if inject.evaluator_notes:
            rows.append(["Evaluator notes", clean(inject.evaluator_notes)])
        blocks += [Heading("Controller only", 3), Table(["Item", "Details"], rows, [1.4, "*"], keyvalue=True)]
        if inject.expected_actions:
            blocks += [Para("Expected actions", style="meta"),
                       Bullets([clean(a.text) + (f" [{a.tag}]" if a.tag else "") for a in inject.expected_actions])]
    return blocks


def inject_cards(loaded: LoadedScenario, controller: bool) -> Document:
    doc = Document(title=clean(loaded.scenario.title), kind="Inject cards" + (" (controller copy)" if controller else ""),
                   marking=CONTROLLER_MARKING if controller else PARTICIPANT_MARKING,
                   audience="controller" if controller else "participant", title_page=False)
    total = len(loaded.injects)
    for n, inject in enumerate(loaded.injects, start=1):
        if n > 1:
            doc.add(PageBreak())
        doc.add(*_card(loaded, n, total, inject, controller))
    return doc
