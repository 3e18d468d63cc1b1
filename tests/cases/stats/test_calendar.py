"""The working-day ordinal table agrees with the calendar every deadline uses."""

from datetime import date, timedelta

import pytest

from cases.models import CalendarDay, WorkingDayOrdinal
from cases.stats.calendar import ensure_calendar
from core.workdays import WorkingCalendar

pytestmark = pytest.mark.django_db


def _ordinal(day: date) -> int:
    return WorkingDayOrdinal.objects.get(date=day).ordinal


def test_ordinal_difference_equals_working_days_between_over_national_day():
    ensure_calendar(date(2026, 1, 1), date(2026, 12, 31))
    calendar = WorkingCalendar()
    start = date(2026, 9, 20)
    for offset in range(0, 40, 3):
        end = start + timedelta(days=offset)
        assert _ordinal(end) - _ordinal(start) == calendar.between(start, end)


def test_extending_the_table_keeps_numbering_unbroken():
    ensure_calendar(date(2026, 1, 1), date(2026, 12, 31))
    before = _ordinal(date(2026, 12, 31))
    ensure_calendar(date(2026, 1, 1), date(2027, 12, 31))
    assert _ordinal(date(2026, 12, 31)) == before
    assert _ordinal(date(2027, 1, 4)) - before == WorkingCalendar().between(
        date(2026, 12, 31), date(2027, 1, 4)
    )
    ensure_calendar(date(2025, 6, 1), date(2027, 1, 1))  # earlier start: renumbered
    assert WorkingDayOrdinal.objects.order_by("date").first().date == date(2025, 1, 1)


def test_calendar_change_empties_the_table_for_rebuilding():
    ensure_calendar(date(2026, 1, 1), date(2026, 12, 31))
    CalendarDay.objects.create(
        date=date(2026, 12, 28), kind=CalendarDay.Kind.HOLIDAY, name="测试"
    )
    assert not WorkingDayOrdinal.objects.exists()
    ensure_calendar(date(2026, 1, 1), date(2026, 12, 31))
    assert not WorkingDayOrdinal.objects.get(date=date(2026, 12, 28)).is_working
