"""The API: each case's own applicant, the duplicate warning, corrections."""

import pytest
from django.test import Client

from cases.models import Applicant, ApplicantCorrection, Case
from tests.factories import DepartmentFactory
from tests.factories.api import ApiClient, case_body, county, with_check_digit
from tests.factories.cases import VALID_ID, received_case
from tests.factories.records import archived_case
from tests.factories.staff import auditor, clerk, reviewer, village_coordinator

pytestmark = pytest.mark.django_db

NEW_ID = with_check_digit("11010519491231003")
REASON = "申请人持户口簿到窗口更正。"


@pytest.fixture
def world():
    return county()


@pytest.fixture
def east_clerk(world):
    return clerk(world.east, username="east-clerk")


@pytest.fixture
def west_clerk(world):
    return clerk(world.west, username="west-clerk")


def _first(world, east_clerk) -> dict:
    body = case_body(
        world.east,
        world.dibao,
        household=[{"name": "李四", "relation": "配偶", "id_number": ""}],
    )
    response = ApiClient(east_clerk).post("/cases", body)
    assert response.status_code == 201
    return response.json()


def _second_body(world) -> dict:
    body = case_body(world.west, world.dibao)
    body["applicant"] = {
        "name": "李桂芝",
        "id_number": VALID_ID,
        "phone": "13900000000",
        "address": "西河乡5组",
    }
    return body


def test_second_clerks_answer_shows_only_their_own_application(
    world, east_clerk, west_clerk
):
    first = _first(world, east_clerk)
    response = ApiClient(west_clerk).post("/cases", _second_body(world))
    assert response.status_code == 201
    second = response.json()
    assert second["applicant"]["name"] == "李桂芝"
    assert second["applicant"]["address"] == "西河乡5组"
    assert second["household"] == []
    # The first case, as its own clerk reads it, is as it was logged.
    again = ApiClient(east_clerk).get(f"/cases/{first['number']}").json()
    assert again["applicant"] == first["applicant"]
    assert again["household"] == first["household"]


def test_duplicate_warning_shows_only_number_and_township(
    world, east_clerk, west_clerk
):
    first = _first(world, east_clerk)
    response = ApiClient(west_clerk).post("/cases", _second_body(world))
    [warning] = response.json()["warnings"]
    assert set(warning) == {"code", "message", "case_number", "township"}
    assert warning["code"] == "open_case_same_id"
    assert warning["case_number"] == first["number"]
    assert warning["township"] == "东岭镇"
    assert first["number"] in warning["message"]
    text = response.content.decode()
    for private in ("李桂兰", "青禾县东岭镇上庄村5组", "13912345678", "李四", VALID_ID):
        assert private not in text
    # Nothing else about that case is open to the west clerk.
    client = ApiClient(west_clerk)
    assert client.get(f"/cases/{first['number']}").status_code == 404
    assert client.get(f"/cases/{first['number']}/history").status_code == 404


def test_first_intake_has_no_warnings(world, east_clerk):
    assert _first(world, east_clerk)["warnings"] == []


def test_replayed_intake_repeats_its_warning(world, east_clerk, west_clerk):
    first = _first(world, east_clerk)
    client = ApiClient(west_clerk)
    body = _second_body(world)
    one = client.post("/cases", body, **{"Idempotency-Key": "k-1"}).json()
    again = client.post("/cases", body, **{"Idempotency-Key": "k-1"})
    assert again["Idempotent-Replayed"] == "true"
    assert again.json()["warnings"] == one["warnings"]
    assert [w["case_number"] for w in one["warnings"]] == [first["number"]]
    assert Applicant.objects.count() == 2


def test_progress_check_of_first_case_still_works_after_second_intake(
    world, east_clerk, west_clerk
):
    first = _first(world, east_clerk)
    ApiClient(west_clerk).post("/cases", _second_body(world))
    response = Client().get(
        "/api/v1/progress", {"number": first["number"], "phone_last4": "5678"}
    )
    assert response.status_code == 200


def _correct(user, number, **body):
    body.setdefault("reason", REASON)
    return ApiClient(user).post(f"/cases/{number}/applicant-corrections", body)


def test_correction_answers_with_the_case_and_is_in_its_history(world, east_clerk):
    case = received_case(east_clerk, world.east, assistance_type=world.dibao)
    response = _correct(east_clerk, case.number, phone="13912340000", name="张秀瑛")
    assert response.status_code == 200
    data = response.json()
    assert data["number"] == case.number
    assert data["applicant"]["name"] == "张秀瑛"
    assert data["applicant"]["phone_masked"] == "139****0000"
    history = ApiClient(east_clerk).get(f"/cases/{case.number}/history").json()
    [entry] = [h for h in history if REASON in h["reason"]]
    assert {c["field"] for c in entry["changes"]} == {"name", "phone"}
    assert all("13912340000" not in c["new"] for c in entry["changes"])


def test_correction_sets_a_village_of_the_township(world, east_clerk):
    case = received_case(east_clerk, world.east, assistance_type=world.dibao)
    assert _correct(east_clerk, case.number, village="east-sz").status_code == 200
    assert Applicant.objects.get(pk=case.applicant_id).village == world.village
    unknown = _correct(east_clerk, case.number, village="nowhere")
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "village"


@pytest.mark.parametrize(
    ("reason", "status"),
    [
        # Blank text passes the schema's shape and is refused by the service (422),
        # as for every other endpoint; the rest is refused by the schema (422).
        ("", 422),
        ("   ", 422),
        ("核" * 201, 422),
        ("理由\u0000", 422),
        ("理由\u0085", 422),
        (["列表"], 422),
    ],
    ids=["empty", "blank", "huge", "nul", "c1-control", "not-text"],
)
def test_bad_reasons_are_refused_with_json(world, east_clerk, reason, status):
    case = received_case(east_clerk, world.east, assistance_type=world.dibao)
    response = _correct(east_clerk, case.number, name="张秀瑛", reason=reason)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["errors"][0]["field"] == "reason"
    assert Applicant.objects.get(pk=case.applicant_id).name == "张秀英"


def test_a_correction_must_name_something_to_correct(world, east_clerk):
    case = received_case(east_clerk, world.east, assistance_type=world.dibao)
    nothing = _correct(east_clerk, case.number)
    assert nothing.status_code == 422
    fields = {e["field"] for e in nothing.json()["errors"]}
    assert fields == {"name", "phone", "address", "village"}
    same = _correct(east_clerk, case.number, name="张秀英")
    assert same.status_code == 422
    assert "一致" in same.json()["message"]


def test_another_townships_case_is_404(world, east_clerk, west_clerk):
    case = received_case(east_clerk, world.east, assistance_type=world.dibao)
    for path, body in (
        ("applicant-corrections", {"name": "X", "reason": REASON}),
        ("id-number-changes", {"new_id_number": NEW_ID, "reason": REASON}),
    ):
        response = ApiClient(west_clerk).post(f"/cases/{case.number}/{path}", body)
        assert response.status_code == 404
        assert response.json()["message"]
    assert Applicant.objects.get(pk=case.applicant_id).name == "张秀英"


@pytest.mark.parametrize("role", ["auditor", "coordinator"])
def test_roles_that_may_not_correct_get_403(world, east_clerk, role):
    case = received_case(
        east_clerk, world.east, assistance_type=world.dibao, village=world.village
    )
    user = auditor() if role == "auditor" else village_coordinator(world.village)
    response = _correct(user, case.number, name="X")
    assert response.status_code == 403
    assert response.json()["message"]


def test_archived_case_is_read_only(world, east_clerk):
    case = archived_case(
        east_clerk, reviewer(), world.east, assistance_type=world.dibao
    )
    response = _correct(east_clerk, case.number, name="张秀瑛")
    assert response.status_code == 409
    assert "归档" in response.json()["message"]


def test_id_number_change_needs_another_reviewers_approval(world, east_clerk):
    DepartmentFactory()
    case = received_case(east_clerk, world.east, assistance_type=world.dibao)
    asker = reviewer(username="asker")
    response = ApiClient(asker).post(
        f"/cases/{case.number}/id-number-changes",
        {"new_id_number": NEW_ID, "reason": REASON},
    )
    assert response.status_code == 201
    change = response.json()
    assert change["status"] == "pending"
    assert NEW_ID not in response.content.decode()
    assert change["id_number_masked"].endswith(NEW_ID[-4:])
    detail = ApiClient(east_clerk).get(f"/cases/{case.number}").json()
    assert [c["id"] for c in detail["id_number_changes"]] == [change["id"]]

    decide = f"/id-number-changes/{change['id']}/decision"
    own = ApiClient(asker).post(decide, {"approve": True})
    assert own.status_code == 403
    assert "另一名审核人" in own.json()["message"]
    assert ApiClient(east_clerk).post(decide, {"approve": True}).status_code == 403
    assert Applicant.objects.get(pk=case.applicant_id).id_number == VALID_ID

    approved = ApiClient(reviewer(username="second")).post(decide, {"approve": True})
    assert approved.status_code == 200
    assert approved.json()["status"] == "approved"
    assert Applicant.objects.get(pk=case.applicant_id).id_number == NEW_ID
    again = ApiClient(reviewer(username="third")).post(decide, {"approve": False})
    assert again.status_code == 409


def test_id_number_change_refusals(world, east_clerk, west_clerk):
    case = received_case(east_clerk, world.east, assistance_type=world.dibao)
    path = f"/cases/{case.number}/id-number-changes"
    client = ApiClient(east_clerk)
    bad = client.post(path, {"new_id_number": "110105194912310020", "reason": REASON})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "new_id_number"
    same = client.post(path, {"new_id_number": VALID_ID, "reason": REASON})
    assert same.status_code == 422
    assert client.post(path, {"new_id_number": NEW_ID}).status_code == 422
    first = client.post(path, {"new_id_number": NEW_ID, "reason": REASON})
    assert first.status_code == 201
    assert (
        client.post(path, {"new_id_number": NEW_ID, "reason": REASON}).status_code
        == 409
    )
    decide = f"/id-number-changes/{first.json()['id']}/decision"
    # The west clerk cannot see the case, so not its change either.
    assert ApiClient(west_clerk).post(decide, {"approve": True}).status_code == 404
    assert (
        ApiClient(east_clerk)
        .post("/id-number-changes/999999/decision", {"approve": True})
        .status_code
        == 404
    )
    refuse = ApiClient(reviewer()).post(decide, {"approve": False})
    assert refuse.status_code == 422
    assert refuse.json()["errors"][0]["field"] == "note"
    assert ApplicantCorrection.objects.get().status == "pending"
    assert Case.objects.count() == 1


def test_openapi_documents_warnings_and_corrections():
    document = Client().get("/api/v1/openapi.json").json()
    schemas = document["components"]["schemas"]
    warnings = schemas["IntakeOut"]["properties"]["warnings"]
    assert warnings["items"]["$ref"].endswith("/IntakeWarningOut")
    warning = schemas["IntakeWarningOut"]["properties"]
    assert set(warning) == {"code", "message", "case_number", "township"}
    assert warning["code"].get("const", warning["code"].get("enum")) in (
        "open_case_same_id",
        ["open_case_same_id"],
    )
    paths = document["paths"]
    assert "post" in paths["/api/v1/cases/{number}/applicant-corrections"]
    assert (
        "201" in paths["/api/v1/cases/{number}/id-number-changes"]["post"]["responses"]
    )
    assert "post" in paths["/api/v1/id-number-changes/{correction_id}/decision"]
