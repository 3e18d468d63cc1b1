"""POST /complaints: a complaint from the app, the platform or a website (public).

No token; rate limited per address in the same bucket as the site's form (429).
A named complaint is answered within 10 working days: ``response_due``.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router
from ninja.responses import Status
from ninja.throttling import BaseThrottle

from cases.ratelimit import complaint_allowed
from cases.services import CaseError, complaint_submit
from cases.services import ComplaintIn as ComplaintData
from cases.services.complaints import PUBLIC_CHANNELS

from .errors import InvalidInput
from .record_schemas import ComplaintIn, ComplaintOut
from .schemas import ErrorOut

router = Router(tags=["public"])


class ComplaintThrottle(BaseThrottle):
    def allow_request(self, request) -> bool:
        return complaint_allowed(request)


def complaint_data(complaint) -> dict:
    return {
        "number": complaint.number,
        "channel": complaint.channel,
        "channel_label": complaint.get_channel_display(),
        "status": complaint.status,
        "status_label": complaint.get_status_display(),
        "received_at": timezone.localtime(complaint.received_at),
        "named": complaint.is_named,
        "response_due": complaint.response_due,
        "due_calculation": complaint.due_calculation,
    }


@router.post(
    "/complaints",
    auth=None,
    throttle=[ComplaintThrottle()],
    response={201: ComplaintOut, 400: ErrorOut, 422: ErrorOut, 429: ErrorOut},
)
def complaint_create(request, payload: ComplaintIn):
    """投诉举报：登记一件投诉，返回投诉编号；署名的返回反馈期限（10个工作日）。

    channel 为 website、app 或 platform。内容不超过2000字；
    同一地址提交过于频繁返回 429。
    """
    if payload.channel not in PUBLIC_CHANNELS:
        raise InvalidInput(
            [
                (
                    "channel",
                    _("来源渠道“%(code)s”不可用，应为：%(known)s。")
                    % {
                        "code": payload.channel,
                        "known": "、".join(sorted(PUBLIC_CHANNELS)),
                    },
                )
            ]
        )
    try:
        complaint = complaint_submit(
            data=ComplaintData(
                channel=payload.channel,
                content=payload.content,
                name=payload.name or "",
                phone=payload.phone or "",
                case_number=payload.case_number or "",
            )
        )
    except CaseError as error:
        raise InvalidInput([(error.field, error.message)]) from error
    return Status(201, complaint_data(complaint))
