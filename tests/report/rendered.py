"""Rendering helpers for layout tests: PDF text positions (pdftotext -bbox), HTML printed by Chromium,
DOCX converted by LibreOffice, pages rasterized by pdftoppm. Missing tools skip (fail in CI, see below)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import pytest


def need(*tools: str) -> None:
    """Skip unless the tools exist; in CI (`TTX_REQUIRE_OFFICE=1`) fail instead."""
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        if os.environ.get("TTX_REQUIRE_OFFICE"):
            pytest.fail(f"{', '.join(missing)} required here but not installed")
        pytest.skip(f"{', '.join(missing)} not installed")


@dataclass
class Word:
    text: str
    x_min: float
    x_max: float
    y_min: float
    y_max: float


@dataclass
class Page:
    width: float
    height: float
    words: list[Word]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


def pdf_pages(pdf: Path) -> list[Page]:
    need("pdftotext")
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, timeout=120).stdout
    root = ElementTree.fromstring(re.sub(rb"<!DOCTYPE[^>]*>", b"", out))
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    return [Page(float(p.get("width")), float(p.get("height")),
                 [Word(w.text or "", *(float(w.get(k)) for k in ("xMin", "xMax", "yMin", "yMax")))
                  for w in p.iterfind("x:word", ns)])
            for p in root.iterfind(".//x:page", ns)]


def pdf_text(pdf: Path) -> str:
    need("pdftotext")
    return subprocess.run(["pdftotext", "-raw", str(pdf), "-"], check=True, capture_output=True,
                          timeout=120).stdout.decode("utf-8")


def words_past_margin(pages: list[Page], margin_pt: float) -> list[tuple[int, str]]:
    """Words that run past the left or right margin (or off the page), with their page numbers."""
    out = []
    for n, page in enumerate(pages, 1):
        for w in page.words:
            if w.x_max > page.width - margin_pt + 2 or w.x_min < margin_pt - 2:
                out.append((n, w.text))
    return out


def chromium_pdf(chromium: str, html: Path, out: Path) -> Path:
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--no-pdf-header-footer", f"--user-data-dir={out.parent / 'chromium-profile'}",
                    f"--print-to-pdf={out}", html.as_uri()], check=True, capture_output=True, timeout=180)
    return out


def office_pdfs(docxs: list[Path], work: Path) -> list[Path]:
    """The documents converted by LibreOffice in one run (a profile of its own: parallel workers would
    otherwise share one, and a second soffice hands its job to the first)."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        need("soffice")
    subprocess.run([office, f"-env:UserInstallation={(work / 'lo-profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(work), *map(str, docxs)],
                   check=True, capture_output=True, timeout=300)
    return [work / (d.stem + ".pdf") for d in docxs]


def pngs(pdf: Path, folder: Path, dpi: int = 40, first: int = 1, last: int = 4) -> list[Path]:
    """The first pages as PNG (pdftoppm); keep them with TTX_KEEP_PNG=folder to look at them."""
    need("pdftoppm")
    prefix = folder / pdf.stem
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(first), "-l", str(last), str(pdf), str(prefix)],
                   check=True, capture_output=True, timeout=120)
    found = sorted(folder.glob(f"{pdf.stem}-*.png"))
    keep = os.environ.get("TTX_KEEP_PNG")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        for p in found:
            shutil.copy(p, Path(keep) / p.name)
    return found


def dark_left_of(pdf: Path, word: str, folder: Path, reach_pt: float = 55) -> tuple[int, int]:
    """(dark pixels, width of their box) on page 1 in the band `reach_pt` above and below `word`, left of it:
    a QR code printed beside an address shows as ~2,800 dark points (1.3 in), a line of text as a few hundred.
    Page rasterized at 72 dpi (one pixel per point); KeyError when the word is not on the page."""
    from PIL import Image

    found = [w for w in pdf_pages(pdf)[0].words if w.text == word]
    if not found:
        raise KeyError(f"{word!r} is not on page 1 of {pdf.name}")
    w = found[0]
    need("pdftoppm")
    prefix = folder / f"{pdf.stem}-72dpi"
    subprocess.run(["pdftoppm", "-png", "-r", "72", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(prefix)],
                   check=True, capture_output=True, timeout=120)
    middle = (w.y_min + w.y_max) / 2
    with Image.open(f"{prefix}.png") as page:
        band = page.convert("L").crop((0, max(0, int(middle - reach_pt)), max(1, int(w.x_min) - 4),
                                       int(middle + reach_pt))).point(lambda v: 255 if v < 128 else 0)
        box = band.getbbox()
        return band.histogram()[255], (box[2] - box[0]) if box else 0
