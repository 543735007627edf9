"""An inject's full text for controllers and evaluators, INCLUDING expected actions and notes.

Never used by participant consoles: the table console and projector draw `ParticipantInject` instead.
"""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from ...engine.projection import InjectState
from ...model.practices import practice
from ..format import story_clock


def controller_text(item: InjectState) -> Text:
    inject = item.inject
    out = Text()
    out.append(f"{inject.title}\n", style="bold")
    out.append(f"{story_clock(inject.time or 0)} · {inject.id} · {inject.type.value} · {item.status}")
    if item.reason:
        out.append(f" ({item.reason})")
    out.append(f"\nFrom {inject.from_} by {inject.delivery.value} to {', '.join(inject.to)}\n")
    out.append("Practices: " + "; ".join(f"{n} {practice(n).short}" for n in inject.practices) + "\n\n")
    out.append(inject.narrative.strip() + "\n")
    if inject.questions:
        out.append("\nDiscussion questions\n", style="bold")
        for question in inject.questions:
            out.append(f" • {question}\n")
    if inject.expected_actions:
        out.append("\nExpected actions (controller only)\n", style="bold yellow")
        for action in inject.expected_actions:
            out.append(f" • {action.text}")
            if action.tag:
                out.append(f"  [{action.tag}]", style="dim")
            out.append("\n")
    if inject.controller_notes:
        out.append("\nController notes\n", style="bold yellow")
        out.append(inject.controller_notes.strip() + "\n")
    if inject.evaluator_notes:
        out.append("\nEvaluator notes\n", style="bold yellow")
        out.append(inject.evaluator_notes.strip() + "\n")
    if inject.condition is not None:
        cond = inject.condition
        what = ", ".join(cond.tags) or f"a response to {cond.inject}"
        by = f" by {story_clock(cond.by)}" if cond.by is not None else ""
        table = f" from {cond.table}" if cond.table else ""
        out.append(f"\nCondition: fires if {what}{table} is {cond.when}{by}\n", style="italic")
    if inject.objectives:
        out.append(f"Objectives: {', '.join(inject.objectives)}\n", style="dim")
    if inject.discussion_minutes:
        out.append(f"Discussion: about {inject.discussion_minutes} minutes\n", style="dim")
    return out


class InjectDetail(VerticalScroll):
    """The selected MSEL row in full."""

    DEFAULT_CSS = """
    InjectDetail { height: 1fr; }
    InjectDetail > Static { width: 1fr; }
    """

    def compose(self):
        yield Static(Text("Select an inject in the MSEL.", style="dim"), id="inject-detail-text")

    _shown: tuple | None = None

    def show(self, item: InjectState | None) -> None:
        """Draw the inject, unless it is the one drawn and its status has not changed (this is called on
        every change in the room; redrawing the text each time would lay the panel out again)."""
        key = None if item is None else (item.inject.id, item.status, item.reason)
        if key == self._shown and self._shown is not None:
            return
        self._shown = key
        body = self.query_one("#inject-detail-text", Static)
        body.update(Text("Select an inject in the MSEL.", style="dim") if item is None else controller_text(item))
