"""POST /api/v1/complaints: public, rate limited per address, bad input refused."""

from datetime import date

import pytest
from django.test import override_settings

from cases.models import Complaint, IdempotencyRecord
from cases.services import idempotency
from tests.factories.api import ApiClient
from tests.factories.clock import on_day

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limit")]


def post(body, **headers):
    return ApiClient().post("/complaints", body, **headers)


def test_named_complaint_gets_number_and_response_due():
    with on_day(date(2026, 11, 20)):
        response = post(
            {
                "name": "李梅",
                "phone": "13800001234",
                "content": "窗口人员让我跑了三趟。",
                "channel": "app",
            }
        )
    assert response.status_code == 201
    data = response.json()
    assert data["number"].startswith("TS2026")
    assert data["response_due"] == "2026-12-04"
    assert data["named"] is True
    assert data["channel"] == "app"
    assert Complaint.objects.get().number == data["number"]


def test_anonymous_complaint_has_null_response_due():
    response = post({"content": "低保评议不公开。", "channel": "website"})
    assert response.status_code == 201
    assert response.json()["response_due"] is None


def test_unknown_channel_is_422_in_chinese():
    response = post({"content": "x", "channel": "fax"})
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["field"] == "channel" and "fax" in error["message"]


def test_staff_only_channel_is_refused_on_the_public_endpoint():
    response = post({"content": "x", "channel": "visit"})
    assert response.status_code == 422
    assert not Complaint.objects.exists()


@pytest.mark.parametrize("content", ["", "   "])
def test_empty_content_is_422(content):
    response = post({"content": content, "channel": "website"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "content"
    assert "投诉内容" in response.json()["errors"][0]["message"]


def test_oversized_content_is_422():
    response = post({"content": "长" * 2001, "channel": "website"})
    assert response.status_code == 422
    assert "2000" in response.json()["errors"][0]["message"]


def test_unknown_fields_and_server_fields_are_refused():
    response = post(
        {"content": "x", "channel": "website", "received_at": "2020-01-01T00:00:00"}
    )
    assert response.status_code == 422
    assert not Complaint.objects.exists()


def test_markup_is_stored_inert_and_answered_as_json():
    response = post({"content": "<script>alert(1)</script>", "channel": "platform"})
    assert response.status_code == 201
    assert Complaint.objects.get().content == "<script>alert(1)</script>"
    assert response["Content-Type"].startswith("application/json")


@override_settings(COMPLAINT_RATE="3/h")
def test_complaints_are_rate_limited_per_address():
    body = {"content": "反映问题", "channel": "website"}
    statuses = [post(body).status_code for _ in range(4)]
    assert statuses == [201, 201, 201, 429]
    response = post(body)
    assert response.status_code == 429
    assert response.json()["message"] == "请求过于频繁，请稍后再试。"
    assert Complaint.objects.count() == 3
    other = ApiClient()
    other.client.defaults["REMOTE_ADDR"] = "10.0.0.9"
    assert other.post("/complaints", body).status_code == 201


def test_no_token_needed_and_staff_token_changes_nothing(people):
    response = ApiClient(people.clerk).post(
        "/complaints", {"content": "x", "channel": "website"}
    )
    assert response.status_code == 201
    assert Complaint.objects.get().received_by is None


# Idempotency-Key: the same service and rules as POST /cases, scoped by address.

KEY = {"Idempotency-Key": "app-2026-0001"}
BODY = {
    "name": "李梅",
    "phone": "13800001234",
    "content": "窗口人员让我跑了三趟。",
    "channel": "app",
}


def from_address(address: str) -> ApiClient:
    client = ApiClient()
    client.client.defaults["REMOTE_ADDR"] = address
    return client


def test_complaint_retried_with_same_key_is_filed_once():
    first = post(BODY, **KEY)
    again = post(BODY, **KEY)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert Complaint.objects.count() == 1
    assert IdempotencyRecord.objects.get().complaint.number == first.json()["number"]


def test_complaints_without_a_key_are_each_filed():
    assert post(BODY).json()["number"] != post(BODY).json()["number"]
    assert Complaint.objects.count() == 2


def test_complaint_key_reused_with_a_different_body_is_refused():
    first = post(BODY, **KEY)
    response = post({**BODY, "content": "另一件事：评议不公开。"}, **KEY)
    assert response.status_code == 422
    body = response.json()
    assert "Idempotency-Key" in body["message"] and "内容不同" in body["message"]
    assert [e["field"] for e in body["errors"]] == ["Idempotency-Key"]
    # Known only by address, the caller is not told which complaint it was.
    assert first.json()["number"] not in response.content.decode()
    assert Complaint.objects.count() == 1


@pytest.mark.parametrize("key", ["", "x" * 201, "键", "two words"])
def test_malformed_complaint_key_is_refused_with_a_clear_message(key):
    response = post(BODY, **{"Idempotency-Key": key})
    assert response.status_code == 422
    body = response.json()
    assert "Idempotency-Key" in body["message"] and "200" in body["message"]
    assert [e["field"] for e in body["errors"]] == ["Idempotency-Key"]
    assert not Complaint.objects.exists()


def test_complaint_key_of_another_address_files_its_own_complaint():
    """One caller cannot read another's replay by sending the same key (and even
    the same body): keys are scoped by address."""
    mine = from_address("198.51.100.1").post("/complaints", BODY, **KEY)
    theirs = from_address("198.51.100.2").post("/complaints", BODY, **KEY)
    assert mine.status_code == theirs.status_code == 201
    assert theirs.json()["number"] != mine.json()["number"]
    assert "Idempotent-Replayed" not in theirs
    other_body = from_address("198.51.100.3").post(
        "/complaints", {**BODY, "content": "别的内容"}, **KEY
    )
    assert other_body.status_code == 201  # not a 422 about someone else's key
    assert Complaint.objects.count() == 3


@override_settings(COMPLAINT_RATE="2/h")
def test_complaint_replay_is_not_charged_to_the_rate_limit():
    first = post(BODY, **KEY)
    replays = [post(BODY, **KEY) for _ in range(4)]
    assert {r.status_code for r in replays} == {201}
    assert {r.json()["number"] for r in replays} == {first.json()["number"]}
    second = post({**BODY, "content": "第二件"}, **{"Idempotency-Key": "k-2"})
    assert second.status_code == 201
    third = post({**BODY, "content": "第三件"}, **{"Idempotency-Key": "k-3"})
    assert third.status_code == 429
    assert Complaint.objects.count() == 2


def test_complaint_key_is_stored_without_the_callers_address():
    post(BODY, **KEY)
    record = IdempotencyRecord.objects.get()
    assert "127.0.0.1" not in record.scope and record.scope.startswith("address:")
    assert record.user is None and record.case is None


def test_openapi_documents_the_complaint_idempotency_key(client):
    document = client.get("/api/v1/openapi.json").json()
    operation = document["paths"]["/api/v1/complaints"]["post"]
    [header] = [p for p in operation["parameters"] if p["in"] == "header"]
    assert header["name"] == "Idempotency-Key" and header["required"] is False
    assert header["schema"]["maxLength"] == 200
    assert "Idempotent-Replayed" in header["description"]
    assert "Idempotency-Key" in operation["description"]


def test_complaint_race_loser_answers_with_the_winners_complaint(monkeypatch):
    """Two copies in flight: the second misses the first's record, then collides
    on the unique key and is answered with the first's complaint."""
    first = post(BODY, **KEY)
    real_replay = idempotency._replay
    calls = []

    def replay_missing_once(*args):
        calls.append(args)
        return None if len(calls) == 1 else real_replay(*args)

    monkeypatch.setattr(idempotency, "_replay", replay_missing_once)
    second = post(BODY, **KEY)
    assert len(calls) == 2
    assert second.status_code == 201
    assert second.json() == first.json()
    assert Complaint.objects.count() == 1
