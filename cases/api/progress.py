"""GET /progress: the public progress check (no token, rate limited)."""

import re

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.throttling import BaseThrottle

from cases.ratelimit import progress_lookup, progress_rate
from config.ratelimit import hit, window_left

from .errors import InvalidInput
from .schemas import ErrorOut, ProgressOut, text

router = Router(tags=["public"])

_NUMBER = re.compile(r"^[A-Za-z0-9]{1,24}$")
_LAST4 = re.compile(r"^[0-9]{4}$")


class ProgressThrottle(BaseThrottle):
    """Four digits are guessable; a caller gets a few tries a minute, not 10,000.

    The same per-address bucket as the progress page (cases.ratelimit), counted
    in the shared cache; not django-ninja's AnonRateThrottle, whose address is
    the client's own X-Forwarded-For and whose counts are per process.
    """

    def allow_request(self, request) -> bool:
        return hit("progress", request, progress_rate()).allowed

    def wait(self) -> int:
        return window_left(progress_rate())


@router.get(
    "/progress",
    auth=None,
    throttle=[ProgressThrottle()],
    response={200: ProgressOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut},
)
def progress(
    request,
    number: Query[text(40, pattern=_NUMBER.pattern)],
    phone_last4: Query[text(10, pattern=_LAST4.pattern)],
):
    """办理进度查询：凭案件编号和申请时所留电话的后4位，只返回状态和各环节期限。

    同一地址查询过于频繁返回 429；同一案件编号一小时内后4位错误满10次，
    该编号暂停查询一小时（无论从哪个地址查询，填对也不返回），返回 429，
    响应头 Retry-After 为剩余秒数。
    """
    if not _LAST4.match(phone_last4):
        raise InvalidInput(
            [("phone_last4", _("请填写申请时所留联系电话的后4位数字。"))]
        )
    case = progress_lookup(number, phone_last4) if _NUMBER.match(number) else None
    if case is None:
        # The same answer for an unknown number and a wrong pair: no enumeration.
        raise Http404
    return case
