"""POST /api/v1/complaints: public, rate limited per address, bad input refused."""

from datetime import date

import pytest
from django.core.cache import cache
from django.test import override_settings

from cases.models import Complaint
from tests.factories.api import ApiClient
from tests.factories.clock import on_day

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


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
