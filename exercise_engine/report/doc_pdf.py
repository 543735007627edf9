"""A `Document` as PDF, with fpdf2 (pure Python: no system libraries, works offline after `pip install`).

The DejaVu Sans fonts ship inside the package (exercise_engine/report/fonts, Bitstream Vera licence) so
accents and most scripts print the same on every machine. Text is placed with `multi_cell` and fpdf2's
tables, which wrap at word boundaries and split a word that is wider than its column, so nothing runs
past the margin; tests/report/test_handout_layout.py checks the rendered pages.
"""

from __future__ import annotations

import io
import warnings
from contextlib import ExitStack
from datetime import datetime, timezone
from importlib import resources

from fpdf import FPDF
from fpdf.enums import TableCellFillMode, WrapMode, XPos, YPos
from fpdf.fonts import FontFace

from .document import (
    MARGIN_INCHES, Bullets, Document, Heading, Lines, PageBreak, Para, Picture, Table, column_inches,
)

MM_PER_INCH = 25.4
FONT = "DejaVu"
_GREY = (84, 110, 122)
_RED = (183, 28, 28)
_HEAD_FILL = (230, 236, 239)
ROW_CHARS_AS_PARAGRAPHS = 2500
"""A table row with more text than this is printed as labelled paragraphs below its table: fpdf2 cannot
split one row across pages, and a pasted 10,000-character note would not fit on one."""


class _Pdf(FPDF):
    def __init__(self, doc: Document, fonts: dict[str, str]) -> None:
        super().__init__(orientation="L" if doc.landscape else "P", unit="mm", format="Letter")
        self.doc = doc
        margin = MARGIN_INCHES * MM_PER_INCH
        self.set_margins(margin, margin, margin)
        self.set_auto_page_break(True, margin)
        for style, path in fonts.items():
            self.add_font(FONT, style, path)
        self.set_font(FONT, size=10)
        self.set_title(f"{doc.kind}: {doc.title}")
        self.set_creator("ttx")

    def header(self) -> None:
        if self.page_no() == 1:
            return
        self.set_font(FONT, "B" if self.doc.audience == "controller" else "", 7)
        self.set_text_color(*(_RED if self.doc.audience == "controller" else _GREY))
        self.cell(0, 4, self.doc.marking, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FONT, "", 7)
        self.set_text_color(*_GREY)
        self.cell(0, 4, f"{self.doc.kind}: {self.doc.title}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)
        self.set_text_color(0, 0, 0)
        self.set_font(FONT, "", 10)

    def footer(self) -> None:
        self.set_y(-MARGIN_INCHES * MM_PER_INCH + 4)
        self.set_font(FONT, "", 7)
        self.set_text_color(*_GREY)
        self.cell(0, 4, f"Page {self.page_no()} of {{nb}}", align="R")
        self.set_text_color(0, 0, 0)

    @property
    def usable_mm(self) -> float:
        return self.w - self.l_margin - self.r_margin

    def keep_room(self, mm: float) -> None:
        """Start a new page unless `mm` of height is left (keeps a heading with what follows)."""
        if self.get_y() + mm > self.h - self.b_margin:
            self.add_page()

    def text_block(self, text: str, *, size: float = 10, style: str = "", color: tuple[int, int, int] = (0, 0, 0),
                   indent: float = 0, label: str = "") -> None:
        self.set_x(self.l_margin + indent)
        self.set_text_color(*color)
        if label:
            self.set_font(FONT, "B", size)
            self.multi_cell(self.usable_mm - indent, size * 0.5, label, align="L",
                            new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.set_x(self.l_margin + indent)
        self.set_font(FONT, style, size)
        self.multi_cell(self.usable_mm - indent, size * 0.5, text or " ", align="L", wrapmode=WrapMode.WORD,
                        new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0, 0, 0)


def _title_page(pdf: _Pdf, doc: Document) -> None:
    pdf.add_page()
    if doc.title_page:
        pdf.set_y(pdf.h * 0.28)
        pdf.text_block(doc.kind, size=14, color=_GREY)
        pdf.ln(2)
        pdf.text_block(doc.title, size=22, style="B")
        if doc.subtitle:
            pdf.ln(2)
            pdf.text_block(doc.subtitle, size=11, color=_GREY)
        pdf.ln(10)
        pdf.text_block(doc.marking, size=11, style="B", color=_RED if doc.audience == "controller" else _GREY)
        pdf.add_page()
    else:
        pdf.text_block(doc.marking, size=8, style="B", color=_RED if doc.audience == "controller" else _GREY)
        pdf.text_block(doc.kind, size=9, color=_GREY)
        pdf.text_block(doc.title, size=15, style="B")
        if doc.subtitle:
            pdf.text_block(doc.subtitle, size=9, color=_GREY)
        pdf.ln(3)


def _table(pdf: _Pdf, t: Table) -> None:
    widths = [w * MM_PER_INCH for w in column_inches(t.widths, pdf.usable_mm / MM_PER_INCH - 0.01)]
    long_rows = [row for row in t.rows if sum(len(c) for c in row) > ROW_CHARS_AS_PARAGRAPHS]
    pdf.set_font(FONT, "", 8)
    pdf.keep_room(16)
    with pdf.table(col_widths=widths, width=sum(widths), align="LEFT", text_align="LEFT", line_height=4,
                   headings_style=FontFace(emphasis="BOLD", fill_color=_HEAD_FILL), padding=1.2,
                   first_row_as_headings=bool(t.header), v_align="TOP", repeat_headings=1,
                   cell_fill_mode=TableCellFillMode.NONE) as table:
        if t.header:
            head = table.row()
            for h in t.header:
                head.cell(h)
        for r, row in enumerate(t.rows):
            if row in long_rows:
                row = [c if len(c) <= 200 else c[:200] + " … (in full below)" for c in row]
            cells = table.row()
            for c, value in enumerate(row):
                fill = t.fills[r] if t.fills and c == 0 else None
                bold = t.keyvalue and c == 0
                style = FontFace(fill_color=fill, emphasis="BOLD" if bold else None) if (fill or bold) else None
                cells.cell(value, style=style)
    pdf.ln(2)
    for row in long_rows:
        for head, value in zip(t.header or [""] * len(row), row):
            if len(value) > 200:
                pdf.text_block(value, size=8, label=head)
        pdf.ln(1)
    pdf.set_font(FONT, "", 10)


def _lines(pdf: _Pdf, block: Lines) -> None:
    if block.label:
        pdf.keep_room(12)
        pdf.text_block(block.label, size=9, style="B")
    pdf.set_draw_color(160, 160, 160)
    for _ in range(block.count):
        pdf.keep_room(8)
        y = pdf.get_y() + 7
        pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
        pdf.set_y(y)
    pdf.set_draw_color(0, 0, 0)
    pdf.ln(3)


def _block(pdf: _Pdf, b: object) -> None:
    if isinstance(b, Heading):
        size = {1: 15, 2: 12.5, 3: 10.5}.get(b.level, 10)
        pdf.keep_room(30 if b.level == 1 else 20)
        pdf.ln(3 if b.level == 1 else 2)
        pdf.text_block(b.text, size=size, style="B")
        pdf.ln(1)
    elif isinstance(b, Para):
        if b.style in ("note", "warning"):
            color = _RED if b.style == "warning" else _GREY
            pdf.set_draw_color(*color)
            top = pdf.get_y()
            page = pdf.page_no()
            pdf.ln(1.5)
            pdf.text_block(b.text, size=9.5, indent=3, label=b.label)
            pdf.ln(1.5)
            if pdf.page_no() == page:
                pdf.rect(pdf.l_margin, top, pdf.usable_mm, pdf.get_y() - top)
            pdf.set_draw_color(0, 0, 0)
            pdf.ln(2)
        elif b.style == "meta":
            pdf.text_block(b.text, size=8, color=_GREY, label=b.label)
            pdf.ln(1)
        else:
            pdf.text_block(b.text, label=b.label)
            pdf.ln(1.5)
    elif isinstance(b, Bullets):
        for i, item in enumerate(b.items):
            mark = f"{i + 1}." if b.numbered else "\u2022"
            y = pdf.get_y()
            pdf.keep_room(6)
            if pdf.get_y() < y:
                y = pdf.get_y()
            pdf.set_font(FONT, "", 10)
            pdf.set_xy(pdf.l_margin, pdf.get_y())
            pdf.cell(6, 5, mark)
            pdf.text_block(item, indent=6)
            pdf.ln(0.8)
        pdf.ln(1)
    elif isinstance(b, Table):
        _table(pdf, b)
    elif isinstance(b, Lines):
        _lines(pdf, b)
    elif isinstance(b, Picture):
        pdf.image(io.BytesIO(b.png), w=pdf.usable_mm, keep_aspect_ratio=True,
                  h=min(pdf.h - pdf.get_y() - pdf.b_margin - 12, pdf.usable_mm))
        if b.caption:
            pdf.text_block(b.caption, size=8, color=_GREY)
    elif isinstance(b, PageBreak):
        pdf.add_page(orientation="L" if b.landscape else "P")


def document_pdf(doc: Document, created: datetime | None = None) -> bytes:
    """The document as PDF bytes; `created` fixes the file's creation date (same input, same bytes)."""
    with ExitStack() as stack:
        folder = resources.files(__package__).joinpath("fonts")
        fonts = {style: str(stack.enter_context(resources.as_file(folder.joinpath(name))))
                 for style, name in (("", "DejaVuSans.ttf"), ("B", "DejaVuSans-Bold.ttf"), ("I", "DejaVuSans-Oblique.ttf"))}
        pdf = _Pdf(doc, fonts)
        pdf.set_creation_date(created or datetime(2000, 1, 1, tzinfo=timezone.utc))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # glyphs DejaVu lacks (emoji) are left out, not an error
            _title_page(pdf, doc)
            for b in doc.blocks:
                _block(pdf, b)
        return bytes(pdf.output())

