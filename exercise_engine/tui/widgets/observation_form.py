"""An evaluator's observation: practice and/or objective, strength or area for improvement, and the note."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Label, RadioSet, Select, Static, TextArea

from ...loader.loaded import LoadedScenario
from ...model.practices import PRACTICES
from ...model.records import Observation, ObservationKind
from .choices import Choice, clear_choice
from ..format import plain
from .record_form import RecordForm


class ObservationForm(RecordForm):
    def __init__(self, loaded: LoadedScenario, evaluator: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.loaded = loaded
        self.evaluator = evaluator

    def compose(self):
        yield Static(Text("Observation", style="bold"))
        yield Label("Practice")
        yield Select(compact=True, options=[(f"{p.number} {p.name}", p.number) for p in PRACTICES], prompt="(none)", id="obs-practice")
        yield Label("Objective")
        yield Select(compact=True, options=[(plain(f"{o.id}: {o.text}"), o.id) for o in self.loaded.scenario.objectives], prompt="(none)",
                     id="obs-objective")
        with RadioSet(id="obs-kind"):
            yield Choice("Strength")  # no default: a mislabelled strength goes straight into the AAR
            yield Choice("Area for improvement")
        yield Label("What you saw")
        yield TextArea(compact=True, id="obs-text", soft_wrap=True, tab_behavior="focus")
        yield from self.save_row("Save observation")

    def build(self) -> Observation:
        text = self.query_one("#obs-text", TextArea).text.strip()
        if not text:
            raise ValueError("write what you saw first")
        practice = self.query_one("#obs-practice", Select).value
        objective = self.query_one("#obs-objective", Select).value
        kind = chosen_kind(self.query_one("#obs-kind", RadioSet))
        return Observation(evaluator=self.evaluator, kind=kind, text=text,
                           practice=practice if isinstance(practice, int) else None,
                           objective=objective if isinstance(objective, str) else None)

    def reset(self) -> None:
        self.query_one("#obs-text", TextArea).text = ""
        clear_choice(self.query_one("#obs-kind", RadioSet))
        self.query_one("#obs-practice", Select).clear()
        self.query_one("#obs-objective", Select).clear()


def chosen_kind(choice: RadioSet) -> ObservationKind:
    """Strength (first button) or area for improvement (second); nothing chosen is an error for the person."""
    if choice.pressed_index < 0:
        raise ValueError("choose Strength or Area for improvement")
    return ObservationKind.strength if choice.pressed_index == 0 else ObservationKind.improvement
