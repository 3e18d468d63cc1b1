"""待遇调整：增发、减发、补发、暂停发放、停发，每项留痕并计入统计。

- 增发、减发: ``amount`` is the change per month, from the effective month; the
  current monthly amount changes with it. 减发 must leave something to pay
  (停止救助 is 停发).
- 补发: ``amount`` is paid once, in the effective month (the roster shows it).
- 暂停发放: nothing is paid from the effective month until a review confirms
  eligibility (cases.services.reviews resumes it). While suspended, 补发 and 停发
  are allowed; 增发 and 减发 wait for that review.
- 停发: records the exit (救助对象退出) through the exit service, which stops
  the recipient; nothing can be changed afterwards (409).
"""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import BenefitChange, Case, RecipientExit

from .archive import archive_file
from .enrolment import (
    MAX_MONTHLY,
    MONTHS_AHEAD,
    RecipientNotActive,
    locked_recipient,
    parse_amount,
    parse_month,
)
from .errors import CaseError
from .exits import case_exit
from .history import save_with_reason
from .results import month_label
from .text import clean_text

K = BenefitChange.Kind
WITH_AMOUNT = frozenset({K.INCREASE, K.DECREASE, K.BACK_PAY})


def _amount(kind: str, value):
    if kind in WITH_AMOUNT:
        label = _("补发金额") if kind == K.BACK_PAY else _("每月增减金额")
        return parse_amount(value, field="amount", label=label)
    if value not in (None, ""):
        raise CaseError(_("暂停发放和停发不填金额。"), field="amount")
    return None


@transaction.atomic
def benefit_change_record(
    *,
    by,
    case: Case,
    kind: str,
    amount=None,
    effective_month=None,
    reason: str = "",
    exit_reason: str = "",
) -> BenefitChange:
    """登记一项待遇调整。"""
    recipient = locked_recipient(by=by, case=case, action="recipient.benefit_change")
    if kind not in K.values:
        raise CaseError(
            _("调整类别应为以下之一：%s。") % "、".join(K.values), field="kind"
        )
    suspended = recipient.status == recipient.Status.SUSPENDED
    if suspended and kind in (K.INCREASE, K.DECREASE, K.SUSPEND):
        raise RecipientNotActive(
            _("该救助对象暂停发放中，不能%s；复核确认继续享受后恢复发放。")
            % K(kind).label,
            field="kind",
        )
    amount = _amount(kind, amount)
    latest = 1 if kind == K.STOP else MONTHS_AHEAD
    month = parse_month(
        effective_month, field="effective_month", recipient=recipient, latest=latest
    )
    reason = clean_text(
        reason, field="reason", label=_("调整原因"), model=BenefitChange
    )
    exits = RecipientExit.Reason.values
    if kind == K.STOP and exit_reason and exit_reason not in exits:
        raise CaseError(_("请选择退出原因。"), field="exit_reason")
    before = recipient.monthly_amount
    current = before or Decimal("0.00")  # not recorded at an old approval
    after = before
    if kind == K.INCREASE:
        after = current + amount
        if after > MAX_MONTHLY:
            raise CaseError(_("增发后金额超出上限。"), field="amount")
    elif kind == K.DECREASE:
        after = current - amount
        if after <= 0:
            raise CaseError(
                _("减发后金额应大于0（现发放%s元/月）；不再发放的请登记停发。")
                % current,
                field="amount",
            )
    change = BenefitChange(
        recipient=recipient,
        kind=kind,
        amount=amount,
        effective_month=month,
        amount_before=before,
        amount_after=after,
        reason=reason,
        recorded_by=by,
        recorded_at=timezone.now(),
    )
    said = _("待遇调整：%(kind)s，自%(month)s") % {
        "kind": change.get_kind_display(),
        "month": month_label(month),
    }
    if amount is not None:
        said += _("，%s元") % amount
    save_with_reason(change, by=by, reason=said)
    archive_file(by=by, record=change)
    if kind in (K.INCREASE, K.DECREASE):
        recipient.monthly_amount = after
        save_with_reason(recipient, by=by, reason=said)
    elif kind == K.SUSPEND:
        recipient.status = recipient.Status.SUSPENDED
        save_with_reason(recipient, by=by, reason=said)
    elif kind == K.STOP:
        case_exit(
            by=by,
            case=recipient.case,
            exited_on=timezone.localdate(),
            reason=exit_reason or RecipientExit.Reason.OTHER,
            note=reason,
        )
    return change
