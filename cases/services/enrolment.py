"""在册对象：审批同意即登记在册；复核与待遇调整共用的取数、锁定和检查。

The approve step registers the recipient in its own transaction (steps.py), so
an approved case is never without one. The review cycle is the published
guide's (cases.guides): yearly by default, shorter for a household whose
income varies (收入变动家庭).
"""

import calendar
import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.access import require
from cases.guides import terms_for
from cases.models import Case, Recipient

from .errors import CaseError, InvalidTransition
from .history import save_with_reason
from .results import MONTH_PATTERN, month_label

# 一次增发、减发或补发的金额上限：再大的数目只能是输错了。
MAX_CHANGE_AMOUNT = Decimal("100000.00")
# What Recipient.monthly_amount holds (8 digits, 2 after the point).
MAX_MONTHLY = Decimal("999999.99")
# 生效月份最多到本月之后12个月：更远的安排到时再登记。
MONTHS_AHEAD = 12


class RecipientNotActive(InvalidTransition):
    """No recipient, or one already stopped (停发、退出): 409."""


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, kept within the month (1月31日 + 1 = 2月末)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def month_start(day: date) -> date:
    return day.replace(day=1)


def recipient_register(*, by, case: Case, now=None) -> Recipient:
    """审批同意：the case becomes a recipient, first reviewed a cycle after the
    month payment starts. Called by the approve step, in its transaction."""
    existing = Recipient.objects.filter(case=case).first()
    if existing is not None:
        return existing
    cycle = terms_for(case.assistance_type).review_cycle(income_varies=False)
    recipient = Recipient(
        case=case,
        monthly_amount=case.monthly_amount,
        starts_month=case.starts_month,
        review_cycle_months=cycle,
        next_review_on=add_months(case.starts_month, cycle),
        registered_at=now or timezone.now(),
    )
    save_with_reason(
        recipient,
        by=by,
        reason=_("审批同意，登记为在册救助对象（每%(n)s个月复核一次）") % {"n": cycle},
    )
    return recipient


def locked_recipient(*, by, case: Case, action: str) -> Recipient:
    """The case's recipient, locked, once ``by`` may take ``action`` on it;
    refused (409) when the case has none or it has been stopped."""
    recipient = (
        Recipient.objects.select_for_update(of=("self",))
        .select_related("case", "case__assistance_type")
        .filter(case_id=case.pk)
        .first()
    )
    if recipient is None:
        require(by, "case.view", case)
        raise RecipientNotActive(
            _("本案不是在册救助对象（未经审批同意，或审批早于在册登记且已退出）。")
        )
    require(by, action, recipient)
    if recipient.is_stopped:
        raise RecipientNotActive(
            _("该救助对象已停发（已登记退出），不能再复核或调整待遇。")
        )
    return recipient


@transaction.atomic
def recipient_set_income_varies(
    *, by, recipient: Recipient, income_varies: bool
) -> Recipient:
    """收入变动家庭 or not: the cycle follows the guide, the next review counted
    from the last one (or from the start month)."""
    recipient = locked_recipient(by=by, case=recipient.case, action="recipient.review")
    if recipient.income_varies == income_varies:
        return recipient
    cycle = terms_for(recipient.case.assistance_type).review_cycle(
        income_varies=income_varies
    )
    recipient.income_varies = income_varies
    recipient.review_cycle_months = cycle
    recipient.next_review_on = add_months(
        recipient.last_reviewed_on or recipient.starts_month, cycle
    )
    label = _("收入变动家庭") if income_varies else _("收入稳定家庭")
    save_with_reason(
        recipient,
        by=by,
        reason=_("改为%(label)s，每%(n)s个月复核一次") % {"label": label, "n": cycle},
    )
    return recipient


def stop_on_exit(*, by, case: Case, reason: str) -> Recipient | None:
    """救助对象退出：在册对象随之停发 (cases.services.exits calls this)."""
    recipient = Recipient.objects.select_for_update().filter(case_id=case.pk).first()
    if recipient is None or recipient.is_stopped:
        return recipient
    recipient.status = Recipient.Status.STOPPED
    save_with_reason(recipient, by=by, reason=_("救助对象退出，停发：%s") % reason)
    return recipient


# ---- the values a review or a change is given, typed (admin) or as text (API)


def parse_amount(value, *, field: str, label: str) -> Decimal:
    if value in (None, ""):
        raise CaseError(_("请填写%s。") % label, field=field)
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        amount = None
    if (
        amount is None
        or not amount.is_finite()
        or amount <= 0
        or amount > MAX_CHANGE_AMOUNT
        or amount != amount.quantize(Decimal("0.01"))
    ):
        raise CaseError(
            _("%(label)s应为大于0的元数，最多两位小数，不超过%(max)s元。")
            % {"label": label, "max": MAX_CHANGE_AMOUNT},
            field=field,
        )
    return amount.quantize(Decimal("0.01"))


def parse_month(value, *, field: str, recipient: Recipient, latest: int) -> date:
    """A month (YYYY-MM, or a date), from the start month to ``latest`` months
    after this one."""
    if value in (None, ""):
        raise CaseError(_("请填写生效月份。"), field=field)
    if isinstance(value, date):
        month = month_start(value)
    else:
        text = str(value).strip()
        if not re.match(MONTH_PATTERN, text):
            raise CaseError(_("月份格式不对，应写作 2026-12。"), field=field)
        month = date(int(text[:4]), int(text[5:7]), 1)
    first = recipient.starts_month
    last = add_months(month_start(timezone.localdate()), latest)
    if not first <= month <= last:
        raise CaseError(
            _("生效月份应在起始月份（%(first)s）至%(last)s之间。")
            % {"first": month_label(first), "last": month_label(last)},
            field=field,
        )
    return month
