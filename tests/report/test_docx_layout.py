"""The Word report's page layout: tables and the chart fit the page, and the file converts with LibreOffice.

The DOCX checks read the package's XML (no office suite needed): every table and picture is at most as
wide as its section's usable width (page width minus margins), and every table column is wide enough
for the longest header word and number it holds, measured in DejaVu Sans (LibreOffice's fallback for
Calibri, and wider than it; the check is skipped where that font is absent). The LibreOffice checks
convert the report to PDF, as a user opening it would, and read the PDF's text positions.

Look at the pages when the layout changes:
`soffice --headless --convert-to pdf r.docx && pdftoppm -png -r 60 r.pdf page` (then view page-*.png).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.etree import ElementTree

import docx
import pytest
from docx.oxml.ns import qn

from exercise_engine.report.docx_writer import CELL_MARGIN, MARGIN
from exercise_engine.report.render import load_state, render_report

from .conftest import GENERATED_AT

EMU_PER_TWIP = 635
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


@pytest.fixture(scope="module")
def report(session8: Path) -> bytes:
    return render_report(load_state(session8), "docx", GENERATED_AT)


@dataclass
class Placed:
    """A table or picture, and the usable width (EMU) of the section it is in."""
    element: object
    usable: int
    usable_height: int


def _usable(sect_pr) -> tuple[int, int]:
    """(width, height) inside the margins, in EMU."""
    size, margin = sect_pr.find(qn("w:pgSz")), sect_pr.find(qn("w:pgMar"))
    size_w, size_h = (int(size.get(qn(k))) for k in ("w:w", "w:h"))
    left, right, top, bottom = (int(margin.get(qn(k))) for k in ("w:left", "w:right", "w:top", "w:bottom"))
    return (size_w - left - right) * EMU_PER_TWIP, (size_h - top - bottom) * EMU_PER_TWIP


def placed(blob: bytes, kind: str) -> list[Placed]:
    """Body tables (kind "tbl") or inline pictures (kind "inline"), each with its section's usable size.
    A section's properties sit on the last paragraph of the section (the body's own for the last one)."""
    body = docx.Document(io.BytesIO(blob)).element.body
    out: list[Placed] = []
    pending: list = []
    for child in body.iterchildren():
        if child.tag == qn("w:tbl"):
            if kind == "tbl":
                pending.append(child)
        elif child.tag == qn("w:p"):
            if kind == "inline":
                pending.extend(child.iter(qn("wp:inline")))
            sect_pr = child.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
            if sect_pr is not None:
                width, height = _usable(sect_pr)
                out.extend(Placed(e, width, height) for e in pending)
                pending = []
        elif child.tag == qn("w:sectPr"):
            width, height = _usable(child)
            out.extend(Placed(e, width, height) for e in pending)
            pending = []
    return out


def test_every_picture_fits_the_usable_width_and_height(report):
    pictures = placed(report, "inline")
    assert pictures, "the timeline chart is missing"
    for p in pictures:
        extent = p.element.find(qn("wp:extent"))
        assert int(extent.get("cx")) <= p.usable and int(extent.get("cy")) <= p.usable_height


def test_every_table_fits_the_usable_width_with_fixed_columns(report):
    tables = placed(report, "tbl")
    assert len(tables) >= 10
    for t in tables:
        tbl = t.element
        grid = [int(c.get(qn("w:w"))) for c in tbl.iter(qn("w:gridCol"))]
        assert sum(grid) * EMU_PER_TWIP <= t.usable
        assert tbl.find(f"{qn('w:tblPr')}/{qn('w:tblLayout')}").get(qn("w:type")) == "fixed"  # autofit off
        for row in tbl.iter(qn("w:tr")):  # every cell of a column has the column's width
            widths = [int(tc.find(f"{qn('w:tcPr')}/{qn('w:tcW')}").get(qn("w:w"))) for tc in row.iter(qn("w:tc"))]
            assert widths == grid


@lru_cache(maxsize=None)
def _font(bold: bool, half_points: int):
    from PIL import ImageFont
    path = DEJAVU / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    return ImageFont.truetype(str(path), half_points * 50)  # 100 units per point


def _inches(text: str, bold: bool, half_points: int) -> float:
    return _font(bold, half_points).getlength(text) / 100 / 72


def _words(text: str, header: bool) -> list[str]:
    """The pieces a line may not break inside: words; in body cells also the parts of hyphenated ids
    (LibreOffice and Word break after a hyphen). Only headers and short tokens (numbers, times, dates) are
    checked in body cells: long free-text words may wrap in a narrow column, as in any word processor."""
    words = text.split()
    if header:
        return words
    return [p for w in words for p in re.split(r"(?<=[-/])", w) if p and len(p) <= 10]


def test_no_column_is_narrower_than_its_header_words_and_numbers(report):
    """Catches "Decisio/ns" and a "#" column that wraps 16 as "1" / "0"."""
    if not (DEJAVU / "DejaVuSans.ttf").exists():
        pytest.skip("DejaVu Sans is not installed")
    pad = 2 * CELL_MARGIN / 1440 + 0.02  # the cell's padding, and a little for rounding
    too_narrow = []
    for t in placed(report, "tbl"):
        grid = [int(c.get(qn("w:w"))) / 1440 for c in t.element.iter(qn("w:gridCol"))]
        for r, row in enumerate(t.element.iter(qn("w:tr"))):
            for col, tc in enumerate(row.iter(qn("w:tc"))):
                for run in tc.iter(qn("w:r")):
                    rpr = run.find(qn("w:rPr"))
                    bold = rpr is not None and rpr.find(qn("w:b")) is not None
                    size = rpr.find(qn("w:sz")) if rpr is not None else None
                    half_points = int(size.get(qn("w:val"))) if size is not None else 21
                    text = "".join(x.text or "" for x in run.iter(qn("w:t")))
                    for word in _words(text, header=r == 0):
                        if _inches(word, bold, half_points) + pad > grid[col]:
                            too_narrow.append((word, round(grid[col], 2)))
    assert not too_narrow


# -- LibreOffice


def _office() -> str:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    missing = [name for name, found in (("soffice", office), ("pdftotext", shutil.which("pdftotext"))) if not found]
    if missing:
        if os.environ.get("TTX_REQUIRE_OFFICE"):
            pytest.fail(f"{', '.join(missing)} required here (TTX_REQUIRE_OFFICE=1) but not installed")
        pytest.skip(f"{', '.join(missing)} not installed")
    return office


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory, report: bytes) -> Path:
    """The report converted by LibreOffice, with a profile of its own (parallel test workers would
    otherwise share one, and a second soffice hands its job to the first)."""
    office = _office()
    work = tmp_path_factory.mktemp("office")
    source = work / "report.docx"
    source.write_bytes(report)
    subprocess.run([office, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(work), str(source)],
                   check=True, capture_output=True, timeout=180)
    return work / "report.pdf"


@dataclass
class Word:
    text: str
    x_min: float
    x_max: float
    y_min: float


@dataclass
class Page:
    width: float
    words: list[Word]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@pytest.fixture(scope="module")
def pages(pdf: Path) -> list[Page]:
    """Each page's words with their positions (points), from `pdftotext -bbox`."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, timeout=60).stdout
    root = ElementTree.fromstring(re.sub(rb"<!DOCTYPE[^>]*>", b"", html))
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    return [Page(float(page.get("width")),
                 [Word(w.text or "", *(float(w.get(k)) for k in ("xMin", "xMax", "yMin"))) for w in page.iterfind("x:word", ns)])
            for page in root.iterfind(".//x:page", ns)]


def test_docx_converts_with_libreoffice(pdf, pages):
    assert pdf.read_bytes().startswith(b"%PDF")
    text = " ".join(p.text for p in pages)
    for title in ("Executive summary", "2. Analysis of core capabilities", "3. Best-practice scorecard", "4. Timeline",
                  "Appendix A: Improvement plan", "Appendix C: Decision log"):
        assert title in text


def test_no_text_runs_off_the_right_edge(pages):
    """Catches a list or table wider than the page (text beyond the right margin, or off the page)."""
    margin = MARGIN.pt
    for number, page in enumerate(pages, 1):
        beyond = [w.text for w in page.words if w.x_max > page.width - margin + 2]
        assert not beyond, f"page {number}: {beyond[:5]}"


def test_scorecard_headers_and_practice_numbers_are_not_broken(pages):
    page = next(p for p in pages if "3. Best-practice scorecard" in p.text)
    words = [w.text for w in page.words]
    for header in ("Injects delivered", "Decisions", "Tables answering", "Not answered", "EOP gaps", "Rating"):
        for word in header.split():
            assert word in words
    hash_column = next(w for w in page.words if w.text == "#")
    in_column = [w for w in page.words if hash_column.x_min - 2 <= w.x_min < hash_column.x_max + 4 and w.text.isdigit()]
    numbers = [w.text for w in sorted(in_column, key=lambda w: w.y_min)]
    assert numbers == [str(n) for n in range(1, 17)]  # one whole number per row: "16", not "1" over "6"
