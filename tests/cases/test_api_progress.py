"""GET /api/v1/progress: the public check shows status and deadlines, no more."""

import pytest

from tests.factories.api import ApiClient, county
from tests.factories.cases import VALID_ID, received_case
from tests.factories.staff import clerk

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limit")]


@pytest.fixture
def case():
    world = county()
    return received_case(clerk(world.east), world.east)


def check(number, last4):
    return ApiClient().get("/progress", number=number, phone_last4=last4)


def test_progress_shows_status_and_deadlines_without_a_token(case):
    response = check(case.number, "5678")
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"number", "status", "status_label", "deadlines", "referrals"}
    assert data["status_label"] == "已接收"
    [deadline] = data["deadlines"]
    assert set(deadline) == {"stage", "stage_label", "due_on", "completed"}
    assert deadline["due_on"] == f"{case.deadlines.get().due_on:%Y-%m-%d}"


def test_progress_reveals_nothing_personal(case):
    text = check(case.number, "5678").content.decode()
    applicant = case.applicant
    for personal in (applicant.name, VALID_ID, "110105", applicant.phone, "上庄村"):
        assert personal not in text


def test_wrong_last4_answers_exactly_like_an_unknown_number(case):
    wrong_pair = check(case.number, "0000")
    unknown = check("JZ2000000001", "5678")
    junk = check("../../etc", "5678")
    assert wrong_pair.status_code == unknown.status_code == junk.status_code == 404
    assert wrong_pair.json() == unknown.json() == junk.json()


@pytest.mark.parametrize("last4", ["567", "56789", "5a78", "٥٦٧٨", ""])
def test_phone_last4_must_be_four_digits(case, last4):
    response = check(case.number, last4)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "phone_last4"


def test_missing_parameters_are_named():
    response = ApiClient().get("/progress")
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"number", "phone_last4"}


def test_guessing_last4_is_rate_limited(case):
    statuses = [check(case.number, f"{n:04d}").status_code for n in range(25)]
    assert statuses[0] == 404
    assert statuses[-1] == 429
    assert check(case.number, "5678").status_code == 429  # even the right pair


def test_one_address_is_limited_across_case_numbers(case):
    """The per-address allowance (20 a minute), whatever numbers are tried."""
    statuses = [check(f"JZ20000000{n:02d}", "5678").status_code for n in range(21)]
    assert statuses == [404] * 20 + [429]
    refused = check(case.number, "5678")
    assert refused.status_code == 429
    assert refused.json()["message"] == "请求过于频繁，请稍后再试。"
    assert 1 <= int(refused["Retry-After"]) <= 60
