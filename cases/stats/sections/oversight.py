"""分办转办、投诉举报、评价回访。"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import FollowUp
from cases.selectors.figures import satisfaction_rate

from .. import oversight
from ..periods import Period
from ..scope import Scope
from ..shapes import Section, Table, rate
from .common import bar, label, table_chart, total_of


def referrals(scope: Scope, period: Period) -> tuple[float | None, Section]:
    rows = oversight.referrals_by_department(scope, period)
    sent, on_time = total_of(rows, 0), total_of(rows, 2)
    table = Table(
        "referrals",
        _("分办转办：按承办部门"),
        [
            _("承办部门"),
            _("本期转出"),
            _("已反馈"),
            _("按期反馈"),
            _("按期反馈率（%）"),
            _("当前逾期未反馈"),
        ],
        [
            [r.label, *r.values[:3], rate(r.values[2], r.values[0]), r.values[3]]
            for r in rows
        ],
        total=[
            _("合计"),
            sent,
            total_of(rows, 1),
            on_time,
            rate(on_time, sent),
            total_of(rows, 3),
        ],
        note=_("按期：部门反馈在应反馈日期当日或之前登记。当前逾期不限统计期。"),
    )
    chart = table_chart(
        "stacked",
        table,
        _("本期转出的事项中按期反馈、逾期反馈和尚未反馈的件数，按承办部门。"),
        [
            (_("按期反馈"), 3),
            (_("逾期反馈"), lambda row: row[2] - row[3]),
            (_("尚未反馈"), lambda row: row[1] - row[2]),
        ],
    )
    return rate(on_time, sent), Section("referrals", _("分办转办"), [table], [chart])


COMPLAINT_COLUMNS = (
    gettext_lazy("本期收到"),
    gettext_lazy("署名（应答复）"),
    gettext_lazy("已答复"),
    gettext_lazy("按期答复"),
)


def _complaint_table(key: str, title: str, head: str, rows) -> Table:
    named, on_time = total_of(rows, 1), total_of(rows, 3)
    return Table(
        key,
        title,
        [head, *map(str, COMPLAINT_COLUMNS), _("按期答复率（%）")],
        [[label(r), *r.values, rate(r.values[3], r.values[1])] for r in rows],
        total=[_("合计"), *(total_of(rows, i) for i in range(4)), rate(on_time, named)],
    )


def complaints(scope: Scope, period: Period) -> tuple[float | None, Section]:
    if not scope.sees_complaints:
        return None, Section(
            "complaints",
            _("投诉举报"),
            note=_("投诉可能涉及村服务站本身，村协理员不查看投诉统计。"),
        )
    by_channel = _complaint_table(
        "complaints_channel",
        _("投诉举报：按来源渠道"),
        _("来源渠道"),
        oversight.complaints_by_channel(scope, period),
    )
    by_channel.note = _(
        "署名投诉应在10个工作日内答复；按期：答复时间不晚于应反馈日期。"
        "当前逾期未答复：%(n)s件（不限统计期）。"
    ) % {"n": oversight.complaints_overdue_now(scope)}
    section = Section("complaints", _("投诉举报"), [by_channel])
    section.charts.append(
        bar(by_channel.title, _("本期各渠道收到的投诉举报件数。"), by_channel, _("件"))
    )
    if scope.by_township:
        section.tables.append(
            _complaint_table(
                "complaints_township",
                _("投诉举报：按乡镇"),
                _("乡镇"),
                oversight.complaints_by_township(scope, period),
            )
        )
    return by_channel.total[5], section


SATISFACTION = FollowUp.Satisfaction.choices


def satisfaction(scope: Scope, period: Period) -> tuple[float | None, Section]:
    counts = oversight.satisfaction(scope, period)
    value = satisfaction_rate(counts)
    table = Table(
        "satisfaction",
        _("评价回访结果"),
        [_("评价结果"), _("件数")],
        [[str(name), counts[key]] for key, name in SATISFACTION],
        total=[_("合计"), counts["total"]],
        note=_(
            "满意率 = （满意 + 基本满意）÷ 联系上的，本期为 %(rate)s；"
            "事后评价 %(evaluations)s 件，电话回访 %(revisits)s 件，"
            "待整改 %(open)s 件。"
        )
        % {
            "rate": "—" if value is None else f"{value:.1f}%",
            "evaluations": counts["evaluations"],
            "revisits": counts["revisits"],
            "open": counts["needs_action"],
        },
    )
    chart = bar(
        table.title, _("本期完成的事后评价和电话回访，按评价结果。"), table, _("件")
    )
    return value, Section("satisfaction", _("评价回访"), [table], [chart])
