"""Pauses (issue 19, item 3): during 补正 or a pending objection to the verification
report, nothing is overdue; the due date moves by the working days paused, and the
deadline's explanation shows it."""

from datetime import date

import pytest

from cases.models import DeadlineAlert, Pause
from cases.selectors import cases_overdue, cases_visible_to
from cases.services import (
    case_transition,
    deadlines_check,
    objection_county_review,
    objection_submit,
    objection_township_review,
    one_time_notice_issue,
)
from core.workdays import WorkingCalendar
from tests.factories import TownshipFactory
from tests.factories.cases import accepted_case
from tests.factories.clock import on_day
from tests.factories.staff import clerk, reviewer, township_reviewer

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    return TownshipFactory()


def _investigating(user, town, day: date):
    with on_day(day):
        case = accepted_case(user, town)
        return case_transition(by=user, case=case, action="start_investigation")


def test_no_deadline_is_overdue_during_correction(town):
    user = clerk(town)
    case = _investigating(user, town, date(2026, 11, 2))
    with on_day(date(2026, 11, 3)):
        one_time_notice_issue(by=user, case=case, items=[("户口簿", "未携带原件")])
    deadline = case.deadlines.get(stage="investigate", completed_at__isnull=True)
    long_after = date(2026, 12, 1)
    assert deadline.due_on < long_after
    assert deadlines_check(today=long_after) == {"near_due": 0, "overdue": 0}
    assert not DeadlineAlert.objects.exists()
    assert not cases_overdue(cases_visible_to(user), today=long_after).exists()


def test_pending_objection_stops_the_clock(town):
    user = clerk(town)
    case = _investigating(user, town, date(2026, 11, 2))
    with on_day(date(2026, 11, 3)):
        objection_submit(
            by=user, case=case, warning="名下有车辆一辆", evidence="车管所注销证明"
        )
    pause = case.pauses.get()
    assert pause.kind == Pause.Kind.OBJECTION and pause.ended_on is None
    late = date(2026, 11, 30)
    assert deadlines_check(today=late) == {"near_due": 0, "overdue": 0}
    assert not cases_overdue(cases_visible_to(user), today=late).exists()


def test_objection_decided_moves_the_due_date_by_the_working_days_paused(town):
    user = clerk(town)
    case = _investigating(user, town, date(2026, 11, 2))  # a Monday
    deadline = case.deadlines.get(stage="investigate", completed_at__isnull=True)
    before = deadline.due_on
    with on_day(date(2026, 11, 3)):
        objection = objection_submit(
            by=user, case=case, warning="名下有车辆一辆", evidence="车管所注销证明"
        )
    with on_day(date(2026, 11, 5)):
        objection = objection_township_review(
            by=township_reviewer(town),
            objection=objection,
            uphold=True,
            opinion="佐证属实",
        )
    with on_day(date(2026, 11, 9)):
        objection_county_review(
            by=reviewer(), objection=objection, uphold=True, opinion="异议成立"
        )
    deadline.refresh_from_db()
    pause = case.pauses.get()
    assert (pause.started_on, pause.ended_on) == (date(2026, 11, 3), date(2026, 11, 9))
    # 11-03 to 11-09 holds five working days (the weekend does not count anyway).
    expected = WorkingCalendar().add(
        deadline.starts_on,
        deadline.working_days,
        pauses=[(pause.started_on, pause.ended_on)],
    )
    assert deadline.due_on == expected.result
    assert deadline.due_on > before
    assert "核对异议期间不计入：11-03至11-09（5个工作日），期限相应顺延" in (
        deadline.calculation
    )
    reason = "核对异议审核完毕，恢复计时"
    assert deadline.history.filter(history_change_reason=reason).exists()


def test_objection_rejected_by_the_township_restarts_the_clock(town):
    user = clerk(town)
    case = _investigating(user, town, date(2026, 11, 2))
    with on_day(date(2026, 11, 3)):
        objection = objection_submit(
            by=user, case=case, warning="名下有车辆一辆", evidence="车管所注销证明"
        )
    with on_day(date(2026, 11, 4)):
        objection_township_review(
            by=township_reviewer(town),
            objection=objection,
            uphold=False,
            opinion="佐证不足",
        )
    assert case.pauses.get().ended_on == date(2026, 11, 4)


def test_correction_pause_is_explained_with_its_working_days(town):
    user = clerk(town)
    case = _investigating(user, town, date(2026, 11, 2))
    with on_day(date(2026, 11, 3)):
        one_time_notice_issue(by=user, case=case, items=[("户口簿", "未携带原件")])
    from cases.services import materials_supplied

    with on_day(date(2026, 11, 5)):
        materials_supplied(by=user, case=case, names=["户口簿"])
    deadline = case.deadlines.get(stage="investigate", completed_at__isnull=True)
    assert "补正期间不计入：11-03至11-05（3个工作日），期限相应顺延" in (
        deadline.calculation
    )


def test_case_page_shows_a_stopped_clock_not_overdue(client, town):
    from portal.permissions import setup_groups

    setup_groups()
    user = clerk(town)
    case = _investigating(user, town, date(2026, 11, 2))
    with on_day(date(2026, 11, 3)):
        objection_submit(
            by=user, case=case, warning="名下有车辆一辆", evidence="车管所注销证明"
        )
    client.force_login(user)
    with on_day(date(2026, 12, 1)):
        html = client.get(f"/admin/cases/case/{case.number}/").content.decode()
    assert "核对异议中，期限暂停计算" in html
    assert "已超期" not in html
