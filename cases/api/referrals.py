"""分办转办 endpoints (token required): refer, record feedback and the result.

A case or referral outside the caller's jurisdiction answers 404, as an unknown
number does.
"""

import re

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router
from ninja.responses import Status
from wagtail.api.v3.auth import BearerTokenAuth

from cases.models import Referral
from cases.selectors import referrals_visible_to
from cases.services import referral_close, referral_feedback, referral_send
from portal.models import Department

from .casework import _ERRORS, _case
from .errors import InvalidInput
from .record_schemas import FeedbackIn, ReferralIn, ResultIn
from .schemas import ReferralOut

router = Router(auth=BearerTokenAuth(), tags=["referrals"])
_NUMBER = re.compile(r"^[A-Za-z0-9]{1,24}$")


def _referral(user, number: str) -> Referral:
    if not _NUMBER.match(number):
        raise Http404
    found = referrals_visible_to(user).filter(number=number).first()
    if found is None:
        raise Http404
    return found


@router.post("/cases/{number}/referrals", response={201: ReferralOut, **_ERRORS})
def referral_create(request, number: str, payload: ReferralIn):
    """转办：把案件或其中一项诉求转交承办部门，返回台账编号和应反馈日期。

    应反馈日期为转办次日起第 due_working_days 个工作日（跳过节假日，计入调休上班日）。
    部门编码不存在返回 422；案件已归档返回 409。
    """
    case = _case(request.user, number)
    department = Department.objects.filter(code=payload.department).first()
    if department is None:
        raise InvalidInput(
            [
                (
                    "department",
                    _("部门编码“%(code)s”不存在，请查阅 GET /api/v1/reference。")
                    % {"code": payload.department},
                )
            ]
        )
    referral = referral_send(
        by=request.user,
        case=case,
        department=department,
        reason=payload.reason,
        need=payload.need,
        contact=payload.contact,
        documents=payload.documents,
        due_working_days=payload.due_working_days,
        whole_case=payload.whole_case,
    )
    return Status(201, referral)


@router.get("/referrals/{number}", response={200: ReferralOut, **_ERRORS})
def referral_detail(request, number: str):
    """台账中的一条转办：去向、期限、反馈与结果。"""
    return _referral(request.user, number)


@router.post("/referrals/{number}/feedback", response={200: ReferralOut, **_ERRORS})
def referral_feedback_create(request, number: str, payload: FeedbackIn):
    """登记承办部门的反馈。"""
    referral = referral_feedback(
        by=request.user,
        referral=_referral(request.user, number),
        feedback=payload.feedback,
    )
    return referral


@router.post("/referrals/{number}/result", response={200: ReferralOut, **_ERRORS})
def referral_result_create(request, number: str, payload: ResultIn):
    """登记最终办理结果（须先有反馈）。"""
    referral = referral_close(
        by=request.user,
        referral=_referral(request.user, number),
        result=payload.result,
    )
    return referral
