"""定期复核 and 待遇调整 counted by hand: a review in the period of its date, on
time when done by the day it was due; a change in the period of the month it
takes effect."""

from collections import defaultdict
from datetime import date

from cases.models import BenefitChange, RecipientReview

from .common import Area, Span, rate, table

KINDS = ["increase", "decrease", "back_pay", "suspend", "stop"]


def _label(case, by: str) -> str:
    return case.assistance_type.name if by == "type" else case.township.name


def _reviews(area: Area, span: Span, by: str) -> dict:
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for review in RecipientReview.objects.select_related(
        "recipient__case__assistance_type", "recipient__case__township"
    ):
        case = review.recipient.case
        if not area.has_case(case) or not span.has_day(review.reviewed_on):
            continue
        row = counts[_label(case, by)]
        row[0] += 1
        if review.reviewed_on <= review.due_on:
            row[1] += 1
        else:
            row[2] += 1
    totals = [sum(r[i] for r in counts.values()) for i in range(3)]
    return table(
        {name: (*row, rate(row[1], row[0])) for name, row in counts.items()},
        total=(*totals, rate(totals[1], totals[0])),
    )


def _in_area(area: Area, span: Span) -> list[BenefitChange]:
    return [
        change
        for change in BenefitChange.objects.select_related(
            "recipient__case__assistance_type", "recipient__case__township"
        )
        if area.has_case(change.recipient.case) and span.has_day(change.effective_month)
    ]


def _change_table(counts: dict[str, list[int]]) -> dict:
    totals = [sum(r[i] for r in counts.values()) for i in range(len(KINDS))]
    return table(
        {name: (*row, sum(row)) for name, row in counts.items()},
        total=(*totals, sum(totals)),
    )


def _changes(changes: list[BenefitChange], key) -> dict:
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * len(KINDS))
    for change in changes:
        counts[key(change)][KINDS.index(change.kind)] += 1
    return _change_table(counts)


def _months(span: Span) -> list[date]:
    months, month = [], span.first.replace(day=1)
    while month <= span.last:
        months.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months


def recipients(area: Area, span: Span) -> dict:
    changes = _in_area(area, span)
    by_month = {f"{m:%Y-%m}": [0] * len(KINDS) for m in _months(span)}
    for change in changes:
        by_month[f"{change.effective_month:%Y-%m}"][KINDS.index(change.kind)] += 1
    tables = {
        "reviews_type": _reviews(area, span, "type"),
        "benefit_type": _changes(
            changes, lambda c: c.recipient.case.assistance_type.name
        ),
        "benefit_month": _change_table(by_month),
    }
    if area.by_township:
        tables["reviews_township"] = _reviews(area, span, "township")
        tables["benefit_township"] = _changes(
            changes, lambda c: c.recipient.case.township.name
        )
    return tables
