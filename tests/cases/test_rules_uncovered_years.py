"""Years the official calendar data does not cover (issue 19, item 4).

The statutory holidays are fixed by law and computed by rule for any year; only
the 调休 arrangement waits for the State Council's notice. A deadline counted
through such a year is provisional (暂定) and says so, administrators are told
from 1 November of the year before, and entering the year's days recomputes every
open deadline with a history entry.
"""

from datetime import date, timedelta

import chinese_calendar
import pytest

from cases.models import CalendarDay, Complaint, HolidayArrangement, Referral
from cases.selectors import calendar_coverage, provisional_counts
from core.statutory_holidays import statutory_holidays
from core.workdays import PACKAGE_YEARS, WorkingCalendar, add_working_days
from tests.factories.cases import accepted_case, received_case
from tests.factories.clock import on_day
from tests.factories.records import referral, staff_complaint

UNCOVERED = max(PACKAGE_YEARS) + 1
WARNING_2027 = "2027年节假日安排尚未录入"


def _days(year: int):
    day = date(year, 1, 1)
    while day.year == year:
        yield day
        day += timedelta(days=1)


# ---------------------------------------------------------------- the rule


@pytest.mark.parametrize("year", [2025, 2026])
def test_statutory_holidays_by_rule_agree_with_the_official_calendar(year):
    """Every statutory day is a holiday in chinesecalendar; every other weekday
    holiday there is part of the year's 调休 arrangement, not of the law."""
    statutory = statutory_holidays(year)
    assert len(statutory) == 13  # 元旦1 春节4 清明1 劳动2 端午1 中秋1 国庆3
    for day in _days(year):
        on_holiday, _name = chinese_calendar.get_holiday_detail(day)
        if day in statutory:
            assert on_holiday, day


def test_statutory_holidays_count_in_an_uncovered_year():
    assert 2027 not in PACKAGE_YEARS
    calendar = WorkingCalendar(overrides={}, arrangements=())
    assert calendar.day_kind(date(2027, 1, 1)) == (False, "元旦")
    assert calendar.day_kind(date(2027, 10, 1)) == (False, "国庆节")
    assert calendar.day_kind(date(2027, 2, 5)) == (False, "除夕")
    assert calendar.day_kind(date(2027, 5, 3)) == (True, "工作日")  # no notice yet
    assert calendar.day_kind(date(2027, 1, 2)) == (False, "周末")


def test_deadline_across_the_2026_national_day_is_final():
    calc = WorkingCalendar(overrides={}, arrangements=()).add(date(2026, 9, 30), 5)
    assert calc.result == date(2026, 10, 13)
    assert not calc.provisional
    assert "暂定" not in calc.describe()


def test_deadline_across_a_year_end_into_an_uncovered_year_is_provisional():
    calc = WorkingCalendar(overrides={}, arrangements=()).add(date(2026, 12, 30), 5)
    assert calc.result == date(2027, 1, 7)  # 元旦 and the weekend skipped
    assert calc.provisional_years == (2027,)
    text = calc.describe()
    assert WARNING_2027 in text
    assert text.endswith("期限暂定。")
    assert "01-01元旦" in text


def test_deadline_inside_an_uncovered_year_is_provisional():
    calc = WorkingCalendar(overrides={}, arrangements=()).add(date(2027, 9, 28), 5)
    assert calc.result == date(2027, 10, 6)  # 国庆 10-01..03 with its weekend
    assert calc.provisional


def test_recorded_arrangement_makes_an_uncovered_year_final():
    calendar = WorkingCalendar(
        overrides={date(2027, 1, 4): (False, "元旦调休")}, arrangements={2027}
    )
    calc = calendar.add(date(2026, 12, 30), 5)
    assert calc.result == date(2027, 1, 8)
    assert not calc.provisional
    assert "暂定" not in calc.describe()


# ---------------------------------------------------------------- calendar entries


@pytest.fixture
def calendar_admin(admin_client):
    return admin_client


def test_calendar_entry_may_not_make_a_statutory_holiday_a_working_day(
    calendar_admin,
):
    response = calendar_admin.post(
        "/admin/cases/calendarday/create/",
        {"date": "2027-10-01", "kind": "workday", "name": "国庆调休", "note": ""},
    )
    assert response.status_code == 200
    assert "是法定节假日（国庆节），不能设为调休上班日" in response.content.decode()
    assert not CalendarDay.objects.exists()


def test_calendar_day_entered_twice_is_refused(calendar_admin):
    first = {"date": "2027-01-04", "kind": "holiday", "name": "元旦调休", "note": ""}
    assert (
        calendar_admin.post("/admin/cases/calendarday/create/", first).status_code
        == 302
    )
    again = {**first, "name": "重复"}
    response = calendar_admin.post("/admin/cases/calendarday/create/", again)
    assert response.status_code == 200
    assert "已存在" in response.content.decode()
    assert list(CalendarDay.objects.values_list("name", flat=True)) == ["元旦调休"]


def test_arrangement_needs_the_year_days_entered_first(calendar_admin):
    data = {
        "year": "2027",
        "document": "国办发明电〔2026〕1号",
        "published_on": "2026-11-10",
    }
    response = calendar_admin.post("/admin/cases/holidayarrangement/create/", data)
    assert response.status_code == 200
    assert "请先在“节假日调整”中录入2027年的放假和调休日期" in response.content.decode()
    assert not HolidayArrangement.objects.exists()


def test_arrangement_for_a_year_the_package_covers_is_refused(calendar_admin):
    data = {
        "year": "2026",
        "document": "国办发明电〔2025〕7号",
        "published_on": "2025-11-04",
    }
    response = calendar_admin.post("/admin/cases/holidayarrangement/create/", data)
    assert response.status_code == 200
    assert "已由日历数据提供" in response.content.decode()


# ---------------------------------------------------------------- open deadlines


@pytest.fixture
def late_december_records(people):
    """A case, a referral and a named complaint whose dates run into 2027."""
    with on_day(date(2026, 12, 31)):
        case = accepted_case(people.clerk, people.east)
        sent = referral(people.clerk, case, department=people.education)
        complaint = staff_complaint(people.clerk, case=case)
    return case, sent, complaint


def test_open_deadlines_into_an_uncovered_year_are_marked_provisional(
    late_december_records, people
):
    case, sent, complaint = late_december_records
    deadline = case.deadlines.get(completed_at__isnull=True)
    assert deadline.due_on.year == 2027
    assert deadline.is_provisional
    assert WARNING_2027 in deadline.calculation
    assert "期限暂定" in sent.due_calculation
    assert "期限暂定" in complaint.due_calculation
    assert provisional_counts(people.reviewer) == {
        "deadlines": 1,
        "referrals": 1,
        "complaints": 1,
    }


def test_entering_holidays_recomputes_every_open_deadline_with_history(
    late_december_records, calendar_admin, django_capture_on_commit_callbacks
):
    case, sent, complaint = late_december_records
    deadline = case.deadlines.get(completed_at__isnull=True)
    referral_due, complaint_due = sent.feedback_due, complaint.response_due
    day_entry = {
        "date": "2027-01-04",
        "kind": "holiday",
        "name": "元旦调休",
        "note": "",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = calendar_admin.post("/admin/cases/calendarday/create/", day_entry)
    assert response.status_code == 302

    entered = WorkingCalendar(
        overrides={date(2027, 1, 4): (False, "元旦调休")}, arrangements=()
    )
    moved = type(deadline).objects.get(pk=deadline.pk)
    assert moved.due_on > deadline.due_on
    assert moved.due_on == entered.add(deadline.starts_on, deadline.working_days).result
    assert "01-04元旦调休" in moved.calculation
    assert moved.is_provisional  # the year is still not recorded as entered
    reason = "节假日调整：2027-01-04 元旦调休"
    assert moved.history.filter(history_change_reason=reason).count() == 1
    sent.refresh_from_db()
    complaint.refresh_from_db()
    assert sent.feedback_due > referral_due
    assert sent.feedback_due == entered.add(date(2026, 12, 31), 5).result
    assert complaint.response_due > complaint_due
    assert complaint.response_due == entered.add(date(2026, 12, 31), 10).result
    assert Referral.history.filter(history_change_reason=reason).count() == 1
    assert Complaint.history.filter(history_change_reason=reason).count() == 1

    arrangement = {
        "year": "2027",
        "document": "国办发明电〔2026〕1号",
        "published_on": "2026-11-10",
        "note": "",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = calendar_admin.post(
            "/admin/cases/holidayarrangement/create/", arrangement
        )
    assert response.status_code == 302
    final = type(deadline).objects.get(pk=deadline.pk)
    assert final.due_on == moved.due_on
    assert not final.is_provisional
    assert final.history.filter(
        history_change_reason="2027年节假日安排录入（国办发明电〔2026〕1号）"
    ).exists()
    sent.refresh_from_db()
    assert "暂定" not in sent.due_calculation


def test_closed_deadlines_are_not_recomputed(
    people, django_capture_on_commit_callbacks
):
    with on_day(date(2026, 12, 31)):
        case = received_case(people.clerk, people.east)
        from cases.services import case_transition

        case = case_transition(by=people.clerk, case=case, action="accept")
    closed = case.deadlines.get(completed_at__isnull=False)
    before = closed.history.count()
    with django_capture_on_commit_callbacks(execute=True):
        CalendarDay.objects.create(
            date=date(2027, 1, 4), kind=CalendarDay.Kind.HOLIDAY, name="元旦调休"
        )
    assert closed.history.count() == before


# ---------------------------------------------------------------- who is told


def test_administrators_are_alerted_from_the_first_of_november(db):
    covered = frozenset(PACKAGE_YEARS)
    october = calendar_coverage(today=date(2026, 10, 31))
    assert not october.remind_administrators
    from cases.selectors.calendar import CalendarCoverage

    november = CalendarCoverage(today=date(2026, 11, 1), covered_years=covered)
    assert november.remind_administrators
    assert november.warning.startswith(WARNING_2027)
    entered = CalendarCoverage(today=date(2026, 11, 1), covered_years=covered | {2027})
    assert not entered.remind_administrators
    inside = CalendarCoverage(today=date(UNCOVERED, 3, 1), covered_years=covered)
    assert inside.pending_years == (UNCOVERED,)


def test_admin_home_warns_the_calendar_keepers(admin_client, late_december_records):
    with on_day(date(2026, 12, 6)):
        page = admin_client.get("/admin/").content.decode()
    assert "工作日历待更新" in page
    assert WARNING_2027 in page
    assert "目前有 1 个环节期限、1 件转办、1 件投诉的期限为暂定" in page


def test_admin_home_stays_quiet_before_november(admin_client, db):
    with on_day(date(2026, 10, 20)):
        page = admin_client.get("/admin/").content.decode()
    assert "工作日历待更新" not in page


def test_calendar_admin_shows_the_pending_year(admin_client, db):
    with on_day(date(2026, 12, 6)):
        page = admin_client.get("/admin/cases/calendarday/").content.decode()
    assert WARNING_2027 in page


def test_case_page_marks_a_provisional_deadline(
    login_client, people, late_december_records
):
    case, _sent, _complaint = late_december_records
    page = login_client(people.clerk).get(f"/admin/cases/case/{case.number}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "暂定" in html
    assert WARNING_2027 in html


def test_statistics_dashboard_warns_of_provisional_deadlines(
    login_client, people, late_december_records
):
    with on_day(date(2026, 12, 6)):
        page = login_client(people.reviewer).get("/admin/statistics/")
    assert page.status_code == 200
    html = page.content.decode()
    assert WARNING_2027 in html
    assert "3 个未办结期限为暂定" in html


def test_arithmetic_date_is_unchanged_for_covered_years(db):
    assert add_working_days(date(2026, 9, 30), 5) == date(2026, 10, 13)
