"""POST /complaints: a complaint from the app, the platform or a website (public).

No token; rate limited per address in the same bucket as the site's form (429).
A named complaint is answered within 10 working days: ``response_due``.
An Idempotency-Key makes a retry safe, as on POST /cases.
"""

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Router
from ninja.responses import Status
from ninja.throttling import BaseThrottle

from cases.ratelimit import complaint_allowed, complaint_rate
from cases.services import CaseError, complaint_submit
from cases.services import ComplaintIn as ComplaintData
from cases.services.complaints import PUBLIC_CHANNELS
from cases.services.idempotency import (
    IdempotencyKeyInvalid,
    IdempotencyKeyReused,
    address_scope,
    check_key,
    complaint_submit_once,
    is_known,
)
from config.proxy import client_ip
from config.ratelimit import window_left

from .errors import InvalidInput
from .record_schemas import ComplaintIn, ComplaintOut
from .schemas import ErrorOut, IdempotencyKey

router = Router(tags=["public"])


class ComplaintThrottle(BaseThrottle):
    """The per-address allowance, not charged for a retry of a filed complaint.

    A retry with a key already used from this address files nothing: it is
    answered from the record (or refused, if its body differs). Charging it
    would lock a caller that lost the answer out of its own complaint number
    after a few tries. POST /cases has no allowance to charge; its retries cost
    nothing either. Two copies racing in before either is recorded are both
    charged; the second is still answered as a replay.
    """

    def allow_request(self, request) -> bool:
        scope = address_scope(client_ip(request))
        if is_known(scope, request.headers.get("Idempotency-Key")):
            return True
        return complaint_allowed(request)

    def wait(self) -> int:
        return window_left(complaint_rate())


@router.post(
    "/complaints",
    auth=None,
    throttle=[ComplaintThrottle()],
    response={201: ComplaintOut, 422: ErrorOut, 429: ErrorOut},
)
def complaint_create(
    request,
    payload: ComplaintIn,
    response: HttpResponse,
    idempotency_key: IdempotencyKey = None,
):
    """投诉举报：登记一件投诉，返回投诉编号；署名的返回反馈期限（10个工作日）。

    channel 为 website、app 或 platform。内容不超过2000字；
    同一地址提交过于频繁返回 429。带 Idempotency-Key 的请求可安全重试：
    同一地址以同一键、同一内容重试，返回第一次登记的投诉
    （响应头 Idempotent-Replayed: true），不重复登记，也不计入频率限制；
    同一键、不同内容返回 422。键按来源地址区分：其他地址用同一键，
    登记的是它自己的投诉，看不到别人的。
    """
    if idempotency_key is not None:
        check_key(idempotency_key)
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
    data = ComplaintData(
        channel=payload.channel,
        content=payload.content,
        name=payload.name or "",
        phone=payload.phone or "",
        case_number=payload.case_number or "",
    )
    try:
        if idempotency_key is None:
            complaint, created = complaint_submit(data=data), True
        else:
            complaint, created = complaint_submit_once(
                data=data,
                key=idempotency_key,
                scope=address_scope(client_ip(request)),
            )
    except (IdempotencyKeyInvalid, IdempotencyKeyReused):
        raise  # answered as on POST /cases: the key's own message
    except CaseError as error:
        raise InvalidInput([(error.field, error.message)]) from error
    if not created:
        response["Idempotent-Replayed"] = "true"
    return Status(201, complaint)
