"""核对报告异议：乡镇审核、县级审核，审核期间不能以预警为由不予受理。"""

import pytest

from cases.models import VerificationObjection
from cases.services import (
    CaseError,
    CasePermissionDenied,
    InvalidTransition,
    case_transition,
    objection_county_review,
    objection_submit,
    objection_township_review,
)
from tests.factories import TownshipFactory
from tests.factories.cases import received_case
from tests.factories.staff import clerk, reviewer

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    town = TownshipFactory()
    user = clerk(town)
    return town, user, received_case(user, town)


def test_objection_needs_evidence_from_a_registration_authority(setting):
    _, user, case = setting
    with pytest.raises(CaseError):
        objection_submit(by=user, case=case, warning="名下有车辆一辆", evidence="")


def test_warning_alone_is_no_reason_to_refuse_while_objection_is_reviewed(setting):
    _, user, case = setting
    objection_submit(
        by=user, case=case, warning="名下有车辆一辆", evidence="车管所注销证明"
    )
    with pytest.raises(InvalidTransition) as excinfo:
        case_transition(by=user, case=case, action="reject", note="核对预警")
    assert "异议" in excinfo.value.message


def test_objection_goes_township_then_county_then_the_case_continues(setting):
    _, user, case = setting
    objection = objection_submit(
        by=user, case=case, warning="名下有车辆一辆", evidence="车管所注销证明"
    )
    boss = reviewer()
    with pytest.raises(CaseError):
        objection_county_review(
            by=boss, objection=objection, uphold=True, opinion="同意"
        )
    objection_township_review(
        by=user, objection=objection, uphold=True, opinion="车辆已于2025年报废注销"
    )
    with pytest.raises(CasePermissionDenied):
        objection_county_review(by=user, objection=objection, uphold=True, opinion="x")
    objection = objection_county_review(
        by=boss, objection=objection, uphold=True, opinion="佐证有效，异议成立"
    )
    assert objection.status == VerificationObjection.Status.UPHELD
    assert objection.history.count() == 3
    case = case_transition(by=user, case=case, action="reject", note="户籍不在本乡镇")
    assert case.status == "not_accepted"
