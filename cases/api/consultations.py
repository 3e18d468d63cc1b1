"""咨询登记 endpoints (token required): record a consultation, read one back.

The caller is the first responder (首问负责人). A consultation outside the
caller's jurisdiction (another township's) answers 404, as an unknown number
does; a village coordinator or an auditor asking to record is 403.
"""

import re

from django.http import Http404
from ninja import Router
from ninja.responses import Status
from wagtail.api.v3.auth import BearerTokenAuth

from cases.selectors import consultations_visible_to
from cases.services import ConsultationIn as ConsultationData
from cases.services import consultation_record
from portal.models import AssistanceType, ServicePoint, Township

from .casework import _ERRORS, _unknown
from .errors import InvalidInput
from .record_schemas import ConsultationIn, ConsultationOut

router = Router(auth=BearerTokenAuth(), tags=["consultations"])
_NUMBER = re.compile(r"^[A-Za-z0-9]{1,24}$")


def _data(payload: ConsultationIn) -> ConsultationData:
    """Codes to directory entries; every unknown code is reported at once."""
    found, errors = {}, []
    for field, model in (
        ("township", Township),
        ("service_point", ServicePoint),
        ("assistance_type", AssistanceType),
    ):
        code = getattr(payload, field)
        found[field] = model.objects.filter(code=code).first() if code else None
        if code and found[field] is None:
            errors.append(_unknown(field, code))
    if errors:
        raise InvalidInput(errors)
    return ConsultationData(
        channel=payload.channel,
        answer=payload.answer,
        person_name=payload.person_name,
        person_phone=payload.person_phone,
        topic=payload.topic,
        one_time_notice=payload.one_time_notice,
        **found,
    )


@router.post("/consultations", response={201: ConsultationOut, **_ERRORS})
def consultation_create(request, payload: ConsultationIn):
    """登记一次来访或来电咨询（首问负责）：调用者即首问负责人。

    乡镇经办人登记本乡镇窗口的咨询，县级审核人可登记任何窗口（township 为
    null 即县级窗口）。咨询事项（topic）与救助事项（assistance_type）至少填一项。
    编码不存在或内容不合要求返回 422，无权登记返回 403。
    """
    made = consultation_record(by=request.user, data=_data(payload))
    return Status(201, made)


@router.get("/consultations/{number}", response={200: ConsultationOut, **_ERRORS})
def consultation_detail(request, number: str):
    """一条咨询登记：首问负责人、答复与告知、是否已转为案件。"""
    if not _NUMBER.match(number):
        raise Http404
    found = consultations_visible_to(request.user).filter(number=number).first()
    if found is None:
        raise Http404
    return found
