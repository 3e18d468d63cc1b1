"""咨询登记（首问负责）: consultations of the period per window and per first
responder, and how many became cases. Registered as a report section
(``report.register_section``), so it is on the dashboard, in the Excel
workbook, on the print view and in the command's output."""

from django.utils.translation import gettext as _

from .. import figures
from ..periods import Period
from ..scope import Scope
from ..shapes import Section, Table, rate
from .common import table_chart


def consultations(scope: Scope, period: Period) -> Section | None:
    if scope.village is not None:
        return None  # village questions are in the registration book
    rows = figures.consultations_by_township(scope, period)
    totals = [sum(r.values[i] for r in rows) for i in range(5)]
    by_window = Table(
        "consultations",
        _("咨询登记：按窗口"),
        [
            _("窗口"),
            _("咨询登记"),
            _("来访"),
            _("来电"),
            _("已一次性告知"),
            _("转为案件"),
            _("转为案件比例（%）"),
        ],
        [
            [r.label or _("县级窗口"), *r.values, rate(r.values[4], r.values[0])]
            for r in rows
        ],
        total=[_("合计"), *totals, rate(totals[4], totals[0])],
        note=_(
            "按咨询时间（北京时间）归入统计期；转为案件的，不论何时转成都计入"
            "咨询所在的统计期。乡镇窗口的咨询计入该乡镇，县级窗口的单列。"
        ),
    )
    people = figures.consultations_by_responder(scope, period)
    by_responder = Table(
        "consultation_responders",
        _("咨询登记：按首问负责人"),
        [_("首问负责人"), _("咨询登记"), _("转为案件")],
        [[r.label, *r.values] for r in people],
        total=[_("合计"), totals[0], totals[4]],
    )
    charts = []
    if by_window.rows:
        charts.append(
            table_chart(
                "stacked",
                by_window,
                _("本期各窗口登记的咨询中，转为案件和未转为案件的件数。"),
                [(_("转为案件"), 5), (_("未转为案件"), lambda row: row[1] - row[5])],
            )
        )
    return Section(
        "consultations",
        _("咨询登记（首问负责）"),
        [by_window, by_responder],
        charts,
        note=by_window.note,
    )
