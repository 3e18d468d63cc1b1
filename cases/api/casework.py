"""Case endpoints for integrators and staff tools (token required).

Every read starts from ``cases_visible_to``: a case outside the caller's
jurisdiction answers 404 exactly like a number that does not exist.
"""

import re

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router
from ninja.responses import Status
from wagtail.api.v3.auth import BearerTokenAuth

from cases.access import may
from cases.channels import Channel
from cases.models import Case
from cases.selectors import cases_visible_to, with_case_details
from cases.services import (
    ApplicantData,
    CasePermissionDenied,
    IntakeRequest,
    MaterialIn,
    MemberIn,
    case_receive,
    case_transition,
)
from cases.services.idempotency import case_receive_once
from cases.timeline import case_timeline
from portal.models import AssistanceType, Township, Village

from .errors import InvalidInput
from .schemas import (
    CaseIn,
    CaseOut,
    ErrorOut,
    IdempotencyKey,
    IntakeOut,
    TransitionIn,
    VersionOut,
)

router = Router(auth=BearerTokenAuth(), tags=["cases"])

# Case numbers are letters and digits (JZ2026000123); anything else cannot exist,
# and is answered before it reaches the database.
_NUMBER = re.compile(r"^[A-Za-z0-9]{1,24}$")
# 400 (unreadable JSON) and 415 are added to the operations that take a body by
# cases.api.contract; every refusal of what a request says is 422.
_ERRORS = {
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}


def _case(user, number: str, *, detailed: bool = False) -> Case:
    if not _NUMBER.match(number):
        raise Http404
    cases = cases_visible_to(user)
    if detailed:
        cases = with_case_details(cases)
    try:
        return cases.get(number=number)
    except Case.DoesNotExist as error:
        raise Http404 from error


def _unknown(field: str, code: str) -> tuple[str, str]:
    return (
        field,
        _("编码“%(code)s”不存在，请查阅 GET /api/v1/reference。") % {"code": code},
    )


def _intake_request(payload: CaseIn) -> IntakeRequest:
    """Codes to directory entries; every unknown code is reported at once."""
    errors = []
    assistance_type = AssistanceType.objects.filter(
        code=payload.assistance_type
    ).first()
    if assistance_type is None:
        errors.append(_unknown("assistance_type", payload.assistance_type))
    if payload.channel not in Channel.values:
        errors.append(_unknown("channel", payload.channel))
    township = Township.objects.filter(code=payload.township).first()
    if township is None:
        errors.append(_unknown("township", payload.township))
    village = None
    if payload.village:
        village = Village.objects.filter(code=payload.village).first()
        if village is None:
            errors.append(_unknown("village", payload.village))
    if errors:
        raise InvalidInput(errors)
    a = payload.applicant
    return IntakeRequest(
        assistance_type=assistance_type,
        channel=payload.channel,
        township=township,
        village=village,
        applicant=ApplicantData(
            name=a.name, id_number=a.id_number, phone=a.phone, address=a.address
        ),
        description=payload.description,
        materials=[
            MaterialIn(name=m.name, pages=m.pages, copies=m.copies)
            for m in payload.materials
        ],
        household=[
            MemberIn(name=m.name, relation=m.relation, id_number=m.id_number)
            for m in payload.household
        ],
        external_reference=payload.external_reference,
    )


@router.post("/cases", response={201: IntakeOut, **_ERRORS})
def case_create(
    request,
    payload: CaseIn,
    response: HttpResponse,
    idempotency_key: IdempotencyKey = None,
):
    """受理登记：登记一件申请，返回案件编号、受理期限和收件回执单。

    接收时间取服务器时间，不能指定。带 Idempotency-Key 的请求可安全重试：
    同一键、同一内容返回第一次登记的案件（响应头 Idempotent-Replayed: true），
    同一键、不同内容返回 422。
    """
    user = request.user
    if not may(user, "case.intake"):
        raise CasePermissionDenied(_("您的岗位不能登记申请。"))
    intake = _intake_request(payload)
    if idempotency_key is None:
        case = case_receive(by=user, request=intake)
    else:
        case, created = case_receive_once(by=user, request=intake, key=idempotency_key)
        if not created:
            response["Idempotent-Replayed"] = "true"
    return Status(201, case)


@router.get("/cases/{number}", response={200: CaseOut, **_ERRORS})
def case_detail(request, number: str):
    """案件详情：状态、各环节期限及计算过程、材料、告知文书；证件号与电话脱敏。"""
    return _case(request.user, number, detailed=True)


@router.get("/cases/{number}/history", response={200: list[VersionOut], **_ERRORS})
def case_history(request, number: str):
    """历史版本：案件及其各项记录的每一次新建、修改、删除，谁、何时、为何、改了什么。"""
    return case_timeline(_case(request.user, number), user=request.user)


@router.post("/cases/{number}/transitions", response={200: CaseOut, **_ERRORS})
def case_transition_create(request, number: str, payload: TransitionIn):
    """办理一步：受理、不予受理、转办、调查、审核、公示、审批、回复、归档。

    审批同意须写明救助金额（元/月）和起始月份。状态或岗位不允许时分别返回
    409、403；带 version 时，案件已被他人修改则 409。
    """
    case = case_transition(
        by=request.user,
        case=_case(request.user, number),
        action=payload.action,
        note=payload.note,
        expected_version=payload.version,
        monthly_amount=payload.monthly_amount,
        starts_month=payload.starts_month,
    )
    return with_case_details(Case.objects).get(pk=case.pk)
