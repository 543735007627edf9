"""The report's "Consequences of the room's decisions" in each format, from `Consequences` (consequences.py).

HTML gets one inline SVG per metric; Word and PDF the same charts as PNG; Markdown, which a planner
pastes into Word, a table per model of each metric at round story times and at each decision that
changed it (an image beside the .md would not travel with the text). Under each model: the decisions
that changed it, with their text, and its thresholds.
"""

from __future__ import annotations

import io
from functools import lru_cache
from typing import Any

from markupsafe import Markup, escape

from .consequences import (
    SECTION_TITLE, Consequences, MetricSeries, ModelConsequences, ThresholdLine, format_value, label, value_at,
)
from .document import Bullets, Heading, PageBreak, Para, Picture, Table
from .metric_chart import StoryScale, build_metric_chart
from .text import story
from .timeline_chart import Chart
from .timeline_png import chart_png
from .timeline_svg import chart_svg

DECISION_HEADER = ["#", "Table", "Story", "Decision that changed this model", "Its actions for this model"]
MD_COLUMNS = 9
"""At most this many story times in a Markdown table (round times first dropped, then decisions)."""


def svg(model: ModelConsequences, series: MetricSeries, index: int) -> Markup:
    chart = build_metric_chart(series, model.changes, model.title)
    return Markup(chart_svg(chart, f"mc{index}"))


def png(model: ModelConsequences, series: MetricSeries) -> bytes:
    chart = build_metric_chart(series, model.changes, model.title)
    return _png(chart.width, chart.height, chart.title, chart.description, tuple(chart.shapes))


@lru_cache(maxsize=64)
def _png(width: int, height: int, title: str, description: str, shapes: tuple) -> bytes:
    """Same chart, same bytes: a report in Word then PDF (or twice) draws each chart once."""
    return chart_png(Chart(width, height, title, description, list(shapes)))


def threshold_text(series: MetricSeries, line: ThresholdLine) -> str:
    """`Mean minutes without news: above 90 for 15 min; fired at T+2h10m, releasing “…” (inject-id).`"""
    level = f"{line.direction} {format_value(line.level, series.unit)}" + (
        f" for {line.for_minutes} min" if line.for_minutes else "")
    what = f"\u201c{line.inject_title}\u201d ({line.inject})" if line.inject_title else line.inject
    when = (f"fired at {', '.join(line.fired_story)}, releasing {what}" if line.fired
            else f"never fired, so it did not release {what}")
    return f"{series.name}: {level}; {when}."


def thresholds(model: ModelConsequences) -> list[str]:
    return [threshold_text(m, t) for m in model.metrics for t in m.thresholds]


def decision_rows(model: ModelConsequences) -> list[list[str]]:
    return [[f"#{d.number}", d.table, d.story, d.text + ("" if d.status == "active" else f" ({d.status})"),
             "; ".join(d.actions)] for d in model.decisions]


def html_section(cons: Consequences) -> Markup:
    """The whole section as HTML; every string escaped."""
    if not cons.models:
        return Markup("")
    out = [f'<section id="consequences" class="major">\n<h2>{escape(SECTION_TITLE)}</h2>',
           f"<p>{escape(cons.reading)}</p>"]
    index = 0
    for m in cons.models:
        out.append(f'<h3 id="model-{escape(m.model)}">{escape(m.title)}</h3>')
        out.append(f"<p>{escape(m.represents)}</p>" if m.represents else "")
        out.append(f'<p class="meta">{escape(m.caveats)}</p>')
        for series in m.metrics:
            index += 1
            out.append(f'<figure class="chart metric" data-metric="{escape(series.metric)}">{svg(m, series, index)}'
                       "</figure>")
        out.append(_html_decisions(m))
        lines = thresholds(m)
        if lines:
            out.append("<h4>Thresholds</h4><ul>" + "".join(f"<li>{escape(x)}</li>" for x in lines) + "</ul>")
    out.append("</section>")
    return Markup("\n".join(out))


def _html_decisions(m: ModelConsequences) -> str:
    if not m.decisions:
        return '<p class="empty">No decision carried an action for this model: it ran on its defaults.</p>'
    rows = "".join(
        f'<tr class="{escape(d.status)}"><td class="num"><a href="#decision-{d.number}">#{d.number}</a></td>'
        f"<td>{escape(d.table)}</td><td>{escape(d.story)}</td><td class=\"text\">{_br(d.text)}"
        + ("" if d.status == "active" else f' <span class="meta">({escape(d.status)})</span>')
        + f"</td><td>{escape('; '.join(d.actions))}</td></tr>" for d in m.decisions)
    return ('<table class="fixed decisions"><colgroup><col style="width: 6%">'
            '<col style="width: 15%"><col style="width: 9%"><col style="width: 48%"><col style="width: 22%">'
            "</colgroup><thead><tr>" + "".join(f"<th>{escape(h)}</th>" for h in DECISION_HEADER)
            + f"</tr></thead><tbody>{rows}</tbody></table>")


def _br(text: str) -> Markup:
    return Markup("<br>").join(escape(line) for line in text.split("\n"))


# ---- Markdown: a table per model --------------------------------------------------------------------

def md_times(model: ModelConsequences) -> list[tuple[float, str]]:
    """The story times a model's Markdown table shows: round times along its chart's axis and each change."""
    end = max((s.points[-1][0] for s in model.metrics if s.points), default=0.0)
    changes = {round(c.story_seconds): f"{c.story} (#{', #'.join(map(str, c.changed))})" if c.changed else c.story
               for c in model.changes if c.story_seconds <= end}
    rounds = {round(t): story(t) for t in StoryScale(0.0, end, 0.0, 600.0).ticks(60.0)}
    keep = sorted(changes)[:MD_COLUMNS - 2]
    room = MD_COLUMNS - len(keep)
    ticks = sorted(t for t in rounds if t not in changes)
    if len(ticks) > room:  # keep the first and last, thin the middle
        step = (len(ticks) - 1) / max(1, room - 1)
        ticks = sorted({ticks[round(i * step)] for i in range(room)})
    return [(float(t), changes.get(t) or rounds[t]) for t in sorted(set(keep) | set(ticks))]


def md_rows(model: ModelConsequences) -> tuple[list[str], list[list[str]]]:
    """Header (story times) and one row per metric: its value at each time, then its peak and when."""
    times = md_times(model)
    rows = []
    for s in model.metrics:
        values = [format_value(value_at(s.points, t), s.unit) if s.points else "-" for t, _ in times]
        peak_t, peak = max(s.points, key=lambda p: p[1]) if s.points else (0.0, 0.0)
        rows.append([label(s), *values, f"{format_value(peak, s.unit)} at {story(peak_t)}"])
    return [label for _, label in times], rows


# ---- Word and PDF --------------------------------------------------------------------------------------

def document_blocks(cons: Consequences) -> list:
    """The section as `Document` blocks (the PDF report): each model on its own page."""
    if not cons.models:
        return []
    blocks: list = [PageBreak(), Heading(SECTION_TITLE), Para(cons.reading, style="meta")]
    for i, m in enumerate(cons.models):
        if i:
            blocks.append(PageBreak())
        blocks += [Heading(m.title, 2), Para(m.represents), Para(m.caveats, style="meta")]
        blocks += [Picture(png(m, s)) for s in m.metrics]
        blocks.append(Table(DECISION_HEADER, decision_rows(m), [0.4, 1.2, 0.75, "*", 1.7]) if m.decisions else
                      Para("No decision carried an action for this model: it ran on its defaults.", style="meta"))
        if thresholds(m):
            blocks += [Heading("Thresholds", 3), Bullets(thresholds(m))]
    return blocks


def add_to_docx(w: Any, cons: Consequences) -> None:
    """The section in the Word report (`docx_writer._Doc`): a chart per metric, each model from a new page."""
    if not cons.models:
        return
    from docx.shared import Inches

    w.section(SECTION_TITLE, landscape=False)
    w.para(cons.reading, italic=True, size=9)
    for i, m in enumerate(cons.models):
        heading = w.doc.add_heading(m.title, level=2)
        heading.paragraph_format.page_break_before = bool(i)
        w.para(m.represents)
        w.para(m.caveats, italic=True, size=9, color="546E7A")
        for s in m.metrics:
            picture = w.doc.add_paragraph()
            picture.paragraph_format.keep_together = True
            picture.add_run().add_picture(io.BytesIO(png(m, s)), width=Inches(w.width))
        if m.decisions:
            w.table(DECISION_HEADER, decision_rows(m), [0.45, 1.2, 0.8, "*", 1.7])
        else:
            w.para("No decision carried an action for this model: it ran on its defaults.", italic=True)
        if thresholds(m):
            w.doc.add_heading("Thresholds", level=3)
            for line in thresholds(m):
                w.doc.add_paragraph(line, style="List Bullet")
