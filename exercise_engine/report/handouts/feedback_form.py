"""The participant feedback form on paper: the same statements as the table console's form."""

from __future__ import annotations

from ...loader.loaded import LoadedScenario
from ...model.records import FEEDBACK_QUESTIONS
from ..document import Document, Lines, Para, Table
from ..text import clean
from .common import PARTICIPANT_MARKING

BOX = "\u2610"


def feedback_form(loaded: LoadedScenario, url: str | None = None) -> Document:
    doc = Document(title="Participant Feedback Form", kind=clean(loaded.scenario.title), marking=PARTICIPANT_MARKING,
                   audience="participant", title_page=False)
    doc.add(Para("Your table: ______________________    Your role: ______________________"),
            Para("Tick one box per statement: 1 strongly disagree, 5 strongly agree.", style="meta"),
            Table(["Statement", "1", "2", "3", "4", "5"],
                  [[text, BOX, BOX, BOX, BOX, BOX] for text in FEEDBACK_QUESTIONS.values()],
                  ["*", 0.4, 0.4, 0.4, 0.4, 0.4]),
            Lines(4, "What went well? (strengths)"),
            Lines(4, "What should we improve, and who should do it?"),
            Lines(3, "Other comments"))
    if url:
        doc.add(Para(f"You can also fill in this form on your phone: {url}", style="note"))
    doc.add(Para("Thank you. Hand this form to a facilitator before you leave; it is anonymous.", style="meta"))
    return doc
