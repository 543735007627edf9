"""One metric's chart: labels never overlap nor leave the chart, and people's text in them stays text."""

from __future__ import annotations

import html.parser
import io
from importlib import resources

from PIL import Image, ImageFont

from exercise_engine.report.consequences import Change, MetricSeries, ThresholdLine
from exercise_engine.report.metric_chart import LABEL_ROW, TITLE, WIDTH, StoryScale, build_metric_chart
from exercise_engine.report.timeline_chart import Text, fit
from exercise_engine.report.timeline_png import chart_png
from exercise_engine.report.timeline_svg import chart_svg

HOSTILE = "<script>alert(1)</script> {{ 7*7 }} <img src=x onerror=alert(2)> مرحبا 🎉"
H = 3600.0


def series(points: list[tuple[float, float]], thresholds: list[ThresholdLine] = ()) -> MetricSeries:
    return MetricSeries("hotline.waiting", "Callers on hold now", "", False, points, list(thresholds))


def change(seconds: float, label: str) -> Change:
    return Change(seconds, f"T+{seconds / 60:.0f}m", [1], [1], label)


def crowded() -> tuple[MetricSeries, list[Change]]:
    """Eleven decisions within an hour and a threshold firing among them, on a week-long axis."""
    points = [(t * 1800.0, (t % 9) * 3.0) for t in range(7 * 48 + 1)]
    fired = ThresholdLine("jam", 20.0, "above", 15, "bp03-hotline-jammed", HOSTILE, [40 * 60.0], ["T+40m"])
    changes = [change(20 * 60 + k * 240, f"#{k + 1} Communication Leads (Joint Information Center)") for k in range(10)]
    changes.append(change(7 * 24 * H, "#12 Steering Committee / Unified Command"))  # at the very end
    return series(points, [fired]), changes


def _labels(chart) -> list[Text]:
    return [s for s in chart.shapes if isinstance(s, Text) and TITLE <= s.y <= TITLE + 5 * LABEL_ROW]


def test_marker_labels_do_not_overlap_and_stay_inside_the_chart():
    chart = build_metric_chart(*crowded(), "Public inquiry hotline")
    font = ImageFont.truetype(str(resources.files("exercise_engine.report").joinpath("fonts", "DejaVuSans.ttf")), 100)
    boxes: dict[float, list[tuple[float, float]]] = {}
    for t in _labels(chart):
        shown = fit(t.text, t.max_width, t.size) if t.max_width else t.text
        width = font.getlength(shown) * t.size / 100  # DejaVu: wider than the fonts browsers use
        x0 = t.x if t.anchor == "start" else t.x - width
        assert 0 <= x0 and x0 + width <= WIDTH, shown
        boxes.setdefault(t.y, []).append((x0, x0 + width))
    assert len(boxes) >= 3  # the crowded labels took several rows
    for row in boxes.values():
        row.sort()
        assert all(a[1] <= b[0] for a, b in zip(row, row[1:])), row


def test_people_s_text_in_chart_labels_is_escaped_in_svg_and_drawn_in_png():
    line, changes = crowded()
    changes = [change(30 * 60, f"#1 {HOSTILE}")]
    chart = build_metric_chart(line, changes, "Public inquiry hotline")
    svg = chart_svg(chart, "x1")
    tags: list[str] = []
    parser = html.parser.HTMLParser()
    parser.handle_starttag = lambda tag, attrs: tags.append(tag)  # type: ignore[method-assign]
    parser.feed(svg)
    assert "script" not in tags and "img" not in tags
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    assert f"<title>T+30m: #1 {HOSTILE}</title>".replace("<script>", "&lt;script&gt;") not in svg  # escaped whole
    assert "T+30m: #1 &lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} &lt;img src=x onerror=alert(2)&gt;" in svg
    image = Image.open(io.BytesIO(chart_png(chart)))
    assert image.size == (chart.width * 2, chart.height * 2)


def test_the_story_axis_stretches_the_first_hours_and_ends_at_the_last_sample():
    scale = StoryScale(0, 7 * 24 * H, 0, 700)
    assert scale.x(H) > 70 and scale.x(7 * 24 * H) == 700  # the first hour takes a tenth of a week's axis
    ticks = scale.ticks()
    assert ticks[0] == 0 and ticks[-1] == 7 * 24 * H and all(a < b for a, b in zip(ticks, ticks[1:]))
    assert all(scale.x(b) - scale.x(a) >= 48 for a, b in zip(ticks, ticks[1:]))
