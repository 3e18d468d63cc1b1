"""提醒 (issue 19, item 6): who is told, and when.

- Near-due and overdue stage deadlines go to the A and B of the case and of the
  township window that handles it.
- A 帮办代办 application alerts the township's clerks, who must accept it.
- An urgent lead is triaged within 1 working day: its township's triagers are
  told when it is reported, the county as well once it is late.
- A window with neither A nor B at work on a working day: the township head is
  told, and the named substitute takes intake.
"""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from cases.models import Alert, Case, DeadlineAlert, Lead
from cases.services import (
    ApplicantData,
    alerts_check,
    case_transition,
    entry_record,
    entry_to_case,
    lead_triage,
)
from core.workdays import WorkingCalendar
from portal.models import StaffProfile
from tests.factories import ServicePointFactory
from tests.factories.cases import VALID_ID, intake_request
from tests.factories.clock import on_day
from tests.factories.records import lead
from tests.factories.staff import clerk, staff, township_reviewer

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 12, 7)
FRIDAY = date(2026, 12, 4)
SUNDAY = date(2026, 12, 6)


@pytest.fixture
def window(people):
    """东岭镇's window: A (people.clerk), B, a named substitute, a head."""
    b = clerk(people.east, username="clerk-east-b")
    substitute = clerk(people.east, username="clerk-east-sub")
    head = staff("editor", username="east-head")
    people.east.head = head
    people.east.save()
    return ServicePointFactory(
        code="east-window",
        township=people.east,
        staff_a=people.clerk,
        staff_b=b,
        substitute=substitute,
    )


def away(*users):
    for user in users:
        StaffProfile.objects.filter(user=user).update(is_absent=True)


def proxy_case(people):
    """帮办代办: the coordinator logs an application for a villager."""
    entry = entry_record(
        by=people.coordinator,
        village=people.village,
        kind="help",
        visitor_name="石大姐",
        content="丈夫住院，家中无收入，请帮忙申请临时救助。",
    )
    return entry_to_case(
        by=people.coordinator,
        entry=entry,
        request=intake_request(
            people.east,
            applicant=ApplicantData(
                name="石大姐", id_number=VALID_ID, phone="13812345678", address="上庄"
            ),
        ),
    )


def recipients(model, **filters):
    return set(model.objects.filter(**filters).values_list("recipient", flat=True))


# ---- stage deadlines: the A and B of the handling window


def test_deadline_alerts_reach_the_a_and_b_of_the_handling_window(people, window):
    with on_day(MONDAY):
        case = proxy_case(people)
    due = case.deadlines.get(stage="accept").due_on
    out = StringIO()
    call_command(
        "check_deadlines", today=f"{due + timedelta(days=1):%Y-%m-%d}", stdout=out
    )
    assert "超期提醒 3 条" in out.getvalue()
    # The coordinator who logged it, and the window that must accept it.
    assert recipients(DeadlineAlert, kind="overdue") == {
        people.coordinator.pk,
        people.clerk.pk,
        window.staff_b_id,
    }


def test_deadline_alerts_are_not_sent_twice(people, window):
    with on_day(MONDAY):
        case = proxy_case(people)
    late = case.deadlines.get(stage="accept").due_on + timedelta(days=1)
    assert alerts_check(today=late)["overdue"] == 3
    assert alerts_check(today=late)["overdue"] == 0


# ---- 帮办代办


def test_proxy_request_alerts_the_township_clerks(people, window, login_client):
    case = proxy_case(people)
    assert recipients(Alert, kind=Alert.Kind.PROXY_REQUEST) == {
        people.clerk.pk,
        window.staff_b_id,
        window.substitute_id,
    }
    page = login_client(people.clerk).get("/admin/").content.decode()
    assert "帮办代办申请待受理" in page and case.number in page
    # Another township's clerk and the coordinator are not told.
    assert not Alert.objects.filter(
        recipient__in=[people.west_clerk, people.coordinator]
    ).exists()
    # Once accepted, it no longer waits.
    case_transition(by=people.clerk, case=case, action="accept")
    page = login_client(people.clerk).get("/admin/").content.decode()
    assert "帮办代办申请待受理" not in page


def test_a_window_application_raises_no_proxy_alert(people, window):
    from tests.factories.cases import received_case

    received_case(people.clerk, people.east)
    assert not Alert.objects.exists()


# ---- 紧急线索


def test_urgent_lead_is_due_for_triage_in_one_working_day(people, window):
    with on_day(FRIDAY):
        reported = lead(
            people.coordinator, people.east, village=people.village, urgent=True
        )
    assert reported.triage_due == MONDAY
    with on_day(date(2026, 9, 30)):  # before the National Day holiday
        reported = lead(
            people.coordinator, people.east, village=people.village, urgent=True
        )
    assert reported.triage_due == WorkingCalendar().add(date(2026, 9, 30), 1).result
    assert reported.triage_due == date(2026, 10, 8)


def test_urgent_lead_alerts_the_township_then_the_county_when_late(people, window):
    with on_day(FRIDAY):
        reported = lead(
            people.coordinator, people.east, village=people.village, urgent=True
        )
    near = recipients(Alert, kind=Alert.Kind.LEAD_NEAR_DUE)
    assert people.clerk.pk in near and window.staff_b_id in near
    assert people.reviewer.pk not in near and people.west_clerk.pk not in near
    counts = alerts_check(today=MONDAY + timedelta(days=1))
    assert counts["leads_overdue"] >= 2
    late = recipients(Alert, kind=Alert.Kind.LEAD_OVERDUE)
    assert {people.clerk.pk, people.reviewer.pk} <= late
    assert people.west_clerk.pk not in late
    assert alerts_check(today=MONDAY + timedelta(days=1))["leads_overdue"] == 0
    lead_triage(by=people.clerk, lead=reported, accept=True, note="属实，转案件")
    assert alerts_check(today=MONDAY + timedelta(days=2))["leads_overdue"] == 0


def test_urgent_lead_alert_shows_on_the_home_page_until_triaged(
    people, window, login_client
):
    reported = lead(
        people.coordinator, people.east, village=people.village, urgent=True
    )
    page = login_client(people.clerk).get("/admin/").content.decode()
    assert "紧急线索待研判" in page and reported.number in page
    lead_triage(by=people.clerk, lead=reported, accept=False, note="已由亲属接回")
    page = login_client(people.clerk).get("/admin/").content.decode()
    assert reported.number not in page


def test_ordinary_lead_raises_no_alert(people, window):
    reported = lead(people.coordinator, people.east, village=people.village)
    assert reported.triage_due is None
    alerts_check(today=MONDAY + timedelta(days=10))
    assert not Alert.objects.exists()


def test_urgent_lead_from_before_the_rule_is_counted_from_its_report(people, window):
    with on_day(FRIDAY):
        reported = lead(
            people.coordinator, people.east, village=people.village, urgent=True
        )
    Alert.objects.all().delete()
    Lead.objects.filter(pk=reported.pk).update(triage_due=None)
    counts = alerts_check(today=MONDAY + timedelta(days=1))
    assert counts["leads_overdue"] >= 2


# ---- AB角: both away


def test_both_absent_on_a_working_day_alerts_the_township_head(people, window):
    away(window.staff_a, window.staff_b)
    assert alerts_check(today=SUNDAY)["windows_unstaffed"] == 0
    out = StringIO()
    call_command("check_deadlines", today=f"{MONDAY:%Y-%m-%d}", stdout=out)
    assert "A、B岗均不在岗的窗口 1 个" in out.getvalue()
    alert = Alert.objects.get(kind=Alert.Kind.WINDOW_UNSTAFFED)
    assert alert.recipient == people.east.head
    assert "指定顶岗人" in alert.message
    assert alerts_check(today=MONDAY)["windows_unstaffed_alerts"] == 0


def test_one_of_the_pair_at_work_raises_no_window_alert(people, window):
    away(window.staff_a)
    assert alerts_check(today=MONDAY)["windows_unstaffed"] == 0


def test_window_alert_without_substitute_asks_the_head_to_arrange(people, window):
    window.substitute = None
    window.save()
    away(window.staff_a, window.staff_b)
    alerts_check(today=MONDAY)
    assert "未指定顶岗人" in Alert.objects.get().message


def test_window_alert_shows_on_the_heads_home_page(people, window, login_client):
    away(window.staff_a, window.staff_b)
    with on_day(MONDAY):
        alerts_check(today=MONDAY)
        page = login_client(people.east.head).get("/admin/").content.decode()
    assert "窗口A、B岗均不在岗" in page


def test_substitute_takes_intake_when_a_and_b_are_absent(people, window):
    away(window.staff_a, window.staff_b)
    with on_day(MONDAY):
        case = proxy_case(people)
    assert case.handler == window.substitute
    assert case.received_by == people.coordinator  # 首问负责 stays as it was
    assert Alert.objects.filter(
        kind=Alert.Kind.WINDOW_UNSTAFFED, recipient=people.east.head
    ).exists()


def test_intake_stays_with_the_receiver_while_the_window_is_staffed(people, window):
    away(window.staff_a)
    with on_day(MONDAY):
        case = proxy_case(people)
    assert case.handler == people.coordinator


def test_a_clerk_at_the_window_handles_what_they_receive(people, window):
    """The substitute routing is for intake the receiver cannot take forward."""
    from tests.factories.cases import received_case

    other = clerk(people.east, username="clerk-east-other")
    away(window.staff_a, window.staff_b)
    with on_day(MONDAY):
        case = received_case(other, people.east)
    assert case.handler == other


def test_an_absent_substitute_does_not_take_intake(people, window):
    away(window.staff_a, window.staff_b, window.substitute)
    with on_day(MONDAY):
        case = proxy_case(people)
    assert case.handler == people.coordinator


def test_check_deadlines_rejects_a_malformed_date_in_chinese():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError) as excinfo:
        call_command("check_deadlines", today="2026-02-30")
    assert "应为" in str(excinfo.value)


# ---- the reviewers of the stage


@pytest.fixture
def reviewers(people):
    """东岭镇's township reviewer, 西河乡's, and the county reviewer."""
    return (
        township_reviewer(people.east, username="reviewer-east"),
        township_reviewer(people.west, username="reviewer-west"),
        people.reviewer,
    )


def reviewing_case(people, **fields):
    """A case at 审核 that will run 审核 2 and 审批确认 3 working days."""
    from tests.factories.cases import received_case

    case = received_case(people.clerk, people.east)
    limits = {**case.stage_limits, "review": 2, "decide": 3}
    Case.objects.filter(pk=case.pk).update(stage_limits=limits, **fields)
    case.refresh_from_db()
    for action in ("accept", "start_investigation", "submit_review"):
        case = case_transition(by=people.clerk, case=case, action=action)
    return case


def test_decide_deadline_alerts_reach_the_county_reviewers_without_township_review(
    people, window
):
    from cases.services import case_transition
    from tests.factories.cases import accepted_case

    case = accepted_case(people.clerk, people.east)
    case = case_transition(by=people.clerk, case=case, action="start_investigation")
    case = case_transition(by=people.clerk, case=case, action="submit_investigation")
    due = case.deadlines.get(stage="decide").due_on
    alerts_check(today=due + timedelta(days=1))
    told = recipients(DeadlineAlert, kind="overdue", deadline__stage="decide")
    assert {people.clerk.pk, window.staff_b_id, people.reviewer.pk} <= told


def told_of(stage: str) -> set:
    return recipients(DeadlineAlert, kind="overdue", deadline__stage=stage)


def test_review_deadline_alerts_reach_the_townships_reviewers(
    people, window, reviewers
):
    east, west, county = reviewers
    case = reviewing_case(people)
    alerts_check(today=case.deadlines.get(stage="review").due_on + timedelta(days=1))
    told = told_of("review")
    assert {people.clerk.pk, window.staff_b_id, east.pk} <= told
    assert not {west.pk, county.pk, people.coordinator.pk} & told


def test_decision_deadline_alerts_reach_the_county_reviewers(people, window, reviewers):
    east, west, county = reviewers
    case = case_transition(
        by=east, case=reviewing_case(people), action="submit_decision"
    )
    assert case.status == Case.Status.DECIDING
    alerts_check(today=case.deadlines.get(stage="decide").due_on + timedelta(days=1))
    told = told_of("decide")
    assert {people.clerk.pk, county.pk} <= told
    assert not {east.pk, west.pk} & told


def test_ended_notice_awaiting_report_alerts_township_and_county_reviewers(
    people, window, reviewers
):
    """公示期满未报送: the 审批确认 clock runs; the township reviewer who must
    report the case is told, and the county whose stage it is."""
    east, west, county = reviewers
    case = reviewing_case(people, public_notice_days=7)
    case = case_transition(by=east, case=case, action="start_public_notice")
    late = case.deadlines.get(stage="decide").due_on + timedelta(days=1)
    alerts_check(today=late)
    told = told_of("decide")
    assert {east.pk, county.pk} <= told and west.pk not in told
    # 公示 itself runs by the calendar and is never late.
    assert not told_of("public_notice")


def test_clerk_stage_alerts_do_not_reach_reviewers(people, window, reviewers):
    from tests.factories.cases import accepted_case

    case = accepted_case(people.clerk, people.east)
    alerts_check(today=case.deadlines.get(stage="investigate").due_on + timedelta(1))
    assert not {u.pk for u in reviewers} & recipients(DeadlineAlert)
