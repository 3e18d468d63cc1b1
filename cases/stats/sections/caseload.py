"""受理、趋势、审批：按救助事项、渠道、乡镇和月份。"""

from django.utils.translation import gettext as _

from .. import figures
from ..figures import Row
from ..periods import Period
from ..scope import Scope
from ..shapes import Chart, Section, Table
from .common import bar, count_table, label, table_chart, total_of


def applications(scope: Scope, period: Period) -> tuple[int, Section]:
    counts = figures.application_counts(scope, period)  # one query, three tables
    counted = [
        _counted(
            "applications_type",
            _("受理申请：按救助事项"),
            _("救助事项"),
            figures.applications_by_type(scope, period, counts),
            _("本期各救助事项受理的申请件数。"),
        ),
        _counted(
            "applications_channel",
            _("受理申请：按受理渠道"),
            _("受理渠道"),
            figures.applications_by_channel(scope, period, counts),
            _("本期各受理渠道来件数。"),
        ),
    ]
    if scope.by_township:
        counted.append(
            _counted(
                "applications_township",
                _("受理申请：按乡镇"),
                _("乡镇"),
                figures.applications_by_township(scope, period, counts),
                _("本期各乡镇受理的申请件数。"),
            )
        )
    tables = [table for table, _chart in counted]
    section = Section(
        "applications", _("受理申请"), tables, [chart for _table, chart in counted]
    )
    return tables[0].total[1], section


def _counted(
    key: str, title: str, head: str, rows: list[Row], description: str
) -> tuple[Table, Chart]:
    """A count by one breakdown, as a table and its bar chart."""
    table = count_table(key, title, head, rows)
    return table, bar(table.title, description, table, _("件"))


def trend(scope: Scope, period: Period) -> Section:
    months, counts = figures.monthly_trend(scope, period)
    labels = [f"{m:%Y-%m}" for m in months]
    names = {
        "received": _("受理"),
        "decided": _("审批"),
        "closed": _("办结"),
    }
    table = Table(
        "trend",
        _("近12个月受理、审批、办结件数"),
        [_("月份"), *names.values()],
        [[label, *(counts[k][i] for k in names)] for i, label in enumerate(labels)],
    )
    chart = table_chart(
        "line",
        table,
        _("截至本统计期末的12个月，每月受理、审批和办结的件数。"),
        [(str(name), i + 1) for i, name in enumerate(names.values())],
    )
    return Section("trend", _("月度趋势"), [table], [chart])


def pair_table(
    key: str, title: str, head: str, rows: list[Row], names: list[str], *, sign: int
) -> Table:
    """Two counts side by side and their sum (``sign`` 1) or difference (-1)."""
    first, second = total_of(rows, 0), total_of(rows, 1)
    return Table(
        key,
        title,
        [head, *names],
        [
            [label(r), r.values[0], r.values[1], r.values[0] + sign * r.values[1]]
            for r in rows
        ],
        total=[_("合计"), first, second, first + sign * second],
    )


def decision_table(key: str, title: str, head: str, rows: list[Row]) -> Table:
    names = [_("审批同意（新增救助对象）"), _("审批不同意"), _("合计")]
    return pair_table(key, title, head, rows, names, sign=1)


def stacked(
    title: str,
    description: str,
    table: Table,
    names: list[str],
    *,
    kind: str = "stacked",
) -> Chart:
    series = [(name, i + 1) for i, name in enumerate(names)]
    return table_chart(kind, table, description, series, title=title)


def recipients_table(key: str, title: str, head: str, rows: list[Row]) -> Table:
    """新增与退出救助对象, side by side, and the net change."""
    names = [_("新增救助对象"), _("退出救助对象"), _("净增")]
    return pair_table(key, title, head, rows, names, sign=-1)


def grouped(title: str, description: str, table: Table, names: list[str]) -> Chart:
    """Two or more series side by side (a bar chart of the table's first columns)."""
    return stacked(title, description, table, names, kind="bar")


def decisions(scope: Scope, period: Period) -> tuple[list[int], Section]:
    """Returns (approved, denied, exited) for the headline, and the section."""
    counts = figures.decision_counts(scope, period)  # one query for all four
    tables, charts = _decided_and_moved(
        "type",
        _("救助事项"),
        figures.decisions_by_type(scope, period, counts),
        figures.recipients_by_type(scope, period, counts),
        titles=(_("审批决定：按救助事项"), _("新增与退出救助对象：按救助事项")),
        descriptions=(
            _("本期各救助事项审批同意与不同意的件数。"),
            _("本期各救助事项新增与退出的救助对象件数。"),
        ),
    )
    by_type, recipients = tables
    section = Section(
        "decisions",
        _("审批决定与救助对象"),
        tables,
        charts,
        note=_(
            "新增救助对象即本期审批同意的申请；退出救助对象按登记的退出（停保）"
            "日期归入统计期，不论案件何时审批。"
        ),
    )
    if scope.by_township:
        tables, charts = _decided_and_moved(
            "township",
            _("乡镇"),
            figures.decisions_by_township(scope, period, counts),
            figures.recipients_by_township(scope, period, counts),
            titles=(_("审批决定：按乡镇"), _("新增与退出救助对象：按乡镇")),
            descriptions=(
                _("本期各乡镇审批同意与不同意的件数。"),
                _("本期各乡镇新增与退出的救助对象件数。"),
            ),
        )
        section.tables += tables
        section.charts += charts
    return [*by_type.total[1:3], recipients.total[2]], section


def _decided_and_moved(
    by: str,
    head: str,
    decided: list[Row],
    moved: list[Row],
    *,
    titles: tuple[str, str],
    descriptions: tuple[str, str],
) -> tuple[list[Table], list[Chart]]:
    """审批决定 and 新增与退出救助对象 by one breakdown (``by``: type or township):
    the two tables, then their charts."""
    decisions = decision_table(f"decisions_{by}", titles[0], head, decided)
    recipients = recipients_table(f"recipients_{by}", titles[1], head, moved)
    charts = [
        stacked(
            decisions.title,
            descriptions[0],
            decisions,
            [_("审批同意"), _("审批不同意")],
        ),
        grouped(
            recipients.title,
            descriptions[1],
            recipients,
            [_("新增救助对象"), _("退出救助对象")],
        ),
    ]
    return [decisions, recipients], charts
