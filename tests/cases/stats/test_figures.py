"""Figures against hand-counted fixtures: month boundaries, the working-day
calendar, extensions, moved cases, referrals, complaints and follow-ups."""

from datetime import date

import pytest

from cases.models import CalendarDay, Case
from cases.services import extension_decide, extension_request
from cases.stats import figures, oversight, timeliness
from cases.stats.report import build_report
from cases.stats.scope import county_scope
from core.stages import Stage
from tests.factories.clock import on_day

from .conftest import complete_stage, period, receive, step

pytestmark = pytest.mark.django_db


def _counts(rows):
    return {row.label: row.values for row in rows}


def test_application_counts_in_the_beijing_month_it_was_received(people):
    receive(people.clerk, people.east, date(2026, 9, 30), hour=23)
    receive(people.clerk, people.east, date(2026, 10, 1), hour=0)  # UTC: 30 Sept
    receive(people.clerk, people.east, date(2026, 10, 31), hour=23)
    county = county_scope()
    assert _counts(figures.applications_by_township(county, period("2026-09"))) == {
        "东岭镇": (1,)
    }
    assert _counts(figures.applications_by_township(county, period("2026-10"))) == {
        "东岭镇": (2,)
    }
    assert _counts(figures.applications_by_township(county, period("2026-Q4"))) == {
        "东岭镇": (2,)
    }


def test_applications_by_channel_and_type(people):
    receive(people.clerk, people.east, date(2026, 10, 5), channel="online")
    receive(people.clerk, people.east, date(2026, 10, 6), channel="online")
    receive(people.west_clerk, people.west, date(2026, 10, 7))
    county = county_scope()
    assert _counts(figures.applications_by_channel(county, period("2026-10"))) == {
        "网上申请": (2,),
        "窗口受理": (1,),
    }
    by_type = figures.applications_by_type(county, period("2026-10"))
    assert sum(row.values[0] for row in by_type) == 3


def test_decision_counts_in_the_month_it_was_made_even_after_reply(people):
    case = receive(people.clerk, people.east, date(2026, 9, 28))
    for action in ("accept", "start_investigation", "submit_investigation"):
        case = step(people.clerk, case, action, date(2026, 9, 29))
    case = step(people.reviewer, case, "approve", date(2026, 10, 9), note="同意")
    case = step(people.clerk, case, "reply", date(2026, 10, 9))
    denied = receive(people.clerk, people.east, date(2026, 10, 12))
    for action in ("accept", "start_investigation", "submit_investigation"):
        denied = step(people.clerk, denied, action, date(2026, 10, 13))
    step(people.reviewer, denied, "deny", date(2026, 10, 14), note="收入超标")
    county = county_scope()
    assert case.status == Case.Status.REPLIED
    assert _counts(figures.decisions_by_township(county, period("2026-09"))) == {}
    assert _counts(figures.decisions_by_township(county, period("2026-10"))) == {
        "东岭镇": (1, 1)
    }


def test_stage_spanning_month_end_and_national_day_counts_working_days(people):
    """9月30日起算，10月10日完成：国庆放假7天不计，10月8、9日和调休的10日计3天。"""
    case = receive(people.clerk, people.east, date(2026, 9, 30))
    complete_stage(case, Stage.ACCEPT, date(2026, 10, 10))
    [timing] = timeliness.stage_timings(county_scope(), period("2026-10"))
    assert (timing.stage, timing.completed, timing.average, timing.p90) == (
        "accept",
        1,
        3.0,
        3,
    )
    assert timing.on_time == 0  # due 10月8日 (1 working day)
    assert timeliness.stage_timings(county_scope(), period("2026-09")) == []


def _ten_accept_stages(people):
    """Received Monday 2 March; completed after 1..10 working days."""
    done = [3, 4, 5, 6, 9, 10, 11, 12, 13, 16]
    for day in done:
        case = receive(people.clerk, people.east, date(2026, 3, 2))
        complete_stage(case, Stage.ACCEPT, date(2026, 3, day))


def test_stage_average_and_90th_percentile_in_working_days(people):
    _ten_accept_stages(people)
    [timing] = timeliness.stage_timings(county_scope(), period("2026-03"))
    assert timing.completed == 10
    assert timing.average == 5.5  # (1 + … + 10) / 10
    assert timing.p90 == 9  # nearest rank: the 9th of 10
    assert timing.on_time == 1  # only the one done on 3 March, its due date


def test_administrator_holiday_changes_working_days_in_figures(people):
    _ten_accept_stages(people)
    timeliness.stage_timings(county_scope(), period("2026-03"))  # table filled
    CalendarDay.objects.create(
        date=date(2026, 3, 4), kind=CalendarDay.Kind.HOLIDAY, name="测试放假"
    )
    [timing] = timeliness.stage_timings(county_scope(), period("2026-03"))
    # 1, 1, 2, 3, 4, 5, 6, 7, 8, 9 working days now.
    assert timing.average == 4.6
    assert timing.p90 == 8


def _closed_case(people, *, extend: bool) -> Case:
    """Investigation due 9 Nov (5 working days from 2 Nov), done on 11 Nov."""
    case = receive(people.clerk, people.east, date(2026, 11, 2))
    case = step(people.clerk, case, "accept", date(2026, 11, 2))
    case = step(people.clerk, case, "start_investigation", date(2026, 11, 3))
    if extend:
        with on_day(date(2026, 11, 6)):
            extension = extension_request(
                by=people.clerk,
                case=case,
                stage=Stage.INVESTIGATE,
                days=3,
                reason="需信函索证",
            )
            extension_decide(
                by=people.reviewer,
                extension=extension,
                approve=True,
                informed_how="电话",
            )
    case = step(people.clerk, case, "submit_investigation", date(2026, 11, 11))
    case = step(people.reviewer, case, "approve", date(2026, 11, 11), note="同意")
    return step(people.clerk, case, "reply", date(2026, 11, 11))


def test_on_time_rate_counts_extended_deadline(people):
    extended = _closed_case(people, extend=True)
    late = _closed_case(people, extend=False)
    due = {
        c.pk: c.deadlines.get(stage=Stage.INVESTIGATE).due_on for c in (extended, late)
    }
    assert due == {extended.pk: date(2026, 11, 12), late.pk: date(2026, 11, 9)}
    assert _counts(
        timeliness.on_time_by_township(county_scope(), period("2026-11"))
    ) == {"东岭镇": (2, 1)}
    report = build_report(county_scope(), period("2026-11"))
    assert {f.label: f.value for f in report.headline}["限时办结率"] == "50.0%"


def test_case_moved_between_townships_counts_for_its_current_township_in_every_period(
    people,
):
    case = receive(people.clerk, people.east, date(2026, 9, 10))
    Case.objects.filter(pk=case.pk).update(township=people.west)  # moved in October
    september = period("2026-09")
    assert _counts(figures.applications_by_township(county_scope(), september)) == {
        "西河乡": (1,)
    }
    east = county_scope("east")
    assert figures.applications_by_type(east, september) == []
    assert len(figures.applications_by_type(county_scope("west"), september)) == 1


def test_referral_feedback_on_time_by_department(people):
    case = receive(people.clerk, people.east, date(2026, 11, 2))
    from tests.factories.records import referral

    with on_day(date(2026, 11, 2)):
        on_time = referral(people.clerk, case, department=people.education)
        late = referral(people.clerk, case, department=people.education, need="学费")
        referral(people.clerk, case, department=people.housing, need="危房改造")
    from cases.services import referral_feedback

    with on_day(date(2026, 11, 6)):
        referral_feedback(by=people.clerk, referral=on_time, feedback="已受理")
    with on_day(date(2026, 11, 20)):
        referral_feedback(by=people.clerk, referral=late, feedback="已办理")
    rows = _counts(oversight.referrals_by_department(county_scope(), period("2026-11")))
    # sent, fed back, fed back on time, overdue now (housing: due 9 Nov, no answer)
    assert rows == {"县教育局": (2, 2, 1, 0), "县住房和城乡建设局": (1, 0, 0, 1)}


def test_complaint_answered_on_time_counts_only_named_complaints(people):
    from cases.services import complaint_answer
    from tests.factories.records import public_complaint, staff_complaint

    with on_day(date(2026, 11, 2)):
        named = staff_complaint(people.clerk)
        public_complaint()  # anonymous: no answer due
    with on_day(date(2026, 11, 10)):
        complaint_answer(
            by=people.clerk,
            complaint=named,
            findings="已核实",
            answer="已电话答复",
            answered_how="电话",
            accountability="none",
        )
    rows = _counts(oversight.complaints_by_township(county_scope(), period("2026-11")))
    # received, named (answer due), answered, answered on time
    assert rows == {"东岭镇": (1, 1, 1, 1), "": (1, 0, 0, 0)}
