"""投诉举报：登记、查办、反馈与责任追究。

A named complainant (署名) is told what the inquiry found within 10 working days
counted from the day after the complaint arrived (the start day itself does not
count in ``WorkingCalendar.add``). An anonymous complaint is registered and
looked into the same way, but there is no one to answer, so it has no due date.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.access import jurisdiction, may, require, rule_for
from cases.identity import validate_phone
from cases.models import Case, Complaint
from core import limits
from core.workdays import WorkingCalendar
from portal.models import Township

from .archive import archive_file
from .errors import CaseError, CasePermissionDenied
from .guard import locked_within_reach
from .history import save_with_reason
from .numbering import next_number
from .text import clean_text, clean_texts

RESPONSE_WORKING_DAYS = 10
C = Complaint.Channel
# What the public site, the government-service app and the provincial platform send.
PUBLIC_CHANNELS = frozenset({C.WEBSITE, C.APP, C.PLATFORM})


@dataclass(frozen=True)
class ComplaintIn:
    channel: str
    content: str
    name: str = ""
    phone: str = ""
    address: str = ""
    case_number: str = ""


def _particulars(data: ComplaintIn) -> dict:
    if data.channel not in C.values:
        raise CaseError(
            _("来源渠道“%(code)s”不存在，可用：%(known)s。")
            % {"code": data.channel, "known": "、".join(C.values)},
            field="channel",
        )
    fields = clean_texts(
        data, Complaint, required=("content",), optional=("name", "phone", "address")
    )
    if fields["phone"]:
        try:
            validate_phone(fields["phone"])
        except ValidationError as error:
            raise CaseError(error.messages[0], field="phone") from error
    if fields["name"] and not (fields["phone"] or fields["address"]):
        raise CaseError(
            _("署名投诉请留下联系电话或地址，以便反馈查办情况。"), field="phone"
        )
    return fields


def _create(data: ComplaintIn, *, by, case: Case | None, township) -> Complaint:
    fields = _particulars(data)
    now = timezone.now()
    complaint = Complaint(
        number=next_number("TS"),
        channel=data.channel,
        case=case,
        stated_case_number=(data.case_number or "").strip()[
            : limits.max_length(Complaint, "stated_case_number")
        ],
        township=case.township if case is not None else township,
        received_at=now,
        received_by=by,
        **fields,
    )
    if complaint.is_named:
        calc = WorkingCalendar().add(timezone.localdate(now), RESPONSE_WORKING_DAYS)
        complaint.response_due = calc.result
        complaint.due_calculation = calc.describe()
    else:
        complaint.due_calculation = _("未署名，不设反馈期限；照常登记查办。")
    save_with_reason(
        complaint, by=by, reason=_("登记投诉（%s）") % complaint.get_channel_display()
    )
    return complaint


@transaction.atomic
def complaint_submit(*, data: ComplaintIn) -> Complaint:
    """From the public: the website form, the app or the provincial platform.

    A case number the complainant gives is linked when it exists; whether it does
    is never said back, so the form cannot be used to probe case numbers.
    """
    if data.channel not in PUBLIC_CHANNELS:
        raise CaseError(
            _("网上投诉的来源渠道应为：%s。") % "、".join(sorted(PUBLIC_CHANNELS)),
            field="channel",
        )
    number = (data.case_number or "").strip()
    case = Case.objects.filter(number=number).first() if number else None
    return _create(data, by=None, case=case, township=None)


@transaction.atomic
def complaint_register(
    *, by, data: ComplaintIn, case: Case | None = None, township=None
) -> Complaint:
    """Staff entry of a complaint by phone, the 12349 hotline, letter or visit.

    A township clerk registers for their own township; a county reviewer for any,
    or for none yet (the county then assigns it).
    """
    require(by, "complaint.register")
    if case is not None:
        require(by, "case.view", case, field="case")
        require(by, "complaint.register", case, field="case")
    reach = jurisdiction(by, "complaint.register")
    if not reach.everywhere:
        township = Township.objects.get(pk=reach.township_id)
    return _create(data, by=by, case=case, township=township)


def _locked(by, complaint: Complaint) -> Complaint:
    return locked_within_reach(
        by, "complaint.handle", complaint, related=("township", "case", "handler")
    )


@transaction.atomic
def complaint_assign(
    *, by, complaint: Complaint, handler, township: Township | None = None
) -> Complaint:
    """交办：定查办人（县级可同时指定乡镇），状态转为查办中。"""
    complaint = _locked(by, complaint)
    if complaint.status not in (Complaint.Status.RECEIVED, Complaint.Status.HANDLING):
        raise CaseError(_("该投诉已反馈或办结，不能再交办。"))
    if township is not None and township.pk != complaint.township_id:
        require(by, "complaint.assign_township", field="township")
        if complaint.case_id:
            raise CasePermissionDenied(
                rule_for("complaint.assign_township").refusal_message,
                field="township",
            )
        complaint.township = township
    if handler is None or not may(handler, "complaint.handle", complaint):
        raise CaseError(_("查办人应为该乡镇的经办人或县级审核人。"), field="handler")
    complaint.handler = handler
    complaint.status = Complaint.Status.HANDLING
    save_with_reason(complaint, by=by, reason=_("交办投诉"))
    return complaint


@transaction.atomic
def complaint_answer(
    *,
    by,
    complaint: Complaint,
    findings: str,
    answer: str = "",
    answered_how: str = "",
    accountability: str = "",
    accountability_note: str = "",
) -> Complaint:
    """查办结论、对署名投诉人的反馈与责任追究结果。"""
    complaint = _locked(by, complaint)
    if complaint.status not in (Complaint.Status.RECEIVED, Complaint.Status.HANDLING):
        raise CaseError(_("该投诉已反馈或办结。"))
    complaint.findings = clean_text(
        findings,
        field="findings",
        label=_("查办情况"),
        model=Complaint,
    )
    valid = [v for v in Complaint.Accountability.values if v]
    if accountability not in valid:
        raise CaseError(_("请选择责任追究结果。"), field="accountability")
    complaint.accountability = accountability
    complaint.accountability_note = clean_text(
        accountability_note,
        field="accountability_note",
        label=_("追责说明"),
        model=Complaint,
        required=False,
    )
    named = complaint.is_named
    complaint.answer = clean_text(
        answer,
        field="answer",
        label=_("反馈内容"),
        model=Complaint,
        required=named,
    )
    complaint.answered_how = clean_text(
        answered_how,
        field="answered_how",
        label=_("反馈方式"),
        model=Complaint,
        required=named,
    )
    now = timezone.now()
    if named:
        complaint.answered_at = now
        complaint.status = Complaint.Status.ANSWERED
    else:
        complaint.closed_at = now
        complaint.status = Complaint.Status.CLOSED
    if complaint.handler_id is None:
        complaint.handler = by
    save_with_reason(complaint, by=by, reason=_("投诉查办结论"))
    archive_file(by=by, record=complaint)
    return complaint
