"""What-if at the hotwash: the facilitator changes one decision and sees how the models would have gone.

The same replay as `ttx whatif` (`engine.models.whatif.what_if`): the change is
written in its words (`2.staff_hotline.lines=30`, `open_frc staff=12 at T+1h`, remove 3), so a mistake
reads the same as on the command line. The replay runs in a worker thread (a second or two for a week
of story): the console keeps its clock and the room its consoles meanwhile.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Input, Label, RadioSet, Select, Static

from ...engine.models.whatif import Comparison, changed, what_if
from ...engine.projection import DecisionState, SessionState, project
from ...loader.errors import UserError
from ...model.consequences import ACTIONS, MODEL_METRICS, ModelsSection
from ...model.story_time import format_story_time
from ..widgets.choices import Choice
from ..widgets.metrics_panel import excerpt, metric_title, metric_value

MODES = ("change", "remove", "add")
VALUE_WIDTH = 10
"""Room for a value with its unit (`2,810 min`)."""


def decision_label(state: SessionState, decision: DecisionState) -> Text:
    """`#2 Victim services T+45m “Staff the hotline…”`: a Text, so a decision's words stay data."""
    tables = {t.id: t.name for t in state.scenario.scenario.tables}
    return Text(f"#{decision.number} {tables.get(decision.table, decision.table)} "
                f"{format_story_time(decision.story_time)} “{excerpt(decision.current.text)}”")


def action_label(kind: str) -> Text:
    """`Staff N public inquiry lines (staff_hotline)`: what it does, and the name its parameters go with."""
    doc = (ACTIONS[kind][1].__doc__ or "").strip().split("\n")[0].rstrip(".")
    return Text(f"{doc} ({kind})" if doc else kind)


class WhatIfScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape", "close", "Close"), Binding("ctrl+r", "run", "Run the replay")]
    DEFAULT_CSS = """
    WhatIfScreen { align: center middle; }
    WhatIfScreen > Vertical { width: 120; max-width: 98%; height: 98%; border: thick $accent;
        background: $surface; padding: 0 1; }
    WhatIfScreen #whatif-mode { layout: horizontal; height: auto; width: 100%; }
    WhatIfScreen #whatif-mode Choice { width: auto; margin-right: 2; }
    WhatIfScreen Horizontal { height: auto; }
    WhatIfScreen Label { width: auto; margin-right: 1; }
    WhatIfScreen Select { width: 1fr; }
    WhatIfScreen #whatif-value, WhatIfScreen #whatif-at { width: 14; }
    WhatIfScreen #whatif-params { width: 1fr; }
    WhatIfScreen #whatif-run { margin-right: 2; min-width: 14; }
    WhatIfScreen .-hidden { display: none; }
    WhatIfScreen #whatif-status { height: auto; width: 1fr; }
    WhatIfScreen DataTable { height: 1fr; }
    WhatIfScreen #whatif-fired { height: auto; max-height: 4; }
    """

    def __init__(self, state: SessionState, models: ModelsSection) -> None:
        super().__init__()
        self.state = state
        self.models = models
        self._runs = 0
        """Replays asked for: only the latest one's answer is shown."""

    def _decisions(self) -> list[DecisionState]:
        """Decisions with actions: the only ones a replay can tell apart."""
        found = [d for d in self.state.decisions.values() if any(v.actions for _, v in d.versions)]
        return sorted(found, key=lambda d: d.number)

    def compose(self):
        enabled = set(self.models.enabled())
        with Vertical():
            yield Static(Text("What if…? The consequence models replayed from the log with one change: same seed, "
                              "same random incident.", style="bold"))
            with RadioSet(id="whatif-mode"):
                yield Choice("Change a parameter", value=True, id="mode-change")
                yield Choice("Remove a decision", id="mode-remove")
                yield Choice("Add an action", id="mode-add")
            with Horizontal(id="row-decision"):
                yield Label("Decision")
                yield Select([(decision_label(self.state, d), d.number) for d in self._decisions()], compact=True,
                             prompt="(a decision with actions)", id="whatif-decision")
            with Horizontal(id="row-param"):
                yield Label("Parameter")
                yield Select([], compact=True, prompt="(pick the decision first)", id="whatif-param")
                yield Label("New value")
                yield Input(compact=True, id="whatif-value", placeholder="e.g. 12")
            with Horizontal(id="row-add", classes="-hidden"):
                yield Label("Action")
                yield Select([(action_label(kind), kind) for kind, (model, _) in ACTIONS.items() if model in enabled],
                             compact=True, prompt="(an action)", id="whatif-action")
                yield Input(compact=True, id="whatif-params", placeholder="parameters, e.g. staff=12")
                yield Label("at")
                yield Input(compact=True, id="whatif-at", placeholder="T+1h")
            with Horizontal():
                yield Button("Run (ctrl+r)", variant="primary", compact=True, id="whatif-run")
                yield Static(Text("Pick a change, then Run. Esc closes.", style="dim"), id="whatif-status")
            yield DataTable(cursor_type="row", zebra_stripes=True, id="whatif-table")
            yield Static(id="whatif-fired")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(Text("Metric"), key="metric")
        for key, label in (("a_end", "Happened: end"), ("a_peak", "peak"), ("b_end", "What if: end"),
                           ("b_peak", "peak")):
            table.add_column(Text(label, justify="right"), key=key, width=max(VALUE_WIDTH, len(label)))
        if not self._decisions():
            self._say("No decision carries an action yet: add one (Add an action).", "yellow")

    # ---- the form ------------------------------------------------------------------------------
    @property
    def mode(self) -> str:
        return MODES[max(0, self.query_one(RadioSet).pressed_index)]

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        self.query_one("#row-decision").set_class(self.mode == "add", "-hidden")
        self.query_one("#row-param").set_class(self.mode != "change", "-hidden")
        self.query_one("#row-add").set_class(self.mode != "add", "-hidden")

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "whatif-decision":
            self._offer_params(event.value)
        elif event.select.id == "whatif-param" and isinstance(event.value, str):
            kind, name = event.value.split(".")
            self.query_one("#whatif-value", Input).value = str(self._now(kind, name))
        elif event.select.id == "whatif-action" and isinstance(event.value, str):
            fields = ACTIONS[event.value][1].model_fields
            self.query_one("#whatif-params", Input).placeholder = " ".join(f"{f}=…" for f in fields) or "(none)"

    def _chosen(self) -> DecisionState | None:
        number = self.query_one("#whatif-decision", Select).value
        return next((d for d in self._decisions() if d.number == number), None)

    def _offer_params(self, number: object) -> None:
        decision = self._chosen()
        options = []
        if decision is not None:
            for action in decision.current.actions:
                for name in ACTIONS[action.kind][1].model_fields:
                    options.append((Text(f"{action.kind} · {name} (now {self._now(action.kind, name)})"),
                                    f"{action.kind}.{name}"))
        select = self.query_one("#whatif-param", Select)
        select.set_options(options)
        if len(options) == 1:
            select.value = options[0][1]

    def _now(self, kind: str, name: str) -> object:
        """The chosen decision's current value of one parameter (its default when not given)."""
        decision = self._chosen()
        action = next((a for a in decision.current.actions if a.kind == kind), None) if decision else None
        if action is None:
            return ""
        field = ACTIONS[kind][1].model_fields[name]
        return action.params.get(name, field.default)

    def _change(self) -> dict[str, object]:
        """The change as `whatif.changed` takes it (the words of `ttx whatif`); UserError when incomplete."""
        if self.mode == "add":
            kind = self.query_one("#whatif-action", Select).value
            at = self.query_one("#whatif-at", Input).value.strip()
            if not isinstance(kind, str) or not at:
                raise UserError("pick the action and say when (a story time such as T+1h)")
            params = self.query_one("#whatif-params", Input).value.strip()
            return {"add": f"{kind} {params} at {at if at.upper().startswith('T') else 'T+' + at}"}
        decision = self._chosen()
        if decision is None:
            raise UserError("pick a decision first")
        if self.mode == "remove":
            return {"remove": decision.number}
        param = self.query_one("#whatif-param", Select).value
        value = self.query_one("#whatif-value", Input).value.strip()
        if not isinstance(param, str) or not value:
            raise UserError("pick the parameter and type its new value")
        return {"change": f"{decision.number}.{param}={value}"}

    # ---- running -------------------------------------------------------------------------------
    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "whatif-run":
            self.action_run()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_run()

    def action_run(self) -> None:
        try:
            change = self._change()
            _, label = changed(self.state, **change)  # type: ignore[arg-type]  # says at once what is wrong
        except UserError as exc:
            message = str(exc)
            self._say(message.split(": ", 1)[1] if message.startswith("--") else message, "bold red")
            return
        self._runs += 1
        self._say(f"Replaying {label}…", "italic")
        self._replay(list(self.state.events), change, self._runs)

    @work(thread=True, exclusive=True, group="whatif", exit_on_error=False)
    def _replay(self, events: list, change: dict[str, str], run: int) -> None:
        """In a worker thread, on its own projection of the log as it was (the live one keeps growing)."""
        try:
            comparison = what_if(project(self.state.scenario, events), **change)  # type: ignore[arg-type]
        except UserError as exc:  # e.g. an action added after the session's end
            self.app.call_from_thread(self._answer, run, self._say, str(exc), "bold red")
            return
        except Exception as exc:  # a failed replay says so; the console carries on
            self.app.call_from_thread(self._answer, run, self._say, f"The replay failed: {exc}", "bold red")
            return
        self.app.call_from_thread(self._answer, run, self._show, comparison)

    def _answer(self, run: int, show, *args) -> None:
        """A replay's answer, unless a later one was asked for or the screen has closed meanwhile."""
        if run == self._runs and self.is_attached:
            show(*args)

    def _say(self, words: str, style: str) -> None:
        self.query_one("#whatif-status", Static).update(Text(words, style=style))

    def _rows(self, outcome: Comparison) -> list[tuple[str, list[float | None]]]:
        """(metric, [last and peak as it happened, last and peak what-if]), model by model."""
        return [(f"{model}.{key}", [table.get(f"{model}.{key}") for run in (outcome.happened, outcome.would)
                                    for table in (run.final, run.peak)])
                for model in self.models.enabled() for key in MODEL_METRICS[model]]

    def _show(self, outcome: Comparison) -> None:
        rows = self._rows(outcome)
        moved = sum(1 for _, cells in rows if cells[:2] != cells[2:])
        self._say(f"What if: {outcome.label} (seed {self.state.seed}, models from T+0 to "
                  f"{format_story_time(outcome.until)}): {moved} metric{'s' if moved != 1 else ''} would differ "
                  "(marked ≠)." + ("" if outcome.reproduced else " The models have changed since this session "
                                   "was recorded: read the differences with care."), "bold")
        table = self.query_one(DataTable)
        table.clear()
        values = sum(c.width + 2 * table.cell_padding for c in table.columns.values() if c.key.value != "metric")
        width = max(16, table.size.width - values - 2 * table.cell_padding - 2)  # the four values stay in view
        for name, cells in rows:
            differs = cells[:2] != cells[2:]
            style = "bold" if differs else ""
            title = Text(("≠ " if differs else "  ") + metric_title(name), style=style)
            title.truncate(width, overflow="ellipsis")
            table.add_row(title, *(Text("-" if v is None else metric_value(name, v), style=style, justify="right")
                                   for v in cells), key=name)
        self.query_one("#whatif-fired", Static).update(self._fired_text(outcome))

    def _fired_text(self, outcome: Comparison) -> Text:
        out = Text()
        for change in outcome.injects:
            title = f"“{self._title(change.inject)}” ({change.threshold})"
            if change.would is None:
                out.append(f"{title}, released at {format_story_time(change.happened or 0)}, would not have been "
                           "released\n", style="green")
            elif change.happened is None:
                out.append(f"{title} would have been released at {format_story_time(change.would)}\n", style="yellow")
            else:
                out.append(f"{title} would have been released at {format_story_time(change.would)} instead of "
                           f"{format_story_time(change.happened)}\n", style="yellow")
        return out if out else Text("The same consequence injects would have been released.", style="dim")

    def _title(self, inject_id: str) -> str:
        item = self.state.injects.get(inject_id)
        return item.inject.title if item is not None else inject_id

    def action_close(self) -> None:
        self.dismiss(None)
