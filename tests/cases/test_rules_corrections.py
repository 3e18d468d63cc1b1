"""更正申请人信息: on one case, with a reason, in its history; an ID-number change
needs another reviewer's approval."""

import pytest

from cases.models import Applicant, ApplicantCorrection
from cases.services import (
    CaseArchived,
    CaseError,
    CasePermissionDenied,
    InvalidTransition,
    applicant_correct,
    applicant_id_change_decide,
    applicant_id_change_request,
)
from cases.services.intake import ApplicantData
from cases.timeline import case_timeline
from tests.factories.api import with_check_digit
from tests.factories.cases import VALID_ID, received_case
from tests.factories.records import archived_case
from tests.factories.staff import reviewer

pytestmark = pytest.mark.django_db

NEW_ID = with_check_digit("11010519491231003")
REASON = "申请人持户口簿到窗口更正，原登记电话有误。"


@pytest.fixture
def case(people):
    return received_case(people.clerk, people.east)


@pytest.fixture
def other_case(people):
    """The same person's case in the other township."""
    return received_case(
        people.west_clerk,
        people.west,
        applicant=ApplicantData(
            name="张秀英", id_number=VALID_ID, phone="13900000000", address="西河乡"
        ),
    )


def test_correction_needs_a_reason_and_is_in_history(people, case):
    for reason in ("", "   ", "\n"):
        with pytest.raises(CaseError) as refused:
            applicant_correct(
                by=people.clerk, case=case, phone="13912345670", reason=reason
            )
        assert refused.value.field == "reason"
        assert "更正理由" in refused.value.message
    assert case.applicant.history.count() == 1

    applicant_correct(by=people.clerk, case=case, phone="13912345670", reason=REASON)
    applicant = Applicant.objects.get(pk=case.applicant_id)
    assert applicant.phone == "13912345670"
    latest = applicant.history.first()
    assert latest.history_type == "~"
    assert latest.history_user == people.clerk
    assert REASON in latest.history_change_reason
    entry = [e for e in case_timeline(case) if REASON in e.reason]
    assert [c.field for c in entry[0].changes] == ["phone"]


def test_a_reason_of_200_characters_is_kept_whole_in_history(people, case):
    reason = "核" * 200
    applicant_correct(by=people.clerk, case=case, name="张秀瑛", reason=reason)
    assert reason in case.applicant.history.first().history_change_reason


@pytest.mark.parametrize(
    "reason",
    ["核" * 201, "正常\x00理由", "理由\x9b反转", "\x07", "\u202e\u200b"],
    ids=["too-long", "nul", "c1-control", "control", "only-invisible"],
)
def test_huge_or_hostile_reason_is_refused(people, case, reason):
    with pytest.raises(CaseError) as refused:
        applicant_correct(by=people.clerk, case=case, name="张秀瑛", reason=reason)
    assert refused.value.field == "reason"
    assert Applicant.objects.get(pk=case.applicant_id).name == "张秀英"


def test_invisible_characters_in_a_reason_are_removed_not_kept(people, case):
    """输入文本规范化: the override and the zero-width space print as nothing;
    the history keeps the reason as a reader sees it, in NFC."""
    applicant_correct(
        by=people.clerk,
        case=case,
        name="张秀瑛",
        reason="理由\u202e反转\u200b，Jose\u0301",
    )
    assert "理由反转，José" in case.applicant.history.first().history_change_reason


def test_markup_in_a_reason_is_kept_as_text(people, case):
    reason = "<script>alert(1)</script> 住址门牌号有误"
    applicant_correct(by=people.clerk, case=case, address="上庄村4组", reason=reason)
    assert reason in case.applicant.history.first().history_change_reason


def test_correction_changes_only_this_cases_applicant(people, case, other_case):
    before = Applicant.objects.filter(pk=other_case.applicant_id).values().get()
    applicant_correct(
        by=people.clerk,
        case=case,
        name="张秀瑛",
        address="上庄村4组",
        village=people.village,
        reason=REASON,
    )
    applicant = Applicant.objects.get(pk=case.applicant_id)
    assert (applicant.name, applicant.address, applicant.village) == (
        "张秀瑛",
        "上庄村4组",
        people.village,
    )
    assert Applicant.objects.filter(pk=other_case.applicant_id).values().get() == before


def test_correction_checks_what_it_is_given(people, case):
    for kwargs, field in (
        ({"phone": "12345"}, "phone"),
        ({"name": " "}, "name"),
        ({"address": "址" * 201}, "address"),
        ({"name": "张秀英"}, "name"),  # as registered: nothing to correct
    ):
        with pytest.raises(CaseError) as refused:
            applicant_correct(by=people.clerk, case=case, reason=REASON, **kwargs)
        assert refused.value.field == field, kwargs
    with pytest.raises(CaseError) as refused:
        applicant_correct(by=people.clerk, case=case, reason=REASON)
    assert "没有需要更正" in refused.value.message


def test_a_village_of_another_township_is_refused(people, other_case):
    with pytest.raises(CaseError) as refused:
        applicant_correct(
            by=people.reviewer, case=other_case, village=people.village, reason=REASON
        )
    assert refused.value.field == "village"


def test_correction_on_an_archived_case_is_refused(people):
    case = archived_case(people.clerk, people.reviewer, people.east)
    with pytest.raises(CaseArchived) as refused:
        applicant_correct(by=people.clerk, case=case, name="张秀瑛", reason=REASON)
    assert "归档" in refused.value.message
    with pytest.raises(CaseArchived):
        applicant_id_change_request(
            by=people.clerk, case=case, new_id_number=NEW_ID, reason=REASON
        )


@pytest.mark.parametrize("who", ["west_clerk", "other_coordinator"])
def test_another_jurisdictions_case_cannot_be_corrected(people, case, who):
    with pytest.raises(CasePermissionDenied):
        applicant_correct(by=getattr(people, who), case=case, name="X", reason=REASON)


@pytest.mark.parametrize("who", ["coordinator", "auditor", "editor"])
def test_only_clerks_and_reviewers_correct(people, case, who):
    with pytest.raises(CasePermissionDenied) as refused:
        applicant_correct(by=getattr(people, who), case=case, name="X", reason=REASON)
    assert (
        "经办人或县级审核人" in refused.value.message or "无权" in refused.value.message
    )
    with pytest.raises(CasePermissionDenied):
        applicant_id_change_request(
            by=getattr(people, who), case=case, new_id_number=NEW_ID, reason=REASON
        )


def test_a_reviewer_may_correct_any_townships_case(people, other_case):
    applicant_correct(by=people.reviewer, case=other_case, name="张秀瑛", reason=REASON)
    assert Applicant.objects.get(pk=other_case.applicant_id).name == "张秀瑛"


def test_id_number_change_needs_another_reviewers_approval(people, case, other_case):
    change = applicant_id_change_request(
        by=people.reviewer, case=case, new_id_number=NEW_ID, reason=REASON
    )
    assert change.status == ApplicantCorrection.Status.PENDING
    assert Applicant.objects.get(pk=case.applicant_id).id_number == VALID_ID
    # Not by the one who asked, not by a clerk.
    for who in (people.reviewer, people.clerk):
        with pytest.raises(CasePermissionDenied):
            applicant_id_change_decide(by=who, correction=change, approve=True)
    assert Applicant.objects.get(pk=case.applicant_id).id_number == VALID_ID

    second = reviewer(username="second-reviewer")
    decided = applicant_id_change_decide(
        by=second, correction=change, approve=True, note="已核对户口簿"
    )
    assert (decided.status, decided.decided_by) == ("approved", second)
    applicant = Applicant.objects.get(pk=case.applicant_id)
    assert applicant.id_number == NEW_ID
    latest = applicant.history.first()
    assert latest.history_user == second and REASON in latest.history_change_reason
    # The same person's other case keeps the number it was logged with.
    assert Applicant.objects.get(pk=other_case.applicant_id).id_number == VALID_ID
    with pytest.raises(InvalidTransition):
        applicant_id_change_decide(
            by=second, correction=change, approve=False, note="x"
        )


def test_a_clerks_id_number_change_goes_to_a_reviewer(people, case):
    change = applicant_id_change_request(
        by=people.clerk, case=case, new_id_number=f" {NEW_ID.lower()} ", reason=REASON
    )
    assert change.id_number == NEW_ID
    applicant_id_change_decide(by=people.reviewer, correction=change, approve=True)
    assert Applicant.objects.get(pk=case.applicant_id).id_number == NEW_ID


def test_refusing_an_id_number_change_needs_a_note_and_changes_nothing(people, case):
    change = applicant_id_change_request(
        by=people.clerk, case=case, new_id_number=NEW_ID, reason=REASON
    )
    with pytest.raises(CaseError) as refused:
        applicant_id_change_decide(by=people.reviewer, correction=change, approve=False)
    assert refused.value.field == "note"
    decided = applicant_id_change_decide(
        by=people.reviewer,
        correction=change,
        approve=False,
        note="户口簿号码与原登记一致",
    )
    assert decided.status == ApplicantCorrection.Status.REFUSED
    assert Applicant.objects.get(pk=case.applicant_id).id_number == VALID_ID


def test_id_number_change_checks_the_number(people, case):
    for number in ("110105194912310020", "123", VALID_ID):
        with pytest.raises(CaseError) as refused:
            applicant_id_change_request(
                by=people.clerk, case=case, new_id_number=number, reason=REASON
            )
        assert refused.value.field == "new_id_number"
    assert not ApplicantCorrection.objects.exists()


def test_one_pending_id_number_change_per_case(people, case):
    applicant_id_change_request(
        by=people.clerk, case=case, new_id_number=NEW_ID, reason=REASON
    )
    with pytest.raises(InvalidTransition):
        applicant_id_change_request(
            by=people.clerk, case=case, new_id_number=NEW_ID, reason=REASON
        )


def test_an_id_number_change_is_in_the_case_history_masked(people, case):
    change = applicant_id_change_request(
        by=people.clerk, case=case, new_id_number=NEW_ID, reason=REASON
    )
    applicant_id_change_decide(by=people.reviewer, correction=change, approve=True)
    entries = case_timeline(case)
    text = " ".join(f"{e.reason} {c.old} {c.new}" for e in entries for c in e.changes)
    assert "身份证号码更正" in {e.record_label for e in entries}
    assert NEW_ID not in text and VALID_ID not in text
    assert NEW_ID[-4:] in text
