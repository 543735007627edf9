"""The Situation Manual (SitMan): what every participant reads before and during play.

Built only from participant material: the overview, objectives, roles, conduct texts, agenda, each
module's situation and its discussion questions (the module's own, for every table and by table, as an
HSEEP SitMan has them; an inject's questions come with the inject, in the room, so they would give the story
away here). Nothing controller-only is read here: no expected actions, notes, conditions, inject ids,
simulation cell or evaluator assignments; tests/report/test_handouts.py checks the output for them.
"""

from __future__ import annotations

from datetime import datetime

from ...loader.loaded import LoadedScenario
from ...model.scenario import Scenario
from ..document import Bullets, Document, Heading, PageBreak, Para, Table
from ..text import clean
from .agenda import agenda_rows
from .common import HANDLING, PARTICIPANT_MARKING, acronyms_in, capability_label, practices_label

PARTICIPANT_ROLES = [
    ["Players", "Respond to the situation in the role they hold in their own organization, and decide what "
     "their organization would do."],
    ["Facilitators and controllers", "Run the exercise: present the modules and injects, keep time, and "
     "voice outside organizations through the simulation cell."],
    ["Evaluators", "Observe and record the discussion against the objectives; they do not take part in it."],
    ["Observers", "Watch without taking part; they may be asked for comments at the hotwash."],
]


def _overview(s: Scenario, loaded: LoadedScenario, start: datetime | None) -> Table:
    poc = s.point_of_contact
    rows = [
        ["Exercise name", clean(s.title)],
        ["Exercise date", start.strftime("%A %d %B %Y, %H:%M") if start else "As announced by the sponsor"],
        ["Community", clean(loaded.profile.community.name) if loaded.profile else clean(s.community)],
        ["Scope", clean(s.scope)],
        ["Mission areas", ", ".join(m.value for m in s.mission_areas)],
        ["Threat / hazard", clean(s.threat_hazard)],
        ["Scenario", clean(s.summary)],
        ["Sponsor", clean(s.sponsor)],
        ["Point of contact", ", ".join(clean(x) for x in (poc.name, poc.title, poc.organization, poc.phone, poc.email) if x)],
    ]
    return Table(["Item", "Details"], rows, [1.6, "*"], keyvalue=True)


def situation_manual(loaded: LoadedScenario, start: datetime | None = None) -> Document:
    s = loaded.scenario
    doc = Document(title=clean(s.title), kind="Situation Manual", marking=PARTICIPANT_MARKING,
                   subtitle=f"{clean(loaded.profile.community.name) if loaded.profile else ''}"
                   + (f" \u00b7 {start.strftime('%d %B %Y')}" if start else ""), audience="participant")
    doc.add(Heading("Handling instructions"), Para(HANDLING),
            Para("Bring this manual to the exercise. It holds no answers: the situation unfolds in the room."),
            Heading("Participant safety"), Para(clean(s.safety_note), style="warning"),
            Heading("Exercise overview"), _overview(s, loaded, start))
    doc.add(Heading("Objectives, core capabilities and best practices"),
            Table(["#", "Objective", "Core capabilities", "Best practices"],
                  [[str(i), clean(o.text), "; ".join(capability_label(c) for c in o.capabilities),
                    practices_label(o.practices)] for i, o in enumerate(s.objectives, start=1)],
                  [0.3, "3*", "2*", "2*"]))
    doc.add(PageBreak(), Heading("Participants and roles"), Table(["Role", "What they do"], PARTICIPANT_ROLES, [1.9, "*"]),
            Heading("Tables", 2),
            Table(["Table", "Who sits there"], [[clean(t.name), "; ".join(clean(r) for r in t.roles)] for t in s.tables],
                  [2.2, "*"]),
            Heading("Ground rules"), Bullets([clean(r) for r in s.ground_rules]),
            Heading("Assumptions"), Bullets([clean(a) for a in s.assumptions]),
            Heading("Artificialities"), Bullets([clean(a) for a in s.artificialities]),
            Heading("Agenda"), Table(["Time", "Minutes", "Item"], agenda_rows(loaded, start), [0.8, 0.8, "*"]),
            Para("Times are planned; the facilitator may move them to keep discussion going.", style="meta"))
    tables = {t.id: clean(t.name) for t in s.tables}
    for n, module in enumerate(s.modules, start=1):
        doc.add(PageBreak(), Heading(f"Module {n}: {clean(module.title)}"),
                Para(f"About {module.planned_minutes} minutes of discussion.", style="meta"),
                Heading("Situation", 2), Para(clean(module.situation)))
        if module.questions:
            doc.add(Heading("Questions for every table", 2), Bullets([clean(q) for q in module.questions], numbered=True))
        for table_id, name in tables.items():  # in the scenario's table order
            if module.table_questions.get(table_id):
                doc.add(Heading(f"Questions for the {name}", 2),
                        Bullets([clean(q) for q in module.table_questions[table_id]], numbered=True))
    doc.add(PageBreak(), Heading("Acronyms"), Table(["Acronym", "Meaning"], acronyms_in(doc.text()), [1.1, "*"]))
    return doc
