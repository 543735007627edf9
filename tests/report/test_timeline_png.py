"""The Word report's timeline chart (a PNG drawn with Pillow from the SVG's shapes).

Look at it when the chart changes; it is the only image in the DOCX:
`python -m exercise_engine report SESSION --format docx -o /tmp/r.docx && unzip -p /tmp/r.docx 'word/media/*.png' > /tmp/chart.png`.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from exercise_engine.report.analysis import build_report_data
from exercise_engine.report.render import load_state
from exercise_engine.report.timeline_chart import build_chart
from exercise_engine.report.timeline_png import DPI, SCALE, _fold, chart_png

from .conftest import GENERATED_AT


@pytest.fixture(scope="module")
def chart(session8: Path):
    return build_chart(build_report_data(load_state(session8), GENERATED_AT).timeline, "Timeline")


def test_chart_png_is_twice_the_svg_size_at_print_resolution(chart):
    image = Image.open(io.BytesIO(chart_png(chart)))
    assert image.format == "PNG"
    assert image.size == (chart.width * SCALE, chart.height * SCALE)
    assert round(image.info["dpi"][0]) == DPI


def test_chart_png_bytes_depend_only_on_the_chart(chart):
    first = chart_png(chart)
    assert chart_png(chart) == first
    # No text, time or colour-profile chunks that could carry the machine or the moment.
    for chunk in (b"tEXt", b"zTXt", b"iTXt", b"tIME", b"iCCP"):
        assert chunk not in first


def test_chart_png_draws_the_lanes_and_marks(chart):
    image = Image.open(io.BytesIO(chart_png(chart))).convert("RGB")
    colors = {rgb for _, rgb in image.getcolors(maxcolors=1 << 20)}
    for mark in ((0x15, 0x65, 0xC0), (0x00, 0x79, 0x6B), (0xC6, 0x28, 0x28), (0x6A, 0x1B, 0x9A)):
        assert mark in colors  # delivered injects, decisions, EOP gaps, the pace line


def test_labels_the_built_in_font_cannot_show_degrade_to_plain_letters():
    assert _fold("Victim Services") == "Victim Services"
    assert _fold("Comité – Étape") == "Comite - Etape"
    assert _fold("Штаб") == "????"
