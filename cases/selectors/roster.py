"""发放花名册：某月每位在册对象应发的金额（含当月补发）。

The month's amount is worked out from the records, not from the current
amount, so a roster of an earlier month says what was due then: the amount
granted at approval, changed by each 增发、减发 from its effective month and
by each review that set a new amount from the month of the review; nothing in
a month from a 暂停 until a review confirms eligibility again, nor from a 停发
(or, for an exit recorded otherwise, from the month after the exit).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch

from cases.access import instances
from cases.identity import mask_id_number
from cases.models import BenefitChange, Recipient, RecipientExit, RecipientReview

K = BenefitChange.Kind
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class RosterRow:
    recipient: Recipient
    monthly: Decimal  # the month's regular payment (0 while suspended)
    back_pay: Decimal
    suspended: bool

    @property
    def total(self) -> Decimal:
        return self.monthly + self.back_pay

    def cells(self) -> list:
        case = self.recipient.case
        return [
            case.number,
            case.applicant.name,
            mask_id_number(case.applicant.id_number),
            case.township.name,
            case.village.name if case.village_id else "",
            case.assistance_type.name,
            self.monthly,
            self.back_pay,
            self.total,
            str(Recipient.Status.SUSPENDED.label) if self.suspended else "",
        ]


def _month(day: date) -> date:
    return day.replace(day=1)


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _events(recipient: Recipient, month: date) -> list[tuple]:
    """(month, recorded, what, value) of every change up to ``month``, in order."""
    events = []
    for change in recipient.benefit_changes.all():
        if change.effective_month <= month:
            events.append(
                (change.effective_month, change.recorded_at, change.kind, change.amount)
            )
    for review in recipient.reviews.all():
        reviewed = _month(review.reviewed_on)
        if reviewed <= month:
            events.append((reviewed, review.recorded_at, "review", review))
    events.sort(key=lambda e: (e[0], e[1]))
    return events


def roster_row(recipient: Recipient, month: date) -> RosterRow | None:
    """The recipient's payment in ``month``, or None when nothing is due."""
    if recipient.starts_month > month:
        return None
    try:
        exit_ = recipient.case.recipient_exit
    except RecipientExit.DoesNotExist:
        exit_ = None
    if exit_ is not None and _next_month(exit_.exited_on) <= month:
        return None
    amount = recipient.case.monthly_amount or ZERO
    suspended = False
    back_pay = ZERO
    for when, _recorded, what, value in _events(recipient, month):
        if what == K.STOP:
            return None
        if what == K.INCREASE:
            amount += value
        elif what == K.DECREASE:
            amount -= value
        elif what == K.SUSPEND:
            suspended = True
        elif what == K.BACK_PAY and when == month:
            back_pay += value
        elif what == "review":
            if value.new_amount is not None:
                amount = value.new_amount
            if value.outcome != RecipientReview.Outcome.STOP:
                suspended = False
    monthly = ZERO if suspended else amount
    if monthly == ZERO and back_pay == ZERO:
        return None
    return RosterRow(recipient, monthly, back_pay, suspended)


def payment_roster(
    user,
    month: date,
    *,
    township=None,
    progress: Callable[[int, int], None] | None = None,
) -> list[RosterRow]:
    """Every recipient of the user's jurisdiction (and ``township``) paid in
    ``month``, by township and case number; ``user`` None: the whole county
    (the management command)."""
    month = _month(month)
    recipients = (
        Recipient.objects.all() if user is None else instances(user, "recipient.view")
    )
    recipients = (
        recipients.filter(starts_month__lte=month)
        # Exited before the month began: nothing due in it.
        .exclude(case__recipient_exit__exited_on__lt=month)
        .select_related(
            "case__applicant",
            "case__township",
            "case__village",
            "case__assistance_type",
            "case__recipient_exit",
        )
        .prefetch_related(
            Prefetch("benefit_changes", queryset=BenefitChange.objects.order_by()),
            Prefetch("reviews", queryset=RecipientReview.objects.order_by()),
        )
        .order_by("case__township__sort_order", "case__township__code", "case__number")
    )
    if township is not None:
        recipients = recipients.filter(case__township=township)
    total = recipients.count()
    rows = []
    for done, recipient in enumerate(recipients.iterator(chunk_size=500), start=1):
        row = roster_row(recipient, month)
        if row is not None:
            rows.append(row)
        if progress and (done % 500 == 0 or done == total):
            progress(done, total)
    return rows
