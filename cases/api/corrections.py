"""更正申请人信息 (token required): name, phone, address and village at once, on
one case, with a reason; an ID-number change asked for and decided by another
reviewer.

A case outside the caller's jurisdiction answers 404, as an unknown number does.
"""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router
from ninja.responses import Status
from wagtail.api.v3.auth import BearerTokenAuth

from cases.models import Case
from cases.selectors import id_number_changes_visible_to, with_case_details
from cases.services import (
    applicant_correct,
    applicant_id_change_decide,
    applicant_id_change_request,
)
from portal.models import Village

from .casework import _ERRORS, _case
from .errors import InvalidInput
from .record_schemas import (
    ApplicantCorrectionIn,
    IdNumberChangeDecisionIn,
    IdNumberChangeIn,
)
from .schemas import CaseOut, IdNumberChangeOut

router = Router(auth=BearerTokenAuth(), tags=["corrections"])
_CORRECTED = ("name", "phone", "address", "village")


def _village(code: str | None) -> Village | None:
    if code is None:
        return None
    village = Village.objects.filter(code=code).first()
    if village is None:
        raise InvalidInput(
            [
                (
                    "village",
                    _("编码“%(code)s”不存在，请查阅 GET /api/v1/reference。")
                    % {"code": code},
                )
            ]
        )
    return village


@router.post(
    "/cases/{number}/applicant-corrections", response={200: CaseOut, **_ERRORS}
)
def applicant_correction_create(request, number: str, payload: ApplicantCorrectionIn):
    """更正本案申请人的姓名、电话、住址或村（社区），须写明理由，记入历史。

    只改本案的申请人信息，同一身份证号码的其他案件不受影响。一项都没填或
    村（社区）编码不存在或所填与登记的一致返回 422；案件已归档返回 409；
    岗位不允许返回 403。
    身份证号码的更正另行申请（id-number-changes）。
    """
    case = _case(request.user, number)
    if all(getattr(payload, name) is None for name in _CORRECTED):
        message = _("请至少填写一项要更正的内容：姓名、电话、住址或村（社区）。")
        raise InvalidInput([(name, message) for name in _CORRECTED])
    case = applicant_correct(
        by=request.user,
        case=case,
        name=payload.name,
        phone=payload.phone,
        address=payload.address,
        village=_village(payload.village),
        reason=payload.reason,
    )
    return with_case_details(Case.objects).get(pk=case.pk)


@router.post(
    "/cases/{number}/id-number-changes", response={201: IdNumberChangeOut, **_ERRORS}
)
def id_number_change_create(request, number: str, payload: IdNumberChangeIn):
    """申请更正本案申请人的身份证号码：待另一名审核人批准后才更正（201，待审核）。

    号码校验位不正确或与登记的相同返回 422；本案已有待审核的申请返回 409；
    案件已归档返回 409。
    """
    correction = applicant_id_change_request(
        by=request.user,
        case=_case(request.user, number),
        new_id_number=payload.new_id_number,
        reason=payload.reason,
    )
    return Status(201, correction)


@router.post(
    "/id-number-changes/{correction_id}/decision",
    response={200: IdNumberChangeOut, **_ERRORS},
)
def id_number_change_decision(
    request, correction_id: int, payload: IdNumberChangeDecisionIn
):
    """审核身份证号码更正：须为审核人，且不是提出人（否则 403）。

    批准后只更正本案申请人的号码，记入历史；不批准须写审核意见（否则 422）；
    已审核过返回 409。
    """
    correction = (
        id_number_changes_visible_to(request.user).filter(pk=correction_id).first()
    )
    if correction is None:
        raise Http404
    correction = applicant_id_change_decide(
        by=request.user,
        correction=correction,
        approve=payload.approve,
        note=payload.note,
    )
    return correction
