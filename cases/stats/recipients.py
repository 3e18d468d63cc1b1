"""在册对象的数字: 定期复核 done on time, and 待遇调整 by kind.

A review counts in the period of its date (``reviewed_on``); it is on time when
done on or before the day it was due. A benefit change counts in the period of
the month it takes effect. Counted by the database, grouped by the case's
assistance type or township (the township it belongs to now, as every figure).
"""

from datetime import date

from django.db.models import Count, F, Q, QuerySet

from cases.models import BenefitChange, RecipientReview
from portal.models import AssistanceType, Township

from .figures import Row
from .periods import Period
from .scope import Scope

KINDS = tuple(BenefitChange.Kind)
_BY = {
    "type": ("assistance_type", AssistanceType),
    "township": ("township", Township),
}


def reviews(scope: Scope, period: Period) -> QuerySet[RecipientReview]:
    return RecipientReview.objects.filter(
        scope.on_recipient(),
        reviewed_on__gte=period.first,
        reviewed_on__lte=period.last,
    )


def changes(scope: Scope, period: Period) -> QuerySet[BenefitChange]:
    return BenefitChange.objects.filter(
        scope.on_recipient(),
        effective_month__gte=period.first,
        effective_month__lte=period.last,
    )


def _grouped(queryset: QuerySet, by: str, counts: dict) -> list[Row]:
    field, model = _BY[by]
    path = f"recipient__case__{field}"
    found = {r[path]: r for r in queryset.order_by().values(path).annotate(**counts)}
    names = list(counts)
    entries = model.objects.filter(pk__in=[k for k in found if k])
    return [
        Row(e.code, e.name, tuple(found[e.pk][n] for n in names))
        for e in entries.order_by("sort_order", "code")
    ]


def reviews_by(scope: Scope, period: Period, by: str) -> list[Row]:
    """(本期复核, 按期, 逾期) per assistance type or township."""
    on_time = Q(reviewed_on__lte=F("due_on"))
    return _grouped(
        reviews(scope, period),
        by,
        {
            "n": Count("pk"),
            "on_time": Count("pk", filter=on_time),
            "late": Count("pk", filter=~on_time),
        },
    )


def _kind_counts() -> dict:
    return {kind.value: Count("pk", filter=Q(kind=kind)) for kind in KINDS}


def changes_by(scope: Scope, period: Period, by: str) -> list[Row]:
    """Counts of each kind (增发、减发、补发、暂停发放、停发) per type or township."""
    return _grouped(changes(scope, period), by, _kind_counts())


def changes_by_month(scope: Scope, period: Period) -> list[tuple[date, tuple]]:
    """Every month of the period, with the counts of each kind taking effect."""
    found = {
        r["effective_month"]: r
        for r in changes(scope, period)
        .order_by()
        .values("effective_month")
        .annotate(**_kind_counts())
    }
    months, month = [], period.first
    while month <= period.last:
        row = found.get(month, {})
        months.append((month, tuple(row.get(k.value, 0) for k in KINDS)))
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months
