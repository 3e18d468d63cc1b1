"""办理进度 as the public reads it: status and each stage's due date, no names.

One shape for every door that shows it, ``GET /api/v1/progress``,
``GET /api/v1/complaints/progress`` and the public progress page: ninja Schemas
filled here from the records (what is derived is derived once, here), below
the interfaces so neither imports the other.

A case shows its assistance type, its stages in the order of the procedure
(not the order the deadlines were written), each stage's due date and state,
the pauses (补正, 核对异议) and the approved extensions, and each referral's
state with an overdue one flagged. A complaint shows its status and, when the
complainant gave a name, the date the answer is due (10 working days on the
same calendar as the case deadlines).
"""

import re
import unicodedata
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema

from core.stages import CASE_STAGES
from core.workdays import PROVISIONAL_MARK

# 案件编号 JZ2026000123, 投诉编号 TS2026000045: letters and digits, at most 24.
TRACKING_NUMBER = re.compile(r"^[A-Z0-9]{1,24}$")
_STAGE_ORDER = {stage.value: index for index, stage in enumerate(CASE_STAGES)}


def tracking_number(raw: str) -> str | None:
    """The number as stored (full-width typed on a phone, lower case, spaces
    around: all the same number), or None when it cannot be one at all."""
    if not isinstance(raw, str) or len(raw) > 100:
        return None
    number = unicodedata.normalize("NFKC", raw).strip().upper()
    return number if TRACKING_NUMBER.match(number) else None


# Mixins of derived values several answers share (no fields of their own, no
# docstring: a docstring would become a description in the OpenAPI document).
class StatusLabelled(Schema):
    @staticmethod
    def resolve_status_label(record) -> str:
        return record.get_status_display()


class StageLabelled(Schema):
    @staticmethod
    def resolve_stage_label(deadline) -> str:
        return deadline.get_stage_display()


class ReferredOn(Schema):
    @staticmethod
    def resolve_referred_on(referral) -> date:
        return timezone.localdate(referral.referred_at)


class ProgressDeadlineOut(Schema):
    stage: str
    stage_label: str
    due_on: date
    completed: bool
    working_days: int = Field(description="时限（工作日；公示为自然日）")
    extended_days: int = Field(description="经批准延长的天数")
    limit_label: str = Field(description="时限的说法，如“5个工作日（含延长3个工作日）”")
    state: str = Field(
        description="completed 已完成、overdue 已超期、paused 暂停计时、running 办理中"
    )
    state_label: str
    provisional: bool = Field(description="期限暂定：所跨年份的节假日安排尚未录入")


class ProgressPauseOut(Schema):
    kind: str = Field(description="correction 补正、objection 核对异议")
    kind_label: str
    started_on: date
    ended_on: date | None = Field(description="仍在暂停的为 null")


class ProgressExtensionOut(Schema):
    stage: str
    stage_label: str
    days: int = Field(description="延长的工作日")
    approved_on: date


class ProgressReferralOut(Schema):
    department: str = Field(description="承办部门")
    need: str
    referred_on: date
    feedback_due: date
    status: str
    status_label: str
    overdue: bool = Field(description="逾期：已过应反馈日期仍未反馈")


class ProgressOut(Schema):
    number: str
    status: str
    status_label: str
    assistance_type: str = Field(description="救助事项")
    paused: bool = Field(description="正在暂停计时（补正或核对异议），期限相应顺延")
    deadlines: list[ProgressDeadlineOut] = Field(description="各环节期限，按办理顺序")
    pauses: list[ProgressPauseOut] = Field(description="暂停计时的时段")
    extensions: list[ProgressExtensionOut] = Field(description="经审核人批准的延期")
    referrals: list[ProgressReferralOut] = Field(
        description="转办去向：哪个部门办理、何时反馈"
    )


class ComplaintProgressOut(Schema):
    number: str
    status: str
    status_label: str
    received_on: date
    response_due: date | None = Field(
        description="应反馈日期：署名投诉自收到次日起10个工作日；未署名的为 null"
    )
    provisional: bool = Field(description="期限暂定：所跨年份的节假日安排尚未录入")
    overdue: bool = Field(description="已过应反馈日期仍未反馈")
    answered_on: date | None = Field(description="已反馈的日期")


STATE_LABELS = {
    "completed": _("已完成"),
    "overdue": _("已超期"),
    "paused": _("暂停计时"),
    "running": _("办理中"),
}


def _limit_label(deadline) -> str:
    unit = _("个自然日") if deadline.is_rule_period else _("个工作日")
    label = f"{deadline.working_days + deadline.extended_days}{unit}"
    if deadline.extended_days:
        label += str(
            _("（含延长%(n)s%(unit)s）") % {"n": deadline.extended_days, "unit": unit}
        )
    return label


def _deadline(deadline, *, paused: bool, today: date) -> ProgressDeadlineOut:
    if deadline.completed_at is not None:
        state = "completed"
    elif deadline.is_overdue(today, paused=paused):
        state = "overdue"
    elif paused and not deadline.is_rule_period:
        state = "paused"
    else:
        state = "running"
    return ProgressDeadlineOut(
        stage=deadline.stage,
        stage_label=deadline.get_stage_display(),
        due_on=deadline.due_on,
        completed=deadline.completed_at is not None,
        working_days=deadline.working_days,
        extended_days=deadline.extended_days,
        limit_label=_limit_label(deadline),
        state=state,
        state_label=str(STATE_LABELS[state]),
        provisional=deadline.is_provisional,
    )


def case_progress(case, *, today: date | None = None) -> ProgressOut:
    """公众查询：the case's progress, shaped once for the API and the page."""
    today = today or timezone.localdate()
    pauses = sorted(case.pauses.all(), key=lambda p: (p.started_on, p.pk))
    paused = any(p.ended_on is None for p in pauses)
    deadlines = sorted(
        case.deadlines.all(),
        key=lambda d: (_STAGE_ORDER.get(d.stage, len(_STAGE_ORDER)), d.pk),
    )
    extensions = [
        ProgressExtensionOut(
            stage=deadline.stage,
            stage_label=deadline.get_stage_display(),
            days=extension.days,
            approved_on=timezone.localdate(extension.decided_at),
        )
        for deadline in deadlines
        for extension in sorted(deadline.extensions.all(), key=lambda e: e.pk)
        if extension.status == extension.Status.APPROVED and extension.decided_at
    ]
    referrals = sorted(case.referrals.all(), key=lambda r: (r.referred_at, r.pk))
    return ProgressOut(
        number=case.number,
        status=case.status,
        status_label=case.get_status_display(),
        assistance_type=case.assistance_type.name,
        paused=paused,
        deadlines=[_deadline(d, paused=paused, today=today) for d in deadlines],
        pauses=[
            ProgressPauseOut(
                kind=pause.kind,
                kind_label=pause.get_kind_display(),
                started_on=pause.started_on,
                ended_on=pause.ended_on,
            )
            for pause in pauses
        ],
        extensions=extensions,
        referrals=[_referral(r, today=today) for r in referrals],
    )


def _referral(referral, *, today: date) -> ProgressReferralOut:
    return ProgressReferralOut(
        department=referral.department.name,
        need=referral.need,
        referred_on=timezone.localdate(referral.referred_at),
        feedback_due=referral.feedback_due,
        status=referral.status,
        status_label=referral.get_status_display(),
        overdue=referral.is_overdue(today),
    )


def complaint_progress(complaint, *, today: date | None = None) -> ComplaintProgressOut:
    """投诉进度：状态与应反馈日期，不含投诉内容和姓名。"""
    due = complaint.response_due
    answered = complaint.answered_at
    return ComplaintProgressOut(
        number=complaint.number,
        status=complaint.status,
        status_label=complaint.get_status_display(),
        received_on=timezone.localdate(complaint.received_at),
        response_due=due,
        provisional=due is not None and PROVISIONAL_MARK in complaint.due_calculation,
        overdue=complaint.is_overdue(today),
        answered_on=timezone.localdate(answered) if answered else None,
    )
