"""Helpers shared by the section builders: counts turned into tables and charts."""

from collections.abc import Callable

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


# A chart series' value in a table row: a column index, or worked out from the row.
Column = int | Callable[[list], float]


def table_chart(
    kind: str,
    table: Table,
    description: str,
    series: list[tuple[str, Column]],
    *,
    unit: str | None = None,
    title: str | None = None,
) -> Chart:
    """The chart of a table: a category per row (its first cell), a series per
    (name, column). ``unit`` defaults to 件."""

    def value(row: list, column: Column) -> float:
        return column(row) if callable(column) else row[column]

    return Chart(
        kind,
        table.title if title is None else title,
        description,
        [row[0] for row in table.rows],
        [
            Series(name, [value(row, column) for row in table.rows])
            for name, column in series
        ],
        unit=_("件") if unit is None else unit,
        table_key=table.key,
    )


def bar(title: str, description: str, table: Table, unit: str) -> Chart:
    return table_chart(
        "bar", table, description, [(table.columns[1], 1)], unit=unit, title=title
    )
