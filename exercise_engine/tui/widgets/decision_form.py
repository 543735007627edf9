"""The table scribe's decision form: saved with one key, confirmed only once the store has committed it.

The form is built once and never rebuilt on refresh, so text being typed survives injects arriving.
"""

from __future__ import annotations

import re

from pydantic import ValidationError
from rich.text import Text
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Input, Label, Static, TextArea

from ...loader.loaded import LoadedScenario
from ...model.consequences import ModelsSection
from ...model.records import Decision
from .action_picker import ActionPicker, offered_actions
from .choices import Tick

TAG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def controller_tags(loaded: LoadedScenario) -> frozenset[str]:
    """Every tag the planners defined (expected actions, conditions, the scenario's `tags:`): the
    vocabulary participants are never shown."""
    tags = set(loaded.scenario.tags)
    for inject in loaded.injects:
        tags.update(a.tag for a in inject.expected_actions if a.tag)
        if inject.condition is not None:
            tags.update(inject.condition.tags)
    return frozenset(tags)


def parse_practices(text: str) -> list[int]:
    """`4, 8` → [4, 8]; raises ValueError with a reason a scribe understands."""
    numbers = []
    for part in re.split(r"[\s,;]+", text.strip()):
        if not part:
            continue
        if not part.isdigit() or not 1 <= int(part) <= 16:
            raise ValueError(f"practices are numbers from 1 to 16 ({part!r} is not)")
        if int(part) not in numbers:
            numbers.append(int(part))
    return numbers


def parse_tags(text: str) -> list[str]:
    tags = []
    for part in re.split(r"[\s,;]+", text.strip().lower()):
        if not part:
            continue
        if not TAG.match(part):
            raise ValueError(f"a tag is lowercase words joined by hyphens, like my-keyword ({part!r} is not)")
        tags.append(part)
    return tags


class DecisionForm(Vertical):
    """What was decided, who owns it, practices, options, rationale, follow-up, tags and an EOP-gap box."""

    DEFAULT_CSS = """
    DecisionForm { height: 1fr; padding: 0 1; }
    DecisionForm > VerticalScroll { height: 1fr; }
    DecisionForm Label { margin-top: 1; color: $text-muted; height: 1; }
    DecisionForm #decision-text { height: 4; }
    DecisionForm Horizontal { height: auto; }
    DecisionForm Horizontal > Input { width: 1fr; }
    DecisionForm #decision-status { height: auto; width: 1fr; padding: 1 1 0 2; }
    DecisionForm #decision-bar { height: auto; }
    """

    class Submitted(Message):
        """The scribe pressed save; the screen writes it and calls `saved()` or `failed()`."""

        def __init__(self, form: DecisionForm, decision: Decision, amend_of: int | None) -> None:
            super().__init__()
            self.form = form
            self.decision = decision
            self.amend_of = amend_of

    def __init__(self, table: str, *, hidden_tags: frozenset[str] = frozenset(), models: ModelsSection | None = None,
                 venues: dict[str, str] | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self.table = table
        self.models = models
        """The scenario's consequence models: their actions are offered (no picker without `models:`)."""
        self.venues = venues or {}
        self.inject_id: str | None = None
        self.amend_of: int | None = None
        self.amend_number = 0
        """The number people know the decision being amended by (1, 2, 3… in the order saved)."""
        self.hidden_tags = hidden_tags
        """Controller tags: never shown in the Tags field, but kept when the table amends the decision."""
        self._kept_tags: list[str] = []

    def compose(self):
        yield Static(Text("New decision (not answering a particular inject)", style="bold"), id="decision-about")
        with Horizontal(id="decision-bar"):
            yield Button("Save decision", variant="primary", id="decision-save")  # tablets have no ctrl+s
            yield Static(Text("or ctrl+s", style="italic"), id="decision-status")
        with VerticalScroll():
            yield Label("What was decided")
            yield TextArea(compact=True, id="decision-text", soft_wrap=True, show_line_numbers=False,
                           tab_behavior="focus")
            yield Label("Owner (agency or role)  ·  Practices (1–16)")
            with Horizontal():
                yield Input(compact=True, placeholder="e.g. Police Chief", id="decision-owner")
                yield Input(compact=True, placeholder="e.g. 4, 8", id="decision-practices")
            if offered_actions(self.models):
                yield ActionPicker(self.models, self.venues, id="decision-actions")
            yield Label("Options considered")
            yield Input(compact=True, id="decision-options")
            yield Label("Rationale")
            yield Input(compact=True, id="decision-rationale")
            yield Label("Follow-up")
            yield Input(compact=True, id="decision-follow-up")
            yield Label("Tags (optional keywords)")
            yield Input(compact=True, id="decision-tags")
            yield Tick("No written plan covers this (EOP gap)", id="decision-eop-gap")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "decision-save":
            event.stop()
            self.submit()

    # -- filling ----------------------------------------------------------------------------------------
    def answer(self, inject_id: str | None, title: str, practices: list[int]) -> None:
        """Point the form at an inject: practices prefilled, typed text left alone."""
        self.inject_id = inject_id
        about = f"Answering: {title}" if inject_id else "New decision (not answering a particular inject)"
        if self.amend_of is not None:
            about = f"Amending decision {self.amend_number} — " + about
        self.query_one("#decision-about", Static).update(Text(about, style="bold"))
        self.query_one("#decision-practices", Input).value = ", ".join(str(n) for n in practices)

    def load(self, decision_id: int, decision: Decision, title: str, number: int = 0) -> None:
        """Fill the form with a decision to amend."""
        self.amend_number = number or decision_id
        self.amend_of = decision_id
        self.query_one("#decision-text", TextArea).text = decision.text
        self.query_one("#decision-owner", Input).value = decision.owner
        self.query_one("#decision-options", Input).value = decision.options
        self.query_one("#decision-rationale", Input).value = decision.rationale
        self.query_one("#decision-follow-up", Input).value = decision.follow_up
        self._kept_tags = [t for t in decision.tags if t in self.hidden_tags]
        self.query_one("#decision-tags", Input).value = ", ".join(t for t in decision.tags if t not in self.hidden_tags)
        self.query_one("#decision-eop-gap", Tick).value = decision.eop_gap
        for picker in self.query(ActionPicker):
            picker.load(list(decision.actions))
        self.answer(decision.inject, title, list(decision.practices))

    def clear_form(self) -> None:
        self.amend_of = None
        self._kept_tags = []
        self.query_one("#decision-text", TextArea).text = ""
        for name in ("owner", "options", "rationale", "follow-up", "tags"):
            self.query_one(f"#decision-{name}", Input).value = ""
        self.query_one("#decision-eop-gap", Tick).value = False
        for picker in self.query(ActionPicker):
            picker.clear()

    # -- saving -------------------------------------------------------------------------------------------
    def submit(self) -> None:
        """Validate and post `Submitted`; problems are shown on the form and nothing is cleared."""
        text = self.query_one("#decision-text", TextArea).text.strip()
        if not text:
            self.status("Write what was decided first.", error=True)
            self.query_one("#decision-text", TextArea).focus()
            return
        actions, problem = self.query_one(ActionPicker).read() if self.query(ActionPicker) else ([], None)
        if problem is not None:
            self.status(f"Not saved — your text is kept. {problem}", error=True)
            return
        try:
            practices = parse_practices(self.query_one("#decision-practices", Input).value)
            typed = parse_tags(self.query_one("#decision-tags", Input).value)
            tags = typed + [t for t in self._kept_tags if t not in typed]
            decision = Decision(
                table=self.table, inject=self.inject_id, practices=practices, text=text,
                owner=self.query_one("#decision-owner", Input).value.strip(),
                options=self.query_one("#decision-options", Input).value.strip(),
                rationale=self.query_one("#decision-rationale", Input).value.strip(),
                follow_up=self.query_one("#decision-follow-up", Input).value.strip(),
                tags=tags, eop_gap=self.query_one("#decision-eop-gap", Tick).value, actions=actions)
        except (ValueError, ValidationError) as exc:
            message = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else str(exc)
            self.status(f"Not saved: {message}", error=True)
            return
        self.status("Saving…")
        self.post_message(self.Submitted(self, decision, self.amend_of))

    def saved(self, number: int, amended: bool) -> None:
        """Confirm a save by the decision's number (1, 2, 3… in the order the session saved them)."""
        self.clear_form()
        self.answer(None, "", [])
        verb = "amended" if amended else "saved"
        self.status(f"✓ Decision {number} {verb}.", ok=True)
        self.notify(f"✓ Decision {number} {verb}.", timeout=4)

    def failed(self, message: str) -> None:
        self.status(f"Not saved — your text is kept. {message}", error=True)

    def status(self, message: str, *, error: bool = False, ok: bool = False) -> None:
        style = "bold reverse" if error else ("bold" if ok else "")  # the words and ✓ carry it, not red or green
        self.query_one("#decision-status", Static).update(Text(message, style=style))
