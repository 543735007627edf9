"""The HTML report in a real browser: headless Chromium renders it to PNG and prints it to PDF.

Look at the PNG when the layout changes: `TTX_KEEP_SCREENSHOT=/tmp/report.png python -m pytest -m browser tests/report`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from exercise_engine.report.render import load_state, render_report

from .conftest import GENERATED_AT, rehearse_session8
from .test_hostile_text import HOSTILE

pytestmark = pytest.mark.browser


def _run(chromium: str, *args: str, cwd: Path) -> None:
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    "--no-first-run", f"--user-data-dir={cwd / 'profile'}", *args],
                   check=True, capture_output=True, timeout=120, cwd=cwd)


def _distinct_rows(image: Image.Image) -> int:
    """How many different rows of pixels the screenshot has, sampled every 7th (a blank page has one)."""
    rgb = image.convert("RGB")
    return len({rgb.crop((0, y, rgb.width, y + 1)).tobytes() for y in range(0, rgb.height, 7)})


@pytest.fixture(scope="module")
def report_html(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("browser")
    session = rehearse_session8(folder / "s8.ttx", extra=HOSTILE)
    path = folder / "report.html"
    path.write_bytes(render_report(load_state(session), "html", GENERATED_AT))
    return path


def test_report_renders_to_png(chromium, report_html, tmp_path):
    shot = tmp_path / "report.png"
    _run(chromium, "--window-size=1200,3000", f"--screenshot={shot}", report_html.as_uri(), cwd=tmp_path)
    with Image.open(shot) as image:
        assert (image.format, image.size) == ("PNG", (1200, 3000))
        assert _distinct_rows(image) > 50  # something was drawn: text, tables, chart
    if os.environ.get("TTX_KEEP_SCREENSHOT"):
        shutil.copy(shot, os.environ["TTX_KEEP_SCREENSHOT"])


def test_report_prints_to_pdf(chromium, report_html, tmp_path):
    pdf = tmp_path / "report.pdf"
    _run(chromium, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", report_html.as_uri(), cwd=tmp_path)
    blob = pdf.read_bytes()
    assert blob.startswith(b"%PDF")
    assert blob.count(b"/Type /Page") - blob.count(b"/Type /Pages") >= 10  # each major section on its own page
