"""`write_handouts`: every handout of a scenario, in each format asked for, into one folder.

Public API (the CLI uses it): HANDOUT_FORMATS, handout_documents(loaded, start), write_handouts(...),
write_feedback_form(...) (`ttx serve --feedback-form`: the form with a QR code to the server).
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from ...loader.loaded import LoadedScenario
from ..document import Document
from ..files import write_file
from .eeg import evaluation_guides
from .feedback_form import SERVED, feedback_form
from .handbook import handbook
from .inject_cards import inject_cards
from .situation_manual import situation_manual

HANDOUT_FORMATS: dict[str, str] = {"html": ".html", "docx": ".docx", "pdf": ".pdf"}


def handout_documents(loaded: LoadedScenario, start: datetime | None = None,
                      feedback_url: str | None = None) -> list[tuple[str, Document]]:
    """(file stem, document) for every handout, participants' first."""
    return [
        ("situation-manual", situation_manual(loaded, start)),
        ("participant-feedback-form", feedback_form(loaded, feedback_url)),
        ("inject-cards-participant", inject_cards(loaded, controller=False)),
        ("controller-evaluator-handbook", handbook(loaded, start)),
        ("inject-cards-controller", inject_cards(loaded, controller=True)),
        *evaluation_guides(loaded),
    ]


def renderer(fmt: str, created: datetime) -> Callable[[Document], bytes]:
    if fmt == "html":
        from ..doc_html import document_html

        return document_html
    if fmt == "docx":
        from ..doc_docx import document_docx

        return lambda doc: document_docx(doc, created)
    if fmt == "pdf":
        from ..doc_pdf import document_pdf

        return lambda doc: document_pdf(doc, created)
    raise ValueError(f"unknown handout format {fmt!r}; use one of: {', '.join(HANDOUT_FORMATS)}")


def write_handouts(loaded: LoadedScenario, folder: Path, formats: list[str], start: datetime | None = None,
                   created: datetime | None = None, feedback_url: str | None = None) -> list[Path]:
    """Write every handout in every format; returns the files written (each appears whole or not at all)."""
    created = created or datetime.now(timezone.utc).replace(microsecond=0)
    folder.mkdir(parents=True, exist_ok=True)
    documents = handout_documents(loaded, start, feedback_url)
    written = []
    for fmt in formats:
        render = renderer(fmt, created)
        for stem, doc in documents:
            target = folder / f"{stem}{HANDOUT_FORMATS[fmt]}"
            write_file(target, render(doc))
            written.append(target)
    return written


def write_feedback_form(loaded: LoadedScenario, target: Path, url: str, how: str = SERVED,
                        created: datetime | None = None) -> Path:
    """The participant feedback form alone, with a QR code to `url`, in the format the suffix names
    (.pdf, .docx, .html); ValueError for another suffix."""
    fmt = next((f for f, suffix in HANDOUT_FORMATS.items() if suffix == target.suffix.lower()), None)
    if fmt is None:
        raise ValueError(f"{target}: write the feedback form to a .pdf, .docx or .html file")
    created = created or datetime.now(timezone.utc).replace(microsecond=0)
    write_file(target, renderer(fmt, created)(feedback_form(loaded, url, how)))
    return target
