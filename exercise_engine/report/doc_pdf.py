"""A `Document` as PDF, with fpdf2 (pure Python: no system libraries, works offline after `pip install`).

The DejaVu Sans fonts ship inside the package (exercise_engine/report/fonts, Bitstream Vera licence) so
accents and most scripts print the same on every machine. Lines are broken here (at words, and inside a word wider
than its column) and tables drawn here, so nothing runs past the margin and a tall row continues on the
next page; tests/report/test_handout_layout.py checks the rendered pages.
"""

from __future__ import annotations

import io
import re
import warnings
from contextlib import ExitStack
from datetime import datetime, timezone
from importlib import resources

from typing import Callable, Sequence

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from PIL import Image

from .document import (
    MARGIN_INCHES, Bullets, Document, Heading, Lines, PageBreak, Para, Picture, QrCode, Table, column_inches,
)

MM_PER_INCH = 25.4
FONT = "DejaVu"
_GREY = (84, 110, 122)
_RED = (183, 28, 28)
_HEAD_FILL = (230, 236, 239)


class _Pdf(FPDF):
    """fpdf2 with its own line breaking: words are measured once each (fpdf2's `multi_cell` re-measures the
    growing line for every character, which made the handouts take seconds), and table rows split across
    pages when they are taller than one."""

    def __init__(self, doc: Document, fonts: dict[str, str]) -> None:
        super().__init__(orientation="L" if doc.landscape else "P", unit="mm", format="Letter")
        self.doc = doc
        margin = MARGIN_INCHES * MM_PER_INCH
        self.set_margins(margin, margin, margin)
        self.set_auto_page_break(False, margin)
        self.c_margin = 0  # text starts where we put it: wrap() measures lines to the margin exactly
        for style, path in fonts.items():
            self.add_font(FONT, style, path)
        self.set_font(FONT, size=10)
        self.set_title(f"{doc.kind}: {doc.title}")
        self.set_creator("ttx")
        self._widths: dict[tuple[str, float, str], float] = {}

    def header(self) -> None:
        if self.page_no() == 1:
            return
        controller = self.doc.audience == "controller"
        self.set_font(FONT, "B" if controller else "", 7)
        self.set_text_color(*(_RED if controller else _GREY))
        self.cell(0, 4, _fit(self, self.doc.marking, self.usable_mm), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FONT, "", 7)
        self.set_text_color(*_GREY)
        self.cell(0, 4, _fit(self, f"{self.doc.kind}: {self.doc.title}", self.usable_mm), new_x=XPos.LMARGIN,
                  new_y=YPos.NEXT)
        self.ln(2)
        self.set_text_color(0, 0, 0)

    def footer(self) -> None:
        self.set_y(-MARGIN_INCHES * MM_PER_INCH + 4)
        self.set_font(FONT, "", 7)
        self.set_text_color(*_GREY)
        self.cell(0, 4, f"Page {self.page_no()} of {{nb}}", align="R")
        self.set_text_color(0, 0, 0)

    @property
    def usable_mm(self) -> float:
        return self.w - self.l_margin - self.r_margin

    @property
    def bottom(self) -> float:
        return self.h - self.b_margin

    def new_page(self, landscape: bool | None = None) -> None:
        """A new page in the current (or the given) orientation, keeping the font."""
        style, size = self.font_style, self.font_size_pt
        orientation = self.cur_orientation if landscape is None else ("L" if landscape else "P")
        self.add_page(orientation=orientation)
        self.set_font(FONT, style, size)

    def keep_room(self, mm: float) -> None:
        """Start a new page unless `mm` of height is left (keeps a heading with what follows)."""
        if self.get_y() + mm > self.bottom:
            self.new_page()

    def width_of(self, word: str) -> float:
        key = (self.font_style, self.font_size_pt, word)
        width = self._widths.get(key)
        if width is None:
            width = self._widths[key] = self.get_string_width(word)
        return width

    def wrap(self, text: str, width: float, first_used: float = 0.0) -> list[str]:
        """The lines `text` takes at `width` mm in the current font: greedy by word, a word wider than the
        line split by character, the author's line breaks kept. `first_used` mm of the first line are
        taken already (by a run-in label)."""
        lines: list[str] = []
        space = self.width_of(" ")
        for para in text.replace("\t", "    ").split("\n"):
            line, used = "", first_used
            first_used = 0.0
            for word in para.split(" "):
                w = self.width_of(word)
                if w > width:  # a word longer than the line: break after hyphens, else anywhere
                    if line:
                        lines.append(line)
                    line, used = "", 0.0
                    for piece in _pieces(word, self, width):
                        pw = self.width_of(piece)
                        if used + pw > width and line:
                            lines.append(line)
                            line, used = "", 0.0
                        line, used = line + piece, used + pw
                    continue
                if line and used + space + w > width:
                    lines.append(line)
                    line, used = word, w
                elif line:
                    line, used = f"{line} {word}", used + space + w
                elif used and used + w > width:  # the first word does not fit after the label
                    lines.append("")
                    line, used = word, w
                else:
                    line, used = word, used + w
            lines.append(line)
        return lines

    def text_block(self, text: str, *, size: float = 10, style: str = "", color: tuple[int, int, int] = (0, 0, 0),
                   indent: float = 0, label: str = "") -> None:
        height = size * 0.47
        width = self.usable_mm - indent
        self.set_text_color(*color)
        lead = 0.0
        if label:
            self.set_font(FONT, "B", size)
            label = label.replace("\n", " ") + " "
            lead = self.width_of(label)
            if lead > width / 2:  # a long label gets its own lines
                for line in self.wrap(label, width):
                    self._line(line, indent, height)
                label, lead = "", 0.0
        self.set_font(FONT, style, size)
        for i, line in enumerate(self.wrap(text, width, lead)):
            if i == 0 and label:
                if self.get_y() + height > self.bottom:
                    self.new_page()
                self.set_font(FONT, "B", size)
                self.put(self.l_margin + indent, self.get_y(), height, label)
                self.set_font(FONT, style, size)
                self.put(self.l_margin + indent + lead, self.get_y(), height, line)
                self.set_xy(self.l_margin, self.get_y() + height)
            else:
                self._line(line, indent, height)
        self.set_text_color(0, 0, 0)

    def _line(self, line: str, indent: float, height: float) -> None:
        if self.get_y() + height > self.bottom:
            self.new_page()
        self.put(self.l_margin + indent, self.get_y(), height, line)
        self.set_xy(self.l_margin, self.get_y() + height)

    def put(self, x: float, y: float, height: float, line: str) -> None:
        """One line of text in a box of `height` at (x, y), vertically centred as `cell` would: `text` is
        several times faster than `cell`, and wrap() has already made the line fit."""
        if line:
            self.text(x, y + 0.5 * height + 0.3 * self.font_size, line)


def _pieces(word: str, pdf: _Pdf, width: float) -> list[str]:
    """A too-long word cut after its hyphens and slashes; a piece still too long, into characters."""
    out: list[str] = []
    for piece in re.split(r"(?<=[-/])", word):
        out.extend(piece if pdf.width_of(piece) > width else [piece])
    return [p for p in out if p]


def _fit(pdf: _Pdf, text: str, width: float) -> str:
    """One line of `text` that fits `width` (for page headers): cut with an ellipsis."""
    lines = pdf.wrap(text.replace("\n", " "), width - pdf.width_of("\u2026"))
    return lines[0] + ("\u2026" if len(lines) > 1 else "")


def _title_page(pdf: _Pdf, doc: Document) -> None:
    pdf.add_page()
    color = _RED if doc.audience == "controller" else _GREY
    if doc.title_page:
        pdf.set_y(pdf.h * 0.28)
        pdf.text_block(doc.kind, size=14, color=_GREY)
        pdf.ln(2)
        pdf.text_block(doc.title, size=22, style="B")
        if doc.subtitle:
            pdf.ln(2)
            pdf.text_block(doc.subtitle, size=11, color=_GREY)
        pdf.ln(10)
        pdf.text_block(doc.marking, size=11, style="B", color=color)
        pdf.add_page()
    else:
        pdf.text_block(doc.marking, size=8, style="B", color=color)
        pdf.text_block(doc.kind, size=9, color=_GREY)
        pdf.text_block(doc.title, size=15, style="B")
        if doc.subtitle:
            pdf.text_block(doc.subtitle, size=9, color=_GREY)
        pdf.ln(3)


TABLE_SIZE = 8
LINE = TABLE_SIZE * 0.45
PAD = 1.2
SPLIT_ROWS_OVER = 12
"""A row of more lines than this may start at the foot of a page and continue on the next (when at least
that many lines fit); shorter rows move whole to the next page."""


def _cell_lines(pdf: _Pdf, row: Sequence[str], widths: list[float], bold: Sequence[bool]) -> list[list[str]]:
    out = []
    for value, width, b in zip(row, widths, bold):
        pdf.set_font(FONT, "B" if b else "", TABLE_SIZE)
        out.append(pdf.wrap(value, width - 2 * PAD))
    return out


def _draw_row(pdf: _Pdf, cells: list[list[str]], widths: list[float], bold: Sequence[bool],
              fills: Sequence[tuple[int, int, int] | None], header: Callable[[], None] | None) -> None:
    """Draw one row; a row that does not fit moves to the next page (after the repeated header), and one
    taller than a page continues there."""
    start = [0] * len(cells)
    page_lines = int((pdf.bottom - pdf.t_margin - 12 - 2 * PAD) // LINE)
    while True:
        fits = int((pdf.bottom - pdf.get_y() - 2 * PAD) // LINE)
        left = max(len(c) - s for c, s in zip(cells, start))
        short = left <= SPLIT_ROWS_OVER or left <= page_lines and fits < SPLIT_ROWS_OVER
        if left > fits and short and pdf.get_y() > pdf.t_margin + 12:
            pdf.new_page()
            if header:
                header()
            continue
        take = min(left, max(fits, 1))
        height = take * LINE + 2 * PAD
        y, x = pdf.get_y(), pdf.l_margin
        for i, width in enumerate(widths):
            fill = fills[i]
            if fill:
                pdf.set_fill_color(*fill)
            pdf.rect(x, y, width, height, style="DF" if fill else "D")
            pdf.set_font(FONT, "B" if bold[i] else "", TABLE_SIZE)
            for k, line in enumerate(cells[i][start[i]:start[i] + take]):
                pdf.put(x + PAD, y + PAD + k * LINE, LINE, line)
            start[i] += take
            x += width
        pdf.set_xy(pdf.l_margin, y + height)
        if take >= left:
            return
        pdf.new_page()
        if header:
            header()


def _table(pdf: _Pdf, t: Table) -> None:
    widths = [w * MM_PER_INCH for w in column_inches(t.widths, pdf.usable_mm / MM_PER_INCH)]
    pdf.set_draw_color(144, 164, 174)
    pdf.keep_room(16)
    heads = [True] * len(widths)

    def header() -> None:
        if t.header:
            _draw_row(pdf, _cell_lines(pdf, list(t.header), widths, heads), widths, heads, [_HEAD_FILL] * len(widths), None)

    if t.header and t.rows:  # never a header alone at the foot of a page: room for it and the first row's start
        first = max(len(c) for c in _cell_lines(pdf, t.rows[0], widths, [t.keyvalue] + [False] * (len(widths) - 1)))
        head = max(len(c) for c in _cell_lines(pdf, list(t.header), widths, heads))
        pdf.keep_room((head + min(first, SPLIT_ROWS_OVER)) * LINE + 4 * PAD)
    header()
    for r, row in enumerate(t.rows):
        bold = [t.keyvalue and c == 0 for c in range(len(row))]
        fill = _rgb(t.fills[r]) if t.fills else None
        _draw_row(pdf, _cell_lines(pdf, row, widths, bold), widths, bold, [fill] + [None] * (len(row) - 1), header)
    pdf.set_draw_color(0, 0, 0)
    pdf.set_font(FONT, "", 10)
    pdf.ln(3)


def _rgb(color: str | None) -> tuple[int, int, int] | None:
    if not color or not color.startswith("#") or len(color) != 7:
        return None
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


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


def _room_for_picture(pdf: _Pdf, b: Picture) -> float:
    """The picture's height (mm) at the full width. One that would have to shrink to fit the rest of the
    page starts the next page instead (when it is at most half a page tall): a run of charts keeps one size."""
    with Image.open(io.BytesIO(b.png)) as image:
        width, height = image.size
    natural = pdf.usable_mm * height / max(1, width)
    if natural > pdf.h - pdf.get_y() - pdf.b_margin - 12 and natural <= (pdf.bottom - pdf.t_margin) / 2:
        pdf.new_page()
    return natural


def _qr(pdf: _Pdf, b: QrCode) -> None:
    """The code on the left, what to do and the address beside it (the address wraps at / and -)."""
    from .qr import QR_INCHES, qr_png

    size = QR_INCHES * MM_PER_INCH
    pdf.keep_room(size + 4)
    top = pdf.get_y() + 2
    pdf.image(io.BytesIO(qr_png(b.url)), x=pdf.l_margin, y=top, w=size, h=size)
    pdf.set_y(top + size / 2 - 8)
    pdf.text_block(b.text, size=10, indent=size + 5)
    pdf.ln(1.5)
    pdf.text_block(b.url, size=11, style="B", indent=size + 5)
    pdf.set_y(max(pdf.get_y(), top + size) + 3)


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
            pdf.keep_room(6)
            pdf.set_font(FONT, "", 10)
            y = pdf.get_y()
            pdf.set_x(pdf.l_margin)
            pdf.cell(6, 4.7, mark)
            pdf.set_y(y)
            pdf.text_block(item, indent=6)
            pdf.ln(0.8)
        pdf.ln(1)
    elif isinstance(b, Table):
        _table(pdf, b)
    elif isinstance(b, Lines):
        _lines(pdf, b)
    elif isinstance(b, Picture):
        natural = _room_for_picture(pdf, b)
        pdf.image(io.BytesIO(b.png), w=pdf.usable_mm, keep_aspect_ratio=True,
                  h=min(pdf.h - pdf.get_y() - pdf.b_margin - 12, pdf.usable_mm, natural))
        if b.caption:
            pdf.text_block(b.caption, size=8, color=_GREY)
    elif isinstance(b, QrCode):
        _qr(pdf, b)
    elif isinstance(b, PageBreak):
        pdf.new_page(landscape=b.landscape)


def document_pdf(doc: Document, created: datetime | None = None) -> bytes:
    """The document as PDF bytes; `created` fixes the file's creation date (same input, same bytes)."""
    with ExitStack() as stack:
        folder = resources.files(__package__).joinpath("fonts")
        fonts = {style: str(stack.enter_context(resources.as_file(folder.joinpath(name))))
                 for style, name in (("", "DejaVuSans.ttf"), ("B", "DejaVuSans-Bold.ttf"))}
        pdf = _Pdf(doc, fonts)
        pdf.set_creation_date(created or datetime(2000, 1, 1, tzinfo=timezone.utc))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # glyphs DejaVu lacks (emoji) are left out, not an error
            _title_page(pdf, doc)
            for b in doc.blocks:
                _block(pdf, b)
        return bytes(pdf.output())

