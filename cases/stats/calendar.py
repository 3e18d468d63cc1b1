"""工作日序号表的维护与使用：把“相隔几个工作日”变成可聚合的 SQL 表达式。

``ordinal(d)`` counts the working days from the table's first date through ``d``,
so the working days after ``a`` up to and including ``b`` — what
``WorkingCalendar.between(a, b)`` answers — are ``ordinal(b) - ordinal(a)``.
The table is filled lazily for whole years, from the year of the oldest case to
the year after today, and emptied whenever an administrator changes a
``CalendarDay`` (``cases.signals``), so the next report rebuilds it.
"""

from datetime import date, datetime, timedelta
from functools import cache

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Min, OuterRef, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone

from cases.models import Case, WorkingDayOrdinal
from core.workdays import WorkingCalendar

BATCH = 2000


def _rows(first: date, last: date, start_ordinal: int) -> list[WorkingDayOrdinal]:
    calendar = WorkingCalendar()
    rows, ordinal, day = [], start_ordinal, first
    while day <= last:
        working = calendar.is_working_day(day)
        ordinal += int(working)
        rows.append(WorkingDayOrdinal(date=day, ordinal=ordinal, is_working=working))
        day += timedelta(days=1)
    return rows


def calendar_span(today: date | None = None) -> tuple[date, date]:
    """The years a report may need: from the oldest case to next year."""
    today = today or timezone.localdate()
    oldest = Case.objects.aggregate(first=Min("received_at"))["first"]
    first_year = timezone.localtime(oldest).year if oldest else today.year
    return date(min(first_year, today.year), 1, 1), date(today.year + 1, 12, 31)


@transaction.atomic
def ensure_calendar(first: date, last: date) -> None:
    """Make the table cover ``first``..``last`` (whole years), numbering unbroken."""
    first, last = date(first.year, 1, 1), date(last.year, 12, 31)
    have = WorkingDayOrdinal.objects.aggregate(lo=Min("date"), hi=Max("date"))
    lo, hi = have["lo"], have["hi"]
    if lo is not None and lo <= first and hi >= last:
        return
    if lo is None or first < lo:
        # Numbering starts at the first date: an earlier start renumbers all.
        WorkingDayOrdinal.objects.all().delete()
        rows = _rows(first, max(last, hi or last), 0)
    else:
        top = WorkingDayOrdinal.objects.get(date=hi).ordinal
        rows = _rows(hi + timedelta(days=1), last, top)
    # Two reports filling at once write the same rows: the second one's are ignored.
    WorkingDayOrdinal.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)


def invalidate_calendar() -> None:
    """节假日调整后：清空序号表，下一次统计按新的日历重建。"""
    WorkingDayOrdinal.objects.all().delete()


def ordinal_of(field: str) -> Subquery:
    """The working-day ordinal of the date in ``field`` (column or annotation)."""
    return Subquery(
        WorkingDayOrdinal.objects.filter(date=OuterRef(field)).values("ordinal")[:1]
    )


@cache
def _fixed_offset_minutes(zone_name: str) -> int | None:
    """The zone's UTC offset if it has been the same since 2000 (Asia/Shanghai)."""
    zone = timezone.get_current_timezone()
    offsets = {
        zone.utcoffset(datetime(year, month, 1))
        for year in (2000, 2026, 2050)
        for month in (1, 7)
    }
    if len(offsets) != 1:
        return None
    return int(offsets.pop().total_seconds() // 60)


class LocalDate(TruncDate):
    """The local (北京时间) date of a stored instant, computed in the database.

    On PostgreSQL this is TruncDate. On SQLite Django's TruncDate calls a Python
    function for every row; for a zone without daylight saving the same date is
    SQLite's own ``date(instant, '+480 minutes')``, several times faster.
    """

    def as_sqlite(self, compiler, connection, **extra_context):
        offset = _fixed_offset_minutes(timezone.get_current_timezone_name())
        if offset is None or self.tzinfo is not None or not settings.USE_TZ:
            return super().as_sql(compiler, connection, **extra_context)
        sql, params = compiler.compile(self.lhs)
        return f"date({sql}, %s)", (*params, f"{offset:+d} minutes")
