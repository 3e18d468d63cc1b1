"""在册对象 endpoints (token required): 定期复核 due and recorded, 待遇调整.

A case outside the caller's jurisdiction answers 404, as an unknown number does;
a case that is not (or no longer) a paid recipient answers 409.
"""

from django.utils import timezone
from ninja import Field as QueryField
from ninja import Query, Router, Schema
from ninja.responses import Status
from wagtail.api.v3.auth import BearerTokenAuth

from cases.access import require
from cases.selectors import reviews_due
from cases.services import benefit_change_record, review_record

from .casework import _ERRORS, _case
from .recipient_schemas import (
    BenefitChangeIn,
    BenefitChangeOut,
    DueReviewsOut,
    ReviewIn,
    ReviewOut,
)

router = Router(auth=BearerTokenAuth(), tags=["recipients"])
MAX_WITHIN_DAYS = 366
MAX_PAGE = 500


class DueQuery(Schema):
    within_days: int = QueryField(
        30, ge=0, le=MAX_WITHIN_DAYS, description="今后多少天内到期（0至366），含已逾期"
    )
    limit: int = QueryField(100, ge=1, le=MAX_PAGE, description="每页条数")
    offset: int = QueryField(0, ge=0, le=1_000_000, description="跳过的条数")


@router.get("/reviews/due", response={200: DueReviewsOut, **_ERRORS})
def reviews_due_list(request, query: Query[DueQuery]):
    """定期复核到期名单：辖区内正常发放或暂停发放的在册对象，按应复核日期排序。"""
    require(request.user, "recipient.view")  # editors: 403, not an empty list
    today = timezone.localdate()
    due = reviews_due(request.user, today=today, within_days=query.within_days)
    page = list(due[query.offset : query.offset + query.limit])
    return {
        "within_days": query.within_days,
        "today": today,
        "count": due.count(),
        "results": page,
    }


@router.post("/cases/{number}/reviews", response={201: ReviewOut, **_ERRORS})
def review_create(request, number: str, payload: ReviewIn):
    """登记一次定期复核；下次复核日期按复核周期顺延。

    提高、降低金额须填调整后金额（高于、低于现发放金额）；停止救助须写明理由，
    同时登记救助对象退出（复核不再符合条件）。非在册或已停发的返回 409。
    """
    review = review_record(
        by=request.user,
        case=_case(request.user, number),
        outcome=payload.outcome,
        reviewed_on=payload.reviewed_on,
        new_amount=payload.new_amount,
        reason=payload.reason,
    )
    return Status(201, review)


@router.post(
    "/cases/{number}/benefit-changes", response={201: BenefitChangeOut, **_ERRORS}
)
def benefit_change_create(request, number: str, payload: BenefitChangeIn):
    """待遇调整：增发、减发、补发、暂停发放、停发。

    增发、减发的金额为每月增减数，现发放金额随之调整；补发在生效月份一次发放；
    暂停发放后经复核确认继续享受恢复；停发同时登记救助对象退出。
    已停发的返回 409，暂停期间增发、减发也返回 409。
    """
    change = benefit_change_record(
        by=request.user,
        case=_case(request.user, number),
        kind=payload.kind,
        amount=payload.amount,
        effective_month=payload.effective_month,
        reason=payload.reason,
        exit_reason=payload.exit_reason,
    )
    return Status(201, change)


__all__ = ["router"]
