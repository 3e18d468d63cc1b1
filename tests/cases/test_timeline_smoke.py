import pytest

from cases.services import case_transition
from cases.timeline import case_timeline
from tests.factories import TownshipFactory
from tests.factories.cases import received_case
from tests.factories.staff import clerk

pytestmark = pytest.mark.django_db


def test_timeline_shows_who_when_why_and_field_changes():
    town = TownshipFactory()
    user = clerk(town)
    case = received_case(user, town)
    case_transition(by=user, case=case, action="accept")
    entries = case_timeline(case)
    status_changes = [
        c for e in entries for c in e.changes if c.field == "status" and c.old
    ]
    assert status_changes[0].old == "已接收"
    assert status_changes[0].new == "已受理"
    assert all(e.user for e in entries)
    assert any(e.reason == "受理" for e in entries)
    id_numbers = [c.new for e in entries for c in e.changes if c.field == "id_number"]
    assert id_numbers and all("*" in n for n in id_numbers)
