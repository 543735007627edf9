"""What a participant may see of an inject, and nothing more.

`ParticipantInject.of()` copies only `PARTICIPANT_FIELDS`; participant widgets never hold an `Inject`,
so expected actions, notes, conditions, objectives and the inject type cannot reach their screens.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from ...model.inject import PARTICIPANT_FIELDS, Inject
from ...model.scenario import Module
from ...model.practices import practice
from ..format import story_clock


@dataclass(frozen=True)
class ParticipantInject:
    id: str
    title: str
    time: int
    practices: tuple[int, ...]
    from_: str
    to: tuple[str, ...]
    delivery: str
    narrative: str
    questions: tuple[str, ...]
    situation: bool = False
    """A module's situation update (read aloud when the module opens), not an inject."""

    @classmethod
    def of_module(cls, module: Module) -> ParticipantInject:
        """A module's situation and discussion questions: Situation Manual text, for everyone."""
        return cls(id=f"module:{module.id}", title=f"Situation: {module.title}", time=module.start, practices=(),
                   from_="Facilitator", to=("all",), delivery="in person", narrative=module.situation,
                   questions=tuple(module.questions), situation=True)

    @classmethod
    def of(cls, inject: Inject) -> ParticipantInject:
        data = {name: getattr(inject, name) for name in PARTICIPANT_FIELDS}
        return cls(id=data["id"], title=data["title"], time=data["time"] or 0, practices=tuple(data["practices"]),
                   from_=data["from_"], to=tuple(data["to"]), delivery=data["delivery"].value,
                   narrative=data["narrative"], questions=tuple(data["questions"]))


def participant_text(item: ParticipantInject) -> Text:
    out = Text()
    out.append(item.title + "\n", style="bold")
    if item.situation:
        out.append(f"{story_clock(item.time)} · situation update\n\n", style="italic")
    else:
        out.append(f"{story_clock(item.time)} · from {item.from_} · {item.delivery}\n", style="italic")
        out.append("Practices: " + "; ".join(f"{n} {practice(n).short}" for n in item.practices) + "\n\n",
                   style="dim")
    out.append(item.narrative.strip() + "\n")
    if item.questions:
        out.append("\nFor discussion\n", style="bold")
        for question in item.questions:
            out.append(f" • {question}\n")
    return out


class InjectCard(VerticalScroll):
    """One inject's narrative and discussion questions."""

    DEFAULT_CSS = """
    InjectCard { height: 1fr; padding: 0 1; }
    """

    def __init__(self, empty: str = "No inject yet.", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.empty = empty

    def compose(self):
        yield Static(Text(self.empty, style="dim"), classes="inject-card-text")

    def show(self, item: ParticipantInject | None) -> None:
        self.query_one(".inject-card-text", Static).update(
            Text(self.empty, style="dim") if item is None else participant_text(item))


class InjectList(DataTable):
    """Delivered injects, newest first; `●` marks ones this console has not opened yet."""

    DEFAULT_CSS = """
    InjectList { height: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.items: list[ParticipantInject] = []
        self.unread: set[str] = set()

    def on_mount(self) -> None:
        self.add_column(" ", key="mark", width=1)
        self.add_column("Time", key="time")
        self.add_column("Inject", key="title")

    def set_items(self, items: list[ParticipantInject]) -> list[ParticipantInject]:
        """Show these (newest first); returns the ones that are new since last time."""
        known = {i.id for i in self.items}
        fresh = [i for i in items if i.id not in known]
        if not fresh:
            return []
        self.unread.update(i.id for i in fresh)
        selected = self.selected_id
        self.items = items
        self.clear()
        for item in items:
            self.add_row(self._mark(item.id), Text(story_clock(item.time)), Text(item.title), key=item.id)
        if selected is not None:
            self.move_cursor(row=self.get_row_index(selected))
        return fresh

    def mark_read(self, inject_id: str) -> None:
        if inject_id in self.unread:
            self.unread.discard(inject_id)
            self.update_cell(inject_id, "mark", self._mark(inject_id))

    def _mark(self, inject_id: str) -> Text:
        return Text("●", style="bold yellow") if inject_id in self.unread else Text(" ")

    @property
    def selected_id(self) -> str | None:
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        return None if key is None else str(key.value)

    def selected(self) -> ParticipantInject | None:
        inject_id = self.selected_id
        return next((i for i in self.items if i.id == inject_id), None)
