"""The timeline chart as inline SVG: no scripts, no external resources, every text escaped."""

from __future__ import annotations

from html import escape

from .timeline import Timeline
from .timeline_chart import Chart, Circle, Line, Polygon, Polyline, Rect, Text, build_chart, fit

FONT = "font-family=\"Helvetica, Arial, 'Liberation Sans', sans-serif\""


def _n(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _title(text: str) -> str:
    return f"<title>{escape(text)}</title>" if text else ""


def chart_svg(chart: Chart, ident: str = "tl") -> str:
    """Serialize a chart; deterministic (same shapes → same text). `ident` makes its title's and
    description's ids unique when a page holds several charts."""
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {chart.width} {chart.height}" '
        f'width="100%" role="img" aria-labelledby="{ident}-title {ident}-desc" {FONT}>',
        f'<title id="{ident}-title">{escape(chart.title)}</title><desc id="{ident}-desc">{escape(chart.description)}</desc>',
    ]
    for s in chart.shapes:
        if isinstance(s, Rect):
            stroke = f' stroke="{s.stroke}"' if s.stroke else ""
            body = f'x="{_n(s.x)}" y="{_n(s.y)}" width="{_n(s.w)}" height="{_n(s.h)}" fill="{s.fill or "none"}"{stroke}'
            out.append(f"<rect {body}>{_title(s.title)}</rect>" if s.title else f"<rect {body}/>")
        elif isinstance(s, Line):
            dash = ' stroke-dasharray="4 3"' if s.dash else ""
            out.append(f'<line x1="{_n(s.x1)}" y1="{_n(s.y1)}" x2="{_n(s.x2)}" y2="{_n(s.y2)}" '
                       f'stroke="{s.stroke}" stroke-width="{_n(s.width)}"{dash}/>')
        elif isinstance(s, Circle):
            stroke = f' stroke="{s.stroke}" stroke-width="1.2"' if s.stroke else ""
            body = f'cx="{_n(s.cx)}" cy="{_n(s.cy)}" r="{_n(s.r)}" fill="{s.fill or "none"}"{stroke}'
            out.append(f"<circle {body}>{_title(s.title)}</circle>" if s.title else f"<circle {body}/>")
        elif isinstance(s, Polygon):
            pts = " ".join(f"{_n(x)},{_n(y)}" for x, y in s.points)
            stroke = f' stroke="{s.stroke}" stroke-width="1.2"' if s.stroke else ""
            body = f'points="{pts}" fill="{s.fill or "none"}"{stroke}'
            out.append(f"<polygon {body}>{_title(s.title)}</polygon>" if s.title else f"<polygon {body}/>")
        elif isinstance(s, Polyline):
            pts = " ".join(f"{_n(x)},{_n(y)}" for x, y in s.points)
            dash = ' stroke-dasharray="5 4"' if s.dash else ""
            out.append(f'<polyline points="{pts}" fill="none" stroke="{s.stroke}" stroke-width="{_n(s.width)}"{dash}/>')
        elif isinstance(s, Text):
            weight = ' font-weight="bold"' if s.bold else ""
            anchor = f' text-anchor="{s.anchor}"' if s.anchor != "start" else ""
            out.append(f'<text x="{_n(s.x)}" y="{_n(s.y)}" font-size="{_n(s.size)}" fill="{s.fill}"{anchor}{weight}>'
                       f"{escape(fit(s.text, s.max_width, s.size) if s.max_width is not None else s.text)}</text>")
    out.append("</svg>")
    return "\n".join(out)


def timeline_svg(timeline: Timeline, title: str = "Exercise timeline") -> str:
    return chart_svg(build_chart(timeline, title))
