"""分办转办台账：转办、反馈期限（工作日）、反馈、办结、逾期催办。"""

from datetime import date

import pytest
from django.core.management import CommandError, call_command

from cases.models import Case, Notice, Referral
from cases.selectors import referrals_overdue, referrals_visible_to
from cases.services import (
    CaseArchived,
    CaseError,
    CasePermissionDenied,
    InvalidTransition,
    referral_chase,
    referral_close,
    referral_feedback,
    referral_send,
)
from tests.factories.cases import received_case
from tests.factories.clock import on_day
from tests.factories.records import archived_case, referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(people):
    return received_case(people.clerk, people.east)


def test_referral_feedback_due_counts_working_days_over_national_day(people, case):
    """9月30日转办，5个工作日：跳过国庆假期，10月10日（周六）调休上班计入。"""
    with on_day(date(2026, 9, 30)):
        sent = referral(people.clerk, case, department=people.education)
    assert sent.feedback_due == date(2026, 10, 13)
    assert sent.due_working_days == 5
    assert "国庆节" in sent.due_calculation
    assert sent.number.startswith("ZB2026")


def test_referral_due_working_days_skip_the_weekend(people, case):
    with on_day(date(2026, 11, 20)):  # a Friday
        sent = referral(people.clerk, case, due_working_days=1)
    assert sent.feedback_due == date(2026, 11, 23)


@pytest.mark.parametrize("days", [0, 61, -3])
def test_referral_due_working_days_must_be_1_to_60(people, case, days):
    with pytest.raises(CaseError) as excinfo:
        referral(people.clerk, case, due_working_days=days)
    assert excinfo.value.field == "due_working_days"
    assert not Referral.objects.exists()


def test_referral_of_one_need_keeps_the_case_status_and_tells_the_applicant(
    people, case
):
    sent = referral(people.clerk, case, department=people.education)
    case.refresh_from_db()
    assert case.status == Case.Status.RECEIVED
    notice = case.notices.get(kind=Notice.Kind.REFERRAL)
    assert notice.content["department"]["name"] == "县教育局"
    assert notice.content["feedback_due"] == f"{sent.feedback_due:%Y-%m-%d}"
    assert notice.content["referral_number"] == sent.number


def test_referral_of_the_whole_case_uses_the_refer_transition(people, case):
    sent = referral(
        people.clerk, case, department=people.housing, whole_case=True, need=""
    )
    case.refresh_from_db()
    assert case.status == Case.Status.REFERRED
    [notice] = case.notices.filter(kind=Notice.Kind.REFERRAL)
    assert notice.content["department"]["code"] == "zhujian"
    assert notice.content["reason"] == sent.reason


def test_whole_case_referral_after_investigation_started_is_refused(people, case):
    from cases.services import case_transition

    case = case_transition(by=people.clerk, case=case, action="accept")
    case = case_transition(by=people.clerk, case=case, action="start_investigation")
    with pytest.raises(InvalidTransition):
        referral(people.clerk, case, whole_case=True)
    assert not Referral.objects.exists()  # rolled back with the refused step


def test_referral_on_archived_case_is_refused(people):
    case = archived_case(people.clerk, people.reviewer, people.east)
    with pytest.raises(CaseArchived) as excinfo:
        referral(people.clerk, case)
    assert excinfo.value.status == 409
    assert "已归档" in excinfo.value.message
    assert not Referral.objects.exists()


def test_referral_needs_a_department_and_a_reason(people, case):
    with pytest.raises(CaseError) as excinfo:
        referral_send(by=people.clerk, case=case, department=None, reason="x")
    assert excinfo.value.field == "department"
    with pytest.raises(CaseError) as excinfo:
        referral(people.clerk, case, reason="   ")
    assert excinfo.value.field == "reason"


def test_oversized_reason_is_refused(people, case):
    with pytest.raises(CaseError) as excinfo:
        referral(people.clerk, case, reason="转" * 2001)
    assert "2000" in excinfo.value.message


def test_same_need_to_same_department_is_not_referred_twice(people, case):
    referral(people.clerk, case)
    with pytest.raises(CaseError) as excinfo:
        referral(people.clerk, case)
    assert "催办" in excinfo.value.message


def test_village_coordinator_cannot_refer(people):
    case = received_case(people.coordinator, people.east, village=people.village)
    with pytest.raises(CasePermissionDenied):
        referral(people.coordinator, case)


def test_other_township_clerk_cannot_refer_the_case(people, case):
    with pytest.raises(CasePermissionDenied):
        referral(people.west_clerk, case)


def test_feedback_then_result_close_the_referral_with_history(people, case):
    sent = referral(people.clerk, case)
    fed = referral_feedback(
        by=people.clerk, referral=sent, feedback="已纳入教育资助，减免学费。"
    )
    assert fed.status == Referral.Status.FED_BACK
    assert fed.feedback_by == people.clerk
    closed = referral_close(by=people.clerk, referral=fed, result="学费已减免。")
    assert closed.status == Referral.Status.CLOSED
    reasons = list(
        closed.history.order_by("history_id").values_list(
            "history_change_reason", flat=True
        )
    )
    assert reasons == ["转办至县教育局", "县教育局反馈", "转办事项办结"]
    with pytest.raises(CaseError):
        referral_feedback(by=people.clerk, referral=closed, feedback="再次反馈")


def test_result_needs_feedback_first(people, case):
    sent = referral(people.clerk, case)
    with pytest.raises(CaseError):
        referral_close(by=people.clerk, referral=sent, result="办结")


def test_feedback_for_someone_elses_referral_is_refused(people, case):
    sent = referral(people.clerk, case)
    for outsider in (people.west_clerk, people.auditor, people.editor):
        with pytest.raises(CasePermissionDenied):
            referral_feedback(by=outsider, referral=sent, feedback="已办理")
    sent.refresh_from_db()
    assert sent.status == Referral.Status.SENT and sent.feedback == ""


def test_overdue_is_unanswered_and_past_the_due_date(people, case):
    with on_day(date(2026, 11, 20)):
        late = referral(people.clerk, case, due_working_days=1)  # due 11-23
    with on_day(date(2026, 11, 20)):
        answered = referral(
            people.clerk, case, department=people.housing, due_working_days=1
        )
    referral_feedback(by=people.clerk, referral=answered, feedback="已受理")
    assert not late.is_overdue(today=date(2026, 11, 23))
    assert late.is_overdue(today=date(2026, 11, 24))
    overdue = referrals_overdue(Referral.objects.all(), today=date(2026, 11, 24))
    assert list(overdue) == [late]


def test_chasing_an_overdue_referral_is_counted(people, case):
    sent = referral(people.clerk, case)
    sent = referral_chase(by=people.clerk, referral=sent, note="电话催问")
    sent = referral_chase(by=people.clerk, referral=sent)
    assert sent.chase_count == 2
    assert sent.history.first().history_change_reason == "催办"
    referral_feedback(by=people.clerk, referral=sent, feedback="已办")
    with pytest.raises(CaseError):
        referral_chase(by=people.clerk, referral=sent)


def test_referral_scoping_follows_the_case(people, case):
    sent = referral(people.clerk, case)
    for user, sees in [
        (people.clerk, True),
        (people.west_clerk, False),
        (people.reviewer, True),
        (people.auditor, True),
        (people.editor, False),
        (people.coordinator, False),  # the case is not in their village
    ]:
        assert referrals_visible_to(user).filter(pk=sent.pk).exists() is sees, user
    from django.contrib.auth.models import AnonymousUser

    assert not referrals_visible_to(AnonymousUser()).exists()


def test_village_coordinator_sees_referrals_of_village_cases(people):
    case = received_case(people.coordinator, people.east, village=people.village)
    sent = referral(people.clerk, case)
    assert list(referrals_visible_to(people.coordinator)) == [sent]
    assert not referrals_visible_to(people.other_coordinator).exists()


def test_referral_history_is_hash_chained(people, case):
    sent = referral(people.clerk, case)
    referral_feedback(by=people.clerk, referral=sent, feedback="已办")
    call_command("verify_history")
    row = sent.history.order_by("history_id").last()
    row.feedback = "改过的反馈"
    row.save(update_fields=["feedback"])
    with pytest.raises(CommandError, match="异常"):
        call_command("verify_history")


def test_referral_edit_without_a_reason_is_refused(people, case):
    from cases.history import ChangeReasonRequired

    sent = referral(people.clerk, case)
    sent.contact = "张老师"
    with pytest.raises(ChangeReasonRequired):
        sent.save()
