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
