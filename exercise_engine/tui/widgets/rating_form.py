"""A P/S/M/U rating of one objective, with the HSEEP definitions on screen beside the choice."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Input, Label, RadioSet, Select, Static

from ...loader.loaded import LoadedScenario
from ...model.records import RATING_DEFINITIONS, Rating, RatingLevel
from .choices import Choice, clear_choice
from ..format import plain
from .record_form import RecordForm

LEVELS = ("P", "S", "M", "U")


def definitions_text() -> Text:
    out = Text()
    for level in LEVELS:
        out.append(f"{level} ", style="bold")
        out.append(RATING_DEFINITIONS[level] + "\n")
    return out


class RatingForm(RecordForm):
    DEFAULT_CSS = """
    RatingForm #rating-level { layout: horizontal; height: auto; }
    RatingForm #rating-level RadioButton { width: auto; margin-right: 2; }
    """

    def __init__(self, loaded: LoadedScenario, evaluator: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.loaded = loaded
        self.evaluator = evaluator

    def compose(self):
        yield Static(Text("Rate an objective", style="bold"))
        yield Select(compact=True, options=[(plain(f"{o.id}: {o.text}"), o.id) for o in self.loaded.scenario.objectives], prompt="Objective",
                     id="rating-objective")
        with RadioSet(id="rating-level"):
            for level in LEVELS:
                yield Choice(level)  # no default: a tired evaluator must not file an S by accident
        yield Static(definitions_text(), id="rating-definitions")
        yield Label("Why (observed evidence)")
        yield Input(compact=True, id="rating-explanation")
        yield from self.save_row("Save rating")

    def build(self) -> Rating:
        objective = self.query_one("#rating-objective", Select).value
        if not isinstance(objective, str):
            raise ValueError("choose the objective you are rating")
        index = self.query_one("#rating-level", RadioSet).pressed_index
        if index < 0:
            raise ValueError("choose P, S, M or U")
        level = RatingLevel(LEVELS[index])
        return Rating(evaluator=self.evaluator, objective=objective, rating=level,
                      explanation=self.query_one("#rating-explanation", Input).value.strip())

    def reset(self) -> None:
        self.query_one("#rating-explanation", Input).value = ""
        clear_choice(self.query_one("#rating-level", RadioSet))
        self.query_one("#rating-objective", Select).clear()
