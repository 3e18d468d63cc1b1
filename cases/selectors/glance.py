"""案件概要：当前环节、期限与剩余天数、A/B岗，一眼可见。"""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from cases.models import Case
from core.stages import Stage
from core.workdays import WorkingCalendar

S = Case.Status


@dataclass(frozen=True)
class Glance:
    stage: str  # 调查核实
    due_on: date | None
    days_left: int | None  # negative when overdue
    unit: str  # 工作日 / 自然日
    paused: bool
    provisional: bool

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0 and not self.paused

    @property
    def summary(self) -> str:
        """剩余3个工作日 / 今天到期 / 已超期2个工作日 / 暂停计时."""
        if self.due_on is None:
            return ""
        if self.paused:
            return _("暂停计时")
        if self.days_left == 0:
            return _("今天到期")
        if self.days_left > 0:
            return _("剩余%(n)s个%(unit)s") % {"n": self.days_left, "unit": self.unit}
        return _("已超期%(n)s个%(unit)s") % {"n": -self.days_left, "unit": self.unit}


# The stage a case is at, by its status: its deadline is the one shown.
STAGE_AT = {
    S.RECEIVED: Stage.ACCEPT,
    S.ACCEPTED: Stage.INVESTIGATE,
    S.INVESTIGATING: Stage.INVESTIGATE,
    S.REVIEWING: Stage.REVIEW,
    S.PUBLIC_NOTICE: Stage.PUBLIC_NOTICE,
    S.DECIDING: Stage.DECIDE,
    S.APPROVED: Stage.REPLY,
    S.DENIED: Stage.REPLY,
    S.NOT_ACCEPTED: Stage.REPLY,
    S.REFERRED: Stage.REPLY,
}


def case_glance(case, deadlines, *, today: date, paused: bool) -> Glance:
    """The stage the case is at and its open deadline; failing that (a stage
    without a clock), the earliest open deadline the office must meet."""
    running = [d for d in deadlines if d.completed_at is None]
    at_stage = [d for d in running if d.stage == STAGE_AT.get(case.status)]
    timed = at_stage or [d for d in running if not d.is_rule_period] or running
    if not timed:
        return Glance(case.get_status_display(), None, None, "", paused, False)
    current = min(timed, key=lambda d: d.due_on)
    if current.is_rule_period:
        days_left, unit = (current.due_on - today).days, _("自然日")
    else:
        days_left, unit = WorkingCalendar().between(today, current.due_on), _("工作日")
    return Glance(
        stage=current.get_stage_display(),
        due_on=current.due_on,
        days_left=days_left,
        unit=unit,
        paused=paused,
        provisional=current.is_provisional,
    )
