"""A committee table's console: its injects (participant text only), the decision form, its own decisions.

It never runs the engine and never holds an `Inject`: injects reach it as `ParticipantInject`.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Static, TabbedContent, TabPane

from ...model.events import EventKind
from ...session.live import LiveSession
from ..widgets.clock_header import ClockHeader, hold_reached
from ..widgets.action_picker import venue_names
from ..widgets.decision_feed import DecisionFeed
from ..widgets.decision_form import DecisionForm, controller_tags
from ..widgets.participant_inject import InjectCard, InjectList, ParticipantInject
from ..widgets.record_form import RecordForm
from ..widgets.record_list import RecordList, withdraw_selected
from .base import ConsoleScreen, TroubleBanner
from .confirm import AskScreen
from .hotwash import HotwashPanel


def participant_items(live: LiveSession, table: str | None) -> list[ParticipantInject]:
    """What the room has been told, newest first: delivered injects (for this table) and module situations."""
    state = live.state
    entries: list[tuple[int, ParticipantInject]] = [
        (i.event.seq if i.event else 0, ParticipantInject.of(i.inject)) for i in state.delivered(table)]
    entries += [(e.seq, ParticipantInject.of_module(live.loaded.module(e.data["module"])))
                for e in state.events if e.kind == EventKind.module_started]
    return [item for _, item in sorted(entries, key=lambda pair: pair[0], reverse=True)]


def injects_label(unread: int) -> str:
    """The Injects tab's label, always as wide, so the tabs after it stay where a finger expects them."""
    return (f"Injects ({unread} new)" if unread else "Injects").ljust(len("Injects (99 new)"))


class TableScreen(ConsoleScreen):
    HELP_TITLE = "Table console"
    HELP_NOTES = (
        "Pick an inject and press Enter (or r) to answer it: the decision form opens with its practices filled in.",
        "Saving shows ✓ only once the decision is safely in the session file. Typing is never lost when an inject "
        "arrives.",
        "In Our decisions, a amends and x retracts the selected decision; both are kept as new entries.",
    )
    BINDINGS = [
        Binding("f2", "tab('injects')", "Injects"),
        Binding("f3", "tab('decide')", "Decide"),
        Binding("f4", "tab('ours')", "Our decisions"),
        Binding("f6", "tab('hotwash')", "Hotwash", show=False),
        Binding("ctrl+s", "save", "Save"),
        Binding("r", "respond", "Answer inject", show=False),
        Binding("a", "amend", "Amend", show=False),
        Binding("x", "retract", "Retract", show=False),
        Binding("f1", "app.help", "Help"),
        Binding("question_mark", "app.help", "Help", show=False),
        Binding("f8", "app.toggle_dark", "Theme", show=False),
    ]
    DEFAULT_CSS = """
    TableScreen #injects-pane > Horizontal { height: 1fr; }
    TableScreen InjectList { width: 2fr; min-width: 26; border: round $primary-darken-2; overflow-x: hidden; }
    TableScreen InjectCard { width: 3fr; border: round $primary-darken-2; }
    TableScreen #ours-hint { height: 1; padding: 0 1; color: $text-muted; }
    TableScreen #our-notes { height: auto; max-height: 8; border: round $primary-darken-2; }
    """

    def __init__(self, live: LiveSession) -> None:
        super().__init__(live)
        self.table_id = live.role.table or ""
        self.table_name = live.loaded.table(self.table_id).name

    def compose(self):
        yield ClockHeader(self.live.loaded, self.table_name, show_speed=False, participant=True, id="clock")
        yield TroubleBanner(id="trouble")
        with TabbedContent(id="tabs", initial="injects"):
            with TabPane(injects_label(0), id="injects"):
                with Horizontal(id="injects-pane"):
                    injects = InjectList(id="inject-list")
                    injects.border_title = "Injects (newest first)"
                    injects.border_subtitle = "Enter: answer"
                    yield injects
                    card = InjectCard("No inject has reached this table yet.", id="inject-card")
                    card.border_title = "Inject"
                    yield card
            with TabPane("Decide", id="decide"):
                yield DecisionForm(self.table_id, hidden_tags=controller_tags(self.live.loaded),
                                   models=self.live.loaded.scenario.models, venues=venue_names(self.live.loaded),
                                   id="decision-form")
            with TabPane("Our decisions", id="ours"):
                with Vertical():
                    yield Static(Text("a amend · x retract the selected decision"), id="ours-hint")
                    yield DecisionFeed(table=self.table_id, id="our-decisions")
                    notes = RecordList(self.live.role.actor, id="our-notes")
                    notes.border_title = "Our hotwash notes · x withdraws the selected note"
                    yield notes
            with TabPane("Hotwash", id="hotwash"):
                yield HotwashPanel(self.table_id, self.table_id, self.table_name, id="hotwash-panel")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(InjectList).focus()

    # -- refresh ------------------------------------------------------------------------------------------
    def refresh_session(self, events: list) -> None:
        state = self.live.state
        items = participant_items(self.live, self.table_id)
        inject_list = self.query_one(InjectList)
        fresh = inject_list.set_items(items)
        if fresh and events:
            self.notify(fresh[0].title, title="New inject", timeout=6)
        if fresh and inject_list.selected_id:
            self._show_selected()
        self.query_one("#our-decisions", DecisionFeed).refresh_from(state)
        self.query_one(RecordList).refresh_from(state)
        count = len(inject_list.unread)
        tabs = self.query_one(TabbedContent)
        tabs.get_tab("injects").label = injects_label(count)
        if any(e.kind == EventKind.hotwash_started for e in events):
            self.action_tab("hotwash")
            self.notify("The facilitator has opened the hotwash.", title="Hotwash", timeout=8)

    def refresh_clock(self) -> None:
        view = self.live.clock_view()
        self.query_one(ClockHeader).show(view, hold_reached=hold_reached(self.live.state, view.held))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if isinstance(event.data_table, InjectList):
            self._show_selected()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if isinstance(event.data_table, InjectList):
            self.action_respond()

    def _show_selected(self) -> None:
        inject_list = self.query_one(InjectList)
        item = inject_list.selected()
        self.query_one(InjectCard).show(item)
        if item is not None:
            inject_list.mark_read(item.id)
            count = len(inject_list.unread)
            self.query_one(TabbedContent).get_tab("injects").label = injects_label(count)

    # -- actions ------------------------------------------------------------------------------------------
    FOCUS_IN_TAB = {"injects": "#inject-list", "decide": "#decision-text", "ours": "#our-decisions",
                    "hotwash": "#note-text"}

    def action_tab(self, tab: str) -> None:
        # Focus moves with the tab: TabbedContent follows focus, so a widget left focused in the old
        # pane would switch straight back.
        self.query_one(TabbedContent).active = tab
        self.query_one(self.FOCUS_IN_TAB[tab]).focus()

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        """A tab tapped or clicked (tablets): its field takes the focus, so typing goes there at once."""
        pane = event.pane.id or ""
        focused = self.focused
        if pane in self.FOCUS_IN_TAB and (focused is None or event.pane not in focused.ancestors):
            self.query_one(self.FOCUS_IN_TAB[pane]).focus()

    def action_respond(self) -> None:
        item = self.query_one(InjectList).selected()
        form = self.query_one(DecisionForm)
        if item is not None and not item.situation:
            form.answer(item.id, item.title, list(item.practices))
        elif item is not None:
            form.answer(None, "", [])
        self.action_tab("decide")

    def action_save(self) -> None:
        active = self.query_one(TabbedContent).active
        if active == "decide":
            self.query_one(DecisionForm).submit()
        elif active == "hotwash":
            self.query_one(HotwashPanel).focused_form().submit()
        else:
            self.notify("Open Decide (F3) to write a decision.", severity="warning")

    def on_decision_form_submitted(self, message: DecisionForm.Submitted) -> None:
        form, amend_of, decision = message.form, message.amend_of, message.decision
        if amend_of is not None:
            self.save(lambda: self.live.amend_decision(amend_of, decision),
                      lambda event: form.saved(form.amend_number, amended=True), form.failed)
        else:
            self.save(lambda: self.live.log_decision(decision),
                      lambda event: form.saved(int(event.data["number"]), amended=False), form.failed)

    def on_record_form_submitted(self, message: RecordForm.Submitted) -> None:
        from ...model.records import Feedback, HotwashNote

        form, record = message.form, message.record
        if isinstance(record, HotwashNote):
            self.save(lambda: self.live.record_hotwash_note(record), lambda event: form.saved("Note"), form.failed)
        else:
            assert isinstance(record, Feedback)
            self.save(lambda: self.live.record_feedback(record), lambda event: form.saved("Feedback"), form.failed)

    def _selected_decision(self):
        feed = self.query_one("#our-decisions", DecisionFeed)
        decision_id = feed.selected_decision_id
        if decision_id is None or self.query_one(TabbedContent).active != "ours":
            return None
        return self.live.state.decisions.get(decision_id)

    def action_amend(self) -> None:
        decision = self._selected_decision()
        if decision is None:
            return
        if decision.is_retracted:
            self.notify("That decision was retracted.", severity="warning")
            return
        current = decision.current
        title = self.live.loaded.inject(current.inject).title if current.inject else ""
        self.query_one(DecisionForm).load(decision.decision_id, current, title, decision.number)
        self.action_tab("decide")

    def action_retract(self) -> None:
        notes = self.query_one(RecordList)
        if self.focused is notes:
            withdraw_selected(self, notes)
            return
        decision = self._selected_decision()
        if decision is None or decision.is_retracted:
            return

        def answered(reason: str | None) -> None:
            if reason:
                self.save(lambda: self.live.retract_decision(decision.decision_id, reason),
                          lambda event: self.notify(f"Decision {decision.number} retracted (kept in the log)."),
                          lambda problem: self.notify(f"Not retracted: {problem}", severity="error"))

        self.app.push_screen(AskScreen(f"Retract decision {decision.number}? Why?",
                                       "e.g. superseded by a later decision"), answered)
