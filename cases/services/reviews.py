"""定期复核：在册对象按周期复核，结论为继续享受、提高或降低金额、停止救助。

Each review moves the next review date on by the cycle: from the date that was
due, or from the review itself when it was late, so a late review does not
leave the next one already overdue. 停止救助 needs a reason and records the
exit (救助对象退出，复核不再符合条件) through the exit service, which stops the
recipient. A review that confirms eligibility resumes a suspended payment.
"""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case, RecipientExit, RecipientReview

from .enrolment import MAX_MONTHLY, add_months, locked_recipient, parse_amount
from .errors import CaseError
from .exits import case_exit
from .history import save_with_reason
from .text import clean_text

Outcome = RecipientReview.Outcome


def next_review_after(*, due_on: date, reviewed_on: date, cycle: int) -> date:
    return add_months(max(due_on, reviewed_on), cycle)


def _reviewed_on(value, recipient) -> date:
    today = timezone.localdate()
    if value in (None, ""):
        return today
    if not isinstance(value, date):
        raise CaseError(_("复核日期格式不对，应写作 2026-12-01。"), field="reviewed_on")
    if value > today:
        raise CaseError(
            _("复核日期不能晚于今天（%s）。") % f"{today:%Y-%m-%d}", field="reviewed_on"
        )
    decided = recipient.case.decided_at or recipient.registered_at
    decided_on = timezone.localdate(decided)
    earliest = max(decided_on, recipient.last_reviewed_on or decided_on)
    if value < earliest:
        raise CaseError(
            _("复核日期不能早于审批同意日或上次复核日（%s）。")
            % f"{earliest:%Y-%m-%d}",
            field="reviewed_on",
        )
    return value


def _new_amount(outcome: str, value, current):
    current = current or Decimal("0.00")  # not recorded at an old approval
    if outcome not in (Outcome.INCREASE, Outcome.DECREASE):
        if value not in (None, ""):
            raise CaseError(
                _("只有复核结论为提高或降低金额时才填写调整后金额。"),
                field="new_amount",
            )
        return None
    amount = parse_amount(value, field="new_amount", label=_("调整后金额"))
    if outcome == Outcome.INCREASE and not current < amount <= MAX_MONTHLY:
        raise CaseError(
            _("提高金额：调整后金额应高于现发放金额（%s元/月）。") % current,
            field="new_amount",
        )
    if outcome == Outcome.DECREASE and amount >= current:
        raise CaseError(
            _(
                "降低金额：调整后金额应低于现发放金额（%s元/月）；不再符合条件的请选停止救助。"
            )
            % current,
            field="new_amount",
        )
    return amount


@transaction.atomic
def review_record(
    *,
    by,
    case: Case,
    outcome: str,
    reviewed_on: date | None = None,
    new_amount=None,
    reason: str = "",
) -> RecipientReview:
    """登记一次定期复核。"""
    recipient = locked_recipient(by=by, case=case, action="recipient.review")
    if outcome not in Outcome.values:
        raise CaseError(
            _("复核结论应为以下之一：%s。") % "、".join(Outcome.values), field="outcome"
        )
    reviewed_on = _reviewed_on(reviewed_on, recipient)
    amount = _new_amount(outcome, new_amount, recipient.monthly_amount)
    reason = clean_text(
        reason,
        field="reason",
        label=_("复核意见"),
        model=RecipientReview,
        required=outcome == Outcome.STOP,
    )
    review = RecipientReview(
        recipient=recipient,
        reviewed_on=reviewed_on,
        due_on=recipient.next_review_on,
        outcome=outcome,
        amount_before=recipient.monthly_amount,
        new_amount=amount,
        reason=reason,
        reviewed_by=by,
        recorded_at=timezone.now(),
    )
    said = _("定期复核：%s") % review.get_outcome_display()
    if amount is not None:
        said += _("，%(old)s元/月调整为%(new)s元/月") % {
            "old": review.amount_before,
            "new": amount,
        }
    save_with_reason(review, by=by, reason=said)
    recipient.last_reviewed_on = reviewed_on
    recipient.next_review_on = next_review_after(
        due_on=review.due_on,
        reviewed_on=reviewed_on,
        cycle=recipient.review_cycle_months,
    )
    if amount is not None:
        recipient.monthly_amount = amount
    if outcome != Outcome.STOP and recipient.status == recipient.Status.SUSPENDED:
        recipient.status = recipient.Status.ACTIVE
        said += _("，恢复发放")
    save_with_reason(recipient, by=by, reason=said)
    if outcome == Outcome.STOP:
        case_exit(
            by=by,
            case=recipient.case,
            exited_on=reviewed_on,
            reason=RecipientExit.Reason.REVIEW_INELIGIBLE,
            note=reason,
        )
    return review
