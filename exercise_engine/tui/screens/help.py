"""The `?` screen: every key of the console underneath, with what it does."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEY_NAMES = {"question_mark": "?", "space": "Space", "plus": "+", "minus": "-", "equals_sign": "=",
             "left_square_bracket": "[", "right_square_bracket": "]", "escape": "Esc"}


def key_label(keys: str) -> str:
    return " / ".join(KEY_NAMES.get(k.strip(), k.strip()) for k in keys.split(","))


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark,f1", "close", "Close")]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 90; max-width: 98%; height: auto; max-height: 95%; border: thick $primary; background: $surface; padding: 0 1; }
    """

    def __init__(self, title: str, bindings: list[Binding], notes: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.title_text = title
        self.key_bindings = bindings
        self.notes = notes

    def compose(self):
        table = Table(box=None, show_header=False, expand=True, padding=(0, 1))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for binding in self.key_bindings:
            if binding.description:
                # the footer's short word, or the longer `tooltip` where a binding has one
                table.add_row(Text(key_label(binding.key)), Text(binding.tooltip or binding.description))
        table.add_row("ctrl+p", "Command palette: every action by name")
        table.add_row("ctrl+q", "Quit")
        with VerticalScroll():
            yield Static(Text(self.title_text, style="bold"))
            yield Static(table)
            for note in self.notes:
                yield Static(Text(note, style="italic"))
            yield Static(Text("Esc closes this help.", style="dim"))

    def action_close(self) -> None:
        self.dismiss(None)
