"""Referrals, complaints, follow-ups, leads and registration entries, each made
through its service as staff or the public would."""

from cases.models import Case
from cases.services import (
    ComplaintIn,
    LeadIn,
    case_transition,
    complaint_register,
    complaint_submit,
    lead_report,
    referral_send,
)

from .cases import approval_terms, received_case
from .directory import DepartmentFactory


def education_department():
    return DepartmentFactory(code="jiaoyu", name="县教育局", phone="0736-5523610")


def referral(clerk_user, case: Case, *, department=None, **kwargs):
    kwargs.setdefault("reason", "子女就读高中，学费减免属教育部门职责。")
    kwargs.setdefault("need", "教育救助")
    return referral_send(
        by=clerk_user,
        case=case,
        department=department or education_department(),
        **kwargs,
    )


def replied_case(clerk_user, reviewer_user, township, **kwargs) -> Case:
    """办结：受理、调查、审核、审批同意、回复。"""
    case = received_case(clerk_user, township, **kwargs)
    for action in ("accept", "start_investigation", "submit_investigation"):
        case = case_transition(by=clerk_user, case=case, action=action)
    case = case_transition(
        by=reviewer_user, case=case, action="approve", note="同意", **approval_terms()
    )
    return case_transition(by=clerk_user, case=case, action="reply")


# What each decision says, for the result notice (办理结果告知) it leads to.
OUTCOMES = {
    "approved": ("approve", "符合条件，同意救助。"),
    "denied": ("deny", "家庭人均收入高于当地最低生活保障标准。"),
    "not_accepted": ("reject", "申请人户籍和居住地均不在本乡镇。"),
    "referred": ("refer", "危房改造属县住房和城乡建设局职责，已转该局办理。"),
}
APPROVED_AMOUNT, APPROVED_MONTH = "580.50", "2026-12"


def decided_case(
    clerk_user, reviewer_user, township, outcome: str, *, reply: bool = True, **kwargs
) -> Case:
    """A case decided one of the four ways, and replied to (办结) unless not.

    审批同意 grants APPROVED_AMOUNT a month from APPROVED_MONTH, so run it in
    November or December 2026 (``tests.factories.clock.on_day``).
    """
    action, note = OUTCOMES[outcome]
    case = received_case(clerk_user, township, **kwargs)
    if action in {"approve", "deny"}:
        for step in ("accept", "start_investigation", "submit_investigation"):
            case = case_transition(by=clerk_user, case=case, action=step)
    terms = {}
    if action == "approve":
        terms = {"monthly_amount": APPROVED_AMOUNT, "starts_month": APPROVED_MONTH}
    by = reviewer_user if action in {"approve", "deny"} else clerk_user
    case = case_transition(by=by, case=case, action=action, note=note, **terms)
    if reply:
        case = case_transition(by=clerk_user, case=case, action="reply")
    return case


def archived_case(clerk_user, reviewer_user, township, **kwargs) -> Case:
    case = replied_case(clerk_user, reviewer_user, township, **kwargs)
    return case_transition(by=clerk_user, case=case, action="archive")


def public_complaint(**fields):
    fields.setdefault("channel", "website")
    fields.setdefault("content", "窗口工作人员态度生硬，材料一次没有说清楚。")
    return complaint_submit(data=ComplaintIn(**fields))


def staff_complaint(user, *, case=None, township=None, **fields):
    fields.setdefault("channel", "hotline_12349")
    fields.setdefault("content", "来电反映：申请临时救助一个月没有答复。")
    fields.setdefault("name", "王大妈")
    fields.setdefault("phone", "13900001111")
    return complaint_register(
        by=user, data=ComplaintIn(**fields), case=case, township=township
    )


def lead(user, township, *, village=None, **fields):
    fields.setdefault("source", "grid_worker")
    fields.setdefault("source_name", "网格员小周")
    fields.setdefault("person_name", "覃老伯")
    fields.setdefault("content", "独居老人，腿脚不便，近两月没有收入来源。")
    return lead_report(
        by=user, data=LeadIn(township=township, village=village, **fields)
    )
