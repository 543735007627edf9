"""Attach, change or remove the model actions of any decision: how a controller makes a decision count.

Participants say what they decided in words; a scribe may not tick what it sets in motion, or may get
a number wrong. The facilitator or an evaluator picks the decision, ticks and fills in its actions (the
same picker the table's form shows), and the decision is amended with them, everything else unchanged.
The models read the actions in force from the projection, so the amendment counts from its story time.
Controller consoles only: never pushed from a table console or the projector.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ...engine.projection import DecisionState
from ...model.consequences import ModelsSection
from ...model.records import Action
from ..widgets.action_picker import ActionPicker, describe_action, offered_actions, venue_names


class DecisionActionsScreen(ModalScreen[list[Action] | None]):
    """The decision's model actions to tick and fill in; returns them (checked), or None when cancelled."""

    BINDINGS = [Binding("ctrl+s", "save", "Save"), Binding("escape", "cancel", "Cancel")]
    DEFAULT_CSS = """
    DecisionActionsScreen { align: center middle; }
    DecisionActionsScreen > Vertical { width: 100; max-width: 100%; height: auto; max-height: 100%;
                                       border: thick $accent; background: $surface; padding: 0 1; }
    DecisionActionsScreen #actions-head, DecisionActionsScreen #actions-foot { dock: top; height: auto; }
    DecisionActionsScreen #actions-foot { dock: bottom; }
    DecisionActionsScreen #actions-title { text-style: bold; }
    DecisionActionsScreen #actions-decision { max-height: 2; color: $text-muted; }
    DecisionActionsScreen VerticalScroll { height: auto; }
    DecisionActionsScreen #actions-status { height: auto; text-style: bold; }
    DecisionActionsScreen #actions-hint { color: $text-muted; }
    DecisionActionsScreen Horizontal#actions-buttons { height: auto; align: center middle; }
    DecisionActionsScreen Button { margin: 0 2; min-width: 14; }
    """

    def __init__(self, decision: DecisionState, models: ModelsSection | None, venues: dict[str, str],
                 table_name: str = "") -> None:
        super().__init__()
        self.decision = decision
        self.table_name = table_name or decision.table
        self.models = models
        self.venues = venues

    def compose(self):
        current = self.decision.current
        with Vertical():
            with Vertical(id="actions-head"):  # head and foot stay in view; the actions scroll between them
                yield Static(Text(f"Model actions · decision {self.decision.number} ({self.table_name})"),
                             id="actions-title")
                yield Static(Text(current.text.replace("\n", " "), overflow="ellipsis"), id="actions-decision")
            with Vertical(id="actions-foot"):
                yield Static(id="actions-status")
                yield Static(Text("Tick what the decision sets in motion and fill in its numbers; untick to "
                                  "remove. ctrl+s saves (the decision is amended) · Escape cancels."), id="actions-hint")
                with Horizontal(id="actions-buttons"):
                    yield Button("Save (ctrl+s)", variant="primary", id="actions-save")
                    yield Button("Cancel (esc)", id="actions-cancel")
            with VerticalScroll():
                yield ActionPicker(self.models, self.venues, id="actions-picker")

    def on_mount(self) -> None:
        picker = self.query_one(ActionPicker)
        picker.load(list(self.decision.current.actions))
        ticks = picker.query("Tick")
        if ticks:
            ticks.first().focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "actions-save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        actions, problem = self.query_one(ActionPicker).read()
        if problem is not None:
            self.query_one("#actions-status", Static).update(Text(f"Not saved: {problem}", style="reverse"))
            return
        self.dismiss(actions)

    def action_cancel(self) -> None:
        self.dismiss(None)


class AttachesModelActions:
    """For the facilitator and evaluator screens: `a` on the selected decision opens
    `DecisionActionsScreen`; saving amends the decision as this console's actor."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`a` is in the footer only when the scenario runs models (their actions are all it edits)."""
        if action == "model_actions" and not offered_actions(self.live.loaded.scenario.models):  # type: ignore[attr-defined]
            return False
        return super().check_action(action, parameters)  # type: ignore[misc]

    def action_model_actions(self) -> None:
        decision_id = self.chosen_decision_id("a")  # type: ignore[attr-defined]
        if decision_id is not None:
            self.edit_model_actions(decision_id)

    def edit_model_actions(self, decision_id: int) -> None:
        live = self.live  # type: ignore[attr-defined]
        models = live.loaded.scenario.models
        if not offered_actions(models):
            self.notify("This scenario runs no consequence models (no `models:` section): decisions carry no "  # type: ignore[attr-defined]
                        "model actions.", severity="warning")
            return
        found = live.state.decisions.get(decision_id)
        if found is None:
            return
        if found.is_retracted:
            self.notify(f"Decision {found.number} was retracted; its actions no longer count.",  # type: ignore[attr-defined]
                        severity="warning")
            return
        venues = venue_names(live.loaded)

        def answered(actions: list[Action] | None) -> None:
            if actions is None:
                return
            latest = live.state.decisions[decision_id]
            if actions == list(latest.current.actions):
                self.notify("Nothing changed.", timeout=3)  # type: ignore[attr-defined]
                return
            amended = latest.current.model_copy(update={"actions": actions})
            what = "; ".join(describe_action(a, venues) for a in actions) or "no model actions"
            self.save(  # type: ignore[attr-defined]
                lambda: live.amend_decision(decision_id, amended),
                lambda event: self.notify(f"Decision {found.number}: {what}.", title="Model actions",  # type: ignore[attr-defined]
                                          timeout=6),
                lambda problem: self.notify(f"Model actions not saved: {problem}", severity="error",  # type: ignore[attr-defined]
                                            timeout=10))

        table = next((t.name for t in live.loaded.scenario.tables if t.id == found.table), found.table)
        self.app.push_screen(DecisionActionsScreen(found, models, venues, table), answered)  # type: ignore[attr-defined]
