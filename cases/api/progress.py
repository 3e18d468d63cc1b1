"""GET /progress and GET /complaints/progress: the public progress checks
(no token, rate limited, one lock per number whichever door is knocked on)."""

import re

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.throttling import BaseThrottle

from cases.progress import case_progress, complaint_progress, tracking_number
from cases.ratelimit import progress_lookup, progress_rate
from cases.selectors import case_for_progress, complaint_for_progress
from config.ratelimit import hit, window_left

from .errors import InvalidInput
from .schemas import ComplaintProgressOut, ErrorOut, ProgressOut, text

router = Router(tags=["public"])

_LAST4 = re.compile(r"^[0-9]{4}$")
_NUMBER_PATTERN = r"^[A-Za-z0-9]{1,24}$"


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


_RESPONSES = {404: ErrorOut, 422: ErrorOut, 429: ErrorOut}


def _look_up(number: str, phone_last4: str, find):
    if not _LAST4.match(phone_last4):
        raise InvalidInput(
            [("phone_last4", _("请填写申请时所留联系电话的后4位数字。"))]
        )
    number = tracking_number(number)
    found = progress_lookup(number, phone_last4, find) if number else None
    if found is None:
        # The same answer for an unknown number, a wrong pair and a number that
        # cannot be one: nothing to enumerate.
        raise Http404
    return found


@router.get(
    "/progress",
    auth=None,
    throttle=[ProgressThrottle()],
    response={200: ProgressOut, **_RESPONSES},
)
def progress(
    request,
    number: Query[text(40, pattern=_NUMBER_PATTERN)],
    phone_last4: Query[text(10, pattern=_LAST4.pattern)],
):
    """办理进度查询：凭案件编号和申请时所留电话的后4位，返回救助事项、状态、
    按办理顺序的各环节期限、暂停计时与延期、转办去向（逾期的标明）。

    同一地址查询过于频繁返回 429；同一编号一小时内后4位错误满10次，
    该编号暂停查询一小时（无论从哪个地址查询，填对也不返回），返回 429，
    响应头 Retry-After 为剩余秒数。编号不存在、后4位不对、编号不成形，
    一律返回同样的 404。
    """
    return case_progress(_look_up(number, phone_last4, case_for_progress))


@router.get(
    "/complaints/progress",
    auth=None,
    throttle=[ProgressThrottle()],
    response={200: ComplaintProgressOut, **_RESPONSES},
)
def complaint_progress_check(
    request,
    number: Query[text(40, pattern=_NUMBER_PATTERN)],
    phone_last4: Query[text(10, pattern=_LAST4.pattern)],
):
    """投诉进度查询：凭投诉编号和投诉时所留电话的后4位，返回状态、
    应反馈日期（署名投诉自收到次日起10个工作日）和是否逾期，不含投诉内容。

    未留电话的投诉无法查询。频率限制和编号锁定与 GET /progress 相同
    （两者共用一个额度）；编号不存在、后4位不对，一律返回同样的 404。
    """
    return complaint_progress(_look_up(number, phone_last4, complaint_for_progress))
