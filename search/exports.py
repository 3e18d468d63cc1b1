"""Search hits as CSV or Excel files, the same columns in both.

A cell that begins with = + - @ (or a tab or carriage return) is what a
spreadsheet takes for a formula; an applicant's name or a note typed as
``=HYPERLINK(...)`` must open as text, so such values get a leading apostrophe
(CSV injection, OWASP). Times are local (Asia/Shanghai), as on the search page.
"""

import csv
import io
from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from cases.spreadsheets import neutralise

from . import vocabulary
from .query import Hit

COLUMNS = (
    (_("类别"), 8),
    (_("案件编号"), 16),
    (_("编号"), 16),
    (_("标题"), 36),
    (_("内容"), 80),
    (_("时间"), 20),
    (_("乡镇"), 12),
    (_("状态"), 10),
    (_("救助事项"), 16),
    (_("渠道"), 10),
    (_("经办人"), 12),
    (_("操作人"), 12),
    (_("记录"), 14),
)


def local_time(at: datetime) -> str:
    return timezone.localtime(at, ZoneInfo(settings.TIME_ZONE)).strftime(
        "%Y-%m-%d %H:%M:%S"
    )


def rows(hits: Iterable[Hit]) -> list[list[str]]:
    """The header and a row per hit: codes turned into names, every cell neutralised."""
    hits = list(hits)
    labels = vocabulary.labels()
    users = vocabulary.users(
        {name for h in hits for name in (h.handler, h.user) if name}
    )

    def label(name: str, code: str) -> str:
        return labels[name].get(code, code)

    by_kind: dict = {}
    table = [[str(title) for title, _width in COLUMNS]]
    for hit in hits:
        table.append(
            [
                neutralise(cell)
                for cell in (
                    label("kind", hit.kind),
                    hit.case_number,
                    hit.number,
                    hit.title,
                    hit.body,
                    local_time(hit.at),
                    label("township", hit.township),
                    vocabulary.hit_labels(hit, by_kind)["status"],
                    label("assistance_type", hit.assistance_type),
                    vocabulary.hit_labels(hit, by_kind)["channel"],
                    users.get(hit.handler, hit.handler),
                    users.get(hit.user, hit.user),
                    hit.record,
                )
            ]
        )
    return table


def to_csv(table: list[list[str]]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel on Windows reads the Chinese correctly."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows(table)
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(table: list[list[str]]) -> bytes:
    """One sheet, the header bold and frozen, columns wide enough to read."""
    book = Workbook()
    sheet = book.active
    sheet.title = str(_("检索结果"))
    for row in table:
        # Control characters are not allowed in an .xlsx file at all; removing
        # one may expose a leading "=", so neutralise again afterwards.
        sheet.append([neutralise(ILLEGAL_CHARACTERS_RE.sub("", cell)) for cell in row])
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
    for index, (_title, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def filename(extension: str) -> str:
    """archive-search-20261123-1530.csv, in local time."""
    now = timezone.localtime(timezone.now(), ZoneInfo(settings.TIME_ZONE))
    return f"archive-search-{now:%Y%m%d-%H%M}.{extension}"
