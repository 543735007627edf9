"""One consequence-model metric over story time as a chart: the line, the decisions that changed the
model, the scenario's threshold and when it fired.

Drawn once as plain shapes (timeline_chart.py) and written as SVG for HTML or PNG for Word and PDF.
Story time runs on a stretched scale (log(1 + t/unit), unit one hour at most): a model runs for days
but the room's decisions cluster in the first hours. Labels above the plot sit in as many rows as
they need so none overlaps another; people's text reaches the shapes only as data.
"""

from __future__ import annotations

import math

from .consequences import Change, MetricSeries, format_value, label, value_at
from .text import story
from .timeline_chart import Chart, Circle, Line, Polygon, Polyline, Rect, Text

WIDTH = 760
"""Chart units across: about the printed width in pixels, so 10.5-unit text prints near 8 pt."""
LEFT = 64
RIGHT = 56
TOP = 8
"""Blank above the title: charts that follow each other in Word and PDF stay apart."""
TITLE = 36
LABEL_ROW = 16
MAX_ROWS = 4
PLOT = 110
AXIS = 42
SMALL = 10.5
LABEL_SIZE = 10.5
LABEL_ROOM = 320.0
GLYPH = 0.6
"""Average glyph width in em, on the wide side (DejaVu Sans), for laying labels out before any font is known."""
"""Widest a marker label may be before it is shortened (chart units)."""

LINE_COLOR = "#1565c0"
DECISION_COLOR = "#00796b"
THRESHOLD_COLOR = "#c62828"
GRID_COLOR = "#e0e6ea"
MUTED = "#546e7a"
TICKS = (0, 900, 1800, 3600, 7200, 3 * 3600, 6 * 3600, 12 * 3600, 86400, 2 * 86400, 3 * 86400, 4 * 86400,
         7 * 86400, 14 * 86400, 21 * 86400, 30 * 86400, 60 * 86400, 90 * 86400, 180 * 86400, 365 * 86400)
"""Candidate story-time ticks (seconds): T+0, T+15m, … T+1d, … T+365d."""


class StoryScale:
    """Story seconds → x on a stretched scale: log(1 + t/unit), with unit the span, at most one hour."""

    def __init__(self, start: float, end: float, left: float, right: float) -> None:
        self.start, self.span = start, max(60.0, end - start)
        self.unit = min(self.span, 3600.0)
        self.left, self.width = left, right - left
        self.norm = math.log1p(self.span / self.unit)

    def x(self, seconds: float) -> float:
        offset = min(max(0.0, seconds - self.start), self.span)
        return self.left + self.width * math.log1p(offset / self.unit) / self.norm

    def ticks(self, min_gap: float = 48.0) -> list[float]:
        """Round story times along the axis, at least `min_gap` apart, ending at the axis's end."""
        end = self.start + self.span
        out: list[float] = []
        for t in TICKS:
            t = float(t)
            if self.start <= t <= end and (not out or self.x(t) - self.x(out[-1]) >= min_gap):
                out.append(t)
        while out and self.x(end) - self.x(out[-1]) < min_gap:
            out.pop()
        return out + [end]


def value_axis(peak: float, unit: str) -> tuple[float, float]:
    """(top, step) of the value axis: round steps (1, 2 or 5 times a power of ten; whole numbers for a
    count; quarters for a share), at most five, with the top at or above `peak`."""
    if unit == "%" and peak <= 1.0:
        return 1.0, 0.25
    if peak <= 0:
        return 1.0, 1.0 if unit == "" else 0.5
    raw = max(peak, 1e-9) / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(k * power for k in (1, 2, 5, 10) if k * power >= raw * 0.999)
    if unit == "" and step < 1:
        step = 1.0
    return max(step, step * math.ceil(peak / step - 1e-9)), step


def _place(labels: list[tuple[float, str, str, str]], right: float) -> list[tuple[int, float, str, str, str, str]]:
    """Rows for marker labels so none overlaps: (row, x, anchor, text, color, title) each, consequence
    labels placed first. A label that finds no room in MAX_ROWS rows is cut to its first word (`#7`),
    which may open two more rows; past those the marker keeps only its dot and tooltip (the list under
    the chart names every decision)."""
    taken: list[list[tuple[float, float]]] = []
    out = []
    for x, text, color, title in sorted(labels, key=lambda item: (item[2] != THRESHOLD_COLOR, item[0])):
        for shown, rows in ((text, MAX_ROWS), (text.split(" ", 1)[0], MAX_ROWS + 2)):
            width = min(LABEL_ROOM, len(shown) * LABEL_SIZE * GLYPH) + 10
            start, anchor = (x - 4, "start") if x - 4 + width <= right else (x + 4 - width, "end")
            row = next((r for r, spans in enumerate(taken)
                        if all(start + width < a or start > b for a, b in spans)), None)
            if row is None and len(taken) < rows:
                row = len(taken)
                taken.append([])
            if row is not None:
                taken[row].append((start, start + width))
                out.append((row, x, anchor, shown, color, title))
                break
        else:
            out.append((-1, x, "start", "", color, title))
    return out


def _span(x: float, width: float, anchor: str) -> tuple[float, float]:
    return (x, x + width) if anchor == "start" else (x - width, x)


def _clear(coords: tuple[tuple[float, float], ...], x0: float, x1: float, y0: float, y1: float) -> bool:
    """Whether the polyline stays out of the box (a label's room) from x0 to x1, y0 to y1."""
    for (ax, ay), (bx, by) in zip(coords, coords[1:] or coords):
        if bx < x0 or ax > x1:
            continue
        lo, hi = max(ax, x0), min(bx, x1)
        ys = [ay + (by - ay) * ((t - ax) / (bx - ax) if bx != ax else 0.0) for t in (lo, hi)]
        if min(ys) <= y1 and max(ys) >= y0:
            return False
    return True


def build_metric_chart(series: MetricSeries, changes: list[Change], model_title: str) -> Chart:
    """The chart of one metric, with its model's changes as markers."""
    points = series.points or [(0.0, 0.0)]
    start = min(0.0, points[0][0])
    end = points[-1][0]
    plot_right = WIDTH - RIGHT
    scale = StoryScale(start, end, LEFT, plot_right)
    labels: list[tuple[float, str, str, str]] = []
    for c in changes:
        if c.story_seconds <= end:
            labels.append((scale.x(c.story_seconds), c.label, DECISION_COLOR, f"{c.story}: {c.label}"))
    for line in series.thresholds:
        for seconds, when in zip(line.fired, line.fired_story):
            text = f"Consequence: {line.inject_title or line.inject}"
            labels.append((scale.x(seconds), text, THRESHOLD_COLOR,
                           f"{when}: threshold {line.threshold} fired and released {line.inject}"))
    placed = _place(labels, plot_right + RIGHT - 4)
    rows = max((p[0] for p in placed), default=-1) + 1
    top = TITLE + rows * LABEL_ROW + (6 if rows else 0)
    bottom = top + PLOT
    height = int(bottom + AXIS)
    chart = Chart(WIDTH, height, series.name,
                  f"{series.name} ({model_title}) over story time, {story(start)} to {story(end)}"
                  + (f", with {len(changes)} changes by the room's decisions" if changes else ""))
    s = chart.shapes
    s.append(Rect(0, 0, WIDTH, height, "#ffffff"))
    s.append(Text(8, TOP + 18, label(series), 13, bold=True, max_width=WIDTH - 16))

    # Value axis: from 0 to a round top that also shows the thresholds.
    peak = max([v for _, v in points] + [t.level * 1.1 for t in series.thresholds] + [0.0])
    vmax, step = value_axis(peak, series.unit)

    def y(value: float) -> float:
        return bottom - PLOT * max(0.0, min(value, vmax)) / vmax

    for k in range(round(vmax / step) + 1):
        v = step * k
        s.append(Line(LEFT, y(v), plot_right, y(v), GRID_COLOR, 0.8))
        s.append(Text(LEFT - 6, y(v) + 3.5, format_value(v, series.unit), SMALL, "end", fill=MUTED))
    s.append(Line(LEFT, bottom, plot_right, bottom, "#90a4ae"))

    # Story-time axis.
    for t in scale.ticks():
        x = scale.x(t)
        s.append(Line(x, bottom, x, bottom + 4, "#90a4ae"))
        s.append(Text(x, bottom + 16, story(t), SMALL, "middle" if LEFT + 20 < x < plot_right - 20 else
                      ("start" if x <= LEFT + 20 else "end"), fill=MUTED))
    s.append(Text(LEFT - 6, bottom + 30, "Story time", SMALL, "end", fill=MUTED))

    # Thresholds: the level dashed, labelled where the line leaves room (above, else below; left, else right).
    coords = tuple((scale.x(t), y(v)) for t, v in points)
    for line in series.thresholds:
        ly = y(line.level)
        s.append(Line(LEFT, ly, plot_right, ly, THRESHOLD_COLOR, 1.0, dash=True))
        text = (f"Threshold: {line.direction} {format_value(line.level, series.unit)}"
                + (f" for {line.for_minutes} min" if line.for_minutes else ""))
        width = len(text) * SMALL * 0.56
        spots = [(LEFT + 4, ly - 4, "start"), (plot_right - 4, ly - 4, "end"), (LEFT + 4, ly + 13, "start"),
                 (plot_right - 4, ly + 13, "end")]
        spots = [p for p in spots if top + 10 < p[1] < bottom - 2] or spots[:1]
        x0, y0, anchor = next((p for p in spots if _clear(coords, *_span(p[0], width, p[2]), p[1] - 11, p[1] + 2)),
                              spots[0])
        s.append(Text(x0, y0, text, SMALL, anchor, fill=THRESHOLD_COLOR, max_width=plot_right - LEFT - 8))

    # Markers: a dashed stem from the label's row down through the plot; labels on white over the stems.
    rows_y = [TITLE + row * LABEL_ROW + 10 if row >= 0 else top - 4 for row, *_ in placed]
    for (row, x, _, _, color, _), ly in zip(placed, rows_y):
        s.append(Line(x, ly + 4, x, bottom, color, 0.8, dash=True))
    for (row, x, anchor, text, color, title), ly in zip(placed, rows_y):
        if text:
            width = min(LABEL_ROOM, len(text) * LABEL_SIZE * GLYPH) + 2
            tx = x + 6 if anchor == "start" else x - 6
            s.append(Rect(tx - 1 if anchor == "start" else tx - width + 1, ly - 6, width, 12, "#ffffff"))
            s.append(Text(tx, ly + 3.5, text, LABEL_SIZE, anchor, fill=color, max_width=LABEL_ROOM))
        s.append(Circle(x, ly, 3, color, title=title))

    # The series, then a dot where each change and firing met it, then its last value.
    if len(coords) >= 2:
        s.append(Polyline(coords, LINE_COLOR, 2.0))
    for c in changes:
        if c.story_seconds <= end:
            s.append(Circle(scale.x(c.story_seconds), y(value_at(points, c.story_seconds)), 3.5, DECISION_COLOR,
                            "#ffffff", f"{c.story}: {c.label}"))
    for line in series.thresholds:
        for seconds, when in zip(line.fired, line.fired_story):
            cx, cy = scale.x(seconds), y(value_at(points, seconds))
            s.append(Polygon(((cx, cy - 6), (cx + 6, cy), (cx, cy + 6), (cx - 6, cy)), THRESHOLD_COLOR, "#ffffff",
                             f"{when}: {line.inject_title or line.inject}"))
    lx, ly = coords[-1]
    s.append(Circle(lx, ly, 2.5, LINE_COLOR))
    s.append(Text(lx + 6, ly + 4, format_value(points[-1][1], series.unit), 11, fill=LINE_COLOR, bold=True,
                  max_width=RIGHT - 8))
    return chart

