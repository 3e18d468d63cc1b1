"""分办、转办：登记转办、部门反馈、办理结果与逾期催办。

A referral of one need (教育救助、住房救助 …) leaves the case where it is; the
window goes on with the rest of the application. Referring the whole case (不属于
本部门职责) also moves it to 已转办 through the workflow's ``refer`` step, which
is allowed only where that step is (received or accepted, by a township clerk).
Either way the applicant gets a 转办告知 naming the department and the date
feedback is due, so they know who handles it and when.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.access import require
from cases.models import Case, Notice, Referral
from core.workdays import WorkingCalendar
from portal.models import Department

from .archive import archive_file
from .documents import notice_issue
from .errors import CaseArchived, CaseError, InvalidTransition
from .guard import locked_within_reach, require_change
from .history import save_with_reason
from .numbering import next_number
from .text import clean_text

# 调查核实处理时限为5个工作日（各地“一门受理”方案）；转办部门按同一时限反馈。
DEFAULT_FEEDBACK_DAYS = 5
MAX_FEEDBACK_DAYS = 60
# 催办说明 goes into the history reason, not a field of its own.
MAX_CHASE_NOTE = 100


def _refuse_archived(case: Case) -> None:
    if case.is_read_only:
        raise CaseArchived(
            _("案件%(number)s已归档，只读，不能再转办或登记反馈。")
            % {"number": case.number}
        )


@transaction.atomic
def referral_send(
    *,
    by,
    case: Case,
    department: Department | None,
    reason: str,
    need: str = "",
    contact: str = "",
    documents: str = "",
    due_working_days: int = DEFAULT_FEEDBACK_DAYS,
    whole_case: bool = False,
) -> Referral:
    """Refer the case, or one need in it, to another department; issue 转办告知."""
    _refuse_archived(case)
    require_change(by, case)
    require(by, "referral.send", case)
    if department is None:
        raise CaseError(_("请选择承办部门。"), field="department")
    reason = clean_text(reason, field="reason", label=_("转办理由"), model=Referral)
    need = clean_text(
        need, field="need", label=_("转办事项"), model=Referral, required=False
    )
    contact = clean_text(
        contact, field="contact", label=_("接收联系人"), model=Referral, required=False
    )
    documents = clean_text(
        documents,
        field="documents",
        label=_("移送材料"),
        model=Referral,
        required=False,
    )
    if not isinstance(due_working_days, int) or not (
        1 <= due_working_days <= MAX_FEEDBACK_DAYS
    ):
        raise CaseError(
            _("反馈时限应为1至%(n)s个工作日。") % {"n": MAX_FEEDBACK_DAYS},
            field="due_working_days",
        )
    if case.referrals.filter(
        department=department, need=need, status=Referral.Status.SENT
    ).exists():
        raise CaseError(
            _("该事项已转办至%(name)s，尚未反馈；请催办，不要重复转办。")
            % {"name": department.name},
            field="department",
        )
    now = timezone.now()
    calc = WorkingCalendar().add(timezone.localdate(now), due_working_days)
    referral = Referral(
        number=next_number("ZB"),
        case=case,
        department=department,
        whole_case=whole_case,
        need=need,
        reason=reason,
        contact=contact,
        documents=documents,
        referred_at=now,
        referred_by=by,
        due_working_days=due_working_days,
        feedback_due=calc.result,
        due_calculation=calc.describe(),
    )
    save_with_reason(referral, by=by, reason=_("转办至%s") % department.name)
    content = {
        "referral_number": referral.number,
        "department": {
            "code": department.code,
            "name": department.name,
            "phone": department.phone,
            "address": department.address,
        },
        "need": need or case.assistance_type.name,
        "whole_case": whole_case,
        "referred_on": f"{calc.start:%Y-%m-%d}",
        "due_working_days": due_working_days,
        "feedback_due": f"{calc.result:%Y-%m-%d}",
    }
    if whole_case:
        from .workflow import case_transition

        case_transition(
            by=by, case=case, action="refer", note=reason, notice_content=content
        )
    else:
        notice_issue(
            case=case,
            kind=Notice.Kind.REFERRAL,
            by=by,
            content={"reason": reason, **content},
        )
    return referral


def _locked(by, referral: Referral) -> Referral:
    found = locked_within_reach(by, "referral.record", referral, related=("case",))
    _refuse_archived(found.case)
    return found


@transaction.atomic
def referral_feedback(*, by, referral: Referral, feedback: str) -> Referral:
    """登记承办部门的反馈。"""
    referral = _locked(by, referral)
    if referral.status == Referral.Status.CLOSED:
        raise InvalidTransition(_("该转办事项已办结，不能再登记反馈。"))
    text = clean_text(feedback, field="feedback", label=_("部门反馈"), model=Referral)
    referral.record_feedback(text=text, by=by, at=timezone.now())
    save_with_reason(referral, by=by, reason=_("%s反馈") % referral.department.name)
    return referral


@transaction.atomic
def referral_close(*, by, referral: Referral, result: str) -> Referral:
    """登记最终办理结果；须先有部门反馈。"""
    referral = _locked(by, referral)
    if referral.status != Referral.Status.FED_BACK:
        raise InvalidTransition(_("请先登记承办部门的反馈，再登记办理结果。"))
    text = clean_text(result, field="result", label=_("办理结果"), model=Referral)
    referral.close(result=text, at=timezone.now())
    save_with_reason(referral, by=by, reason=_("转办事项办结"))
    archive_file(by=by, record=referral)
    return referral


@transaction.atomic
def referral_chase(*, by, referral: Referral, note: str = "") -> Referral:
    """催办：逾期或临期未反馈的，向承办部门催问，并记下次数和时间。"""
    referral = _locked(by, referral)
    if referral.status != Referral.Status.SENT:
        raise InvalidTransition(_("该转办事项已有反馈，无需催办。"))
    note = clean_text(
        note,
        field="note",
        label=_("催办说明"),
        max_length=MAX_CHASE_NOTE,
        required=False,
    )
    referral.record_chase(at=timezone.now())
    save_with_reason(referral, by=by, reason=_("催办") + (f"：{note}" if note else ""))
    return referral
