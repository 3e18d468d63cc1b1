"""A guide's process as an SVG flowchart, drawn on the server.

No JavaScript and no outside resource: the SVG is inline in the page, prints as
vector graphics, and the print/poster views reuse the same layout.
"""

from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from django.utils.translation import gettext as _

WIDTH = 560
BOX_WIDTH = 420
BOX_HEIGHT = 64
GAP = 36
MARGIN = 20
CHARS_PER_LINE = 22

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


def render_flowchart_svg(steps, *, title: str = "", font_family: str = "") -> str:
    """``font_family`` (comma-separated names) goes on the root element, where
    every text inherits it: a PDF renderer does not apply the page's CSS to
    inline SVG and would otherwise let fontconfig pick any CJK face."""
    boxes, height = layout(steps)
    font = f" font-family={quoteattr(font_family)}" if font_family else ""
    label = _("%(title)s办理流程图") % {"title": title}
    description = "；".join(
        f"{_('第%(n)s步') % {'n': b.number}} {b.title}（{b.detail}）" for b in boxes
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="flowchart" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'role="img" aria-labelledby="fc-title fc-desc"{font}>',
        f'<title id="fc-title">{escape(label)}</title>',
        f'<desc id="fc-desc">{escape(description)}</desc>',
        "<defs><marker id='fc-arrow' viewBox='0 0 10 10' refX='9' refY='5' "
        "markerWidth='8' markerHeight='8' orient='auto-start-reverse'>"
        "<path d='M0,0 L10,5 L0,10 z' fill='#444'/></marker></defs>",
    ]
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
            f"{escape(_('第%(n)s步') % {'n': box.number})} {escape(box.title)}</text>"
            f'<text x="{centre}" y="{box.y + 50}" text-anchor="middle" '
            f'font-size="14" fill="{box.stroke}">{escape(box.detail)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)
