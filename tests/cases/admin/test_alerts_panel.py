from datetime import timedelta

import pytest

from cases.models import Case
from cases.services import deadlines_check
from tests.factories import TownshipFactory
from tests.factories.cases import accepted_case
from tests.factories.staff import clerk

pytestmark = pytest.mark.django_db


def test_overdue_case_is_flagged_on_the_a_and_b_dashboards(client):
    town = TownshipFactory()
    a, b, other = clerk(town), clerk(town), clerk(town)
    case = accepted_case(a, town)
    Case.objects.filter(pk=case.pk).update(backup_handler=b)
    due = case.deadlines.get(stage="investigate").due_on
    deadlines_check(today=due + timedelta(days=1))
    for user in (a, b):
        client.force_login(user)
        page = client.get("/admin/").content.decode()
        assert case.number in page and "已超期" in page
    client.force_login(other)
    assert case.number not in client.get("/admin/").content.decode()
