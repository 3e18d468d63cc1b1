"""受理与审批的数字：按救助事项、渠道、乡镇、月份。

Each function takes a ``Scope`` and a ``Period`` and returns plain rows; the
database does the counting (one GROUP BY per table), Python only labels them.
A case counts in the period its event falls in: an application by its
``received_at``, a decision by its ``decided_at`` (北京时间).
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth

from cases.channels import Channel
from cases.models import Case

from .periods import Period
from .scope import Scope

APPROVED, DENIED = Case.Status.APPROVED.value, Case.Status.DENIED.value


@dataclass(frozen=True)
class Row:
    """One labelled line of counts, in the order of the table's columns."""

    key: str
    label: str
    values: tuple


def within(queryset: QuerySet, field: str, period: Period) -> QuerySet:
    """Rows whose instant ``field`` falls in the period (index-friendly bounds)."""
    return queryset.filter(
        **{f"{field}__gte": period.starts, f"{field}__lt": period.ends}
    )


def received(scope: Scope, period: Period) -> QuerySet[Case]:
    return within(scope.cases(), "received_at", period)


def decided(scope: Scope, period: Period) -> QuerySet[Case]:
    return within(scope.cases(), "decided_at", period)


def _grouped(queryset: QuerySet, prefix: str, **counts) -> list[Row]:
    """Counts per directory entry (assistance type, township, department)."""
    rows = (
        queryset.values(f"{prefix}__code", f"{prefix}__name")
        .annotate(**counts)
        .order_by(f"{prefix}__sort_order", f"{prefix}__code")
    )
    names = list(counts)
    return [
        Row(r[f"{prefix}__code"] or "", r[f"{prefix}__name"] or "", _values(r, names))
        for r in rows
    ]


def _values(row: dict, names: list[str]) -> tuple:
    return tuple(row[name] for name in names)


def applications_by_type(scope: Scope, period: Period) -> list[Row]:
    return _grouped(received(scope, period), "assistance_type", n=Count("pk"))


def applications_by_township(scope: Scope, period: Period) -> list[Row]:
    return _grouped(received(scope, period), "township", n=Count("pk"))


def applications_by_channel(scope: Scope, period: Period) -> list[Row]:
    counts = dict(
        received(scope, period)
        .values("channel")
        .annotate(n=Count("pk"))
        .values_list("channel", "n")
    )
    return [
        Row(code, str(label), (counts[code],))
        for code, label in Channel.choices
        if counts.get(code)
    ]


def _by_month(queryset: QuerySet, field: str, months: list[date]) -> list[int]:
    start, end = months[0], months[-1]
    counted = (
        queryset.filter(
            **{
                f"{field}__gte": Period("month", start.year, start.month).starts,
                f"{field}__lt": Period("month", end.year, end.month).ends,
            }
        )
        .annotate(month=TruncMonth(field))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    by_month = {(m.year, m.month): n for m, n in counted}
    return [by_month.get((m.year, m.month), 0) for m in months]


def monthly_trend(scope: Scope, period: Period) -> tuple[list[date], dict]:
    """Applications, decisions and closures in each of the 12 months to the period."""
    months = period.trend_months()
    cases = scope.cases()
    return months, {
        "received": _by_month(cases, "received_at", months),
        "decided": _by_month(cases, "decided_at", months),
        "closed": _by_month(cases, "closed_at", months),
    }


DECISION_COUNTS = {
    "approved": Count("pk", filter=Q(decision=APPROVED)),
    "denied": Count("pk", filter=Q(decision=DENIED)),
}


def decisions_by_type(scope: Scope, period: Period) -> list[Row]:
    """审批同意（即新增救助对象）与不同意，按救助事项。"""
    return _grouped(decided(scope, period), "assistance_type", **DECISION_COUNTS)


def decisions_by_township(scope: Scope, period: Period) -> list[Row]:
    return _grouped(decided(scope, period), "township", **DECISION_COUNTS)
