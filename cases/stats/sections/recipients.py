"""定期复核 and 待遇调整 (增发、减发、补发、暂停、停发) on the dashboard.

Registered as report sections (``report.register_section``), so they are on the
dashboard, in the Excel workbook, on the print view and in the command's output.
"""

from django.utils.translation import gettext as _

from .. import recipients as figures
from ..figures import Row
from ..periods import Period
from ..scope import Scope
from ..shapes import Section, Table, rate
from .common import table_chart, total_of


def _review_table(key: str, title: str, head: str, rows: list[Row]) -> Table:
    done, on_time = total_of(rows, 0), total_of(rows, 1)
    return Table(
        key,
        title,
        [head, _("本期复核"), _("按期复核"), _("逾期复核"), _("按期率（%）")],
        [[r.label, *r.values, rate(r.values[1], r.values[0])] for r in rows],
        total=[_("合计"), done, on_time, total_of(rows, 2), rate(on_time, done)],
    )


def periodic_reviews(scope: Scope, period: Period) -> Section:
    """定期复核：本期完成的复核中按期（应复核日期当日或之前）和逾期的。"""
    tables = [
        _review_table(
            "reviews_type",
            _("定期复核：按救助事项"),
            _("救助事项"),
            figures.reviews_by(scope, period, "type"),
        )
    ]
    if scope.by_township:
        tables.append(
            _review_table(
                "reviews_township",
                _("定期复核：按乡镇"),
                _("乡镇"),
                figures.reviews_by(scope, period, "township"),
            )
        )
    charts = [
        table_chart(
            "stacked",
            table,
            _("本期完成的定期复核中按期和逾期的件数。"),
            [(_("按期复核"), 2), (_("逾期复核"), 3)],
        )
        for table in tables
    ]
    return Section(
        "periodic_reviews",
        _("定期复核"),
        tables,
        charts,
        note=_(
            "按复核日期归入统计期；在应复核日期当日或之前完成的为按期。"
            "在册对象的复核周期由办事指南规定（收入变动家庭周期较短）。"
        ),
    )


def _kind_names() -> list[str]:
    return [str(kind.label) for kind in figures.KINDS]


def _change_table(key: str, title: str, head: str, rows: list) -> Table:
    width = len(figures.KINDS)
    totals = [sum(values[i] for _label, values in rows) for i in range(width)]
    return Table(
        key,
        title,
        [head, *_kind_names(), _("合计")],
        [[label, *values, sum(values)] for label, values in rows],
        total=[_("合计"), *totals, sum(totals)],
    )


def benefit_changes(scope: Scope, period: Period) -> Section:
    """待遇调整：增发、减发、补发、暂停发放、停发的件数。"""
    tables = [
        _change_table(
            "benefit_type",
            _("待遇调整：按救助事项"),
            _("救助事项"),
            [(r.label, r.values) for r in figures.changes_by(scope, period, "type")],
        )
    ]
    if scope.by_township:
        tables.append(
            _change_table(
                "benefit_township",
                _("待遇调整：按乡镇"),
                _("乡镇"),
                [
                    (r.label, r.values)
                    for r in figures.changes_by(scope, period, "township")
                ],
            )
        )
    tables.append(
        _change_table(
            "benefit_month",
            _("待遇调整：按生效月份"),
            _("月份"),
            [(f"{m:%Y-%m}", v) for m, v in figures.changes_by_month(scope, period)],
        )
    )
    series = [(name, i + 1) for i, name in enumerate(_kind_names())]
    charts = [
        table_chart(
            "stacked",
            table,
            _("本期生效的增发、减发、补发、暂停发放和停发的件数。"),
            series,
        )
        for table in tables
    ]
    return Section(
        "benefit_changes",
        _("待遇调整"),
        tables,
        charts,
        note=_(
            "按生效月份归入统计期。增发、减发为每月金额的调整，补发为一次发放，"
            "停发同时登记救助对象退出。"
        ),
    )
