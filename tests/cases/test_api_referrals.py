"""POST /api/v1/cases/{number}/referrals and the referral in the case and progress."""

from datetime import date

import pytest

from cases.models import Referral
from tests.conftest import reset_rate_limits
from tests.factories.api import ApiClient
from tests.factories.cases import received_case
from tests.factories.clock import on_day
from tests.factories.records import archived_case, referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(people):
    return received_case(people.clerk, people.east)


def refer(user, case, **body):
    body.setdefault("department", "jiaoyu")
    body.setdefault("reason", "子女上学费用，属教育救助。")
    return ApiClient(user).post(f"/cases/{case.number}/referrals", body)


def test_referral_is_created_with_its_feedback_due_date(people, case):
    with on_day(date(2026, 9, 30)):
        response = refer(people.clerk, case, due_working_days=5, contact="李老师")
    assert response.status_code == 201
    data = response.json()
    assert data["department"] == {"code": "jiaoyu", "name": "县教育局"}
    assert data["referred_on"] == "2026-09-30"
    assert data["feedback_due"] == "2026-10-13"
    assert data["status"] == "sent"
    assert data["contact"] == "李老师"
    assert Referral.objects.get().number == data["number"]


def test_default_feedback_time_is_five_working_days(people, case):
    with on_day(date(2026, 11, 20)):
        data = refer(people.clerk, case).json()
    assert data["due_working_days"] == 5
    assert data["feedback_due"] == "2026-11-27"


def test_case_detail_lists_its_referrals(people, case):
    refer(people.clerk, case)
    data = ApiClient(people.clerk).get(f"/cases/{case.number}").json()
    [item] = data["referrals"]
    assert item["department"]["code"] == "jiaoyu"
    assert item["overdue"] is False
    assert [n["kind"] for n in data["notices"]] == ["receipt", "referral"]


def test_unknown_department_is_422_with_a_clear_message(people, case):
    response = refer(people.clerk, case, department="nosuch")
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["field"] == "department"
    assert "nosuch" in error["message"] and "不存在" in error["message"]
    assert not Referral.objects.exists()


@pytest.mark.parametrize("days", [0, 61])
def test_due_working_days_out_of_range_is_422(people, case, days):
    response = refer(people.clerk, case, due_working_days=days)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "due_working_days"


def test_referral_on_archived_case_is_409(people):
    case = archived_case(people.clerk, people.reviewer, people.east)
    response = refer(people.clerk, case)
    assert response.status_code == 409
    assert "已归档" in response.json()["message"]


def test_other_townships_case_is_404(people, case):
    assert refer(people.west_clerk, case).status_code == 404


def test_auditor_cannot_refer(people, case):
    response = refer(people.auditor, case)
    assert response.status_code == 403
    assert not Referral.objects.exists()


def test_no_token_is_401(case):
    response = ApiClient().post(
        f"/cases/{case.number}/referrals", {"department": "jiaoyu", "reason": "x"}
    )
    assert response.status_code == 401


def test_feedback_and_result_through_the_api(people, case):
    sent = referral(people.clerk, case, department=people.education)
    client = ApiClient(people.clerk)
    response = client.post(f"/referrals/{sent.number}/feedback", {"feedback": "已办"})
    assert response.status_code == 200
    assert response.json()["status"] == "fed_back"
    response = client.post(f"/referrals/{sent.number}/result", {"result": "已减免"})
    assert response.json()["status"] == "closed"


def test_feedback_for_someone_elses_referral_is_404(people, case):
    sent = referral(people.clerk, case, department=people.education)
    response = ApiClient(people.west_clerk).post(
        f"/referrals/{sent.number}/feedback", {"feedback": "已办"}
    )
    assert response.status_code == 404
    sent.refresh_from_db()
    assert sent.feedback == ""


def test_markup_in_reason_is_kept_as_text_in_json(people, case):
    response = refer(people.clerk, case, reason="<script>alert(1)</script>转办")
    assert response.status_code == 201
    assert response.json()["reason"] == "<script>alert(1)</script>转办"
    assert response["Content-Type"].startswith("application/json")


def test_public_progress_shows_the_department_and_feedback_date(people, case):
    reset_rate_limits()
    with on_day(date(2026, 11, 20)):
        referral(people.clerk, case, department=people.education)
    response = ApiClient().get("/progress", number=case.number, phone_last4="5678")
    [item] = response.json()["referrals"]
    assert item["department"] == "县教育局"
    assert item["feedback_due"] == "2026-11-27"
    assert "reason" not in item  # nothing beyond who and when
    reset_rate_limits()
