"""限时办结：各环节用时与按时率、各乡镇限时办结率、当前超期。"""

from django.utils.translation import gettext as _

from .. import timeliness
from ..periods import Period
from ..scope import Scope
from ..shapes import Section, Table, rate
from .common import count_table, label, table_chart, total_of


def _stage_table(scope: Scope, period: Period) -> Table:
    timings = timeliness.stage_timings(scope, period)
    return Table(
        "stage_timings",
        _("各环节用时（工作日）"),
        [
            _("环节"),
            _("本期完成"),
            _("按期完成"),
            _("按期率（%）"),
            _("平均用时"),
            _("第90百分位用时"),
        ],
        [
            [
                t.label,
                t.completed,
                t.on_time,
                rate(t.on_time, t.completed),
                t.average,
                t.p90,
            ]
            for t in timings
        ],
        note=_(
            "用时按工作日历计算（不含起算当日，跳过周末、节假日，计入调休上班日）；"
            "按期以存档的期限为准，已含经批准的延期和补正暂停。"
            "公示按规定天数自然结束，不列入；公示期满后的审批确认另计。"
        ),
    )


def _on_time_table(scope: Scope, period: Period) -> Table:
    rows = timeliness.on_time_by_township(scope, period)
    closed, on_time = total_of(rows, 0), total_of(rows, 1)
    return Table(
        "on_time",
        _("限时办结率：按乡镇"),
        [_("乡镇"), _("本期办结"), _("限时办结"), _("限时办结率（%）")],
        [
            [label(r), r.values[0], r.values[1], rate(r.values[1], r.values[0])]
            for r in rows
        ],
        total=[_("合计"), closed, on_time, rate(on_time, closed)],
        note=_(
            "本期回复申请人（办结）的案件中，每个环节都在期限内完成的比例；"
            "公示期和补正暂停不计入办理时间。"
        ),
    )


def section(scope: Scope, period: Period) -> tuple[dict, Section]:
    stages = _stage_table(scope, period)
    on_time = _on_time_table(scope, period)
    overdue = count_table(
        "overdue_township",
        _("当前超期案件：按乡镇"),
        _("乡镇"),
        timeliness.overdue_now_by_township(scope),
    )
    overdue_stages = count_table(
        "overdue_stage",
        _("当前超期环节"),
        _("环节"),
        timeliness.overdue_now_by_stage(scope),
    )
    overdue.note = _(
        "当前：截至生成报表之时，不限统计期；补正暂停中的案件不计，"
        "公示期满待审批的，审批确认期限届满前不计。"
    )
    charts = [
        table_chart(
            "bar",
            stages,
            _("本期完成的各环节平均用时和第90百分位用时，单位：工作日。"),
            [(_("平均用时"), 4), (_("第90百分位用时"), 5)],
            unit=_("工作日"),
        ),
        table_chart(
            "stacked",
            on_time,
            _("本期办结的案件中按时与超时办结的件数。"),
            [(_("限时办结"), 2), (_("超时办结"), lambda row: row[1] - row[2])],
        ),
    ]
    headline = {"on_time_rate": on_time.total[3], "overdue": overdue.total[1]}
    return headline, Section(
        "timeliness",
        _("限时办结"),
        [stages, on_time, overdue, overdue_stages],
        charts,
    )
