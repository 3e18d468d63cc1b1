"""受理与审批的数字：按救助事项、渠道、乡镇、月份。

Each function takes a ``Scope`` and a ``Period`` and returns plain rows; the
database does the counting (one GROUP BY per table), Python only labels them.
A case counts in the period its event falls in: an application by its
``received_at``, a decision by its ``decided_at`` (北京时间), a recipient's exit
(退出/停保) by its ``exited_on`` date.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet

from cases.channels import Channel
from cases.models import Case, Consultation, RecipientExit
from portal.models import ServicePoint

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


def exited(scope: Scope, period: Period) -> QuerySet[RecipientExit]:
    """Exits dated in the period (a date, so compared with the period's days)."""
    return scope.exits().filter(exited_on__gte=period.first, exited_on__lte=period.last)


def _grouped(queryset: QuerySet, prefix: str, **counts) -> list[Row]:
    """Counts per directory entry (assistance type, township, department).

    Grouped by the foreign key alone, so the database needs no join while it
    counts; the few entries' codes and names are read afterwards, in their order.
    """
    field = queryset.model._meta.get_field(prefix)
    rows = {r[prefix]: r for r in queryset.order_by().values(prefix).annotate(**counts)}
    names = list(counts)
    entries = field.related_model.objects.filter(pk__in=[k for k in rows if k])
    result = [
        Row(entry.code, entry.name, _values(rows[entry.pk], names))
        for entry in entries.order_by("sort_order", "code")
    ]
    if None in rows:
        result.insert(0, Row("", "", _values(rows[None], names)))
    return result


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
    """One conditional count per month, in one query over an indexed range.

    (Grouping by TruncMonth would convert every row's instant to local time; on
    SQLite that is a Python call per row.)
    """
    bounds = [Period("month", m.year, m.month) for m in months]
    counts = queryset.filter(
        **{f"{field}__gte": bounds[0].starts, f"{field}__lt": bounds[-1].ends}
    ).aggregate(
        **{
            f"m{i}": Count(
                "pk",
                filter=Q(**{f"{field}__gte": b.starts, f"{field}__lt": b.ends}),
            )
            for i, b in enumerate(bounds)
        }
    )
    return [counts[f"m{i}"] for i in range(len(bounds))]


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


def _side_by_side(parts: list[tuple[QuerySet, str]], model) -> list[Row]:
    """One count per part for each directory entry, in the directory's order.

    Each part is counted by its own GROUP BY on the foreign key (``prefix`` may
    follow a relation, as ``case__township``); an entry missing from a part is 0.
    """
    counts = [
        dict(
            queryset.order_by()
            .values(prefix)
            .annotate(n=Count("pk"))
            .values_list(prefix, "n")
        )
        for queryset, prefix in parts
    ]
    keys = set().union(*counts)
    entries = model.objects.filter(pk__in=[k for k in keys if k])
    rows = [
        Row(entry.code, entry.name, tuple(c.get(entry.pk, 0) for c in counts))
        for entry in entries.order_by("sort_order", "code")
    ]
    if None in keys:
        rows.insert(0, Row("", "", tuple(c.get(None, 0) for c in counts)))
    return rows


def _recipients_by(scope: Scope, period: Period, field: str) -> list[Row]:
    approved = decided(scope, period).filter(decision=APPROVED)
    model = Case._meta.get_field(field).related_model
    return _side_by_side(
        [(approved, field), (exited(scope, period), f"case__{field}")], model
    )


def recipients_by_type(scope: Scope, period: Period) -> list[Row]:
    """新增救助对象（审批同意）与退出救助对象（停保），按救助事项。"""
    return _recipients_by(scope, period, "assistance_type")


def recipients_by_township(scope: Scope, period: Period) -> list[Row]:
    return _recipients_by(scope, period, "township")


# 咨询登记（首问负责）: by the consultation's own township (None: the county
# window), counted in the period of ``consulted_at``; 转为案件 whenever it happened.
CONSULTATION_COUNTS = {
    "n": Count("pk"),
    "visits": Count("pk", filter=Q(channel="visit")),
    "calls": Count("pk", filter=Q(channel="phone")),
    "told_once": Count("pk", filter=Q(one_time_notice=True)),
    "to_case": Count("pk", filter=Q(case__isnull=False)),
}


def consultations(scope: Scope, period: Period) -> QuerySet[Consultation]:
    """The area's consultations of the period; none for a village (its questions
    are in the registration book)."""
    if scope.village is not None:
        return Consultation.objects.none()
    asked = within(Consultation.objects.all(), "consulted_at", period)
    if scope.township is not None:
        return asked.filter(township=scope.township)
    return asked


def consultations_by_township(scope: Scope, period: Period) -> list[Row]:
    return _grouped(consultations(scope, period), "township", **CONSULTATION_COUNTS)


def consultations_by_responder(scope: Scope, period: Period) -> list[Row]:
    """首问负责人: consultations answered and those that became cases, per person."""
    counted = (
        consultations(scope, period)
        .order_by()
        .values("first_responder")
        .annotate(n=Count("pk"), to_case=Count("pk", filter=Q(case__isnull=False)))
    )
    counts = {r["first_responder"]: (r["n"], r["to_case"]) for r in counted}
    people = get_user_model().objects.filter(pk__in=counts).order_by("username")
    return sorted(
        (
            Row(p.get_username(), ServicePoint.staff_display_name(p), counts[p.pk])
            for p in people
        ),
        key=lambda row: (-row.values[0], row.key),
    )
