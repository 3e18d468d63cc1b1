"""Helpers shared by the section builders: counts turned into tables and charts."""

from django.utils.translation import gettext as _

from ..figures import Row
from ..shapes import Chart, Series, Table


def label(row: Row) -> str:
    return row.label or _("未指定乡镇")


def total_of(rows: list[Row], index: int) -> int:
    return sum(row.values[index] for row in rows)


def count_table(key: str, title: str, head: str, rows: list[Row]) -> Table:
    return Table(
        key,
        title,
        [head, _("件数")],
        [[label(r), r.values[0]] for r in rows],
        total=[_("合计"), total_of(rows, 0)],
    )


def bar(title: str, description: str, table: Table, unit: str) -> Chart:
    return Chart(
        "bar",
        title,
        description,
        [row[0] for row in table.rows],
        [Series(table.columns[1], [row[1] for row in table.rows])],
        unit=unit,
        table_key=table.key,
    )
