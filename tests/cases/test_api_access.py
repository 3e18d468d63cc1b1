"""Every case endpoint under every role: jurisdiction is enforced in the query."""

import pytest
from django.utils import timezone

from cases.models import Case
from cases.services import case_transition
from tests.factories import VillageFactory
from tests.factories.api import ApiClient, case_body, county
from tests.factories.cases import received_case
from tests.factories.staff import (
    auditor,
    clerk,
    editor,
    reviewer,
    village_coordinator,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return county()


def reads(client, case) -> list[int]:
    return [
        client.get(f"/cases/{case.number}").status_code,
        client.get(f"/cases/{case.number}/history").status_code,
    ]


def test_other_township_clerk_gets_404_and_never_the_data(world):
    case = received_case(clerk(world.east), world.east)
    outsider = ApiClient(clerk(world.west))
    responses = [
        outsider.get(f"/cases/{case.number}"),
        outsider.get(f"/cases/{case.number}/history"),
        outsider.post(f"/cases/{case.number}/transitions", {"action": "accept"}),
    ]
    for response in responses:
        assert response.status_code == 404
        assert case.applicant.name not in response.content.decode()
    assert Case.objects.get(pk=case.pk).status == "received"


def test_an_absent_handlers_cases_open_to_the_b_backup(world):
    a_clerk = clerk(world.east)
    b_clerk = clerk(world.west)
    case = received_case(a_clerk, world.east)
    Case.objects.filter(pk=case.pk).update(backup_handler=b_clerk)
    backup = ApiClient(b_clerk)
    assert reads(backup, case) == [404, 404]
    a_clerk.staff_profile.is_absent = True
    a_clerk.staff_profile.save()
    assert reads(backup, case) == [200, 200]


def test_auditor_reads_every_case_and_every_write_is_403(world):
    east = received_case(clerk(world.east), world.east)
    west = received_case(clerk(world.west), world.west)
    client = ApiClient(auditor())
    assert reads(client, east) + reads(client, west) == [200] * 4
    assert client.post("/cases", case_body(world.east, world.dibao)).status_code == 403
    for action in ("accept", "archive"):
        response = client.post(f"/cases/{east.number}/transitions", {"action": action})
        assert response.status_code == 403
    assert Case.objects.count() == 2
    assert Case.objects.get(pk=east.pk).version == 1


def test_editor_gets_nothing_case_related(world):
    case = received_case(clerk(world.east), world.east)
    client = ApiClient(editor())
    assert client.post("/cases", case_body(world.east, world.dibao)).status_code == 403
    assert reads(client, case) == [404, 404]
    response = client.post(f"/cases/{case.number}/transitions", {"action": "accept"})
    assert response.status_code == 404
    assert Case.objects.count() == 1


def this_month() -> str:
    return f"{timezone.localdate():%Y-%m}"


def test_reviewer_reads_and_decides_across_the_county(world):
    east_clerk = clerk(world.east)
    case = received_case(east_clerk, world.east)
    for action in ("accept", "start_investigation", "submit_investigation"):
        case = case_transition(by=east_clerk, case=case, action=action)
    west = received_case(clerk(world.west), world.west)
    client = ApiClient(reviewer())
    assert reads(client, case) + reads(client, west) == [200] * 4
    response = client.post(
        f"/cases/{case.number}/transitions",
        {"action": "approve", "monthly_amount": "500", "starts_month": this_month()},
    )
    assert response.status_code == 200
    assert response.json()["status"] == "approved"


def test_village_coordinator_sees_own_village_only(world):
    other_village = VillageFactory(code="east-xz", township=world.east)
    user = clerk(world.east)
    own = received_case(user, world.east, village=world.village)
    elsewhere = received_case(user, world.east, village=other_village)
    client = ApiClient(village_coordinator(world.village))
    assert reads(client, own) == [200, 200]
    assert reads(client, elsewhere) == [404, 404]
