"""The built-in sections, in the order the dashboard shows them."""

from collections.abc import Callable

from django.utils.translation import gettext as _

from ..periods import Period
from ..scope import Scope
from ..shapes import Figure, Section, percent
from . import caseload, oversight, timeliness

# How many times built_in calls ``progress``: one per step below.
BUILT_IN_STEPS = 7


def built_in(
    scope: Scope, period: Period, *, progress: Callable[[str], None] | None = None
) -> tuple[list[Figure], list[Section]]:
    def step(title: str) -> None:
        if progress:
            progress(title)

    step(_("受理申请"))
    received, applications = caseload.applications(scope, period)
    step(_("月度趋势"))
    trend = caseload.trend(scope, period)
    step(_("审批决定与救助对象"))
    (approved, denied, exited), decisions = caseload.decisions(scope, period)
    step(_("限时办结"))
    timing, timeliness_section = timeliness.section(scope, period)
    step(_("分办转办"))
    referral_rate, referrals = oversight.referrals(scope, period)
    step(_("投诉举报"))
    complaint_rate, complaints = oversight.complaints(scope, period)
    step(_("评价回访"))
    satisfaction_rate, satisfaction = oversight.satisfaction(scope, period)
    headline = [
        Figure(_("受理申请"), str(received), _("件")),
        Figure(_("审批同意（新增救助对象）"), str(approved), _("件")),
        Figure(_("审批不同意"), str(denied), _("件")),
        Figure(_("退出救助对象"), str(exited), _("件")),
        Figure(_("限时办结率"), percent(timing["on_time_rate"])),
        Figure(_("当前超期案件"), str(timing["overdue"]), _("件")),
        Figure(_("转办按期反馈率"), percent(referral_rate)),
        Figure(_("投诉按期答复率"), percent(complaint_rate)),
        Figure(_("回访满意率"), percent(satisfaction_rate)),
    ]
    sections = [
        applications,
        trend,
        decisions,
        timeliness_section,
        referrals,
        complaints,
        satisfaction,
    ]
    return headline, sections
