import pytest
from django.utils import timezone

from cases.models import Notice
from cases.services import CaseError, CasePermissionDenied, case_transition
from tests.factories import TownshipFactory
from tests.factories.cases import accepted_case, approval_terms, received_case
from tests.factories.staff import auditor, clerk, reviewer

pytestmark = pytest.mark.django_db


def test_receive_accept_and_flow_to_archive():
    town = TownshipFactory()
    user = clerk(town)
    case = accepted_case(user, town)
    assert case.number.startswith(f"JZ{timezone.localdate().year}")
    assert case.received_by == user
    assert case.notices.filter(kind=Notice.Kind.RECEIPT).count() == 1
    case = case_transition(by=user, case=case, action="start_investigation")
    case = case_transition(by=user, case=case, action="submit_investigation")
    boss = reviewer()
    case = case_transition(by=boss, case=case, action="approve", **approval_terms())
    case = case_transition(by=user, case=case, action="reply")
    case = case_transition(by=user, case=case, action="archive")
    assert case.status == "archived"
    assert case.history.count() >= 7


def test_other_township_clerk_cannot_touch():
    town, other = TownshipFactory(), TownshipFactory()
    case = received_case(clerk(town), town)
    with pytest.raises(CasePermissionDenied):
        case_transition(by=clerk(other), case=case, action="accept")


def test_auditor_cannot_receive():
    town = TownshipFactory()
    with pytest.raises(CasePermissionDenied):
        received_case(auditor(), town)


def test_reject_needs_reason():
    town = TownshipFactory()
    user = clerk(town)
    case = received_case(user, town)
    with pytest.raises(CaseError):
        case_transition(by=user, case=case, action="reject")
