"""A `Document` as a Word file (python-docx), laid out like the report's: real heading styles, fixed-width
tables whose header row repeats on every page, a new section wherever the orientation changes.

Tables reuse the report's WordprocessingML table builder (`docx_writer._table_xml`): text goes in as
escaped character data only.
"""

from __future__ import annotations

import io
from datetime import datetime, timezone

from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import parse_xml
from docx.shared import Inches, Pt, RGBColor

from .docx_writer import _fix_zip_times, _table_xml, column_twips
from .document import (
    LANDSCAPE_INCHES, MARGIN_INCHES, PORTRAIT_INCHES, Bullets, Document, Heading, Lines, PageBreak, Para, Picture,
    QrCode, Table,
)
from .text import clean

_GREY = RGBColor(0x54, 0x6E, 0x7A)
_RED = RGBColor(0xB7, 0x1C, 0x1C)


class _Writer:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.word = WordDocument()
        normal = self.word.styles["Normal"]
        normal.font.name = "Calibri"
        normal.font.size = Pt(10.5)
        self._orient(self.word.sections[0], doc.landscape)
        self.landscape = doc.landscape
        self._style_ids: dict[str, str] = {}

    @staticmethod
    def _orient(section, landscape: bool) -> None:
        width, height = LANDSCAPE_INCHES if landscape else PORTRAIT_INCHES
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Inches(width), Inches(height)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Inches(MARGIN_INCHES))

    @property
    def usable(self) -> float:
        return (LANDSCAPE_INCHES if self.landscape else PORTRAIT_INCHES)[0] - 2 * MARGIN_INCHES

    def para(self, text: str, *, bold: bool = False, italic: bool = False, color: RGBColor | None = None,
             size: float | None = None, style: str | None = None, label: str = ""):
        p = self.word.add_paragraph()
        if style:
            self.style(p, style)
        if label:
            p.add_run(clean(label) + " ").bold = True
        run = p.add_run(clean(text))
        run.bold = bold or None
        run.italic = italic or None
        if color is not None:
            run.font.color.rgb = color
        if size:
            run.font.size = Pt(size)
        return p

    def style(self, paragraph, name: str) -> None:
        """Give the paragraph a style by name. python-docx's own look-up searches the styles part on every
        call (a third of the handouts' Word time); the id is looked up once per style here."""
        style_id = self._style_ids.get(name)
        if style_id is None:
            style_id = self._style_ids[name] = self.word.styles[name].style_id
        paragraph._p.style = style_id

    def heading(self, text: str, level: int) -> None:
        """As python-docx's `add_heading` (level 0 is the title), through the cached style ids."""
        p = self.word.add_paragraph()
        self.style(p, "Title" if level == 0 else f"Heading {level}")
        p.add_run(clean(text))

    def header_footer(self) -> None:
        section = self.word.sections[0]
        head = section.header.paragraphs[0]
        run = head.add_run(clean(f"{self.doc.marking} \u00b7 {self.doc.kind}: {self.doc.title}"))
        run.font.size = Pt(8)
        run.bold = self.doc.audience == "controller" or None
        run.font.color.rgb = _RED if self.doc.audience == "controller" else _GREY
        foot = section.footer.paragraphs[0]
        foot._p.append(parse_xml('<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                                 '<w:rPr><w:sz w:val="16"/></w:rPr><w:t xml:space="preserve">Page </w:t></w:r>'))
        foot._p.append(parse_xml('<w:fldSimple xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
                                 'w:instr=" PAGE "><w:r><w:rPr><w:sz w:val="16"/></w:rPr><w:t>1</w:t></w:r></w:fldSimple>'))

    def title(self) -> None:
        d = self.doc
        color = _RED if d.audience == "controller" else _GREY
        if d.title_page:
            for _ in range(8):
                self.word.add_paragraph()
        self.para(d.kind, color=_GREY, size=13 if d.title_page else 10)
        self.heading(d.title, 0)
        if d.subtitle:
            self.para(d.subtitle, color=_GREY)
        self.para(d.marking, bold=True, color=color, size=12 if d.title_page else 9)
        if d.title_page:
            self.word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def table(self, t: Table) -> None:
        rows = [[[(v, {"bold": True})] if t.keyvalue and c == 0 else v for c, v in enumerate(row)] for row in t.rows]
        fills = ([[(f or "").lstrip("#") or None] + [None] * (len(t.header) - 1) for f in t.fills] if t.fills else None)
        xml = _table_xml(list(t.header), rows, column_twips(list(t.widths), self.usable), fills, 17)
        spacer = self.word.add_paragraph()
        spacer.paragraph_format.space_after = Pt(6)
        spacer._p.addprevious(parse_xml(xml))

    def qr(self, b: QrCode) -> None:
        """The code on the left, what to do and the address on the right (a borderless two-cell table)."""
        from .qr import QR_INCHES, qr_png

        table = self.word.add_table(rows=1, cols=2)
        table.autofit = False
        left, right = table.rows[0].cells
        for column, cell, inches in zip(table.columns, (left, right), (QR_INCHES + 0.2, self.usable - QR_INCHES - 0.2)):
            column.width = cell.width = Inches(inches)  # both: Word reads the cell's, LibreOffice the grid's
        left.paragraphs[0].add_run().add_picture(io.BytesIO(qr_png(b.url)), width=Inches(QR_INCHES))
        right.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        right.paragraphs[0].add_run(clean(b.text))
        url = right.add_paragraph().add_run(clean(b.url))
        url.bold, url.font.name, url.font.size = True, "Consolas", Pt(11)

    def block(self, b: object) -> None:
        if isinstance(b, Heading):
            self.heading(b.text, min(max(b.level, 1), 3))
        elif isinstance(b, Para):
            if b.style == "meta":
                self.para(b.text, color=_GREY, size=8.5, label=b.label)
            elif b.style in ("note", "warning"):
                p = self.para(b.text, label=b.label, color=_RED if b.style == "warning" else None)
                p.paragraph_format.left_indent = Inches(0.15)
                _border(p)
            else:
                self.para(b.text, label=b.label)
        elif isinstance(b, Bullets):
            for n, item in enumerate(b.items, start=1):
                if b.numbered:  # numbers as text: Word's "List Number" would run on from the previous list
                    p = self.para(item, label=f"{n}.")
                    p.paragraph_format.left_indent = Inches(0.3)
                    p.paragraph_format.first_line_indent = Inches(-0.3)
                else:
                    self.para(item, style="List Bullet")
        elif isinstance(b, Table):
            self.table(b)
        elif isinstance(b, Lines):
            if b.label:
                self.para(b.label, bold=True).paragraph_format.keep_with_next = True
            for _ in range(b.count):  # a tab with a line leader: Word and LibreOffice merge equal borders of
                p = self.word.add_paragraph()  # consecutive paragraphs into one box, which drew one line of six
                p.paragraph_format.space_before = Pt(10)
                p.paragraph_format.tab_stops.add_tab_stop(Inches(self.usable), WD_TAB_ALIGNMENT.RIGHT,
                                                          WD_TAB_LEADER.LINES)
                p.add_run("\t")
        elif isinstance(b, Picture):
            self.word.add_picture(io.BytesIO(b.png), width=Inches(self.usable))
            if b.caption:
                self.para(b.caption, italic=True, size=8.5)
        elif isinstance(b, QrCode):
            self.qr(b)
        elif isinstance(b, PageBreak):
            section = self.word.add_section(WD_SECTION.NEW_PAGE)
            self._orient(section, b.landscape)
            self.landscape = b.landscape

    def build(self, created: datetime) -> bytes:
        self.header_footer()
        self.title()
        for b in self.doc.blocks:
            self.block(b)
        cp = self.word.core_properties
        cp.title = clean(f"{self.doc.kind}: {self.doc.title}")
        cp.author = cp.last_modified_by = "ttx"
        moment = created.astimezone(timezone.utc).replace(tzinfo=None, microsecond=0)
        cp.created = cp.modified = cp.last_printed = moment
        cp.revision = 1
        raw = io.BytesIO()
        self.word.save(raw)
        return _fix_zip_times(raw.getvalue(), moment)


def _border(paragraph) -> None:
    edges = "".join(f'<w:{s} w:val="single" w:sz="4" w:space="4" w:color="90A4AE"/>'
                    for s in ("top", "left", "bottom", "right"))
    paragraph._p.get_or_add_pPr().append(parse_xml(
        f'<w:pBdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">{edges}</w:pBdr>'))


def document_docx(doc: Document, created: datetime | None = None) -> bytes:
    return _Writer(doc).build(created or datetime(2000, 1, 1, tzinfo=timezone.utc))
