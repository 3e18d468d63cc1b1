from datetime import date

import pytest

from cases.models import CalendarDay
from core.workdays import (
    WorkingCalendar,
    add_working_days,
    is_working_day,
    working_days_between,
)

pytestmark = pytest.mark.django_db


def test_start_day_itself_does_not_count():
    assert add_working_days(date(2026, 11, 23), 1) == date(2026, 11, 24)


def test_zero_working_days_is_the_start_day():
    assert add_working_days(date(2026, 11, 23), 0) == date(2026, 11, 23)


def test_friday_plus_one_is_monday():
    assert add_working_days(date(2026, 11, 20), 1) == date(2026, 11, 23)


def test_deadline_skips_the_2026_national_day_holiday():
    """国庆节10月1日至7日放假：9月30日受理，1个工作日后是10月8日。"""
    assert add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)


def test_adjusted_saturday_is_a_working_day():
    """2026年10月10日（星期六）调休上班，计入工作日。"""
    assert is_working_day(date(2026, 10, 10))
    assert add_working_days(date(2026, 10, 9), 1) == date(2026, 10, 10)
    # 调查核实5个工作日：10月8、9、10（调休）、12、13日。
    assert add_working_days(date(2026, 9, 30), 5) == date(2026, 10, 13)


def test_working_days_between_counts_after_start_up_to_end():
    assert working_days_between(date(2026, 9, 30), date(2026, 10, 13)) == 5
    assert working_days_between(date(2026, 10, 13), date(2026, 9, 30)) == -5
    assert working_days_between(date(2026, 11, 23), date(2026, 11, 23)) == 0


def test_year_the_package_does_not_cover_still_skips_statutory_holidays():
    """2026年12月30日受理的案件，期限落在2027年：元旦按法定规则不计。"""
    assert add_working_days(date(2026, 12, 30), 5) == date(2027, 1, 7)


def test_administrator_holiday_counts_in_an_uncovered_year():
    # A bridging rest day of the (future) notice, beyond the statutory ones.
    CalendarDay.objects.create(
        date=date(2027, 1, 4), kind=CalendarDay.Kind.HOLIDAY, name="元旦调休"
    )
    assert add_working_days(date(2026, 12, 30), 5) == date(2027, 1, 8)


def test_administrator_workday_overrides_the_weekend():
    CalendarDay.objects.create(
        date=date(2027, 2, 20), kind=CalendarDay.Kind.WORKDAY, name="春节调休"
    )
    assert add_working_days(date(2027, 2, 19), 1) == date(2027, 2, 20)


def test_administrator_entry_wins_over_the_package():
    CalendarDay.objects.create(
        date=date(2026, 11, 24), kind=CalendarDay.Kind.HOLIDAY, name="地方性假日"
    )
    assert add_working_days(date(2026, 11, 23), 1) == date(2026, 11, 25)


def test_paused_days_do_not_count():
    """补正期间不计入办理时限。"""
    calc = WorkingCalendar().add(
        date(2026, 11, 23), 2, pauses=[(date(2026, 11, 24), date(2026, 11, 26))]
    )
    assert calc.result == date(2026, 11, 30)


def test_calculation_explains_skipped_holidays_and_weekends():
    calc = WorkingCalendar().add(date(2026, 9, 30), 5)
    text = calc.describe()
    assert "国庆节" in text
    assert "2026-09-30" in text
    assert "2026-10-13" in text
    assert len([s for s in calc.skipped if s.reason == "国庆节"]) == 7


@pytest.mark.parametrize("n", [-1, 100_000])
def test_unreasonable_working_day_counts_are_refused(n):
    with pytest.raises(ValueError):
        add_working_days(date(2026, 11, 23), n)


def test_administrator_enters_a_holiday_in_the_admin(admin_client):
    response = admin_client.post(
        "/admin/cases/calendarday/create/",
        {"date": "2027-01-01", "kind": "holiday", "name": "元旦", "note": ""},
    )
    assert response.status_code == 302
    assert CalendarDay.objects.get(date=date(2027, 1, 1)).name == "元旦"
    assert CalendarDay.history.count() == 1
