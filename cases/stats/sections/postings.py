"""线上线下一致性: the posting register's figures, as a section of the report.

The register is a state, not a flow: the figures are those of the day the report
is made, whatever the period, and the section says so.
"""

from django.utils.translation import gettext as _

from portal.models import ServicePoint
from portal.offline.figures import consistency_report

from ..periods import Period
from ..scope import Scope
from ..shapes import Section, Table, rate
from .common import table_chart


def _points(scope: Scope):
    points = ServicePoint.objects.order_by("level", "sort_order", "code")
    if scope.village is not None:
        return points.filter(village=scope.village)
    if scope.township is not None:
        return points.filter(township=scope.township)
    return points


def posting_consistency(scope: Scope, period: Period) -> Section | None:
    report = consistency_report(_points(scope))
    if not report.required:
        return None
    table = Table(
        "postings",
        _("线上线下一致：按服务网点"),
        [
            _("服务网点"),
            _("应张贴"),
            _("现行版本"),
            _("旧版待换"),
            _("缺"),
            _("一致率（%）"),
            _("换版任务待办"),
            _("其中逾期"),
        ],
        [
            [
                row.point.name,
                row.required,
                row.current,
                row.stale,
                row.gaps,
                rate(row.current, row.required),
                row.open_tasks,
                row.overdue_tasks,
            ]
            for row in report.points
            if row.required
        ],
        total=[
            _("合计"),
            report.required,
            report.current,
            report.stale,
            report.gaps,
            rate(report.current, report.required),
            report.open_tasks,
            report.overdue_tasks,
        ],
        note=_(
            "一致率 = 张贴现行版本的应张贴材料 ÷ 应张贴材料（一明显三上墙），"
            "为%(day)s的现状，不按统计期。"
        )
        % {"day": report.today.strftime("%Y-%m-%d")},
    )
    chart = table_chart(
        "stacked",
        table,
        _("各服务网点应张贴材料中，张贴现行版本、张贴旧版和未张贴的件数。"),
        [(_("现行版本"), 2), (_("旧版待换"), 3), (_("缺"), 4)],
        unit=_("项"),
    )
    return Section("postings", _("线上线下一致性"), [table], [chart], note=table.note)
