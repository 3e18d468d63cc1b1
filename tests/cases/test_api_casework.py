"""GET a case, its history, and POST transitions through the API."""

import pytest

from cases.models import Case
from cases.services import case_transition
from tests.factories.api import ApiClient, county
from tests.factories.cases import VALID_ID, received_case
from tests.factories.staff import clerk, reviewer

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return county()


def test_case_detail_shows_deadlines_and_masks_id_and_phone(world):
    user = clerk(world.east)
    case = received_case(user, world.east, assistance_type=world.dibao)
    response = ApiClient(user).get(f"/cases/{case.number}")
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "received"
    assert data["status_label"] == "已接收"
    assert data["applicant"]["id_number_masked"] == "110105********002X"
    assert data["applicant"]["phone_masked"] == "138****5678"
    assert VALID_ID not in response.content.decode()
    assert "13812345678" not in response.content.decode()
    [deadline] = data["deadlines"]
    assert deadline["stage"] == "accept"
    assert deadline["calculation"] == case.deadlines.get().calculation
    assert [n["kind"] for n in data["notices"]] == ["receipt"]
    assert {a["action"] for a in data["actions"]} >= {"accept", "reject", "refer"}


def test_history_lists_who_when_why_and_field_changes(world):
    user = clerk(world.east, first_name="赵", last_name="磊")
    case = received_case(user, world.east)
    case_transition(by=user, case=case, action="accept", note="材料齐全")
    response = ApiClient(user).get(f"/cases/{case.number}/history")
    assert response.status_code == 200
    versions = response.json()
    accepted = [v for v in versions if v["record"] == "救助案件" and v["kind"] == "~"][
        -1
    ]
    assert accepted["user"] == "赵磊"
    assert accepted["reason"] == "受理：材料齐全"
    assert accepted["at"]
    status = [c for c in accepted["changes"] if c["field"] == "status"]
    assert status == [
        {"field": "status", "label": "状态", "old": "已接收", "new": "已受理"}
    ]
    text = response.content.decode()
    assert VALID_ID not in text
    assert "13812345678" not in text


def test_transition_returns_the_new_state(world):
    user = clerk(world.east)
    case = received_case(user, world.east)
    response = ApiClient(user).post(
        f"/cases/{case.number}/transitions", {"action": "accept", "version": 1}
    )
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "accepted"
    assert data["version"] == 2
    stages = {d["stage"]: d["completed_at"] for d in data["deadlines"]}
    assert stages["accept"] is not None
    assert stages["investigate"] is None


def test_transition_not_allowed_in_this_state_is_409(world):
    user = clerk(world.east)
    case = received_case(user, world.east)
    response = ApiClient(user).post(
        f"/cases/{case.number}/transitions", {"action": "archive"}
    )
    assert response.status_code == 409
    assert "已接收" in response.json()["message"]
    assert Case.objects.get(pk=case.pk).status == "received"


def test_transition_by_the_wrong_role_is_403(world):
    case = received_case(clerk(world.east), world.east)
    response = ApiClient(reviewer()).post(
        f"/cases/{case.number}/transitions", {"action": "accept"}
    )
    assert response.status_code == 403
    assert response.json()["message"]
    assert Case.objects.get(pk=case.pk).status == "received"


def test_transition_on_a_stale_version_is_409_and_changes_nothing(world):
    user = clerk(world.east)
    case = received_case(user, world.east)
    case_transition(by=user, case=case, action="accept")
    response = ApiClient(user).post(
        f"/cases/{case.number}/transitions",
        {"action": "refer", "note": "转县教育局", "version": 1},
    )
    assert response.status_code == 409
    assert "刷新" in response.json()["message"]
    assert Case.objects.get(pk=case.pk).status == "accepted"


def test_reject_without_a_reason_names_the_note_field(world):
    user = clerk(world.east)
    case = received_case(user, world.east)
    response = ApiClient(user).post(
        f"/cases/{case.number}/transitions", {"action": "reject"}
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "note", "message": response.json()["message"]}
    ]


def test_unknown_action_lists_the_known_ones(world):
    user = clerk(world.east)
    case = received_case(user, world.east)
    response = ApiClient(user).post(
        f"/cases/{case.number}/transitions", {"action": "delete"}
    )
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["field"] == "action"
    assert "start_investigation" in error["message"]


def test_unknown_case_number_is_404_json(world):
    client = ApiClient(clerk(world.east))
    for path in ("/cases/JZ2026999999", "/cases/JZ2026999999/history"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.json()["message"] == "未找到所请求的记录。"
