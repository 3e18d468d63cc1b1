"""A guide's process as an SVG flowchart, drawn on the server.

No JavaScript and no outside resource: the SVG is inline in the page, prints as
vector graphics, and the print/poster views reuse the same layout.

Two layouts: one box per row (the web page, the print view), and a compact one
(rows of four, read left to right, a bent arrow to the next row) that a
one-page poster uses when the tall one does not leave room for the rest.
"""

from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

WIDTH = 560
BOX_WIDTH = 420
BOX_HEIGHT = 64
GAP = 36
MARGIN = 20
CHARS_PER_LINE = 22

# The compact layout: four boxes a row, each of two short lines (the level by a
# short name: the legend and the web page give the full one).
COMPACT_COLUMNS = 4
COMPACT_MARGIN = 10
COMPACT_COLUMN_GAP = 24
COMPACT_ROW_GAP = 24
COMPACT_BOX_WIDTH = (
    WIDTH - 2 * COMPACT_MARGIN - (COMPACT_COLUMNS - 1) * COMPACT_COLUMN_GAP
) // COMPACT_COLUMNS
COMPACT_BOX_HEIGHT = 46
COMPACT_CHARS = 7

SHORT_LEVELS = {
    "applicant": gettext_lazy("申请人"),
    "village": gettext_lazy("村"),
    "township": gettext_lazy("乡镇"),
    "county": gettext_lazy("县级"),
}

LEVEL_COLOURS = {
    "applicant": ("#f4f6f8", "#5b6670"),
    "village": ("#eef7ee", "#2e7d32"),
    "township": ("#e8f1fb", "#1565c0"),
    "county": ("#fdf1e6", "#b35c00"),
}


@dataclass(frozen=True)
class Box:
    x: int
    y: int
    number: int
    title: str
    detail: str
    fill: str
    stroke: str


def _detail(step) -> str:
    return _("%(level)s · %(limit)s") % {
        "level": step.get_level_display(),
        "limit": step.limit_text(),
    }


def layout(steps) -> tuple[list[Box], int]:
    """Boxes top to bottom, and the height of the drawing."""
    boxes = []
    x = (WIDTH - BOX_WIDTH) // 2
    for number, step in enumerate(steps, start=1):
        fill, stroke = LEVEL_COLOURS.get(step.level, LEVEL_COLOURS["applicant"])
        title = step.title
        if len(title) > CHARS_PER_LINE:
            title = title[: CHARS_PER_LINE - 1] + "…"
        y = MARGIN + (number - 1) * (BOX_HEIGHT + GAP)
        boxes.append(Box(x, y, number, title, _detail(step), fill, stroke))
    height = MARGIN * 2 + max(len(boxes), 1) * (BOX_HEIGHT + GAP) - GAP
    return boxes, height


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _step_number(number: int) -> str:
    return _("第%(n)s步") % {"n": number}


def _arrow(d: str) -> str:
    return (
        f'<path d="{d}" fill="none" stroke="#444" stroke-width="2" '
        f'marker-end="url(#fc-arrow)"/>'
    )


def _tall(boxes) -> list[str]:
    parts = []
    centre = WIDTH // 2
    for index, box in enumerate(boxes):
        if index:
            parts.append(
                f'<line x1="{centre}" y1="{box.y - GAP + 2}" x2="{centre}" '
                f'y2="{box.y - 3}" stroke="#444" stroke-width="2" '
                f'marker-end="url(#fc-arrow)"/>'
            )
        parts.append(
            f'<g class="fc-step"><rect x="{box.x}" y="{box.y}" width="{BOX_WIDTH}" '
            f'height="{BOX_HEIGHT}" rx="8" fill="{box.fill}" stroke="{box.stroke}" '
            f'stroke-width="2"/>'
            f'<text x="{centre}" y="{box.y + 27}" text-anchor="middle" '
            f'font-size="17" font-weight="bold" fill="#1a1a1a">'
            f"{escape(_step_number(box.number))} {escape(box.title)}</text>"
            f'<text x="{centre}" y="{box.y + 50}" text-anchor="middle" '
            f'font-size="14" fill="{box.stroke}">{escape(box.detail)}</text></g>'
        )
    return parts


def compact_layout(steps) -> tuple[list[tuple[Box, str]], int]:
    """Rows of COMPACT_COLUMNS boxes; each box with its level and its limit."""
    placed = []
    for index, step in enumerate(steps):
        row, column = divmod(index, COMPACT_COLUMNS)
        x = COMPACT_MARGIN + column * (COMPACT_BOX_WIDTH + COMPACT_COLUMN_GAP)
        y = COMPACT_MARGIN + row * (COMPACT_BOX_HEIGHT + COMPACT_ROW_GAP)
        fill, stroke = LEVEL_COLOURS.get(step.level, LEVEL_COLOURS["applicant"])
        title = _short(f"{index + 1}. {step.title}", COMPACT_CHARS + 3)
        box = Box(x, y, index + 1, title, _detail(step), fill, stroke)
        level = SHORT_LEVELS.get(step.level, step.get_level_display())
        placed.append((box, f"{level} · {step.limit_text()}"))
    rows = max(1, -(-len(placed) // COMPACT_COLUMNS))
    height = 2 * COMPACT_MARGIN + rows * (COMPACT_BOX_HEIGHT + COMPACT_ROW_GAP)
    return placed, height - COMPACT_ROW_GAP


def _compact(placed) -> list[str]:
    parts = []
    w, h = COMPACT_BOX_WIDTH, COMPACT_BOX_HEIGHT
    for index, (box, detail) in enumerate(placed):
        if index:
            before = placed[index - 1][0]
            if before.y == box.y:  # same row: straight on
                parts.append(
                    _arrow(f"M{before.x + w + 2},{box.y + h // 2} H{box.x - 3}")
                )
            else:  # next row: down, back to the left, down again
                middle = before.y + h + COMPACT_ROW_GAP // 2
                parts.append(
                    _arrow(
                        f"M{before.x + w // 2},{before.y + h + 2} V{middle} "
                        f"H{box.x + w // 2} V{box.y - 3}"
                    )
                )
        centre = box.x + w // 2
        parts.append(
            f'<g class="fc-step"><rect x="{box.x}" y="{box.y}" width="{w}" '
            f'height="{h}" rx="6" fill="{box.fill}" stroke="{box.stroke}" '
            f'stroke-width="2"/>'
            f'<text x="{centre}" y="{box.y + 20}" text-anchor="middle" '
            f'font-size="14" font-weight="bold" fill="#1a1a1a">'
            f"{escape(box.title)}</text>"
            f'<text x="{centre}" y="{box.y + 38}" text-anchor="middle" '
            f'font-size="12" fill="{box.stroke}">{escape(detail)}</text></g>'
        )
    return parts


def render_flowchart_svg(
    steps, *, title: str = "", font_family: str = "", compact: bool = False
) -> str:
    """``font_family`` (comma-separated names) goes on the root element, where
    every text inherits it: a PDF renderer does not apply the page's CSS to
    inline SVG and would otherwise let fontconfig pick any CJK face.

    ``compact``: the poster's simplified chart, a third of the height for the
    usual eight steps; titles are shortened there, the full ones stay in the
    description (read out by screen readers, kept as text in the PDF).
    """
    steps = list(steps)
    boxes, height = layout(steps)
    if compact:
        placed, height = compact_layout(steps)
        drawing = _compact(placed)
    else:
        drawing = _tall(boxes)
    font = f" font-family={quoteattr(font_family)}" if font_family else ""
    label = _("%(title)s办理流程图") % {"title": title}
    description = "；".join(
        f"{_step_number(b.number)} {b.title}（{b.detail}）" for b in boxes
    )
    css_class = "flowchart flowchart-compact" if compact else "flowchart"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{css_class}" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'role="img" aria-labelledby="fc-title fc-desc"{font}>',
        f'<title id="fc-title">{escape(label)}</title>',
        f'<desc id="fc-desc">{escape(description)}</desc>',
        "<defs><marker id='fc-arrow' viewBox='0 0 10 10' refX='9' refY='5' "
        "markerWidth='8' markerHeight='8' orient='auto-start-reverse'>"
        "<path d='M0,0 L10,5 L0,10 z' fill='#444'/></marker></defs>",
        *drawing,
        "</svg>",
    ]
    return "".join(parts)
