"""The hotwash, for tables and evaluators: strengths and areas for improvement, then the feedback form."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, RadioSet, Select, Static, TextArea

from ...model.practices import PRACTICES
from ...model.records import FEEDBACK_QUESTIONS, Feedback, HotwashNote
from ..widgets.choices import Choice, clear_choice
from ..widgets.observation_form import chosen_kind
from ..widgets.record_form import RecordForm


class HotwashNoteForm(RecordForm):
    """One strength or area for improvement, said aloud in the hotwash and typed by the scribe."""

    def __init__(self, source: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.source = source

    def compose(self):
        yield Static(Text("Hotwash: a strength or an area for improvement", style="bold"))
        with RadioSet(id="note-kind"):
            yield Choice("Strength")
            yield Choice("Area for improvement")
        yield Label("Practice (optional)")
        yield Select(compact=True, options=[(f"{p.number} {p.name}", p.number) for p in PRACTICES], prompt="(none)", id="note-practice")
        yield Label("What went well / what needs work")
        yield TextArea(compact=True, id="note-text", soft_wrap=True, tab_behavior="focus")
        yield from self.save_row("Save note")

    def build(self) -> HotwashNote:
        text = self.query_one("#note-text", TextArea).text.strip()
        if not text:
            raise ValueError("write the strength or area for improvement first")
        practice = self.query_one("#note-practice", Select).value
        kind = chosen_kind(self.query_one("#note-kind", RadioSet))
        return HotwashNote(source=self.source, kind=kind, text=text,
                           practice=practice if isinstance(practice, int) else None)

    def reset(self) -> None:
        self.query_one("#note-text", TextArea).text = ""
        clear_choice(self.query_one("#note-kind", RadioSet))
        self.query_one("#note-practice", Select).clear()


class FeedbackForm(RecordForm):
    """The participant feedback form: five 1–5 ratings and three comments."""

    DEFAULT_CSS = """
    FeedbackForm RadioSet { layout: horizontal; height: auto; }
    FeedbackForm RadioButton { width: auto; }
    """

    def __init__(self, table: str, role: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.table = table
        self.role = role

    def compose(self):
        yield Static(Text("Feedback (1 = strongly disagree, 5 = strongly agree)", style="bold"))
        for key, question in FEEDBACK_QUESTIONS.items():
            yield Label(question)
            with RadioSet(id=f"fb-{key}"):
                for n in range(1, 6):
                    yield Choice(str(n))
        yield Label("Your role or agency")
        yield Input(compact=True, id="fb-role", placeholder=f"e.g. {self.role}")
        yield Label("Strengths of the exercise")
        yield Input(compact=True, id="fb-strengths")
        yield Label("What should change")
        yield Input(compact=True, id="fb-improvements")
        yield Label("Other comments")
        yield Input(compact=True, id="fb-comments")
        yield from self.save_row("Send feedback")

    def build(self) -> Feedback:
        ratings = {}
        for key in FEEDBACK_QUESTIONS:
            index = self.query_one(f"#fb-{key}", RadioSet).pressed_index
            if index >= 0:
                ratings[key] = index + 1
        comments = {k: self.query_one(f"#fb-{k}", Input).value.strip() for k in ("strengths", "improvements", "comments")}
        if not ratings and not any(comments.values()):
            raise ValueError("answer at least one question")
        return Feedback(table=self.table, role=self.query_one("#fb-role", Input).value.strip(), ratings=ratings,
                        **comments)

    def reset(self) -> None:
        """Everything, ratings included: the next person on this shared tablet starts from a blank form."""
        for k in ("role", "strengths", "improvements", "comments"):
            self.query_one(f"#fb-{k}", Input).value = ""
        for key in FEEDBACK_QUESTIONS:
            clear_choice(self.query_one(f"#fb-{key}", RadioSet))
        self.scroll_home(animate=False)


class HotwashPanel(VerticalScroll):
    """Notes first, feedback below; ctrl+s saves the form that has the focus."""

    DEFAULT_CSS = """
    HotwashPanel { height: 1fr; }
    HotwashPanel .hotwash-intro { padding: 0 1; color: $text-muted; }
    """

    def __init__(self, source: str, table: str, role: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.source, self.table, self.role = source, table, role

    def compose(self):
        yield Static(Text("When the facilitator opens the hotwash, record what went well and what needs work, "
                          "then fill the feedback form."), classes="hotwash-intro")
        yield HotwashNoteForm(self.source, id="hotwash-note")
        yield FeedbackForm(self.table, self.role, id="feedback")

    def focused_form(self) -> RecordForm:
        focused = self.screen.focused
        feedback = self.query_one(FeedbackForm)
        if focused is not None and feedback in focused.ancestors_with_self:
            return feedback
        return self.query_one(HotwashNoteForm)
