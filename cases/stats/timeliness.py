"""限时办结：各环节用时（工作日，平均与第90百分位）、按时办结率、当前超期。

Working days come from the ``WorkingDayOrdinal`` table (``calendar.py``): a
stage's duration is ``ordinal(completed on) - ordinal(starts_on)``, the working
days after the start day up to the day it was completed, as the deadline itself
is counted. On time means completed no later than ``due_on``, the stored
deadline that already includes approved extensions (延期) and 补正 pauses; the
duration itself includes any pause.
"""

from dataclasses import dataclass

from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Window,
)
from django.db.models.functions import Cast, CumeDist, TruncDate
from django.utils import timezone

from cases.models import Stage, StageDeadline
from cases.selectors import cases_overdue

from .calendar import calendar_span, ensure_calendar, ordinal_of
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
    deadlines = StageDeadline.objects.filter(
        scope.on_case(), completed_at__isnull=False
    )
    return (
        within(deadlines, "completed_at", period)
        .annotate(done_on=TruncDate("completed_at"))
        .annotate(
            days=Cast(ordinal_of("done_on") - ordinal_of("starts_on"), IntegerField())
        )
    )


def stage_timings(scope: Scope, period: Period) -> list[StageTiming]:
    """One line per stage completed in the period."""
    deadlines = _completed_deadlines(scope, period)
    totals = {
        row["stage"]: row
        for row in deadlines.values("stage").annotate(
            n=Count("pk"),
            on_time=Count("pk", filter=Q(done_on__lte=F("due_on"))),
            average=Avg("days"),
        )
    }
    p90 = _percentiles(deadlines)
    return [
        StageTiming(
            stage=code,
            label=str(label),
            completed=totals[code]["n"],
            on_time=totals[code]["on_time"],
            average=(
                round(totals[code]["average"], 1)
                if totals[code]["average"] is not None
                else None
            ),
            p90=p90.get(code),
        )
        for code, label in Stage.choices
        if code in totals
    ]


def _percentiles(deadlines: QuerySet) -> dict[str, int]:
    """The 90th percentile (nearest rank) of each stage's working days.

    ``CUME_DIST()`` over each stage's durations is the share of deadlines that
    took at most as long; the percentile is the smallest duration whose share
    reaches 90 %. The window runs in the database and only the distinct
    (stage, days) pairs past that point come back, a few per stage.
    """
    ranked = (
        deadlines.filter(days__isnull=False)
        .annotate(
            share=Window(
                CumeDist(), partition_by=[F("stage")], order_by=F("days").asc()
            )
        )
        .filter(share__gte=PERCENTILE / 100)
        .values_list("stage", "days")
        .distinct()
    )
    result: dict[str, int] = {}
    for stage, days in ranked:
        result[stage] = min(days, result.get(stage, days))
    return result


def _late_deadline(today) -> Exists:
    """A stage of the case finished after its deadline, or is still open past it."""
    return Exists(
        StageDeadline.objects.filter(case=OuterRef("pk")).filter(
            Q(completed_at__date__gt=F("due_on"))
            | Q(completed_at__isnull=True, due_on__lt=today)
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
        StageDeadline.objects.filter(
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
