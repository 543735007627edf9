"""Mark which expected actions a decision meets: how a controller tags what the room decided.

Table scribes never see the controller's tags (they sit on expected actions), so a decision logged
live rarely carries the tags that contingency and conditional injects look for. The facilitator or an
evaluator watching the room picks the decision, ticks the expected actions it meets, and the decision
is amended with those tags (everything else unchanged); the engine reads the amendment at its next tick.
Controller-only: never pushed from a table console or the projector.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, SelectionList, Static
from textual.widgets.selection_list import Selection

from ...engine.projection import DecisionState, SessionState
from ...model.records import Decision
from ..widgets.choices import TickList


@dataclass(frozen=True)
class ActionChoice:
    """One tag the decision may be marked with, and what it stands for."""

    tag: str
    text: str
    """The expected action (or the scenario's meaning of the tag)."""
    source: str
    """Where it comes from: the inject's title, or "scenario tag"."""


def action_choices(state: SessionState, decision: Decision) -> tuple[list[ActionChoice], list[str]]:
    """(tagged choices, one per tag; texts of untagged expected actions, which conditions cannot check).

    The expected actions of the inject the decision answers come first; then, since a room often meets
    one inject's action while discussing another, the tagged actions of every delivered inject and the
    scenario's `tags:`.
    """
    loaded = state.scenario
    answered = decision.inject if decision.inject is not None and decision.inject in state.injects else None
    injects = [loaded.inject(answered)] if answered else []
    injects += [item.inject for item in state.delivered() if item.inject.id != answered]
    choices: list[ActionChoice] = []
    untagged: list[str] = []
    seen: set[str] = set()
    for inject in injects:
        for action in inject.expected_actions:
            if action.tag is None:
                if inject.id == answered:
                    untagged.append(action.text.strip())
                continue
            if action.tag not in seen:
                seen.add(action.tag)
                choices.append(ActionChoice(action.tag, action.text.strip(), inject.title))
    for tag, meaning in loaded.scenario.tags.items():
        if tag not in seen:
            seen.add(tag)
            choices.append(ActionChoice(tag, meaning.strip() or tag, "scenario tag"))
    return choices, untagged


def with_marks(decision: Decision, offered: list[str], chosen: list[str]) -> Decision:
    """The decision with the chosen tags added and the other offered ones removed; nothing else changes."""
    kept = [t for t in decision.tags if t not in offered or t in chosen]
    added = [t for t in chosen if t not in kept]
    return decision.model_copy(update={"tags": kept + added})


class MarkActionsScreen(ModalScreen[list[str] | None]):
    """Tick the expected actions a decision meets; returns the chosen tags, or None when cancelled."""

    BINDINGS = [Binding("ctrl+s", "save", "Save"), Binding("escape", "cancel", "Cancel")]
    DEFAULT_CSS = """
    MarkActionsScreen { align: center middle; }
    MarkActionsScreen > Vertical { width: 96; max-width: 100%; height: auto; max-height: 100%;
                                   border: thick $accent; background: $surface; padding: 0 1; }
    MarkActionsScreen #mark-title { text-style: bold; }
    MarkActionsScreen #mark-decision { max-height: 3; color: $text-muted; }
    MarkActionsScreen SelectionList { height: auto; max-height: 12; margin-top: 1; }
    MarkActionsScreen #mark-detail { height: auto; max-height: 4; padding: 0 1; }
    MarkActionsScreen #mark-untagged { height: auto; max-height: 3; color: $text-muted; }
    MarkActionsScreen #mark-hint { color: $text-muted; }
    MarkActionsScreen Horizontal { height: auto; align: center middle; }
    MarkActionsScreen Button { margin: 0 2; min-width: 14; }
    """

    def __init__(self, decision: DecisionState, choices: list[ActionChoice], untagged: list[str]) -> None:
        super().__init__()
        self.decision = decision
        self.choices = choices
        self.untagged = untagged

    def compose(self):
        current = self.decision.current
        with Vertical():
            yield Static(Text(f"Mark expected actions met · decision {self.decision.number} "
                              f"({self.decision.table})"), id="mark-title")
            yield Static(Text(current.text.replace("\n", " "), overflow="ellipsis"), id="mark-decision")
            if self.choices:
                yield TickList(*(self._selection(c, c.tag in current.tags) for c in self.choices),
                                         id="mark-list")
            else:
                yield Static(Text("No tagged expected action applies to this decision.", style="italic"),
                             id="mark-none")
            yield Static(id="mark-detail")
            if self.untagged:
                yield Static(Text("Without a tag (no condition checks these): " + "; ".join(self.untagged)),
                             id="mark-untagged")
            yield Static(Text("Space ticks · ctrl+s saves · Escape cancels. Tags are controller-only."),
                         id="mark-hint")
            with Horizontal():
                yield Button("Save (ctrl+s)", variant="primary", id="mark-save")
                yield Button("Cancel (esc)", id="mark-cancel")

    @staticmethod
    def _selection(choice: ActionChoice, marked: bool) -> Selection[str]:
        # The tag first (it is what conditions check), then the action, wrapped rather than cut
        # (a Selection keeps only the first line of its prompt: no newlines).
        prompt = Text.assemble((choice.tag, "bold"), " ", choice.text, ("  · " + choice.source, "dim italic"))
        return Selection(prompt, choice.tag, marked)

    def on_mount(self) -> None:
        found = self.query("#mark-list")
        (found.first() if found else self.query_one("#mark-cancel")).focus()

    def on_selection_list_selection_highlighted(self, event: SelectionList.SelectionHighlighted) -> None:
        """Show the highlighted action in full: the list cuts long lines."""
        choice = self.choices[event.selection_index]
        self.query_one("#mark-detail", Static).update(Text.assemble(
            (choice.tag, "bold"), (f"  from {choice.source}\n" if choice.source != "scenario tag" else
                                   "  (scenario tag)\n", "dim italic"), choice.text))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "mark-save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        found = self.query("#mark-list")
        if not found:
            self.dismiss(None)
            return
        chosen = set(found.first(SelectionList).selected)
        self.dismiss([c.tag for c in self.choices if c.tag in chosen])

    def action_cancel(self) -> None:
        self.dismiss(None)


class MarksExpectedActions:
    """For the facilitator and evaluator screens (which show the decision feed `#feed`): `t`, Enter on a
    decision, or the palette opens `MarkActionsScreen`; saving amends the decision as this console's actor."""

    def action_mark_actions(self) -> None:
        decision_id = self.chosen_decision_id("t")
        if decision_id is not None:
            self.mark_decision(decision_id)

    def chosen_decision_id(self, key: str) -> int | None:
        """The decision a controller means: the one answering the inject selected in the response tracker
        (when it has the focus and exactly one does), else the one selected in the decision feed. None,
        with a word on why, when there is none; `key` is the key to press once one is picked."""
        from ..widgets.decision_feed import DecisionFeed

        from ..widgets.response_tracker import ResponseTracker

        feed = self.query_one("#feed", DecisionFeed)  # type: ignore[attr-defined]
        tracker = self.query_one("#responses", ResponseTracker)  # type: ignore[attr-defined]
        if tracker.has_focus and tracker.selected_inject_id is not None:
            # From the response tracker: the decisions answering the selected inject.
            answers = [d for d in self.live.state.active_decisions()  # type: ignore[attr-defined]
                       if d.current.inject == tracker.selected_inject_id]
            if len(answers) != 1:
                if answers:
                    feed.move_cursor(row=feed.get_row_index(str(answers[-1].decision_id)))
                    feed.focus()
                self.notify(f"{len(answers) or 'No'} decisions answer this inject"  # type: ignore[attr-defined]
                            + (f": pick one in Decisions and press {key}." if answers else "."), severity="warning")
                return None
            return answers[0].decision_id
        decision_id = feed.selected_decision_id
        if decision_id is None:
            self.notify("No decision has been logged yet.", severity="warning")  # type: ignore[attr-defined]
        return decision_id

    def mark_decision(self, decision_id: int) -> None:
        live = self.live  # type: ignore[attr-defined]
        found = live.state.decisions.get(decision_id)
        if found is None:
            return
        if found.is_retracted:
            self.notify(f"Decision {found.number} was retracted; there is nothing to mark.",  # type: ignore[attr-defined]
                        severity="warning")
            return
        choices, untagged = action_choices(live.state, found.current)
        offered = [c.tag for c in choices]

        def answered(chosen: list[str] | None) -> None:
            if chosen is None:
                return
            latest = live.state.decisions[decision_id]
            amended = with_marks(latest.current, offered, chosen)
            if amended.tags == latest.current.tags:
                self.notify("Nothing changed.", timeout=3)  # type: ignore[attr-defined]
                return
            added = [t for t in amended.tags if t not in latest.current.tags]
            removed = [t for t in latest.current.tags if t not in amended.tags]
            what = "; ".join(part for part in (
                "met: " + ", ".join(added) if added else "", "not met: " + ", ".join(removed) if removed else "") if part)
            self.save(  # type: ignore[attr-defined]
                lambda: live.amend_decision(decision_id, amended),
                lambda event: self.notify(f"Decision {found.number} marked ({what}).", title="Expected actions",  # type: ignore[attr-defined]
                                          timeout=5),
                lambda problem: self.notify(f"Not marked: {problem}", severity="error", timeout=8))  # type: ignore[attr-defined]

        self.app.push_screen(MarkActionsScreen(found, choices, untagged), answered)  # type: ignore[attr-defined]

    def on_data_table_row_selected(self, event) -> None:
        from ..widgets.decision_feed import DecisionFeed

        if isinstance(event.data_table, DecisionFeed) and event.data_table.id == "feed":
            decision_id = event.data_table.selected_decision_id
            if decision_id is not None:
                self.mark_decision(decision_id)
