"""A printable document as plain blocks (headings, paragraphs, lists, tables, writing lines, page breaks).

Handouts and the PDF after-action report are built once as a `Document`; `doc_html`, `doc_docx` and
`doc_pdf` lay the same blocks out in their format, so the three cannot disagree about what a handout says.
Every string in a block is people's text: writers escape it for their format and never interpret it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence, Union

Width = Union[float, str]
"""A column width: inches (0.75), or a share of what the fixed columns leave ("*", "2*")."""

PORTRAIT_INCHES = (8.5, 11.0)
LANDSCAPE_INCHES = (11.0, 8.5)
MARGIN_INCHES = 0.7


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1
    """1 to 3; the document's title is not a block."""


@dataclass(frozen=True)
class Para:
    text: str
    label: str = ""
    """A bold run-in label before the text ("Handling:")."""
    style: str = ""
    """"" plain, "meta" small grey, "note" a boxed callout, "warning" a boxed callout in red."""


@dataclass(frozen=True)
class Bullets:
    items: Sequence[str]
    numbered: bool = False


@dataclass(frozen=True)
class Table:
    header: Sequence[str]
    rows: Sequence[Sequence[str]]
    widths: Sequence[Width]
    fills: Sequence[str | None] | None = None
    """A background colour ("#d4edda") for each row's first cell, or None."""
    keyvalue: bool = False
    """The first column is a bold label (an overview table)."""


@dataclass(frozen=True)
class Lines:
    """Ruled lines to write on (observation space on an EEG, comments on the feedback form)."""

    count: int
    label: str = ""


@dataclass(frozen=True)
class Picture:
    png: bytes
    caption: str = ""


@dataclass(frozen=True)
class QrCode:
    """A QR code to a web address, with the address printed beside it for those who type it instead."""

    url: str
    text: str = ""
    """What to do there ("Fill in this form on your phone: scan the code or open")."""


@dataclass(frozen=True)
class PageBreak:
    landscape: bool = False
    """The orientation of the pages that follow."""


Block = Union[Heading, Para, Bullets, Table, Lines, Picture, QrCode, PageBreak]


@dataclass
class Document:
    """A handout or report: a title block, a marking repeated in every page header, then blocks."""

    title: str
    kind: str
    """What the document is: "Situation Manual", "Exercise Evaluation Guide"."""
    subtitle: str = ""
    marking: str = ""
    """Printed at the top of every page: "FOR EXERCISE PARTICIPANTS", "CONTROLLER AND EVALUATOR ONLY"."""
    audience: str = "participant"
    """participant | controller: participant documents are checked for controller-only text."""
    blocks: list[Block] = field(default_factory=list)
    landscape: bool = False
    """The orientation of the first page."""
    title_page: bool = True
    """False for one-page forms and cards: the title is a heading on the first page, not a cover."""

    def add(self, *blocks: Block) -> Document:
        self.blocks.extend(blocks)
        return self

    def text(self) -> str:
        """Every word the document shows, for tests and search (one string)."""
        parts = [self.title, self.kind, self.subtitle, self.marking]
        for b in self.blocks:
            if isinstance(b, (Heading, Para)):
                parts += [getattr(b, "label", ""), b.text]
            elif isinstance(b, Bullets):
                parts += list(b.items)
            elif isinstance(b, Table):
                parts += list(b.header) + [c for row in b.rows for c in row]
            elif isinstance(b, QrCode):
                parts += [b.text, b.url]
            elif isinstance(b, (Lines, Picture)):
                parts.append(getattr(b, "label", "") or getattr(b, "caption", ""))
        return "\n".join(p for p in parts if p)


def usable_inches(landscape: bool) -> float:
    width = (LANDSCAPE_INCHES if landscape else PORTRAIT_INCHES)[0]
    return width - 2 * MARGIN_INCHES


def column_inches(widths: Sequence[Width], usable: float) -> list[float]:
    """Column widths in inches that add up to the usable width: fixed columns as given, star columns
    sharing the rest (at least half an inch each)."""
    fixed = sum(w for w in widths if not isinstance(w, str))
    shares = {i: float(w[:-1] or 1) for i, w in enumerate(widths) if isinstance(w, str)}
    rest = usable - fixed
    if rest < 0 or (shares and rest < 0.5 * len(shares)):
        raise ValueError(f"columns {list(widths)} do not fit {usable:.2f} in")
    total = sum(shares.values()) or 1.0
    out = [rest * shares[i] / total if i in shares else float(w) for i, w in enumerate(widths)]
    if not shares and fixed < usable:  # no star column: stretch the last one to the margin
        out[-1] += usable - fixed
    return out
