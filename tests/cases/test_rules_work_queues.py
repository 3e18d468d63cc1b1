"""我的待办 (issue 19, item 6): each role's queue holds what waits for it,
sorted by due date, and the admin home page counts it."""

from datetime import date, timedelta

import pytest

from cases.models import Case
from cases.selectors.queues import queue_counts, work_queue
from cases.services import case_transition, entry_record
from core.roles import Role
from portal.models import StaffProfile
from tests.factories import AssistanceTypeFactory, ServicePointFactory
from tests.factories.cases import received_case
from tests.factories.clock import on_day
from tests.factories.records import lead
from tests.factories.staff import clerk, township_reviewer

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 7)


def numbers(queue):
    return [item.record.number for item in queue.items]


def test_clerk_queue_holds_their_cases_at_a_clerk_stage_sorted_by_due(people):
    with on_day(date(2026, 12, 1)):
        older = received_case(people.clerk, people.east)
    with on_day(date(2026, 12, 3)):
        newer = received_case(people.clerk, people.east)
    someone_elses = received_case(clerk(people.east), people.east)
    queue = work_queue(people.clerk, Role.CLERK, today=TODAY)
    assert numbers(queue) == [older.number, newer.number]
    assert someone_elses.number not in numbers(queue)
    assert queue.items[0].due < queue.items[1].due


def test_clerk_queue_includes_cases_stood_in_for_while_a_is_away(people):
    b = clerk(people.east, username="clerk-east-b")
    a_case = received_case(people.clerk, people.east)
    Case.objects.filter(pk=a_case.pk).update(backup_handler=b)
    assert a_case.number not in numbers(work_queue(b, Role.CLERK, today=TODAY))
    StaffProfile.objects.filter(user=people.clerk).update(is_absent=True)
    assert a_case.number in numbers(work_queue(b, Role.CLERK, today=TODAY))


def test_clerk_queue_leaves_out_cases_past_the_clerks_stages(people):
    case = received_case(people.clerk, people.east)
    for action in ("accept", "start_investigation", "submit_investigation"):
        case = case_transition(by=people.clerk, case=case, action=action)
    assert case.number not in numbers(work_queue(people.clerk, Role.CLERK, today=TODAY))


def test_clerk_queue_holds_the_window_townships_leads_urgent_first(people):
    ServicePointFactory(
        township=people.east, staff_a=people.clerk, staff_b=clerk(people.east)
    )
    ordinary = lead(people.coordinator, people.east, village=people.village)
    urgent = lead(people.coordinator, people.east, village=people.village, urgent=True)
    elsewhere = lead(people.west_clerk, people.west)
    queue = work_queue(people.clerk, Role.CLERK, today=TODAY)
    assert numbers(queue)[:2] == [urgent.number, ordinary.number]
    assert elsewhere.number not in numbers(queue)


def test_coordinator_queue_holds_the_villages_open_book_entries_and_leads(people):
    entry = entry_record(
        by=people.coordinator,
        village=people.village,
        kind="help",
        visitor_name="石大姐",
        content="家中困难，想申请救助。",
    )
    answered = entry_record(
        by=people.coordinator,
        village=people.village,
        kind="consultation",
        visitor_name="覃大哥",
        content="低保标准是多少？",
        answer="已当场答复。",
    )
    reported = lead(people.coordinator, people.east, village=people.village)
    other = lead(people.other_coordinator, people.east, village=people.other_village)
    queue = work_queue(people.coordinator, Role.VILLAGE_COORDINATOR, today=TODAY)
    assert entry.number in numbers(queue) and reported.number in numbers(queue)
    assert answered.number not in numbers(queue)
    assert other.number not in numbers(queue)


def test_counts_are_on_the_admin_home_page(people, login_client):
    received_case(people.clerk, people.east)
    assert queue_counts(people.clerk, today=TODAY) == [(Role.CLERK, 1)]
    page = login_client(people.clerk).get("/admin/").content.decode()
    assert "我的待办" in page and "/admin/cases/my-work/?role=clerk" in page


def test_my_work_page_lists_the_queue(people, login_client):
    case = received_case(people.clerk, people.east)
    response = login_client(people.clerk).get("/admin/cases/my-work/")
    assert response.status_code == 200
    assert case.number in response.content.decode()


def test_my_work_page_with_an_unknown_role_says_so_in_chinese(people, login_client):
    response = login_client(people.clerk).get("/admin/cases/my-work/?role=nobody")
    assert response.status_code == 400
    assert "没有这个岗位的待办" in response.content.decode()


def test_my_work_page_refuses_an_editor_in_chinese(people, login_client):
    response = login_client(people.editor).get("/admin/cases/my-work/")
    assert response.status_code in (302, 403)
    if response.status_code == 403:
        assert "没有待办" in response.content.decode()


def test_township_reviewer_queue_holds_own_townships_cases_at_review(people):
    """乡镇审核人: 审核 and, after 公示, 报送审批 — their township only."""
    with_notice = AssistanceTypeFactory(public_notice_days=7)
    own = received_case(people.clerk, people.east, assistance_type=with_notice)
    other = received_case(people.west_clerk, people.west, assistance_type=with_notice)
    for case, by in ((own, people.clerk), (other, people.west_clerk)):
        for action in ("accept", "start_investigation", "submit_review"):
            case = case_transition(by=by, case=case, action=action)
    reviewer_east = township_reviewer(people.east, username="tr-east")
    queue = work_queue(reviewer_east, Role.TOWNSHIP_REVIEWER, today=TODAY)
    assert numbers(queue) == [own.number]
    assert queue_counts(reviewer_east, today=TODAY) == [(Role.TOWNSHIP_REVIEWER, 1)]
    # The county reviewer has nothing of it until it is reported.
    assert own.number not in numbers(
        work_queue(people.reviewer, Role.REVIEWER, today=TODAY)
    )


def test_reviewer_queue_holds_cases_at_review_and_extensions_to_decide(people):
    from cases.services import extension_request

    case = received_case(people.clerk, people.east)
    for action in ("accept", "start_investigation", "submit_investigation"):
        case = case_transition(by=people.clerk, case=case, action=action)
    asking = received_case(people.clerk, people.east)
    asking = case_transition(by=people.clerk, case=asking, action="accept")
    extension_request(
        by=people.clerk, case=asking, stage="investigate", days=2, reason="协查"
    )
    queue = work_queue(people.reviewer, Role.REVIEWER, today=TODAY)
    assert {case.number, asking.number} == set(numbers(queue))
    labels = {item.record.number: item.label for item in queue.items}
    assert labels[asking.number] == "延期待批准"
    assert queue_counts(people.reviewer, today=TODAY) == [(Role.REVIEWER, 2)]


def test_township_reviewer_queue_holds_a_case_once_its_notice_has_ended(people):
    """公示期间不待办；公示期满即待报送审批，按审批确认的期限排序。"""
    with_notice = AssistanceTypeFactory(public_notice_days=7)
    case = received_case(people.clerk, people.east, assistance_type=with_notice)
    for action in ("accept", "start_investigation", "submit_review"):
        case = case_transition(by=people.clerk, case=case, action=action)
    reviewer_east = township_reviewer(people.east, username="tr-east")
    case = case_transition(by=reviewer_east, case=case, action="start_public_notice")
    ends = case.deadlines.get(stage="public_notice").due_on
    during = work_queue(reviewer_east, Role.TOWNSHIP_REVIEWER, today=ends)
    assert case.number not in numbers(during)
    after = work_queue(
        reviewer_east, Role.TOWNSHIP_REVIEWER, today=ends + timedelta(days=1)
    )
    assert numbers(after) == [case.number]
    assert after.items[0].due == case.deadlines.get(stage="decide").due_on
