"""Search hits as CSV or Excel files, the same columns in both.

Written by ``portal.spreadsheets`` like every export: a cell that begins with
= + - @ (or a tab or carriage return) gets a leading apostrophe, so an
applicant's name or a note typed as ``=HYPERLINK(...)`` opens as text, and
times are Beijing time, as on the search page, the heading naming the zone.
"""

from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.spreadsheets import BEIJING, table_csv, table_xlsx, timed

from . import vocabulary
from .query import Hit

COLUMNS = (
    (_("类别"), 8),
    (_("案件编号"), 16),
    (_("编号"), 16),
    (_("标题"), 36),
    (_("内容"), 80),
    (_("时间"), 26),
    (_("乡镇"), 12),
    (_("状态"), 10),
    (_("救助事项"), 16),
    (_("渠道"), 10),
    (_("经办人"), 12),
    (_("操作人"), 12),
    (_("记录"), 14),
)


TIME_COLUMN = 5


def headings() -> list[str]:
    titles = [str(title) for title, _width in COLUMNS]
    titles[TIME_COLUMN] = timed(titles[TIME_COLUMN])
    return titles


def rows(hits: Iterable[Hit]) -> list[list]:
    """The heading and a row per hit, codes turned into names."""
    hits = list(hits)
    labels = vocabulary.labels()
    users = vocabulary.users(
        {name for h in hits for name in (h.handler, h.user) if name}
    )

    def label(name: str, code: str) -> str:
        return labels[name].get(code, code)

    by_kind: dict = {}
    table: list[list] = [headings()]
    for hit in hits:
        table.append(
            [
                label("kind", hit.kind),
                hit.case_number,
                hit.number,
                hit.title,
                hit.body,
                hit.at,
                label("township", hit.township),
                vocabulary.hit_labels(hit, by_kind)["status"],
                label("assistance_type", hit.assistance_type),
                vocabulary.hit_labels(hit, by_kind)["channel"],
                users.get(hit.handler, hit.handler),
                users.get(hit.user, hit.user),
                hit.record,
            ]
        )
    return table


def to_csv(table: list[list]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel on Windows reads the Chinese correctly."""
    return table_csv(table[0], table[1:])


def to_xlsx(table: list[list]) -> bytes:
    """One sheet, the heading bold and frozen, columns wide enough to read."""
    return table_xlsx(
        table[0],
        table[1:],
        sheet=str(_("检索结果")),
        widths=[width for _title, width in COLUMNS],
    )


def filename(extension: str) -> str:
    """archive-search-20261123-1530.csv, in local time."""
    now = timezone.localtime(timezone.now(), BEIJING)
    return f"archive-search-{now:%Y%m%d-%H%M}.{extension}"
