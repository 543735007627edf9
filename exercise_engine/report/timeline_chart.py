"""The timeline chart as plain shapes, drawn once and written as SVG (HTML) or PNG (Word).

Story time spans minutes to more than a year, so the x axis is piecewise by module: each module gets
a band as wide as its planned minutes (so the axis also reads as the planned agenda), and inside a band
story time runs on a gentle log scale, which spreads the busy first minutes of each module.
Lanes: one for injects, one per table for its decisions. Below, the wall-clock pacing: wall minutes
elapsed against the same axis, with the planned agenda dashed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .timeline import Timeline
from .text import story

WIDTH = 960
LEFT = 215
RIGHT = 16
HEADER = 40
INJECT_LANE = 28
TABLE_LANE = 24
AXIS = 22
PACING = 120
LEGEND = 26

MODULE_FILLS = ("#eef3f8", "#f7f7f2")
INJECT_COLOR = "#1565c0"
SKIPPED_COLOR = "#9e9e9e"
DECISION_COLOR = "#00796b"
GAP_COLOR = "#c62828"
RETRACTED_COLOR = "#bdbdbd"
TEXT_COLOR = "#212121"
GRID_COLOR = "#cfd8dc"
PACE_COLOR = "#6a1b9a"


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str | None
    stroke: str | None = None
    title: str = ""


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str
    width: float = 1.0
    dash: bool = False


@dataclass(frozen=True)
class Circle:
    cx: float
    cy: float
    r: float
    fill: str | None
    stroke: str | None = None
    title: str = ""


@dataclass(frozen=True)
class Polygon:
    points: tuple[tuple[float, float], ...]
    fill: str | None
    stroke: str | None = None
    title: str = ""


@dataclass(frozen=True)
class Polyline:
    points: tuple[tuple[float, float], ...]
    stroke: str
    width: float = 1.5
    dash: bool = False


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str
    size: float = 11
    anchor: str = "start"
    """start | middle | end"""
    fill: str = TEXT_COLOR
    bold: bool = False
    max_width: float | None = None
    """Room for the label: each writer shortens the text to fit (`fit` by estimate, or by the font's metrics)."""


Shape = Rect | Line | Circle | Polygon | Polyline | Text


@dataclass
class Chart:
    width: int
    height: int
    title: str
    description: str
    shapes: list[Shape] = field(default_factory=list)


class StoryAxis:
    """Maps story seconds to x: piecewise by module, a gentle log scale inside each module."""

    def __init__(self, timeline: Timeline, left: float, right: float) -> None:
        modules = timeline.modules
        total = sum(max(1, m.planned_minutes) for m in modules) or 1
        self.bands: list[tuple[float, float, int, int]] = []
        x = left
        for m in modules:
            w = (right - left) * max(1, m.planned_minutes) / total
            self.bands.append((x, x + w, m.story_start, m.story_end))
            x += w

    def x(self, seconds: float) -> float:
        band = self.bands[0]
        for b in self.bands:
            if seconds >= b[2]:
                band = b
        x0, x1, s0, s1 = band
        span = max(1.0, s1 - s0)
        unit = span / 20.0
        offset = min(max(0.0, seconds - s0), span)
        frac = math.log1p(offset / unit) / math.log1p(span / unit)
        return x0 + (x1 - x0) * frac

    def seconds_at(self, band_index: int, frac: float) -> float:
        """Inverse inside one band (for tick labels)."""
        _, _, s0, s1 = self.bands[band_index]
        span = max(1.0, s1 - s0)
        unit = span / 20.0
        return s0 + unit * math.expm1(frac * math.log1p(span / unit))


def build_chart(timeline: Timeline, title: str) -> Chart:
    """Lay out the timeline chart; the shapes carry participant text only as data (titles, labels)."""
    lane_y: dict[str, float] = {}
    y = HEADER
    lane_y["__injects__"] = y
    y += INJECT_LANE
    for table_id, _ in timeline.tables:
        lane_y[table_id] = y
        y += TABLE_LANE
    lanes_bottom = y
    pace_top = lanes_bottom + AXIS + 10
    pace_bottom = pace_top + PACING
    height = int(pace_bottom + AXIS + LEGEND + 6)
    right = WIDTH - RIGHT
    axis = StoryAxis(timeline, LEFT, right)
    chart = Chart(WIDTH, height, title,
                  "Injects and decisions on the story-time axis by module and table, with the wall-clock pacing.")
    s = chart.shapes
    s.append(Rect(0, 0, WIDTH, height, "#ffffff"))

    # Module bands and headers.
    for i, (m, (x0, x1, _, _)) in enumerate(zip(timeline.modules, axis.bands)):
        fill = MODULE_FILLS[i % 2]
        s.append(Rect(x0, HEADER - 30, x1 - x0, lanes_bottom - HEADER + 30, fill, title=m.title))
        s.append(Rect(x0, pace_top, x1 - x0, PACING, fill))
        s.append(Text(x0 + 4, HEADER - 17, f"{i + 1}. {m.title}", 11, bold=True, max_width=x1 - x0 - 8))
        s.append(Text(x0 + 4, HEADER - 4, f"{story(m.story_start)} to {story(m.story_end)}", 9.5, fill="#546e7a",
                      max_width=x1 - x0 - 8))
        s.append(Line(x0, HEADER - 30, x0, pace_bottom, GRID_COLOR))
    s.append(Line(right, HEADER - 30, right, pace_bottom, GRID_COLOR))

    # Lane labels and separators.
    s.append(Text(LEFT - 8, lane_y["__injects__"] + INJECT_LANE / 2 + 4, "Injects", 11, "end", bold=True))
    for table_id, name in timeline.tables:
        ly = lane_y[table_id]
        s.append(Line(LEFT, ly, right, ly, GRID_COLOR, 0.6))
        s.append(Text(LEFT - 8, ly + TABLE_LANE / 2 + 4, name, 10, "end", max_width=LEFT - 12))
    s.append(Line(LEFT, lanes_bottom, right, lanes_bottom, GRID_COLOR, 0.6))

    # Story ticks under the lanes: each band's start and its middle.
    for i, (x0, x1, s0, _) in enumerate(axis.bands):
        s.append(Text(x0 + 2, lanes_bottom + 14, story(s0), 9, fill="#546e7a"))
        if x1 - x0 > 110:
            mid = _nice_story(axis.seconds_at(i, 0.5))
            xm = axis.x(mid)
            s.append(Line(xm, lanes_bottom, xm, lanes_bottom + 4, "#90a4ae"))
            s.append(Text(xm, lanes_bottom + 14, story(mid), 9, "middle", fill="#90a4ae"))
    s.append(Text(LEFT - 8, lanes_bottom + 14, "Story time", 9, "end", fill="#546e7a"))

    # Injects.
    iy = lane_y["__injects__"] + INJECT_LANE / 2
    for inj in timeline.injects:
        x = axis.x(inj.story)
        label = f"{inj.id} ({inj.status}) {story(inj.story)}: {inj.title}"
        if inj.status == "delivered":
            s.append(Polygon(((x - 5, iy - 6), (x + 5, iy - 6), (x, iy + 6)), INJECT_COLOR, title=label))
            s.append(Line(x, iy + 6, x, lanes_bottom, "#90caf9", 0.6, dash=True))
        else:
            s.append(Polygon(((x - 5, iy - 6), (x + 5, iy - 6), (x, iy + 6)), "#ffffff", SKIPPED_COLOR, title=label))

    # Decisions.
    for d in timeline.decisions:
        if d.table not in lane_y:
            continue
        x = axis.x(d.story)
        cy = lane_y[d.table] + TABLE_LANE / 2
        label = f"Decision #{d.id} {story(d.story)}" + (" (retracted)" if d.retracted else "") + (
            " (EOP gap)" if d.eop_gap else "")
        if d.retracted:
            s.append(Circle(x, cy, 4, "#ffffff", RETRACTED_COLOR, label))
        else:
            s.append(Circle(x, cy, 4, GAP_COLOR if d.eop_gap else DECISION_COLOR, "#ffffff", label))

    # Pacing panel.
    total = max(timeline.wall_minutes_total, sum(m.planned_minutes for m in timeline.modules),
                *(w for _, w in timeline.planned_pacing), 1.0)
    top_value = _nice_ceiling(total)

    def py(value: float) -> float:
        return pace_bottom - (pace_bottom - pace_top) * min(value, top_value) / top_value

    for k in range(0, 5):
        v = top_value * k / 4
        s.append(Line(LEFT, py(v), right, py(v), GRID_COLOR, 0.5))
        s.append(Text(LEFT - 6, py(v) + 3, f"{v:.0f}", 9, "end", fill="#546e7a"))
    s.append(Text(LEFT - 40, pace_top + 12, "Wall-clock", 10.5, "end", bold=True))
    s.append(Text(LEFT - 40, pace_top + 25, "minutes", 10.5, "end", bold=True))
    planned, acc = [], 0.0
    for (x0, x1, _, _), m in zip(axis.bands, timeline.modules):
        planned.append((x0, py(acc)))
        acc += m.planned_minutes
        planned.append((x1, py(acc)))
    if timeline.planned_pacing:  # the run of show in force: paced by discussion, with its breaks
        planned = [(axis.x(t), py(w)) for t, w in timeline.planned_pacing]
    s.append(Polyline(tuple(planned), "#78909c", 1.2, dash=True))
    actual = [(axis.x(t), py(w)) for t, w in sorted(timeline.pacing, key=lambda p: p[1])]
    if len(actual) >= 2:
        s.append(Polyline(tuple(actual), PACE_COLOR, 2.0))
    for x, yv in actual:
        s.append(Circle(x, yv, 2.2, PACE_COLOR))
    for i, (x0, _, s0, _) in enumerate(axis.bands):
        s.append(Text(x0 + 2, pace_bottom + 14, story(s0), 9, fill="#546e7a"))
    s.append(Line(LEFT, pace_bottom, right, pace_bottom, "#78909c"))

    # Legend.
    ly = pace_bottom + AXIS + 12
    x = LEFT
    s.append(Polygon(((x, ly - 6), (x + 10, ly - 6), (x + 5, ly + 5)), INJECT_COLOR))
    s.append(Text(x + 15, ly + 3, "inject delivered", 10))
    x += 120
    s.append(Polygon(((x, ly - 6), (x + 10, ly - 6), (x + 5, ly + 5)), "#ffffff", SKIPPED_COLOR))
    s.append(Text(x + 15, ly + 3, "skipped / not reached", 10))
    x += 150
    s.append(Circle(x + 5, ly, 4, DECISION_COLOR))
    s.append(Text(x + 15, ly + 3, "decision", 10))
    x += 80
    s.append(Circle(x + 5, ly, 4, GAP_COLOR))
    s.append(Text(x + 15, ly + 3, "EOP gap", 10))
    x += 80
    s.append(Circle(x + 5, ly, 4, "#ffffff", RETRACTED_COLOR))
    s.append(Text(x + 15, ly + 3, "retracted", 10))
    x += 85
    s.append(Line(x, ly, x + 18, ly, PACE_COLOR, 2))
    s.append(Text(x + 23, ly + 3, "actual pace", 10))
    x += 95
    s.append(Line(x, ly, x + 18, ly, "#78909c", 1.2, dash=True))
    s.append(Text(x + 23, ly + 3, "planned", 10))
    return chart


def fit(text: str, width: float, size: float) -> str:
    """Shorten a label to roughly fit `width` pixels at font `size` (average glyph ≈ 0.55 em), for writers
    that cannot measure text (the SVG is laid out by the reader's browser)."""
    room = max(3, int(width / (size * 0.55)))
    return text if len(text) <= room else text[: room - 1] + "…"


def _nice_story(seconds: float) -> int:
    """Round a tick's story time to a value people read at a glance (15m, 2h, 3d, 60d)."""
    for limit, step in ((3600, 300), (6 * 3600, 1800), (86400, 3600), (7 * 86400, 86400 / 2),
                        (60 * 86400, 86400), (365 * 86400, 7 * 86400)):
        if seconds < limit:
            return int(round(seconds / step) * step)
    return int(round(seconds / (30 * 86400)) * 30 * 86400)


def _nice_ceiling(value: float) -> float:
    for step in (10, 20, 30, 60, 90, 120, 180, 240, 300, 360, 480, 600, 720, 960, 1200, 1440):
        if value <= step:
            return float(step)
    return float(math.ceil(value / 600.0) * 600)
