"""限时办结: 公示 never counts; 补正 cases are not overdue."""

import math
from collections import Counter, defaultdict
from datetime import date

from cases.models import Case, StageDeadline
from core.stages import Stage
from core.workdays import WorkingCalendar

from .common import (
    Area,
    Span,
    all_cases,
    counts_table,
    local,
    rate,
    table,
    township_name,
)


def office_deadlines(case: Case) -> list[StageDeadline]:
    """The deadlines the office must meet: every stage but 公示."""
    return [d for d in case.deadlines.all() if d.stage != Stage.PUBLIC_NOTICE]


def is_late(case: Case, today: date) -> bool:
    for deadline in office_deadlines(case):
        if deadline.completed_at is not None:
            if local(deadline.completed_at) > deadline.due_on:
                return True
        elif deadline.due_on < today:
            return True
    return False


def is_paused(case: Case) -> bool:
    return any(p.ended_on is None for p in case.pauses.all())


def overdue_deadlines(case: Case, today: date) -> list[StageDeadline]:
    if is_paused(case):
        return []
    return [
        d for d in office_deadlines(case) if d.completed_at is None and d.due_on < today
    ]


def _stage_row(days: list[int], on_time: int) -> tuple:
    ordered = sorted(days)
    p90 = ordered[math.ceil(0.9 * len(ordered)) - 1]
    average = round(sum(days) / len(days), 1)
    return (len(days), on_time, rate(on_time, len(days)), average, p90)


def timeliness(area: Area, span: Span, today: date) -> dict:
    calendar = WorkingCalendar()
    cases = all_cases(area)
    days: dict[str, list[int]] = defaultdict(list)
    on_time_stages: Counter = Counter()
    for case in cases:
        for deadline in office_deadlines(case):
            if not span.has(deadline.completed_at):
                continue
            done_on = local(deadline.completed_at)
            days[deadline.stage].append(
                max(calendar.between(deadline.starts_on, done_on), 0)
            )
            on_time_stages[deadline.stage] += done_on <= deadline.due_on
    labels = dict(Stage.choices)
    stages = {
        str(labels[stage]): _stage_row(values, on_time_stages[stage])
        for stage, values in days.items()
    }

    closed, on_time = Counter(), Counter()
    for case in cases:
        if span.has(case.closed_at):
            closed[township_name(case)] += 1
            on_time[township_name(case)] += not is_late(case, today)
    on_time_rows = {
        name: (closed[name], on_time[name], rate(on_time[name], closed[name]))
        for name in closed
    }
    total_closed, total_on_time = sum(closed.values()), sum(on_time.values())

    overdue_cases, overdue_stages = Counter(), Counter()
    for case in cases:
        late = overdue_deadlines(case, today)
        if late:
            overdue_cases[township_name(case)] += 1
            overdue_stages.update(str(labels[d.stage]) for d in late)
    return {
        "stage_timings": table(stages),
        "on_time": table(
            on_time_rows,
            total=(
                total_closed,
                total_on_time,
                rate(total_on_time, total_closed),
            ),
        ),
        "overdue_township": counts_table(overdue_cases),
        "overdue_stage": counts_table(overdue_stages),
    }
