"""限时办结：各环节用时（工作日，平均与第90百分位）、按时办结率、当前超期。

Working days come from the ``WorkingDayOrdinal`` table (``calendar.py``): a
stage's duration is ``ordinal(completed on) - ordinal(starts_on)``, the working
days after the start day up to the day it was completed, as the deadline itself
is counted. On time means completed no later than ``due_on``, the stored
deadline that already includes approved extensions (延期) and 补正 pauses; the
duration itself includes any pause.

Only deadlines the office must meet are timed (``StageDeadline.objects
.office_timed``): 公示 runs the days the rules fix and is neither on time nor
late; the office's time after it is the 审批确认 stage.
"""

from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.utils import timezone

from cases.models import StageDeadline
from cases.selectors import cases_overdue
from core.stages import Stage

from .calendar import LocalDate, calendar_span, ensure_calendar, ordinal_of
from .figures import Row, _grouped, within
from .periods import Period
from .scope import Scope

PERCENTILE = 90


@dataclass(frozen=True)
class StageTiming:
    stage: str
    label: str
    completed: int
    on_time: int
    average: float | None
    p90: int | None


def _completed_deadlines(scope: Scope, period: Period) -> QuerySet[StageDeadline]:
    ensure_calendar(*calendar_span())
    deadlines = StageDeadline.objects.office_timed().filter(
        scope.on_case(), completed_at__isnull=False
    )
    # 审批确认 after a 公示 starts when the 公示 ends; a case refused during the
    # 公示 finished that stage before it started: 0 days, not fewer.
    days = Case(
        When(done_on__lt=F("starts_on"), then=Value(0)),
        default=Cast(ordinal_of("done_on") - ordinal_of("starts_on"), IntegerField()),
        output_field=IntegerField(),
    )
    return (
        within(deadlines, "completed_at", period)
        .annotate(done_on=LocalDate("completed_at"))
        .annotate(days=days)
    )


def stage_timings(scope: Scope, period: Period) -> list[StageTiming]:
    """One line per stage completed in the period.

    One GROUP BY returns (stage, working days, count, on time) buckets — a few
    dozen however many deadlines there are. Totals, the average and the 90th
    percentile (nearest rank: the smallest duration that at least 90 % of the
    stage's deadlines did not exceed) are read off those buckets' running counts.
    """
    buckets = (
        _completed_deadlines(scope, period)
        .filter(days__isnull=False)
        .values("stage", "days")
        .annotate(
            n=Count("pk"), on_time=Count("pk", filter=Q(done_on__lte=F("due_on")))
        )
        .order_by("stage", "days")
    )
    by_stage: dict[str, list[dict]] = {}
    for bucket in buckets:
        by_stage.setdefault(bucket["stage"], []).append(bucket)
    return [
        _timing(code, str(label), by_stage[code])
        for code, label in Stage.choices
        if code in by_stage
    ]


def _timing(stage: str, label: str, buckets: list[dict]) -> StageTiming:
    total = sum(b["n"] for b in buckets)
    running, p90 = 0, None
    for bucket in buckets:
        running += bucket["n"]
        if p90 is None and running * 100 >= PERCENTILE * total:
            p90 = bucket["days"]
    return StageTiming(
        stage=stage,
        label=label,
        completed=total,
        on_time=sum(b["on_time"] for b in buckets),
        average=round(sum(b["days"] * b["n"] for b in buckets) / total, 1),
        p90=p90,
    )


def _late_deadline(today) -> Exists:
    """A stage the office controls finished after its deadline, or is open past it."""
    return Exists(
        StageDeadline.objects.office_timed()
        .filter(case=OuterRef("pk"))
        .annotate(done_on=LocalDate("completed_at"))
        .filter(
            Q(done_on__gt=F("due_on")) | Q(completed_at__isnull=True, due_on__lt=today)
        )
    )


def on_time_by_township(scope: Scope, period: Period) -> list[Row]:
    """限时办结率：本期办结（已回复）的案件中，每个环节都在期限内完成的。"""
    closed = within(scope.cases(), "closed_at", period).annotate(
        late=_late_deadline(timezone.localdate())
    )
    return _grouped(
        closed,
        "township",
        closed=Count("pk"),
        on_time=Count("pk", filter=Q(late=False)),
    )


def overdue_now_by_township(scope: Scope) -> list[Row]:
    """当前超期：有正在计时的环节已过期限（补正暂停中的不算）。"""
    return _grouped(cases_overdue(scope.cases()), "township", n=Count("pk"))


def overdue_now_by_stage(scope: Scope) -> list[Row]:
    today = timezone.localdate()
    late = (
        StageDeadline.objects.office_timed()
        .filter(
            completed_at__isnull=True,
            due_on__lt=today,
            case__in=cases_overdue(scope.cases(), today=today),
        )
        .values("stage")
        .annotate(n=Count("pk"))
    )
    counts = {r["stage"]: r["n"] for r in late}
    return [
        Row(code, str(label), (counts[code],))
        for code, label in Stage.choices
        if counts.get(code)
    ]
