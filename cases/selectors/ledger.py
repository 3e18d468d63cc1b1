"""Filters of the referral ledger and the complaint list, by query parameter.

The admin list filters, the printed ledger book and the Excel export all call
these, so the paper and the spreadsheet hold exactly the rows the list shows.
Parameters: ``department`` and ``township`` by code, ``status``, ``channel``,
``overdue`` (yes/no) and ``period``: ``2026``, ``2026-03`` or
``2026-03-01~2026-03-31`` (either end may be left out).
"""

import calendar
import re
from collections.abc import Mapping
from datetime import date

from django.db.models import Q, QuerySet

from .records import (
    complaints_overdue,
    complaints_visible_to,
    referrals_overdue,
    referrals_visible_to,
)

_DAY = r"\d{4}-\d{2}-\d{2}"
_RANGE = re.compile(rf"^({_DAY})?~({_DAY})?$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")


def parse_period(value: str) -> tuple[date | None, date | None] | None:
    """(first day, last day) of a period parameter, or None when it is not one."""
    value = (value or "").strip()
    try:
        if match := _YEAR.match(value):
            year = int(match[1])
            return date(year, 1, 1), date(year, 12, 31)
        if match := _MONTH.match(value):
            year, month = int(match[1]), int(match[2])
            last = calendar.monthrange(year, month)[1]
            return date(year, month, 1), date(year, month, last)
        if (match := _RANGE.match(value)) and (match[1] or match[2]):
            start = date.fromisoformat(match[1]) if match[1] else None
            end = date.fromisoformat(match[2]) if match[2] else None
            return start, end
    except ValueError:
        return None
    return None


def filter_period(queryset: QuerySet, field: str, value: str) -> QuerySet:
    period = parse_period(value)
    if period is None:
        return queryset
    start, end = period
    if start:
        queryset = queryset.filter(**{f"{field}__date__gte": start})
    if end:
        queryset = queryset.filter(**{f"{field}__date__lte": end})
    return queryset


def filter_overdue(queryset: QuerySet, value: str, overdue) -> QuerySet:
    if value == "yes":
        return overdue(queryset)
    if value == "no":
        return queryset.exclude(pk__in=overdue(queryset).values("pk"))
    return queryset


def _search(*text_fields: str):
    def narrow(queryset: QuerySet, value: str) -> QuerySet:
        query = value.strip()
        if not query:
            return queryset
        match = Q(number__icontains=query) | Q(case__number__icontains=query)
        for name in text_fields:
            match |= Q(**{f"{name}__icontains": query})
        return queryset.filter(match)

    return narrow


# parameter → how it narrows the rows; the admin's list filters use these too.
REFERRAL_FILTERS = {
    "department": lambda rows, v: rows.filter(department__code=v),
    "township": lambda rows, v: rows.filter(case__township__code=v),
    "status": lambda rows, v: rows.filter(status=v),
    "overdue": lambda rows, v: filter_overdue(rows, v, referrals_overdue),
    "period": lambda rows, v: filter_period(rows, "referred_at", v),
    "q": _search("reason", "need"),
}
COMPLAINT_FILTERS = {
    "township": lambda rows, v: rows.filter(township__code=v),
    "channel": lambda rows, v: rows.filter(channel=v),
    "status": lambda rows, v: rows.filter(status=v),
    "overdue": lambda rows, v: filter_overdue(rows, v, complaints_overdue),
    "period": lambda rows, v: filter_period(rows, "received_at", v),
    "q": _search("content", "name"),
}


def _apply(rows: QuerySet, filters: dict, params: Mapping[str, str]) -> QuerySet:
    for name, narrow in filters.items():
        value = params.get(name)
        if value:
            rows = narrow(rows, value)
    return rows


def referral_ledger(user, params: Mapping[str, str]) -> QuerySet:
    """The ledger rows this user may see, filtered as the admin list is."""
    rows = _apply(referrals_visible_to(user), REFERRAL_FILTERS, params)
    return rows.order_by("referred_at", "pk")


def complaint_list(user, params: Mapping[str, str]) -> QuerySet:
    rows = _apply(complaints_visible_to(user), COMPLAINT_FILTERS, params)
    return rows.order_by("received_at", "pk")
