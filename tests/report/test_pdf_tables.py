"""PDF tables (report/doc_pdf.py): a header row never stands alone at the foot of a page, and it is
repeated at the top of every page a table continues on."""

from __future__ import annotations

from exercise_engine.report.doc_pdf import document_pdf
from exercise_engine.report.document import Document, PageBreak, Para, Table

from .rendered import pdf_pages

AMOUNTS = range(18, 44)
"""Lines of text before each table: the tables start from the middle of a page down to its foot."""
TALL = "\n".join(["A first row three lines tall"] * 3)


def _document() -> Document:
    """One table after each amount of text, so that some table starts at every height of a page."""
    doc = Document(title="Tables", kind="Test", title_page=False)
    for n in AMOUNTS:
        doc.add(PageBreak(), *[Para(f"Filler line {k}.") for k in range(n)])
        rows = [[f"Firstrow{n}", TALL]] + [[f"Row{n}x{k}", "text"] for k in range(1, 30 if n % 8 == 0 else 3)]
        doc.add(Table([f"Header{n}", "Details"], rows, [1.5, "*"]))
    return doc


def test_a_table_header_starts_a_page_only_with_its_first_row_and_repeats(tmp_path):
    pdf = tmp_path / "tables.pdf"
    pdf.write_bytes(document_pdf(_document()))
    pages = [p.text.split() for p in pdf_pages(pdf)]
    for n in AMOUNTS:
        with_header = [k for k, words in enumerate(pages) if f"Header{n}" in words]
        first = next(k for k, words in enumerate(pages) if f"Firstrow{n}" in words)
        assert with_header[0] == first, f"table {n}: header on page {with_header[0] + 1}, first row on {first + 1}"
        with_rows = [k for k, words in enumerate(pages) if any(w.startswith(f"Row{n}x") or w == f"Firstrow{n}"
                                                                 for w in words)]
        assert with_header == with_rows, f"table {n}: pages with rows {with_rows}, with the header {with_header}"
    assert any(len([k for k, w in enumerate(pages) if f"Header{n}" in w]) > 1 for n in AMOUNTS if n % 8 == 0)
