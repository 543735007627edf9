"""Fan charts for `ttx simulate --plot`: each metric over story time, a p10–p90 band and the median,
one colour per plan, in small multiples. SVG (text) or PNG (Pillow); same data → same bytes."""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from html import escape

from PIL import Image, ImageDraw, ImageFont

from ..model.consequences import MODEL_METRICS

COLOURS = ("#1f5fa8", "#c0392b", "#2e8b57", "#8e44ad", "#d35400", "#555555")
PANEL_W, PANEL_H, COLUMNS = 300, 170, 3
PAD_L, PAD_R, PAD_T, PAD_B = 46, 10, 34, 26
LEGEND_H = 28


@dataclass(frozen=True)
class Fan:
    """One plan's fan for one metric: p10, p50, p90 at each story time (seconds)."""

    plan: str
    times: list[float]
    p10: list[float]
    p50: list[float]
    p90: list[float]


def _nice(value: float) -> float:
    """The axis top: the next 1, 2 or 5 times a power of ten at or above `value`."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= value)


def _title(metric: str) -> str:
    model, key = metric.split(".", 1)
    return MODEL_METRICS.get(model, {}).get(key, metric)


def _layout(metrics: list[str]) -> tuple[int, int]:
    rows = (len(metrics) + COLUMNS - 1) // COLUMNS
    return COLUMNS * PANEL_W, LEGEND_H + rows * PANEL_H


def _panels(fans: dict[str, list[Fan]]):
    """Yield (metric, x0, y0, scale functions, y max, fans) per panel."""
    for n, (metric, plans) in enumerate(fans.items()):
        x0, y0 = (n % COLUMNS) * PANEL_W, LEGEND_H + (n // COLUMNS) * PANEL_H
        t_max = max((max(f.times) for f in plans if f.times), default=1.0) or 1.0
        y_max = _nice(max((max(f.p90) for f in plans if f.p90), default=1.0))
        width, height = PANEL_W - PAD_L - PAD_R, PANEL_H - PAD_T - PAD_B

        def sx(t: float, x0: int = x0, width: int = width, t_max: float = t_max) -> float:
            return x0 + PAD_L + width * t / t_max

        def sy(v: float, y0: int = y0, height: int = height, y_max: float = y_max) -> float:
            return y0 + PAD_T + height * (1 - v / y_max)
        yield metric, x0, y0, sx, sy, y_max, t_max, plans


def _hours(t: float) -> str:
    return f"T+{t / 86400:g}d" if t >= 2 * 86400 else f"T+{t / 3600:g}h"


def fan_svg(fans: dict[str, list[Fan]]) -> str:
    """All panels as one SVG document."""
    metrics = list(fans)
    w, h = _layout(metrics)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
           'font-family="sans-serif" font-size="11">', f'<rect width="{w}" height="{h}" fill="#ffffff"/>']
    plans = [f.plan for f in next(iter(fans.values()), [])]
    for i, plan in enumerate(plans):
        out.append(f'<rect x="{10 + i * 160}" y="9" width="12" height="12" fill="{COLOURS[i % len(COLOURS)]}"/>'
                   f'<text x="{26 + i * 160}" y="19">{escape(plan)}</text>')
    for metric, x0, y0, sx, sy, y_max, t_max, plan_fans in _panels(fans):
        out.append(f'<text x="{x0 + 8}" y="{y0 + 18}" font-weight="bold">{escape(_title(metric))}</text>')
        out.append(f'<line x1="{sx(0):.1f}" y1="{sy(0):.1f}" x2="{sx(t_max):.1f}" y2="{sy(0):.1f}" stroke="#999"/>')
        out.append(f'<text x="{x0 + PAD_L - 4}" y="{sy(y_max) + 4:.1f}" text-anchor="end">{y_max:g}</text>'
                   f'<text x="{x0 + PAD_L - 4}" y="{sy(0):.1f}" text-anchor="end">0</text>'
                   f'<text x="{sx(t_max):.1f}" y="{sy(0) + 16:.1f}" text-anchor="end">{_hours(t_max)}</text>')
        for i, fan in enumerate(plan_fans):
            colour = COLOURS[i % len(COLOURS)]
            band = [f"{sx(t):.1f},{sy(v):.1f}" for t, v in zip(fan.times, fan.p90)]
            band += [f"{sx(t):.1f},{sy(v):.1f}" for t, v in reversed(list(zip(fan.times, fan.p10)))]
            out.append(f'<polygon points="{" ".join(band)}" fill="{colour}" fill-opacity="0.18"/>')
            line = " ".join(f"{sx(t):.1f},{sy(v):.1f}" for t, v in zip(fan.times, fan.p50))
            out.append(f'<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="1.6"/>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def fan_png(fans: dict[str, list[Fan]]) -> bytes:
    """The same panels as a PNG (drawn at twice the size for print)."""
    k = 2
    w, h = _layout(list(fans))
    image = Image.new("RGB", (w * k, h * k), "#ffffff")
    draw = ImageDraw.Draw(image, "RGBA")
    font = ImageFont.load_default(size=11 * k)
    plans = [f.plan for f in next(iter(fans.values()), [])]
    for i, plan in enumerate(plans):
        draw.rectangle([(10 + i * 160) * k, 9 * k, (22 + i * 160) * k, 21 * k], fill=COLOURS[i % len(COLOURS)])
        draw.text(((26 + i * 160) * k, 19 * k), plan, fill="#000000", font=font, anchor="ls")
    for metric, x0, y0, sx, sy, y_max, t_max, plan_fans in _panels(fans):
        draw.text(((x0 + 8) * k, (y0 + 18) * k), _title(metric), fill="#000000", font=font, anchor="ls")
        draw.line([sx(0) * k, sy(0) * k, sx(t_max) * k, sy(0) * k], fill="#999999", width=k)
        draw.text(((x0 + PAD_L - 4) * k, (sy(y_max) + 4) * k), f"{y_max:g}", fill="#000000", font=font, anchor="rs")
        draw.text(((x0 + PAD_L - 4) * k, sy(0) * k), "0", fill="#000000", font=font, anchor="rs")
        draw.text((sx(t_max) * k, (sy(0) + 16) * k), _hours(t_max), fill="#000000", font=font, anchor="rs")
        for i, fan in enumerate(plan_fans):
            colour = COLOURS[i % len(COLOURS)]
            rgb = tuple(int(colour[j:j + 2], 16) for j in (1, 3, 5))
            band = [(sx(t) * k, sy(v) * k) for t, v in zip(fan.times, fan.p90)]
            band += [(sx(t) * k, sy(v) * k) for t, v in reversed(list(zip(fan.times, fan.p10)))]
            if len(band) >= 3:
                draw.polygon(band, fill=(*rgb, 46))
            line = [(sx(t) * k, sy(v) * k) for t, v in zip(fan.times, fan.p50)]
            if len(line) >= 2:
                draw.line(line, fill=colour, width=2 * k // 1, joint="curve")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()
