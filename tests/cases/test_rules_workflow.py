"""Workflow, deadlines, extensions, access and history rules, one test per rule."""

from datetime import date, timedelta
from io import StringIO
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from cases.models import CalendarDay, Case, DeadlineAlert, Extension, StageDeadline
from cases.selectors import cases_visible_to
from cases.services import (
    CaseError,
    CasePermissionDenied,
    InvalidTransition,
    StaleVersion,
    case_transition,
    deadlines_check,
    extension_decide,
    extension_request,
)
from portal.models import StaffProfile
from tests.factories import AssistanceTypeFactory, TownshipFactory, VillageFactory
from tests.factories.cases import accepted_case, approval_terms, received_case
from tests.factories.staff import (
    auditor,
    clerk,
    editor,
    reviewer,
    township_reviewer,
    village_coordinator,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    return TownshipFactory()


def reviewing_case(user, town, **kwargs):
    """调查核实 done: at 审核 where the type has it, else with the county."""
    case = accepted_case(user, town, **kwargs)
    case_transition(by=user, case=case, action="start_investigation")
    action = (
        "submit_review" if case.stage_limits.get("review") else "submit_investigation"
    )
    return case_transition(by=user, case=case, action=action)


def test_invalid_transition_is_refused_with_a_message(town):
    user = clerk(town)
    case = received_case(user, town)
    with pytest.raises(InvalidTransition) as excinfo:
        case_transition(by=user, case=case, action="reply")
    assert "已接收" in excinfo.value.message
    assert Case.objects.get(pk=case.pk).status == Case.Status.RECEIVED


def test_unknown_action_is_refused(town):
    user = clerk(town)
    with pytest.raises(CaseError):
        case_transition(by=user, case=received_case(user, town), action="teleport")


def test_decision_is_for_reviewers_not_clerks(town):
    user = clerk(town)
    case = reviewing_case(user, town)
    with pytest.raises(CasePermissionDenied):
        case_transition(by=user, case=case, action="approve")
    case = case_transition(
        by=reviewer(), case=case, action="approve", **approval_terms()
    )
    assert case.status == Case.Status.APPROVED


def test_not_accepting_needs_a_written_reason(town):
    user = clerk(town)
    case = received_case(user, town)
    with pytest.raises(CaseError):
        case_transition(by=user, case=case, action="reject", note="  ")
    case = case_transition(by=user, case=case, action="reject", note="不属于本乡镇户籍")
    assert case.notices.filter(kind="not_accepted").exists()


def test_item_needing_public_notice_cannot_be_approved_before_it(town):
    """公示 before 审批确认: the township reviewer starts it and reports only
    once it has ended; the county reviewer decides after that."""
    item = AssistanceTypeFactory(public_notice_days=7)
    user = clerk(town)
    case = reviewing_case(user, town, assistance_type=item)
    assert case.status == Case.Status.REVIEWING  # 公示 implies 乡镇审核
    boss, township = reviewer(), township_reviewer(town)
    with pytest.raises(InvalidTransition):
        case_transition(by=boss, case=case, action="approve")
    with pytest.raises(InvalidTransition) as excinfo:
        case_transition(by=township, case=case, action="submit_decision")
    assert "须先公示7天" in excinfo.value.message
    case = case_transition(by=township, case=case, action="start_public_notice")
    notice = case.deadlines.get(stage="public_notice")
    assert notice.due_on == timezone.localdate() + timedelta(days=7)
    with pytest.raises(InvalidTransition) as excinfo:
        case_transition(by=township, case=case, action="submit_decision")
    assert "公示期" in excinfo.value.message
    with pytest.raises(InvalidTransition):
        case_transition(by=boss, case=case, action="approve", **approval_terms())
    later = notice.due_on + timedelta(days=1)
    with mock.patch("django.utils.timezone.localdate", return_value=later):
        case = case_transition(by=township, case=case, action="submit_decision")
        case = case_transition(by=boss, case=case, action="approve", **approval_terms())
    assert case.status == Case.Status.APPROVED


def test_item_needing_public_notice_cannot_skip_it(town):
    """A type with 公示 cannot be reported for approval straight from 调查核实."""
    item = AssistanceTypeFactory(public_notice_days=7)
    user = clerk(town)
    case = accepted_case(user, town, assistance_type=item)
    case = case_transition(by=user, case=case, action="start_investigation")
    with pytest.raises(InvalidTransition):
        case_transition(by=user, case=case, action="submit_investigation")
    assert Case.objects.get(pk=case.pk).status == Case.Status.INVESTIGATING


def test_item_without_public_notice_cannot_start_one(town):
    user = clerk(town)
    case = reviewing_case(user, town)
    with pytest.raises(InvalidTransition):
        case_transition(
            by=township_reviewer(town), case=case, action="start_public_notice"
        )


def test_second_save_from_a_stale_version_is_refused(town):
    """两人同时办理：后提交的一方被拒绝，不覆盖前者。"""
    first, second = clerk(town), clerk(town)
    case = received_case(first, town)
    version = case.version
    case_transition(by=first, case=case, action="accept", expected_version=version)
    with pytest.raises(StaleVersion):
        case_transition(
            by=second, case=case, action="reject", note="重复", expected_version=version
        )
    assert Case.objects.get(pk=case.pk).status == Case.Status.ACCEPTED


def test_archived_case_is_read_only(town):
    user = clerk(town)
    case = received_case(user, town)
    case_transition(by=user, case=case, action="reject", note="不符合条件")
    case_transition(by=user, case=case, action="reply")
    case = case_transition(by=user, case=case, action="archive")
    assert case.is_read_only
    for action in ("accept", "reply", "archive"):
        with pytest.raises(InvalidTransition):
            case_transition(by=user, case=case, action=action, note="x")


def test_extension_needs_a_reviewer_and_a_reason_and_is_told_to_the_applicant(town):
    user = clerk(town)
    case = accepted_case(user, town)
    with pytest.raises(CaseError):
        extension_request(by=user, case=case, stage="investigate", days=3, reason="")
    extension = extension_request(
        by=user, case=case, stage="investigate", days=3, reason="需外县协查"
    )
    with pytest.raises(CasePermissionDenied):
        extension_decide(
            by=user, extension=extension, approve=True, informed_how="电话"
        )
    with pytest.raises(CaseError):
        extension_decide(by=reviewer(), extension=extension, approve=True)
    deadline = case.deadlines.get(stage="investigate")
    before = deadline.due_on
    extension_decide(
        by=reviewer(), extension=extension, approve=True, informed_how="电话"
    )
    deadline.refresh_from_db()
    extension.refresh_from_db()
    assert deadline.extended_days == 3 and deadline.due_on > before
    assert extension.applicant_informed_at is not None
    assert case.notices.filter(kind="extension").exists()


def test_extensions_are_capped_per_assistance_type(town):
    user = clerk(town)
    case = accepted_case(
        user, town, assistance_type=AssistanceTypeFactory(max_extension_days=5)
    )
    extension_request(by=user, case=case, stage="investigate", days=5, reason="协查")
    with pytest.raises(CaseError) as excinfo:
        extension_request(
            by=user, case=case, stage="investigate", days=6, reason="协查"
        )
    assert "5" in excinfo.value.message
    assert Extension.objects.count() == 1


def test_holiday_added_by_administrator_moves_open_deadlines_into_history(
    town, django_capture_on_commit_callbacks
):
    user = clerk(town)
    case = accepted_case(user, town)
    deadline = case.deadlines.get(stage="investigate")
    before = deadline.due_on
    with django_capture_on_commit_callbacks(execute=True):
        CalendarDay.objects.create(date=before, kind="holiday", name="地方假日")
    deadline.refresh_from_db()
    assert deadline.due_on > before
    assert "节假日" in deadline.history.first().history_change_reason


def test_near_due_and_overdue_cases_are_flagged_to_a_and_b(town):
    a, b = clerk(town), clerk(town)
    case = accepted_case(a, town)
    Case.objects.filter(pk=case.pk).update(backup_handler=b)
    deadline = case.deadlines.get(stage="investigate")
    counts = deadlines_check(today=deadline.due_on + timedelta(days=1))
    assert counts["overdue"] == 2
    assert set(DeadlineAlert.objects.values_list("recipient", flat=True)) == {
        a.pk,
        b.pk,
    }
    assert deadlines_check(today=deadline.due_on + timedelta(days=1))["overdue"] == 0
    out = StringIO()
    call_command("check_deadlines", today=f"{deadline.due_on:%Y-%m-%d}", stdout=out)
    assert "提醒" in out.getvalue()


def test_check_deadlines_rejects_a_malformed_date():
    with pytest.raises(CommandError):
        call_command("check_deadlines", today="2026-13-45")


def test_township_clerks_see_only_their_township():
    town, other = TownshipFactory(), TownshipFactory()
    mine = received_case(clerk(town), town)
    received_case(clerk(other), other)
    assert list(cases_visible_to(clerk(town))) == [mine]


def test_village_coordinator_sees_only_their_village(town):
    village, other = VillageFactory(township=town), VillageFactory(township=town)
    user = clerk(town)
    mine = received_case(user, town, village=village)
    received_case(user, town, village=other)
    assert list(cases_visible_to(village_coordinator(village))) == [mine]


def test_reviewers_and_auditors_see_the_county_and_editors_see_nothing():
    town, other = TownshipFactory(), TownshipFactory()
    received_case(clerk(town), town)
    received_case(clerk(other), other)
    assert cases_visible_to(reviewer()).count() == 2
    assert cases_visible_to(auditor()).count() == 2
    assert cases_visible_to(editor()).count() == 0


def test_auditors_change_nothing(town):
    case = received_case(clerk(town), town)
    with pytest.raises(CasePermissionDenied):
        case_transition(by=auditor(), case=case, action="accept")


def test_b_sees_and_works_the_cases_of_an_absent_a():
    """AB角：A岗不在岗时，B岗接替办理。"""
    town, other = TownshipFactory(), TownshipFactory()
    a = clerk(town)
    b = clerk(other)
    case = received_case(a, town)
    Case.objects.filter(pk=case.pk).update(backup_handler=b)
    assert not cases_visible_to(b).filter(pk=case.pk).exists()
    StaffProfile.objects.filter(user=a).update(is_absent=True)
    b = type(b).objects.get(pk=b.pk)
    assert cases_visible_to(b).filter(pk=case.pk).exists()
    case_transition(by=b, case=case, action="reject", note="不符合条件")


def test_history_rows_are_chained_and_tampering_is_reported(town):
    case = accepted_case(clerk(town), town)
    out = StringIO()
    call_command("verify_history", stdout=out)
    assert "哈希链完整" in out.getvalue()
    row = case.history.order_by("history_id").first()
    table = Case.history.model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET description = %s WHERE history_id = %s",  # noqa: S608
            ["事后篡改", row.history_id],
        )
    with pytest.raises(CommandError):
        call_command("verify_history", stdout=StringIO())


def test_deleted_history_row_breaks_the_chain(town):
    case = accepted_case(clerk(town), town)
    middle = StageDeadline.history.order_by("history_id").first()
    assert middle is not None
    StageDeadline.history.filter(history_id=middle.history_id).delete()
    with pytest.raises(CommandError):
        call_command("verify_history", stdout=StringIO())
    assert case.pk


def test_deadline_in_an_uncovered_year_is_computed(town):
    """2026年12月30日受理，期限落在2027年。"""
    user = clerk(town)
    day = date(2026, 12, 30)
    with mock.patch("django.utils.timezone.localdate", return_value=day):
        case = received_case(user, town)
    assert case.deadlines.get(stage="accept").due_on == date(2026, 12, 31)


def test_edit_of_a_key_record_without_a_reason_is_refused(town):
    from cases.history import ChangeReasonRequired

    case = received_case(clerk(town), town)
    case.description = "改写申请事由"
    with pytest.raises(ChangeReasonRequired):
        case.save()
    case.applicant.phone = "13900000000"
    with pytest.raises(ChangeReasonRequired):
        case.applicant.save()


def test_extension_of_another_townships_case_is_refused():
    town, other = TownshipFactory(), TownshipFactory()
    case = accepted_case(clerk(town), town)
    with pytest.raises(CasePermissionDenied):
        extension_request(
            by=clerk(other), case=case, stage="investigate", days=1, reason="协查"
        )


def test_history_hash_does_not_depend_on_json_key_order():
    from cases.history import content_hash

    case = Case(stage_limits={"accept": 1, "reply": 1, "investigate": 5})
    same = Case(stage_limits={"reply": 1, "investigate": 5, "accept": 1})
    assert content_hash(case, "0") == content_hash(same, "0")
