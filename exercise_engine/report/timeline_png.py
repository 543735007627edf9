"""The timeline chart as a PNG for the Word report, drawn with Pillow from the same shapes as the SVG.

python-docx cannot embed SVG, so the shapes from timeline_chart.py are rasterized here: drawn at
four times the chart's size and reduced to two (Pillow draws shapes without anti-aliasing), which
prints sharp at the SVG's size (192 dpi). Text uses Pillow's built-in scalable font, so the chart looks
the same on a laptop with no fonts installed; a label with letters that font lacks (it covers ASCII and
quotes) uses a system font when there is one, else loses its accents. Same chart → same bytes: no time or
metadata is written.
"""

from __future__ import annotations

import io
import math
import unicodedata
from functools import lru_cache
from typing import Iterator

from PIL import Image, ImageDraw, ImageFont

from .timeline import Timeline
from .timeline_chart import Chart, Circle, Line, Polygon, Polyline, Rect, Text, build_chart

SCALE = 2
"""Output pixels per chart unit."""
SUPERSAMPLE = 2
"""Drawn this many times larger again, then reduced: smooth edges on circles, triangles and slopes."""
DPI = 96 * SCALE
LINE_DASH = (4.0, 3.0)
POLYLINE_DASH = (5.0, 4.0)
"""Dash patterns in chart units, as the SVG writer sets them."""
OUTLINE = 1.2
"""Stroke width of outlined circles and triangles, as in the SVG."""
ANCHORS = {"start": "ls", "middle": "ms", "end": "rs"}
"""SVG text-anchor at the baseline → Pillow anchor."""
SYSTEM_FONTS = ("DejaVuSans.ttf", "arial.ttf", "LiberationSans-Regular.ttf", "NotoSans-Regular.ttf")
"""Tried, in order, only for a label the built-in font has no letters for (it covers ASCII and quotes)."""


def chart_png(chart: Chart) -> bytes:
    """Rasterize a chart; deterministic (same shapes → same bytes)."""
    k = SCALE * SUPERSAMPLE
    image = Image.new("RGB", (chart.width * k, chart.height * k), "#ffffff")
    draw = ImageDraw.Draw(image)
    for s in chart.shapes:
        if isinstance(s, Rect):
            if s.fill or s.stroke:
                draw.rectangle(_box(s.x * k, s.y * k, (s.x + s.w) * k, (s.y + s.h) * k), s.fill, s.stroke,
                               _px(OUTLINE * k))
        elif isinstance(s, Line):
            _line(draw, [(s.x1 * k, s.y1 * k), (s.x2 * k, s.y2 * k)], s.stroke, s.width * k,
                  LINE_DASH if s.dash else None, k)
        elif isinstance(s, Circle):
            r = (s.r + (OUTLINE / 2 if s.stroke else 0)) * k
            draw.ellipse(_box(s.cx * k - r, s.cy * k - r, s.cx * k + r, s.cy * k + r), s.fill, s.stroke,
                         _px(OUTLINE * k))
        elif isinstance(s, Polygon):
            draw.polygon([(x * k, y * k) for x, y in s.points], s.fill, s.stroke, _px(OUTLINE * k))
        elif isinstance(s, Polyline):
            _line(draw, [(x * k, y * k) for x, y in s.points], s.stroke, s.width * k,
                  POLYLINE_DASH if s.dash else None, k)
        elif isinstance(s, Text):
            _text(draw, s, k)
    out = io.BytesIO()
    image.reduce(SUPERSAMPLE).save(out, format="PNG", dpi=(DPI, DPI), compress_level=6)
    return out.getvalue()


def timeline_png(timeline: Timeline, title: str = "Exercise timeline") -> bytes:
    return chart_png(build_chart(timeline, title))


def _px(width: float) -> int:
    return max(1, round(width))


def _box(x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
    """Pillow boxes include their last pixel, so the far edges move in by one."""
    return x0, y0, max(x0, x1 - 1), max(y0, y1 - 1)


def _line(draw: ImageDraw.ImageDraw, points: list[tuple[float, float]], color: str, width: float,
          dash: tuple[float, float] | None, k: float) -> None:
    if dash is None:
        draw.line(points, fill=color, width=_px(width), joint="curve")
        return
    for segment in _dashes(points, dash[0] * k, dash[1] * k):
        draw.line(segment, fill=color, width=_px(width))


def _dashes(points: list[tuple[float, float]], on: float, off: float) -> Iterator[list[tuple[float, float]]]:
    """The 'on' pieces of a dashed polyline; the pattern runs on across its corners, as in SVG."""
    phase, period = 0.0, on + off
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        length = math.hypot(x1 - x0, y1 - y0)
        t = 0.0
        while t < length:
            into = phase % period
            step = min((on - into) if into < on else (period - into), length - t)
            if into < on:
                a, b = t / length, (t + step) / length
                yield [(x0 + (x1 - x0) * a, y0 + (y1 - y0) * a), (x0 + (x1 - x0) * b, y0 + (y1 - y0) * b)]
            t += step
            phase += step


def _text(draw: ImageDraw.ImageDraw, s: Text, k: float) -> None:
    size = round(s.size * k)
    font = _font(size, s.text)
    text = _fold(s.text) if font is _builtin(size) else s.text
    if s.max_width is not None:
        text = _shorten(text, font, s.max_width * k)
    # The built-in font has no bold face: a thin outline in the text's own color stands in for it.
    stroke = max(1, round(s.size * k / 40)) if s.bold else 0
    draw.text((s.x * k, s.y * k), text, fill=s.fill, font=font, anchor=ANCHORS.get(s.anchor, "ls"),
              stroke_width=stroke, stroke_fill=s.fill)


def _shorten(text: str, font: ImageFont.FreeTypeFont, room: float) -> str:
    if font.getlength(text) <= room:
        return text
    text = text[: int(room / (0.2 * font.size)) + 1]  # no glyph is narrower than 0.2 em: skip the hopeless tail
    while len(text) > 1 and font.getlength(text.rstrip(" .…") + "…") > room:
        text = text[:-1]
    return text.rstrip(" .…") + "…"


@lru_cache(maxsize=None)
def _builtin(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=size)  # type: ignore[return-value]  # FreeType is in Pillow's wheels


@lru_cache(maxsize=None)
def _system(size: int) -> ImageFont.FreeTypeFont | None:
    for name in SYSTEM_FONTS:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return None


def _font(size: int, text: str) -> ImageFont.FreeTypeFont:
    """The built-in font, unless the label has letters it lacks and the machine has a fuller font."""
    if all(_builtin_has(ch) for ch in text):
        return _builtin(size)
    return _system(size) or _builtin(size)


@lru_cache(maxsize=4096)
def _builtin_has(ch: str) -> bool:
    font = _builtin(40)
    return ch.isspace() or bytes(font.getmask(ch)) != bytes(font.getmask("\uffff"))


def _fold(text: str) -> str:
    """What the built-in font can show of a label: accents dropped, dashes plain, other letters as '?'."""
    return "".join(ch if _builtin_has(ch) else _fold_char(ch) for ch in text)


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if unicodedata.category(ch) == "Pd":
        return "-"
    base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    return base if base and all(_builtin_has(c) for c in base) else "?"
