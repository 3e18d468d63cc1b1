"""事后评价与电话回访：只对办结案件，不满意转为整改，结果计入监督统计。"""

import pytest

from cases.models import FollowUp
from cases.selectors import followups_visible_to, supervision_figures
from cases.services import (
    CaseError,
    CasePermissionDenied,
    followup_record,
    followup_resolve,
)
from tests.factories.cases import received_case
from tests.factories.records import archived_case, replied_case, staff_complaint

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(people):
    return replied_case(people.clerk, people.reviewer, people.east)


def test_followup_on_an_open_case_is_refused(people):
    case = received_case(people.clerk, people.east)
    with pytest.raises(CaseError) as excinfo:
        followup_record(
            by=people.clerk, case=case, kind="revisit", satisfaction="satisfied"
        )
    assert "已办结" in excinfo.value.message


def test_revisit_on_an_archived_case_is_allowed_and_leaves_the_case_alone(people):
    case = archived_case(people.clerk, people.reviewer, people.east)
    versions = case.history.count()
    followup = followup_record(
        by=people.clerk, case=case, kind="revisit", satisfaction="satisfied"
    )
    assert followup.status == FollowUp.Status.DONE
    assert case.history.count() == versions


def test_one_evaluation_per_case_then_revisits(people, closed):
    followup_record(
        by=people.clerk, case=closed, kind="evaluation", satisfaction="basic"
    )
    with pytest.raises(CaseError):
        followup_record(
            by=people.clerk, case=closed, kind="evaluation", satisfaction="basic"
        )
    followup_record(by=people.clerk, case=closed, kind="revisit", satisfaction="basic")


def test_dissatisfied_needs_the_opinion_and_becomes_an_action(people, closed):
    with pytest.raises(CaseError) as excinfo:
        followup_record(
            by=people.clerk, case=closed, kind="revisit", satisfaction="dissatisfied"
        )
    assert excinfo.value.field == "content"
    followup = followup_record(
        by=people.clerk,
        case=closed,
        kind="revisit",
        satisfaction="dissatisfied",
        content="救助金到账晚了半个月",
    )
    assert followup.status == FollowUp.Status.NEEDS_ACTION
    resolved = followup_resolve(by=people.clerk, followup=followup, result="已说明原因")
    assert resolved.status == FollowUp.Status.RESOLVED
    assert resolved.history.count() == 2


@pytest.mark.parametrize("who", ["west_clerk", "auditor", "editor"])
def test_outsiders_cannot_record_followups(people, closed, who):
    with pytest.raises(CasePermissionDenied):
        followup_record(
            by=getattr(people, who), case=closed, kind="revisit", satisfaction="basic"
        )


def test_unknown_satisfaction_is_refused(people, closed):
    with pytest.raises(CaseError):
        followup_record(by=people.clerk, case=closed, kind="revisit", satisfaction="x")


def test_results_feed_the_supervision_figures(people, closed):
    for satisfaction, content in [
        ("satisfied", ""),
        ("basic", ""),
        ("dissatisfied", "等太久"),
        ("unreached", ""),
    ]:
        followup_record(
            by=people.clerk,
            case=closed,
            kind="revisit",
            satisfaction=satisfaction,
            content=content,
        )
    staff_complaint(people.clerk)
    figures = supervision_figures(people.reviewer)
    assert figures.revisits == 4 and figures.reached == 3
    assert figures.satisfaction_rate == pytest.approx(66.7)
    assert figures.needs_action == 1
    assert figures.complaints_open == 1
    assert supervision_figures(people.west_clerk).followups == 0
    assert supervision_figures(people.west_clerk).satisfaction_rate is None


def test_followups_are_scoped_like_their_case(people, closed):
    followup = followup_record(
        by=people.clerk, case=closed, kind="revisit", satisfaction="satisfied"
    )
    assert list(followups_visible_to(people.clerk)) == [followup]
    assert list(followups_visible_to(people.auditor)) == [followup]
    assert not followups_visible_to(people.west_clerk).exists()
    assert not followups_visible_to(people.editor).exists()
