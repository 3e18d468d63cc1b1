"""Charts drawn on the server as inline SVG: bar, stacked bar and line.

No JavaScript, no outside resource, no ``style`` attribute: colours are SVG
presentation attributes that ``static/css/stats.css`` can override (print,
forced colours). Series are told apart by pattern and marker shape as well as
colour, every bar and line carries its number or name directly, and each chart
has a ``<title>`` and ``<desc>``; the table with the same numbers sits beside it.
"""

import math
from xml.sax.saxutils import escape, quoteattr

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .shapes import Chart

WIDTH = 640
LABEL_WIDTH = 150
VALUE_ROOM = 56
TOP = 34
BAR = 16
GAP = 10
LABEL_CHARS = 10
COLOURS = ("#1f5fa8", "#c05a00", "#2f7d32", "#6a3d9a")
MARKERS = ("circle", "square", "triangle", "diamond")
DASHES = ("", "6 3", "2 3", "8 3 2 3")


def _text(value) -> str:
    return escape(str(value))


def _number(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}"
    return f"{int(value)}"


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def _nice_max(value: float) -> float:
    """An axis maximum whose quarters are round numbers (whole ones for counts)."""
    if value <= 0:
        return 4
    quarter = value / 4
    if quarter <= 10:
        return 4 * math.ceil(quarter)
    magnitude = 10 ** math.floor(math.log10(quarter))
    for factor in (1, 2, 2.5, 5, 10):
        if magnitude * factor >= quarter:
            return 4 * magnitude * factor
    return 4 * magnitude * 10


def _patterns(uid: str, count: int) -> str:
    """Solid, hatched, dotted and cross-hatched fills: series differ without colour."""
    shapes = (
        "",
        '<path d="M0 6 L6 0" stroke="#fff" stroke-width="1.5"/>',
        '<circle cx="3" cy="3" r="1.2" fill="#fff"/>',
        '<path d="M0 0 L6 6 M0 6 L6 0" stroke="#fff" stroke-width="1"/>',
    )
    parts = []
    for index in range(count):
        colour = COLOURS[index % len(COLOURS)]
        parts.append(
            f'<pattern id="{uid}-p{index}" width="6" height="6" '
            f'patternUnits="userSpaceOnUse" class="stats-pattern stats-series-{index}">'
            f'<rect width="6" height="6" fill="{colour}"/>'
            f"{shapes[index % len(shapes)]}</pattern>"
        )
    return "<defs>" + "".join(parts) + "</defs>"


def _open(chart: Chart, uid: str, height: int) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="stats-chart '
        f'stats-chart--{chart.kind}" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-labelledby="{uid}-t {uid}-d" focusable="false">'
        f'<title id="{uid}-t">{_text(chart.title)}</title>'
        f'<desc id="{uid}-d">{_text(chart.description)} '
        f"{_text(_('数字见图下表格。'))}</desc>"
    )


def _legend(chart: Chart, uid: str, y: int) -> str:
    if len(chart.series) < 2:
        return ""
    parts, x = [], LABEL_WIDTH
    for index, series in enumerate(chart.series):
        if chart.kind == "line":
            parts.append(_line_key(index, x, y))
        else:
            parts.append(
                f'<rect x="{x}" y="{y - 10}" width="14" height="12" '
                f'fill="url(#{uid}-p{index})" stroke="#222" stroke-width="0.5"/>'
            )
        parts.append(
            f'<text x="{x + 20}" y="{y}" class="stats-legend">'
            f"{_text(series.name)}</text>"
        )
        x += 28 + 13 * len(series.name)
    return "".join(parts)


def _axis(maximum: float, left: int, right: int, top: int, bottom: int) -> str:
    parts = []
    for step in range(5):
        value = maximum * step / 4
        x = left + (right - left) * step / 4
        parts.append(
            f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{bottom}" '
            f'class="stats-grid" stroke="#ccc" stroke-width="1"/>'
            f'<text x="{x:.1f}" y="{top - 4}" text-anchor="middle" '
            f'class="stats-tick">{_number(value)}</text>'
        )
    return "".join(parts)


def _bars(chart: Chart, uid: str) -> str:
    """Horizontal bars: one row per category, series side by side or stacked."""
    stacked = chart.kind == "stacked"
    per_row = 1 if stacked else len(chart.series)
    row_height = per_row * BAR + GAP
    legend = 22 if len(chart.series) > 1 else 0
    top = TOP + legend
    height = top + row_height * len(chart.categories) + 10
    right = WIDTH - VALUE_ROOM
    totals = [
        [v or 0 for v in values]
        for values in zip(*(s.values for s in chart.series), strict=True)
    ]
    peak = max((sum(t) if stacked else max(t)) for t in totals) if totals else 0
    maximum = _nice_max(peak)
    scale = (right - LABEL_WIDTH) / maximum
    parts = [_open(chart, uid, height), _patterns(uid, len(chart.series))]
    parts.append(_legend(chart, uid, TOP - 2 + legend - 4) if legend else "")
    parts.append(_axis(maximum, LABEL_WIDTH, right, top, height - 10))
    for row, category in enumerate(chart.categories):
        y = top + row * row_height + GAP // 2
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + per_row * BAR / 2 + 4:.1f}" '
            f'text-anchor="end" class="stats-label">{_text(_short(category))}'
            f"<title>{_text(category)}</title></text>"
        )
        x = LABEL_WIDTH
        for index, series in enumerate(chart.series):
            value = series.values[row]
            length = (value or 0) * scale
            bar_y = y if stacked else y + index * BAR
            parts.append(
                f'<rect x="{x:.1f}" y="{bar_y}" width="{length:.1f}" '
                f'height="{BAR - 2}" fill="url(#{uid}-p{index})" stroke="#222" '
                f'stroke-width="0.5" class="stats-bar stats-series-{index}">'
                f"<title>{_text(category)} {_text(series.name)}："
                f"{_number(value)}{_text(chart.unit)}</title></rect>"
            )
            if stacked:
                x += length
            else:
                parts.append(_value(LABEL_WIDTH + length + 4, bar_y + BAR - 4, value))
        if stacked:
            total = sum(v or 0 for v in totals[row])
            parts.append(_value(x + 4, y + BAR - 4, total))
    parts.append("</svg>")
    return "".join(parts)


def _value(x: float, y: float, value) -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" class="stats-value">{_number(value)}</text>'


def _line_key(index: int, x: float, y: float) -> str:
    colour = COLOURS[index % len(COLOURS)]
    dash = DASHES[index % len(DASHES)]
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<line x1="{x - 2}" y1="{y - 4}" x2="{x + 16}" y2="{y - 4}" '
        f'stroke="{colour}" stroke-width="2"{dash_attr} class="stats-series-{index}"/>'
        + _marker(index, x + 7, y - 4, colour)
    )


def _marker(index: int, x: float, y: float, colour: str) -> str:
    shape = MARKERS[index % len(MARKERS)]
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>'
    if shape == "square":
        corners = [(x - 3.5, y - 3.5), (x + 3.5, y - 3.5), (x + 3.5, y + 3.5)]
        corners.append((x - 3.5, y + 3.5))
    elif shape == "triangle":
        corners = [(x, y - 4.5), (x - 4.5, y + 3.5), (x + 4.5, y + 3.5)]
    else:
        corners = [(x, y - 5), (x - 5, y), (x, y + 5), (x + 5, y)]
    points = " ".join(f"{a:.1f},{b:.1f}" for a, b in corners)
    return f'<polygon points="{points}" fill="{colour}"/>'


def _line(chart: Chart, uid: str) -> str:
    """Months left to right; each series a line with its own dash and marker."""
    height, left, right = 280, 44, WIDTH - 70
    top, bottom = TOP + 22, 240
    peak = max((v or 0 for s in chart.series for v in s.values), default=0)
    maximum = _nice_max(peak)
    count = max(len(chart.categories), 1)
    step = (right - left) / max(count - 1, 1)
    parts = [_open(chart, uid, height), _legend(chart, uid, TOP)]
    for tick in range(5):
        value = maximum * tick / 4
        y = bottom - (bottom - top) * tick / 4
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" '
            f'class="stats-grid" stroke="#ccc" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" '
            f'class="stats-tick">{_number(value)}</text>'
        )
    for index, category in enumerate(chart.categories):
        x = left + index * step
        parts.append(
            f'<text x="{x:.1f}" y="{bottom + 16}" text-anchor="middle" '
            f'class="stats-tick">{_text(category[2:])}</text>'
        )
    for index, series in enumerate(chart.series):
        colour = COLOURS[index % len(COLOURS)]
        dash = DASHES[index % len(DASHES)]
        points = [
            (left + i * step, bottom - (v or 0) / maximum * (bottom - top))
            for i, v in enumerate(series.values)
        ]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{colour}" '
            f'stroke-width="2"{dash_attr} class="stats-line stats-series-{index}"/>'
        )
        for (x, y), value, category in zip(
            points, series.values, chart.categories, strict=True
        ):
            parts.append(
                f"<g>{_marker(index, x, y, colour)}<title>{_text(category)} "
                f"{_text(series.name)}：{_number(value)}{_text(chart.unit)}</title></g>"
            )
    parts.append(_end_labels(chart, left + (count - 1) * step, bottom, top, maximum))
    parts.append("</svg>")
    return "".join(parts)


def _end_labels(chart: Chart, x: float, bottom: int, top: int, maximum) -> str:
    """Each line named at its last point, pushed apart so none overlap."""
    wanted = sorted(
        (bottom - (s.values[-1] or 0) / maximum * (bottom - top), index)
        for index, s in enumerate(chart.series)
        if s.values
    )
    parts, previous = [], -1e9
    for y, index in wanted:
        y = max(y, previous + 13)
        previous = y
        series = chart.series[index]
        parts.append(
            f'<text x="{x + 8:.1f}" y="{y + 4:.1f}" class="stats-value">'
            f"{_text(series.name)} {_number(series.values[-1])}</text>"
        )
    return "".join(parts)


def render(chart: Chart, uid: str) -> SafeString:
    """The chart as SVG markup; every text in it is escaped here."""
    if not chart.categories or not any(
        any(v for v in series.values) for series in chart.series
    ):
        message = _("本期没有可绘制的数据。")
        return mark_safe(  # noqa: S308 - only escaped text
            f'<p class="stats-empty" id={quoteattr(uid)}>{_text(message)}</p>'
        )
    svg = _line(chart, uid) if chart.kind == "line" else _bars(chart, uid)
    return mark_safe(svg)  # noqa: S308 - built from escaped text only
