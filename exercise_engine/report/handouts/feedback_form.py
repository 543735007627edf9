"""The participant feedback form on paper: the same statements as the table console's form."""

from __future__ import annotations

from ...loader.loaded import LoadedScenario
from ...model.records import FEEDBACK_QUESTIONS
from ..document import Document, Lines, Para, QrCode, Table
from ..text import clean
from .common import PARTICIPANT_MARKING

BOX = "\u2610"
ONLINE = "You can also fill in this form on your phone or laptop: scan the code, or type this address."
SERVED = ("You can also fill in this form on your phone or laptop, on the room's network: scan the code or type "
          "this address, enter your table's join code, and open the Hotwash tab (F6).")
"""What the form says beside the QR code: any web form, or this exercise's own consoles (`ttx serve`)."""


def feedback_form(loaded: LoadedScenario, url: str | None = None, how: str = ONLINE) -> Document:
    """The paper form; with `url`, a QR code to the same form online and the address beside it."""
    doc = Document(title="Participant Feedback Form", kind=clean(loaded.scenario.title), marking=PARTICIPANT_MARKING,
                   audience="participant", title_page=False)
    if url:
        doc.add(QrCode(url, how))
    doc.add(Para("Your table: ______________________    Your role: ______________________"),
            Para("Tick one box per statement: 1 strongly disagree, 5 strongly agree.", style="meta"),
            Table(["Statement", "1", "2", "3", "4", "5"],
                  [[text, BOX, BOX, BOX, BOX, BOX] for text in FEEDBACK_QUESTIONS.values()],
                  ["*", 0.4, 0.4, 0.4, 0.4, 0.4]),
            Lines(4, "What went well? (strengths)"),
            Lines(4, "What should we improve, and who should do it?"),
            Lines(3, "Other comments"))
    doc.add(Para("Thank you. Hand this form to a facilitator before you leave; it is anonymous.", style="meta"))
    return doc
