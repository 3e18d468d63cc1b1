"""受理申请、月度趋势、审批决定与救助对象."""

from collections import Counter
from datetime import date

from cases.channels import Channel
from cases.models import Case, RecipientExit

from .common import Area, Span, all_cases, counts_table, local, table, township_name


def applications(area: Area, span: Span) -> dict:
    received = [c for c in all_cases(area) if span.has(c.received_at)]
    channels = dict(Channel.choices)
    tables = {
        "applications_type": counts_table(
            Counter(c.assistance_type.name for c in received)
        ),
        "applications_channel": counts_table(
            Counter(str(channels[c.channel]) for c in received if c.channel in channels)
        ),
    }
    if area.by_township:
        tables["applications_township"] = counts_table(
            Counter(township_name(c) for c in received)
        )
    return tables


def months_to(last: date, count: int = 12) -> list[date]:
    index = last.year * 12 + last.month - 1
    return [
        date((index - i) // 12, (index - i) % 12 + 1, 1)
        for i in range(count - 1, -1, -1)
    ]


def trend(area: Area, span: Span) -> dict:
    cases = all_cases(area)
    rows = []
    for month in months_to(span.last):

        def in_month(moment, month=month) -> bool:
            return moment is not None and (local(moment).year, local(moment).month) == (
                month.year,
                month.month,
            )

        rows.append(
            [
                f"{month:%Y-%m}",
                sum(in_month(c.received_at) for c in cases),
                sum(in_month(c.decided_at) for c in cases),
                sum(in_month(c.closed_at) for c in cases),
            ]
        )
    return {"trend": {"list": rows}}


def _decision_table(decided: list[Case], key) -> dict:
    approved = Counter(key(c) for c in decided if c.decision == "approved")
    denied = Counter(key(c) for c in decided if c.decision == "denied")
    labels = set(approved) | set(denied)
    rows = {
        label: (approved[label], denied[label], approved[label] + denied[label])
        for label in labels
    }
    a, d = sum(approved.values()), sum(denied.values())
    return table(rows, total=(a, d, a + d))


def _recipients_table(approved: list[Case], exits: list[RecipientExit], key) -> dict:
    new = Counter(key(c) for c in approved)
    left = Counter(key(e.case) for e in exits)
    rows = {
        label: (new[label], left[label], new[label] - left[label])
        for label in set(new) | set(left)
    }
    n, x = sum(new.values()), sum(left.values())
    return table(rows, total=(n, x, n - x))


def decisions(area: Area, span: Span) -> dict:
    decided = [c for c in all_cases(area) if span.has(c.decided_at)]
    approved = [c for c in decided if c.decision == "approved"]
    exits = [
        e
        for e in RecipientExit.objects.select_related(
            "case__assistance_type", "case__township"
        )
        if area.has_case(e.case) and span.has_day(e.exited_on)
    ]
    by_type = lambda case: case.assistance_type.name  # noqa: E731
    tables = {
        "decisions_type": _decision_table(decided, by_type),
        "recipients_type": _recipients_table(approved, exits, by_type),
    }
    if area.by_township:
        tables["decisions_township"] = _decision_table(decided, township_name)
        tables["recipients_township"] = _recipients_table(
            approved, exits, township_name
        )
    return tables
