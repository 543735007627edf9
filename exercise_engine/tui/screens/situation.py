"""The current module's situation update and discussion questions, large, for the facilitator to read aloud."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ...model.scenario import Module
from ..format import story_clock


def situation_text(module: Module) -> Text:
    out = Text()
    out.append(f"{module.title}\n", style="bold")
    out.append(f"{story_clock(module.start)} to {story_clock(module.end)} · planned {module.planned_minutes} min\n\n",
               style="italic")
    out.append(module.situation.strip() + "\n")
    if module.questions:
        out.append("\nDiscussion questions\n", style="bold")
        for question in module.questions:
            out.append(f" • {question}\n")
    return out


class SituationScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,v,q", "close", "Close")]
    DEFAULT_CSS = """
    SituationScreen { align: center middle; }
    SituationScreen > VerticalScroll { width: 100; max-width: 98%; height: auto; max-height: 95%;
        border: thick $accent; background: $surface; padding: 1 2; }
    """

    def __init__(self, module: Module) -> None:
        super().__init__()
        self.module = module

    def compose(self):
        with VerticalScroll():
            yield Static(situation_text(self.module), id="situation-text")
            yield Static(Text("Esc closes.", style="dim"))

    def action_close(self) -> None:
        self.dismiss(None)
