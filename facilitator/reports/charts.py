"""Inline SVG charts for the HTML report: plain strings, no library, every label escaped.

Charts never rely on colour alone: bars carry their value as text, lines are labelled, and the
planned/actual pairs differ by outline vs fill.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from facilitator.i18n import language, t

INK = "#1f2933"
MUTED = "#7b8794"            # lines and markers only: 3.7:1 on white is too faint for text
TEXT_MUTED = "#52606d"       # secondary text: 6.4:1 on white (WCAG AA asks 4.5:1)
ACCENT = "#2f5d8a"
PLANNED = "#c9d6e3"
OVER = "#b44d12"
GRID = "#e4e7eb"
FONT = "font-family=\"DejaVu Sans, Arial, sans-serif\""


def _svg(width: int, height: int, body: list[str], title: str) -> str:
    return (f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
            f'role="img" aria-label="{escape(title)}" class="chart" {FONT}>'
            f"<title>{escape(title)}</title>" + "".join(body) + "</svg>")


def _text(x: float, y: float, text: str, *, size: int = 11, anchor: str = "start", fill: str = INK,
          weight: str = "normal") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" fill="{fill}" '
            f'font-weight="{weight}">{escape(text)}</text>')


def _num(text: str) -> str:
    """A number drawn in a chart, with the decimal comma in French."""
    return text.replace(".", ",") if language() == "fr" else text


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def hbars(rows: Sequence[tuple[str, float, str]], title: str, *, maximum: float | None = None,
          width: int = 720, label_width: int = 190, bar_height: int = 16) -> str:
    """Horizontal bars: (label, value, value text) per row, scaled to `maximum` (default: largest)."""
    top = max([v for _, v, _ in rows] + [maximum or 0, 1e-9])
    gap = 6
    height = len(rows) * (bar_height + gap) + 10
    span = width - label_width - 110
    body = []
    for i, (label, value, shown) in enumerate(rows):
        y = 5 + i * (bar_height + gap)
        length = max(0.0, value) / top * span
        body.append(_text(label_width - 8, y + bar_height - 4, _short(label, 30), anchor="end"))
        body.append(f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar_height}" fill="{ACCENT}"/>')
        body.append(_text(label_width + length + 5, y + bar_height - 4, shown, fill=INK))
    return _svg(width, height, body, title)


def timing_bars(items: Sequence[tuple[str, int, int]], title: str, *, width: int = 720,
                label_width: int = 220) -> str:
    """Planned (outlined) vs actual (filled) minutes of each agenda item: (label, planned_s, actual_s)."""
    top = max([max(p, a) for _, p, a in items] + [60])
    row = 26
    height = len(items) * row + 34
    span = width - label_width - 80
    body = []
    for i, (label, planned, actual) in enumerate(items):
        y = 8 + i * row
        body.append(_text(label_width - 8, y + 14, _short(label, 34), anchor="end"))
        p_len = planned / top * span
        a_len = actual / top * span
        over = actual > planned + 60
        body.append(f'<rect x="{label_width}" y="{y}" width="{p_len:.1f}" height="9" fill="{PLANNED}" '
                    f'stroke="{MUTED}" stroke-width="0.8"/>')
        body.append(f'<rect x="{label_width}" y="{y + 10}" width="{a_len:.1f}" height="9" '
                    f'fill="{OVER if over else ACCENT}"/>')
        delta = round((actual - planned) / 60)
        sign = "+" if delta > 0 else ""
        body.append(_text(label_width + max(p_len, a_len) + 5, y + 16,
                          f"{round(actual / 60)}/{round(planned / 60)} min ({sign}{delta})",
                          size=10, fill=OVER if over else INK))
    legend_y = height - 12
    body.append(f'<rect x="{label_width}" y="{legend_y - 8}" width="14" height="8" fill="{PLANNED}" '
                f'stroke="{MUTED}" stroke-width="0.8"/>')
    body.append(_text(label_width + 18, legend_y, t("charts.planned"), size=10, fill=TEXT_MUTED))
    body.append(f'<rect x="{label_width + 130}" y="{legend_y - 8}" width="14" height="8" fill="{ACCENT}"/>')
    body.append(_text(label_width + 148, legend_y, t("charts.actual"), size=10, fill=TEXT_MUTED))
    body.append(f'<rect x="{label_width + 240}" y="{legend_y - 8}" width="14" height="8" fill="{OVER}"/>')
    body.append(_text(label_width + 258, legend_y, t("charts.overrun"), size=10, fill=TEXT_MUTED))
    return _svg(width, height, body, title)


def trajectories(series: Mapping[str, Sequence[float | None]], medians: Sequence[float | None],
                 labels: Sequence[str], title: str, *, y_max: float | None = None,
                 y_label: str = "", width: int = 340, height: int = 230) -> str:
    """Each participant's values over time points (thin lines), the group median (thick, labelled)."""
    left, right, top, bottom = 44, 56, 14, 30
    values = [v for s in series.values() for v in s if v is not None] + [m for m in medians if m is not None]
    high = y_max if y_max is not None else (max(values) if values else 1.0)
    high = high or 1.0
    plot_w = width - left - right
    plot_h = height - top - bottom

    def x(i: int) -> float:
        return left + (plot_w * i / max(1, len(labels) - 1))

    def y(v: float) -> float:
        return top + plot_h - (v / high) * plot_h

    body = []
    for k in range(5):
        value = high * k / 4
        body.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
                    f'stroke="{GRID}"/>')
        body.append(_text(left - 5, y(value) + 4, _num(f"{value:g}"), size=9, anchor="end", fill=TEXT_MUTED))
    for i, label in enumerate(labels):
        body.append(_text(x(i), height - 10, label, size=11, anchor="middle"))
    if y_label:
        body.append(_text(left, top - 3, y_label, size=9, fill=TEXT_MUTED))
    for code, points in series.items():
        # a line joins two consecutive time points only: a missing T1 leaves T0 and T2 unjoined
        for segment in _segments(points):
            path = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in segment)
            body.append(f'<polyline points="{path}" fill="none" stroke="{MUTED}" stroke-width="1" '
                        f'opacity="0.7"><title>{escape(code)}</title></polyline>')
        for i, v in enumerate(points):
            if v is not None:
                body.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="2" fill="{MUTED}"/>')
    for segment in _segments(medians):
        path = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in segment)
        body.append(f'<polyline points="{path}" fill="none" stroke="{ACCENT}" stroke-width="3"/>')
    med = [(x(i), y(v), v) for i, v in enumerate(medians) if v is not None]
    for px, py, v in med:
        body.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4" fill="{ACCENT}"/>')
        body.append(_text(px + 6, py - 6, _num(f"{v:.3g}"), size=10, fill=ACCENT, weight="bold"))
    if med:
        body.append(_text(width - right + 4, med[-1][1] + 4, t("charts.median"), size=9, fill=ACCENT))
    return _svg(width, height, body, title)


def _segments(points: Sequence[float | None]) -> list[list[tuple[int, float]]]:
    """Runs of two or more consecutive known values, as (index, value) lists."""
    runs: list[list[tuple[int, float]]] = []
    current: list[tuple[int, float]] = []
    for i, v in enumerate(points):
        if v is None:
            if len(current) >= 2:
                runs.append(current)
            current = []
        else:
            current.append((i, v))
    if len(current) >= 2:
        runs.append(current)
    return runs


def medians_chart(points: Sequence[tuple[str, float | None, float | None, float | None]], title: str, *,
                  y_max: float, y_label: str = "", median_label: str = "", width: int = 420,
                  height: int = 230) -> str:
    """The median (dot, labelled) and interquartile range (bar) at each time point: (label, median, q1, q3).

    Medians of consecutive time points are joined; a time point with no value breaks the line.
    """
    left, right, top, bottom = 44, 24, 18, 30
    plot_w = width - left - right
    plot_h = height - top - bottom
    high = y_max or 1.0

    def x(i: int) -> float:
        return left + plot_w * (i + 0.5) / max(1, len(points))

    def y(v: float) -> float:
        return top + plot_h - (v / high) * plot_h

    body = []
    for k in range(5):
        value = high * k / 4
        body.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
                    f'stroke="{GRID}"/>')
        body.append(_text(left - 5, y(value) + 4, _num(f"{value:g}"), size=9, anchor="end", fill=TEXT_MUTED))
    if y_label:
        body.append(_text(left, top - 5, y_label + (f" — {median_label}" if median_label else ""), size=9,
                          fill=TEXT_MUTED))
    for i, (label, _median, q1, q3) in enumerate(points):
        body.append(_text(x(i), height - 10, label, size=11, anchor="middle"))
        if q1 is not None and q3 is not None:
            body.append(f'<line x1="{x(i):.1f}" x2="{x(i):.1f}" y1="{y(q1):.1f}" y2="{y(q3):.1f}" '
                        f'stroke="{ACCENT}" stroke-width="8" opacity="0.35"/>')
    for segment in _segments([m for _l, m, _a, _b in points]):
        path = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in segment)
        body.append(f'<polyline points="{path}" fill="none" stroke="{ACCENT}" stroke-width="2"/>')
    for i, (_label, median, _q1, _q3) in enumerate(points):
        if median is not None:
            body.append(f'<circle cx="{x(i):.1f}" cy="{y(median):.1f}" r="4" fill="{ACCENT}"/>')
            body.append(_text(x(i) + 8, y(median) - 6, _num(f"{median:.3g}"), size=10, fill=ACCENT, weight="bold"))
    return _svg(width, height, body, title)
