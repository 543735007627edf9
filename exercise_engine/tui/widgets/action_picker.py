"""Pick what a decision sets in motion for the consequence models, and fill in its numbers.

Only the actions of models the scenario's `models:` section runs are offered. Each is labelled with
its plain-language docstring ("Staff N public inquiry lines"), never its kind; its fields come from its
parameters class (whole numbers, numbers, text, a choice of the community profile's venues). Values
are checked with `action_problems`, the rule the session layer applies on save, and each problem is
shown next to its field; nothing typed is cleared by a problem.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Mapping
from typing import Any

from pydantic.fields import FieldInfo
from rich.text import Text
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, Static

from ...loader.loaded import LoadedScenario
from ...model.consequences import ACTIONS, ModelsSection, action_problems
from ...model.records import Action
from .choices import Tick

FIELD_LABELS = {"site": "Venue", "every_minutes": "Minutes between updates", "name": "Name of the fund"}
"""Plain names for parameters whose own name says too little; the rest read as they are spelt."""


def offered_actions(models: ModelsSection | None) -> list[str]:
    """The action kinds a decision may carry: those of the models the scenario runs (none without `models:`)."""
    if models is None:
        return []
    enabled = set(models.enabled())
    return [kind for kind, (model, _) in ACTIONS.items() if model in enabled]


def venue_names(loaded: LoadedScenario) -> dict[str, str]:
    """The community profile's venues, key → name (what a `site` parameter chooses from)."""
    return {} if loaded.profile is None else {key: venue.name for key, venue in loaded.profile.venues.items()}


def action_title(kind: str) -> str:
    """The action's plain words: its parameters class's docstring, first line, without the full stop."""
    found = ACTIONS.get(kind)
    doc = (found[1].__doc__ or "").strip().splitlines() if found else []
    return doc[0].rstrip(".") if doc else kind


def field_label(name: str) -> str:
    return FIELD_LABELS.get(name, name.replace("_", " ").capitalize())


def describe_action(action: Action, venues: Mapping[str, str] = {}) -> str:
    """"Staff N public inquiry lines (each with a call-taker) — lines: 8": what controllers and the feed show."""
    parts = [f"{field_label(k).lower()}: {venues.get(str(v), v) if k == 'site' else v}"
             for k, v in action.params.items() if v not in ("", None)]
    return action_title(action.kind) + (" — " + ", ".join(parts) if parts else "")


def plain_problem(kind: str, field: str | None, message: str) -> str:
    """action_problems' message as it reads next to its field: no action kind, no parameter name."""
    message = message.removeprefix(f"{kind}: ")
    if field is not None:
        message = message.removeprefix(f"`{field}` ")
    message = re.sub(r"^input should be ", "must be ", message)
    message = message.replace("greater than or equal to", "at least").replace("less than or equal to", "at most")
    message = message.replace("a valid integer, unable to parse string as an integer", "a whole number")
    if message.startswith("no venue "):  # the list beside it names the venues; their keys mean nothing here
        message = message.split(";")[0].replace("no venue ", "there is no venue ", 1) + ": choose one from the list"
    return message[:1].upper() + message[1:]


def problems_by_field(action: Action, models: ModelsSection | None,
                      venues: Mapping[str, str]) -> dict[str | None, list[str]]:
    """Each problem under the parameter it is about (None: the action as a whole)."""
    found: dict[str | None, list[str]] = {}
    for where, message in action_problems(action, models, venues):
        field = str(where[1]) if len(where) > 1 and where[0] == "params" else None
        found.setdefault(field, []).append(plain_problem(action.kind, field, message))
    return found


def _kind_of(info: FieldInfo) -> tuple[str, tuple[Any, ...]]:
    """How a parameter is typed in: ("int" | "float" | "text" | "choice", choices)."""
    annotation = info.annotation
    if typing.get_origin(annotation) is typing.Literal:
        return "choice", typing.get_args(annotation)
    if annotation is int:
        return "int", ()
    if annotation is float:
        return "float", ()
    return "text", ()


class ActionFields(Vertical):
    """One action: a tick box labelled in plain words, and its parameters (shown once ticked)."""

    DEFAULT_CSS = """
    ActionFields { height: auto; }
    ActionFields > Tick { padding: 0 1; width: 1fr; }  /* no edge: styles.tcss */
    ActionFields > Tick:focus { text-style: reverse; }
    ActionFields .action-params { height: auto; display: none; padding-left: 4; }
    ActionFields.-ticked .action-params { display: block; }
    ActionFields .action-param { height: auto; }
    ActionFields .action-param Label { width: 18; margin: 0; color: $text; }
    ActionFields .action-param Input { width: 12; }
    ActionFields .action-param Select, ActionFields .action-param.-text Input { width: 2fr; max-width: 50; }
    ActionFields .param-problem, ActionFields .action-problem { width: 1fr; height: auto; padding-left: 1;
                                                               text-style: bold; }
    """

    def __init__(self, kind: str, venues: Mapping[str, str]) -> None:
        super().__init__(id=f"action-{kind}")
        self.kind = kind
        self.params = ACTIONS[kind][1]
        self.venues = dict(venues)

    def compose(self):
        # compact: one line per action, so a scenario running every model still fits a small terminal
        yield Tick(Content(action_title(self.kind)), compact=True, id=f"act-{self.kind}")
        with Vertical(classes="action-params"):
            for name, info in self.params.model_fields.items():
                with Horizontal(classes=f"action-param -{_kind_of(info)[0]}"):
                    yield Label(Content(field_label(name)))
                    yield self._field(name, info)
                    yield Static(id=f"act-{self.kind}-{name}-problem", classes="param-problem")
            yield Static(id=f"act-{self.kind}-problem", classes="action-problem").set_styles("display: none;")

    def _initial(self, name: str, info: FieldInfo) -> Any:
        """What a field shows before anything is typed: its default (the profile's first venue when the
        default venue is not one of its venues), or nothing."""
        default = None if info.is_required() else info.default
        kind, choices = _kind_of(info)
        if name == "site" and self.venues:
            return default if default in self.venues else next(iter(self.venues))
        if kind == "choice":
            return default if default in choices else choices[0]
        return default

    def _field(self, name: str, info: FieldInfo) -> Widget:
        field_id = f"act-{self.kind}-{name}"
        kind, choices = _kind_of(info)
        value = self._initial(name, info)
        if name == "site" and self.venues:
            return Select(self._venue_options(), allow_blank=False, value=value, compact=True, id=field_id)
        if kind == "choice":
            return Select([(Text(str(c)), c) for c in choices], allow_blank=False, value=value, compact=True,
                          id=field_id)
        shown = "" if value in (None, "") else str(value)
        return Input(shown, compact=True, type="integer" if kind == "int" else "number" if kind == "float" else "text",
                     valid_empty=True, id=field_id)  # blank is not wrong until saved: no red before typing

    def _venue_options(self, unknown: str | None = None) -> list[tuple[Text, str]]:
        options = [(Text(n), key) for key, n in self.venues.items()]
        return options + ([(Text(f"{unknown} (not in the community profile)"), unknown)] if unknown else [])

    @property
    def ticked(self) -> bool:
        return self.query_one(Tick).value

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self.set_class(event.value, "-ticked")
        if event.value and event.checkbox.has_focus:
            # straight on to the number (a venue comes chosen already)
            first = self.query(".action-param Input") or self.query(".action-param Select")
            if first:
                self.call_after_refresh(first.first().focus)
        if not event.value:
            self.show_problems({})

    def action(self) -> Action:
        """The action as typed: a blank field is left out (its default, or "is required")."""
        params: dict[str, Any] = {}
        for name, info in self.params.model_fields.items():
            widget = self.query_one(f"#act-{self.kind}-{name}")
            if isinstance(widget, Select):
                if not widget.is_blank():
                    params[name] = widget.value
                continue
            text = widget.value.strip()  # type: ignore[attr-defined]
            if not text:
                continue
            kind, _ = _kind_of(info)
            try:
                params[name] = int(text) if kind == "int" else float(text) if kind == "float" else text
            except ValueError:
                params[name] = text  # pydantic says why
        return Action(kind=self.kind, params=params)

    def fill(self, action: Action | None) -> None:
        """Show an action's values (None: unticked, every field back to its default)."""
        self.query_one(Tick).value = action is not None
        self.set_class(action is not None, "-ticked")
        for name, info in self.params.model_fields.items():
            widget = self.query_one(f"#act-{self.kind}-{name}")
            value = action.params.get(name) if action is not None else None
            if value is None:
                value = self._initial(name, info)
            if isinstance(widget, Select):
                if name == "site" and value is not None:
                    # a venue the profile does not have stays shown and chosen, so the check can say so
                    widget.set_options(self._venue_options(None if value in self.venues else str(value)))
                if value is not None:
                    widget.value = value
            else:
                widget.value = "" if value in (None, "") else str(value)  # type: ignore[attr-defined]
        self.show_problems({})

    def show_problems(self, problems: Mapping[str | None, list[str]]) -> None:
        for name in self.params.model_fields:
            self.query_one(f"#act-{self.kind}-{name}-problem", Static).update(
                Text("  ".join(problems.get(name, []))))
        unplaced = [m for field, messages in problems.items() if field not in self.params.model_fields
                    for m in messages]
        whole = self.query_one(f"#act-{self.kind}-problem", Static)
        whole.update(Text("  ".join(unplaced)))
        whole.display = bool(unplaced)  # no empty line under every action

    def focus_problem(self, problems: Mapping[str | None, list[str]]) -> None:
        for name in self.params.model_fields:
            if name in problems:
                self.query_one(f"#act-{self.kind}-{name}").focus()
                return
        self.query_one(Tick).focus()


class ActionPicker(Vertical):
    """The actions a decision may carry, ticked and filled in; `read()` checks them all at once."""

    DEFAULT_CSS = """
    ActionPicker { height: auto; }
    ActionPicker > Label { margin-top: 1; color: $text-muted; }
    """

    def __init__(self, models: ModelsSection | None, venues: Mapping[str, str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.models = models
        self.venues = dict(venues)
        self.kinds = offered_actions(models)
        self._kept: list[Action] = []
        """Actions of kinds not offered here (none today): kept as they were when a decision is amended."""

    def compose(self):
        yield Label("What it sets in motion (optional: tick, then fill in)")
        for kind in self.kinds:
            yield ActionFields(kind, self.venues)

    def read(self) -> tuple[list[Action], str | None]:
        """(the ticked actions, None) when all are valid; else ([], the first problem), every problem
        shown next to its field and the first bad field focused."""
        actions: list[Action] = []
        first: str | None = None
        for fields in self.query(ActionFields):
            if not fields.ticked:
                fields.show_problems({})
                continue
            action = fields.action()
            problems = problems_by_field(action, self.models, self.venues)
            fields.show_problems(problems)
            if problems and first is None:
                field = next(iter(problems))
                message = problems[field][0]
                first = f"{field_label(field)}: {message[:1].lower()}{message[1:]}" if field else message
                fields.focus_problem(problems)
            actions.append(action)
        return ([], first) if first is not None else (actions + self._kept, None)

    def load(self, actions: list[Action]) -> None:
        """Show a decision's actions (the last of each kind is the one in force)."""
        latest = {a.kind: a for a in actions}
        self._kept = [a for a in actions if a.kind not in self.kinds]
        for fields in self.query(ActionFields):
            fields.fill(latest.get(fields.kind))

    def clear(self) -> None:
        self.load([])
