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
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
)
from django.utils import timezone

from cases.models import Pause, StageDeadline, WorkingDayOrdinal
from core.stages import Stage
from portal.models import Township

from .calendar import LocalDate, calendar_span, ensure_calendar
from .figures import Row, labelled, within
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
    """The office's deadlines completed in the period, with their local day."""
    deadlines = StageDeadline.objects.office_timed().filter(
        scope.on_case(), completed_at__isnull=False
    )
    return within(deadlines, "completed_at", period).annotate(
        done_on=LocalDate("completed_at")
    )


def _working_days(starts_on, done_on, ordinals: dict) -> int | None:
    """Working days after ``starts_on`` up to ``done_on``; None off the table.

    审批确认 after a 公示 starts when the 公示 ends; a case refused during the
    公示 finished that stage before it started: 0 days, not fewer.
    """
    if done_on < starts_on:
        return 0
    if done_on not in ordinals or starts_on not in ordinals:
        return None
    return ordinals[done_on] - ordinals[starts_on]


def stage_timings(scope: Scope, period: Period) -> list[StageTiming]:
    """One line per stage completed in the period.

    One GROUP BY returns (stage, start day, completion day, count, on time)
    groups: a few thousand at most, however many deadlines there are, since a
    period has few completion days and a stage starts within weeks of them.
    Each group's working days are its two days' ordinals apart (read once from
    the ordinal table, not looked up per deadline); the groups are then added up
    per (stage, working days) bucket, from whose running counts the totals, the
    average and the 90th percentile (nearest rank: the smallest duration that at
    least 90 % of the stage's deadlines did not exceed) are read.
    """
    ensure_calendar(*calendar_span())
    groups = list(
        _completed_deadlines(scope, period)
        .values("stage", "starts_on", "done_on")
        .annotate(  # counting a column the covering index holds, not the pk
            n=Count("completed_at"),
            on_time=Count("completed_at", filter=Q(done_on__lte=F("due_on"))),
        )
        .order_by()
    )
    days_seen = {g["starts_on"] for g in groups} | {g["done_on"] for g in groups}
    ordinals = dict(
        WorkingDayOrdinal.objects.filter(date__in=days_seen).values_list(
            "date", "ordinal"
        )
        if days_seen
        else ()
    )
    counted: dict[str, dict[int, list[int]]] = {}
    for group in groups:
        days = _working_days(group["starts_on"], group["done_on"], ordinals)
        if days is None:
            continue
        bucket = counted.setdefault(group["stage"], {}).setdefault(days, [0, 0])
        bucket[0] += group["n"]
        bucket[1] += group["on_time"]
    return [
        _timing(
            code,
            str(label),
            [
                {"days": days, "n": n, "on_time": on_time}
                for days, (n, on_time) in sorted(counted[code].items())
            ],
        )
        for code, label in Stage.choices
        if code in counted
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


def late_stages(today) -> tuple[Exists, Exists]:
    """Whether the case (the outer query's) has a stage the office controls
    that finished after its deadline, and one still open past it.

    On PostgreSQL each is answered from a small partial index (migration 0021)
    of exactly such stages, one lookup per case, without reading a deadline.
    """
    office = StageDeadline.objects.office_timed().filter(case=OuterRef("pk"))
    finished_late = office.annotate(done_on=LocalDate("completed_at")).filter(
        done_on__gt=F("due_on")
    )
    open_late = office.filter(completed_at__isnull=True, due_on__lt=today)
    return Exists(finished_late), Exists(open_late)


def _per_township(cases: QuerySet) -> dict:
    return dict(
        cases.order_by()
        .values("township")
        .annotate(n=Count("closed_at"))
        .values_list("township", "n")
    )


def on_time_by_township(scope: Scope, period: Period) -> list[Row]:
    """限时办结率：本期办结（已回复）的案件中，每个环节都在期限内完成的。

    Counted per township by three queries, each a plain (anti-)join the
    database plans well: the cases closed in the period; those of them with a
    stage finished late; and those with only an open stage past its deadline.
    On time is the first less the other two."""
    closed = within(scope.cases(), "closed_at", period)
    finished_late, open_late = late_stages(timezone.localdate())
    totals = _per_township(closed)
    late = _per_township(closed.filter(finished_late))
    for key, n in _per_township(
        closed.filter(open_late).filter(~finished_late)
    ).items():
        late[key] = late.get(key, 0) + n
    return labelled(
        Township, {key: (n, n - late.get(key, 0)) for key, n in totals.items()}
    )


def _open_late_stages(scope: Scope) -> QuerySet[StageDeadline]:
    """当前超期的环节: the area's open stages the office controls, past their
    deadline, of a case not paused (补正 or 核对异议 stop its clock).

    The same cases as ``selectors.cases_overdue`` (a case is overdue when it
    has such a stage), found from the stages' side: the few open ones past due
    come from a partial index, each joined to its case by its key, where the
    planner would otherwise read every case of the area to match them."""
    paused = Pause.objects.filter(case=OuterRef("case_id"), ended_on__isnull=True)
    return (
        StageDeadline.objects.office_timed()
        .filter(scope.on_case(), completed_at__isnull=True)
        .filter(due_on__lt=timezone.localdate())
        .filter(~Exists(paused))
    )


def overdue_now_by_township(scope: Scope) -> list[Row]:
    """当前超期：有正在计时的环节已过期限（补正暂停中的不算）；按案件计。"""
    counts = (
        _open_late_stages(scope)
        .order_by()
        .values("case__township")
        .annotate(n=Count("case", distinct=True))
        .values_list("case__township", "n")
    )
    return labelled(Township, {township: (n,) for township, n in counts})


def overdue_now_by_stage(scope: Scope) -> list[Row]:
    late = _open_late_stages(scope).order_by().values("stage").annotate(n=Count("pk"))
    counts = {r["stage"]: r["n"] for r in late}
    return [
        Row(code, str(label), (counts[code],))
        for code, label in Stage.choices
        if counts.get(code)
    ]
