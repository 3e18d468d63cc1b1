"""分办转办的反馈、投诉的答复、评价回访的满意度。

Referrals count in the period they were sent (``referred_at``), complaints in
the period they were received, follow-ups in the period they were conducted. On
time: the department's feedback was registered, or the named complainant was
answered, no later than the stored due date. "Overdue now" looks at every open
record of the area, whatever its period.
"""

from django.db.models import Count, F, Q
from django.utils import timezone

from cases.models import Complaint
from cases.selectors import complaints_overdue, referrals_overdue
from cases.selectors.figures import followup_counts

from .calendar import LocalDate
from .figures import Row, _grouped, within
from .periods import Period
from .scope import Scope

REFERRAL_COUNTS = {
    "sent": Count("pk"),
    "fed_back": Count("pk", filter=Q(feedback_at__isnull=False)),
    "on_time": Count("pk", filter=Q(fed_back_on__lte=F("feedback_due"))),
}


def referrals_by_department(scope: Scope, period: Period) -> list[Row]:
    """Sent in the period, fed back, fed back on time; and overdue now (any period)."""
    today = timezone.localdate()
    sent = _grouped(
        within(scope.referrals(), "referred_at", period).annotate(
            fed_back_on=LocalDate("feedback_at")
        ),
        "department",
        **REFERRAL_COUNTS,
    )
    overdue = {
        row.key: row.values[0]
        for row in _grouped(
            referrals_overdue(scope.referrals(), today=today),
            "department",
            n=Count("pk"),
        )
    }
    rows = [Row(r.key, r.label, (*r.values, overdue.pop(r.key, 0))) for r in sent]
    # Departments with nothing sent this period but still overdue from before.
    names = dict(
        scope.referrals()
        .filter(department__code__in=list(overdue))
        .values_list("department__code", "department__name")
        .distinct()
    )
    rows += [
        Row(code, names.get(code, code), (0, 0, 0, n)) for code, n in overdue.items()
    ]
    return rows


COMPLAINT_COUNTS = {
    "received": Count("pk"),
    "named": Count("pk", filter=Q(response_due__isnull=False)),
    "answered": Count("pk", filter=Q(answered_at__isnull=False)),
    "on_time": Count("pk", filter=Q(answered_on__lte=F("response_due"))),
}


def _received(scope: Scope, period: Period):
    return within(scope.complaints(), "received_at", period).annotate(
        answered_on=LocalDate("answered_at")
    )


def complaints_by_channel(scope: Scope, period: Period) -> list[Row]:
    counts = {
        row["channel"]: row
        for row in _received(scope, period)
        .values("channel")
        .annotate(**COMPLAINT_COUNTS)
    }
    names = list(COMPLAINT_COUNTS)
    return [
        Row(code, str(label), tuple(counts[code][n] for n in names))
        for code, label in Complaint.Channel.choices
        if code in counts
    ]


def complaints_by_township(scope: Scope, period: Period) -> list[Row]:
    """Complaints not yet given a township are county business: their own line."""
    return _grouped(
        _received(scope, period),
        "township",
        **COMPLAINT_COUNTS,
    )


def complaints_overdue_now(scope: Scope) -> int:
    return complaints_overdue(scope.complaints()).count()


def satisfaction(scope: Scope, period: Period) -> dict:
    """评价回访：本期完成的，按结果计数（与后台首页督办面板同一口径）。"""
    return within(scope.followups(), "conducted_at", period).aggregate(
        **followup_counts()
    )
