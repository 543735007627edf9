"""A form that turns what someone typed into one record and posts it; the screen saves it to the store."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError
from rich.text import Text
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Static


class RecordForm(VerticalScroll):
    """Subclasses compose their fields (ending with a `.form-status` Static) and implement `build()`."""

    DEFAULT_CSS = """
    RecordForm { height: auto; max-height: 100%; padding: 0 1; }
    RecordForm Label { margin-top: 1; color: $text-muted; }
    RecordForm TextArea { height: 4; }
    RecordForm RadioSet { padding: 0; width: 1fr; }  /* keeps its border: one that appears on focus moves the choices under a tap */
    RecordForm Select { margin: 0; }
    RecordForm .form-save-row { height: auto; margin-top: 1; }
    RecordForm .form-status { width: 1fr; padding: 1 1 0 2; }
    """

    class Submitted(Message):
        def __init__(self, form: RecordForm, record: BaseModel) -> None:
            super().__init__()
            self.form = form
            self.record = record

    def save_row(self, label: str = "Save", hint: str = "or ctrl+s"):
        """A Save button (tablets have no ctrl+s) with the form's status beside it; ends every form."""
        with Horizontal(classes="form-save-row"):
            yield Button(label, variant="primary", classes="form-save")
            yield Static(Text(hint, style="italic"), classes="form-status")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.has_class("form-save"):
            event.stop()
            self.submit()

    def build(self) -> BaseModel:
        """The record from the fields; raise ValueError with a message for the person typing."""
        raise NotImplementedError

    def reset(self) -> None:
        """Clear the fields after a save."""

    def submit(self) -> None:
        try:
            record = self.build()
        except ValidationError as exc:
            self.status(f"Not saved: {_first_error(exc)}", error=True)
            return
        except ValueError as exc:
            self.status(f"Not saved: {exc}", error=True)
            return
        self.status("Saving…")
        self.post_message(self.Submitted(self, record))

    def saved(self, what: str) -> None:
        self.reset()
        self.status(f"✓ {what} saved.", ok=True)
        self.notify(f"✓ {what} saved.", timeout=4)

    def failed(self, message: str) -> None:
        self.status(f"Not saved — your text is kept. {message}", error=True)

    def status(self, message: str, *, error: bool = False, ok: bool = False) -> None:
        style = "bold reverse" if error else ("bold" if ok else "")  # the words and ✓ carry it, not red or green
        self.query_one(".form-status", Static).update(Text(message, style=style))


def _first_error(exc: ValidationError) -> str:
    error: dict[str, Any] = exc.errors()[0]
    where = ".".join(str(p) for p in error.get("loc", ()))
    return f"{where}: {error['msg']}" if where else error["msg"]
