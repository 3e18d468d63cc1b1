"""Each case keeps its own applicant; a second open case of one ID number is flagged."""

import pytest

from cases.models import Applicant, Case, HouseholdMember
from cases.selectors import case_for_progress, cases_visible_to, open_cases_same_id
from cases.services import MemberIn, case_transition
from cases.services.intake import ApplicantData
from cases.timeline import case_timeline
from tests.factories.api import with_check_digit
from tests.factories.cases import VALID_ID, received_case
from tests.factories.records import archived_case

pytestmark = pytest.mark.django_db

SECOND = ApplicantData(
    name="张秀瑛", id_number=VALID_ID, phone="13900000000", address="西河乡5组"
)


def _second(people, **kwargs):
    return received_case(people.west_clerk, people.west, applicant=SECOND, **kwargs)


def test_second_townships_intake_never_changes_the_first_cases_applicant(people):
    first = received_case(
        people.clerk, people.east, household=[MemberIn(name="李四", relation="配偶")]
    )
    before = Applicant.objects.filter(pk=first.applicant_id).values().get()
    history = first.applicant.history.count()
    second = _second(people, household=[MemberIn(name="王小五", relation="子")])
    assert second.applicant_id != first.applicant_id
    assert Applicant.objects.filter(pk=first.applicant_id).values().get() == before
    assert first.applicant.history.count() == history
    assert [m.name for m in first.applicant.household.all()] == ["李四"]
    assert [m.name for m in second.applicant.household.all()] == ["王小五"]
    assert second.applicant.township == people.west
    # Both are the same person by ID number; that is what links the cases.
    assert set(Applicant.objects.values_list("id_number", flat=True)) == {VALID_ID}


def test_second_intake_leaves_an_archived_case_alone(people):
    first = archived_case(people.clerk, people.reviewer, people.east)
    _second(people)
    first.refresh_from_db()
    assert first.applicant.name == "张秀英"
    assert first.applicant.phone == "13812345678"


def test_progress_check_of_first_case_still_works_after_second_intake(people):
    first = received_case(people.clerk, people.east)
    second = _second(people)
    assert case_for_progress(first.number, "5678") == first
    assert case_for_progress(second.number, "0000") == second
    assert case_for_progress(first.number, "0000") is None


def test_each_case_timeline_shows_only_its_own_applicant_and_household(people):
    first = received_case(
        people.clerk, people.east, household=[MemberIn(name="李四", relation="配偶")]
    )
    second = _second(people, household=[MemberIn(name="王小五", relation="子")])
    texts = [
        " ".join(f"{c.old} {c.new}" for e in case_timeline(case) for c in e.changes)
        for case in (first, second)
    ]
    assert "李四" in texts[0] and "王小五" not in texts[0]
    assert "张秀瑛" not in texts[0] and "13900000000" not in texts[0]
    assert "王小五" in texts[1] and "李四" not in texts[1]


def test_the_same_household_filed_twice_is_two_snapshots(people):
    household = [MemberIn(name="李四", relation="配偶")]
    first = received_case(people.clerk, people.east, household=household)
    second = received_case(people.clerk, people.east, household=household)
    assert HouseholdMember.objects.count() == 2
    assert first.applicant.household.get().pk != second.applicant.household.get().pk


def test_duplicate_warning_shows_only_number_and_township(people):
    first = received_case(
        people.clerk, people.east, household=[MemberIn(name="李四", relation="配偶")]
    )
    second = _second(people)
    [warning] = open_cases_same_id(second)
    assert (warning.code, warning.case_number, warning.township) == (
        "open_case_same_id",
        first.number,
        "东岭镇",
    )
    for private in ("张秀英", "13812345678", "上庄村3组", "李四", VALID_ID, "5678"):
        assert private not in warning.message
    assert first.number in warning.message and "东岭镇" in warning.message
    # The warning is all the west clerk learns: the case itself stays hidden.
    assert not cases_visible_to(people.west_clerk).filter(pk=first.pk).exists()


def test_no_warning_for_the_first_case_or_a_new_id_number(people):
    first = received_case(people.clerk, people.east)
    assert open_cases_same_id(first) == []
    other = received_case(
        people.clerk,
        people.east,
        applicant=ApplicantData(
            name="覃老伯",
            id_number=with_check_digit("11010519500101001"),
            phone="13700001111",
            address="石桥村",
        ),
    )
    assert open_cases_same_id(other) == []


@pytest.mark.parametrize("status", sorted(Case.NOT_OPEN), ids=lambda s: str(s))
def test_no_warning_when_the_other_case_is_no_longer_open(people, status):
    first = received_case(people.clerk, people.east)
    Case.objects.filter(pk=first.pk).update(status=status)
    assert open_cases_same_id(_second(people)) == []


def test_warning_while_the_other_case_is_being_handled(people):
    first = received_case(people.clerk, people.east)
    first = case_transition(by=people.clerk, case=first, action="accept")
    assert first.is_open
    assert [w.case_number for w in open_cases_same_id(_second(people))] == [
        first.number
    ]
