"""A form that turns what someone typed into one record and posts it; the screen saves it to the store."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError
from rich.text import Text
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static


class RecordForm(VerticalScroll):
    """Subclasses compose their fields (ending with a `.form-status` Static) and implement `build()`."""

    DEFAULT_CSS = """
    RecordForm { height: auto; max-height: 100%; padding: 0 1; }
    RecordForm Label { margin-top: 1; color: $text-muted; }
    RecordForm TextArea { height: 4; }
    RecordForm RadioSet { padding: 0; width: 1fr; }  /* keeps its border: one that appears on focus moves the choices under a tap */
    RecordForm Select { margin: 0; }
    """

    class Submitted(Message):
        def __init__(self, form: RecordForm, record: BaseModel) -> None:
            super().__init__()
            self.form = form
            self.record = record

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
        style = "bold red" if error else ("bold green" if ok else "")
        self.query_one(".form-status", Static).update(Text(message, style=style))


def _first_error(exc: ValidationError) -> str:
    error: dict[str, Any] = exc.errors()[0]
    where = ".".join(str(p) for p in error.get("loc", ()))
    return f"{where}: {error['msg']}" if where else error["msg"]
