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
from portal.models import AssistanceType, ServicePoint, Township

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
    return labelled(
        field.related_model, {key: _values(row, names) for key, row in rows.items()}
    )


def labelled(model, counts: dict) -> list[Row]:
    """Rows of ``counts`` (entry pk or None → values) in the directory's order,
    the line without an entry (None) first."""
    entries = model.objects.filter(pk__in=[k for k in counts if k])
    result = [
        Row(entry.code, entry.name, counts[entry.pk])
        for entry in entries.order_by("sort_order", "code")
    ]
    if None in counts:
        result.insert(0, Row("", "", counts[None]))
    return result


def _summed(counts: dict[tuple, tuple], index: int) -> dict:
    """Counts keyed by several columns, added up by the column at ``index``."""
    out: dict = {}
    for key, values in counts.items():
        have = out.get(key[index])
        out[key[index]] = (
            values
            if have is None
            else tuple(a + b for a, b in zip(have, values, strict=True))
        )
    return out


def _values(row: dict, names: list[str]) -> tuple:
    return tuple(row[name] for name in names)


def application_counts(scope: Scope, period: Period) -> dict[tuple, tuple]:
    """(assistance type, channel, township) → (applications,): the period's
    applications counted once, for every breakdown. COUNT(*) over the columns a
    covering index holds (PostgreSQL reads the index alone)."""
    rows = (
        received(scope, period)
        .order_by()
        .values_list("assistance_type", "channel", "township")
        .annotate(n=Count("*"))
    )
    return {(kind, channel, township): (n,) for kind, channel, township, n in rows}


def applications_by_type(
    scope: Scope, period: Period, counts: dict | None = None
) -> list[Row]:
    counts = application_counts(scope, period) if counts is None else counts
    return labelled(AssistanceType, _summed(counts, 0))


def applications_by_township(
    scope: Scope, period: Period, counts: dict | None = None
) -> list[Row]:
    counts = application_counts(scope, period) if counts is None else counts
    return labelled(Township, _summed(counts, 2))


def applications_by_channel(
    scope: Scope, period: Period, counts: dict | None = None
) -> list[Row]:
    counts = application_counts(scope, period) if counts is None else counts
    by_channel = _summed(counts, 1)
    return [
        Row(code, str(label), by_channel[code])
        for code, label in Channel.choices
        if by_channel.get(code, (0,))[0]
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
                field,  # not the pk: the index on ``field`` alone answers
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
    "approved": Count("decided_at", filter=Q(decision=APPROVED)),
    "denied": Count("decided_at", filter=Q(decision=DENIED)),
}


def decision_counts(scope: Scope, period: Period) -> dict[tuple, tuple]:
    """(assistance type, township) → (approved, denied): the period's decisions
    counted once for both breakdowns and for the new recipients."""
    rows = (
        decided(scope, period)
        .order_by()
        .values("assistance_type", "township")
        .annotate(**DECISION_COUNTS)
    )
    return {
        (r["assistance_type"], r["township"]): (r["approved"], r["denied"])
        for r in rows
    }


_DECISION_BY = {"assistance_type": 0, "township": 1}


def _decisions_by(counts: dict, field: str) -> list[Row]:
    model = Case._meta.get_field(field).related_model
    return labelled(model, _summed(counts, _DECISION_BY[field]))


def decisions_by_type(
    scope: Scope, period: Period, counts: dict | None = None
) -> list[Row]:
    """审批同意（即新增救助对象）与不同意，按救助事项。"""
    counts = decision_counts(scope, period) if counts is None else counts
    return _decisions_by(counts, "assistance_type")


def decisions_by_township(
    scope: Scope, period: Period, counts: dict | None = None
) -> list[Row]:
    counts = decision_counts(scope, period) if counts is None else counts
    return _decisions_by(counts, "township")


def _side_by_side(parts: list[dict], model) -> list[Row]:
    """One count per part for each directory entry, in the directory's order;
    an entry missing from a part is 0."""
    keys = set().union(*parts)
    return labelled(model, {k: tuple(c.get(k, 0) for c in parts) for k in keys})


def _counted_by(queryset: QuerySet, prefix: str) -> dict:
    """A GROUP BY on the foreign key ``prefix`` (which may follow a relation)."""
    return dict(
        queryset.order_by()
        .values(prefix)
        .annotate(n=Count("pk"))
        .values_list(prefix, "n")
    )


def _recipients_by(
    scope: Scope, period: Period, field: str, counts: dict | None
) -> list[Row]:
    counts = decision_counts(scope, period) if counts is None else counts
    approved = {
        key: values[0]
        for key, values in _summed(counts, _DECISION_BY[field]).items()
        if values[0]
    }
    model = Case._meta.get_field(field).related_model
    exits = _counted_by(exited(scope, period), f"case__{field}")
    return _side_by_side([approved, exits], model)


def recipients_by_type(
    scope: Scope, period: Period, counts: dict | None = None
) -> list[Row]:
    """新增救助对象（审批同意）与退出救助对象（停保），按救助事项。"""
    return _recipients_by(scope, period, "assistance_type", counts)


def recipients_by_township(
    scope: Scope, period: Period, counts: dict | None = None
) -> list[Row]:
    return _recipients_by(scope, period, "township", counts)


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
