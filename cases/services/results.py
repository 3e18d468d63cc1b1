"""办理结果：审批同意的救助金额与起始月份，以及结果告知书写明的内容。

The approve step records what was granted; the reply step's 办理结果告知 states
the decision itself (审批同意 with the amount and the month it starts from;
审批不同意, 不予受理 or 已转办 with the reason) and how to seek redress
(``cases.redress``). Both are frozen into the notice when it is issued.
"""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case
from cases.redress import redress_lines

from .errors import CaseError

# What the field holds (8 digits, 2 after the point); the API states the same.
MAX_MONTHLY_AMOUNT = Decimal("999999.99")
AMOUNT_PATTERN = r"^[0-9]{1,6}(\.[0-9]{1,2})?$"
MONTH_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])$"


@dataclass(frozen=True)
class ApprovalTerms:
    monthly_amount: Decimal
    starts_month: date  # the first day of the month

    def describe(self) -> str:
        return _("每月%(amount)s元，自%(month)s起") % {
            "amount": f"{self.monthly_amount:.2f}",
            "month": month_label(self.starts_month),
        }


def month_label(month: date) -> str:
    return _("%(year)s年%(month)s月") % {"year": month.year, "month": month.month}


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _amount(value) -> Decimal:
    if value in (None, ""):
        raise CaseError(_("审批同意须填写救助金额（元/月）。"), field="monthly_amount")
    text = str(value).strip()
    try:
        amount = Decimal(text)
    except InvalidOperation:
        amount = None
    if (
        amount is None
        or not amount.is_finite()
        or amount <= 0
        or amount > MAX_MONTHLY_AMOUNT
        or amount != amount.quantize(Decimal("0.01"))
    ):
        raise CaseError(
            _("救助金额应为大于0的元数，最多两位小数，不超过%s元。")
            % MAX_MONTHLY_AMOUNT,
            field="monthly_amount",
        )
    return amount.quantize(Decimal("0.01"))


def _month(value) -> date:
    if value in (None, ""):
        raise CaseError(_("审批同意须填写起始月份。"), field="starts_month")
    if isinstance(value, date):
        return value.replace(day=1)
    text = str(value).strip()
    if not re.match(MONTH_PATTERN, text):
        raise CaseError(_("起始月份格式不对，应写作 2026-12。"), field="starts_month")
    return date(int(text[:4]), int(text[5:7]), 1)


def approval_terms(
    *, case: Case, needed: bool, monthly_amount=None, starts_month=None
) -> ApprovalTerms | None:
    """The amount and start month of an approval, checked; None for other steps.

    Either may come typed (the admin form) or as text (the API). The month runs
    from the month the application was received to the month after the
    decision: assistance is not granted for before the application, nor put off.
    """
    if not needed:
        given = [
            name
            for name, value in (
                ("monthly_amount", monthly_amount),
                ("starts_month", starts_month),
            )
            if value not in (None, "")
        ]
        if given:
            raise CaseError(_("救助金额和起始月份只在审批同意时填写。"), field=given[0])
        return None
    amount, month = _amount(monthly_amount), _month(starts_month)
    first = timezone.localdate(case.received_at).replace(day=1)
    last = _next_month(timezone.localdate())
    if not first <= month <= last:
        raise CaseError(
            _("起始月份应在申请当月（%(first)s）至审批次月（%(last)s）之间。")
            % {"first": month_label(first), "last": month_label(last)},
            field="starts_month",
        )
    return ApprovalTerms(amount, month)


def terms_of(case: Case) -> ApprovalTerms | None:
    if case.monthly_amount is None or case.starts_month is None:
        return None
    return ApprovalTerms(case.monthly_amount, case.starts_month)


def result_notice_content(case: Case, *, outcome: str) -> dict:
    """办理结果告知: the decision the reply reports, never the status "已回复".

    ``outcome`` is the status the case had before the reply: 审批同意 states the
    amount and start month; the others state the reason given when deciding.
    """
    content = {
        "decision": outcome,
        "status": str(Case.Status(outcome).label),
        "redress": redress_lines(),
    }
    terms = terms_of(case) if outcome == Case.Status.APPROVED else None
    if terms is not None:
        content.update(
            monthly_amount=f"{terms.monthly_amount:.2f}",
            starts_month=f"{terms.starts_month:%Y-%m}",
            starts_month_label=month_label(terms.starts_month),
            note=case.decision_note,
        )
    elif outcome == Case.Status.APPROVED:
        content["note"] = case.decision_note
    else:
        content["reason"] = case.decision_note
    return content
