"""GET /api/v1/progress: the public check shows status and deadlines, no more."""

import time
from datetime import timedelta

import pytest
from django.core.cache.backends import db as db_cache
from django.utils import timezone

from config import cache as shared_cache
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
    assert set(data) == {
        "number",
        "status",
        "status_label",
        "assistance_type",
        "paused",
        "deadlines",
        "pauses",
        "extensions",
        "referrals",
    }
    assert data["status_label"] == "已接收"
    [deadline] = data["deadlines"]
    assert set(deadline) == {
        "stage",
        "stage_label",
        "due_on",
        "completed",
        "working_days",
        "extended_days",
        "limit_label",
        "state",
        "state_label",
        "provisional",
    }
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


# 同一案件编号：一小时内后4位错10次，锁定一小时，不论从哪个地址来。


def check_from(address, number, last4):
    client = ApiClient()
    client.client.defaults["REMOTE_ADDR"] = address
    return client.get("/progress", number=number, phone_last4=last4)


def guess_wrong(number, times, *, first=1):
    """Wrong digits, each from an address of its own (a botnet, say)."""
    return [
        check_from(f"198.51.100.{first + n}", number, f"{n:04d}").status_code
        for n in range(times)
    ]


def test_case_number_locks_after_ten_wrong_guesses_from_any_address(case):
    assert guess_wrong(case.number, 10) == [404] * 10
    locked = check_from("203.0.113.50", case.number, "0042")
    assert locked.status_code == 429
    assert "暂停查询" in locked.json()["message"]
    assert 3500 <= int(locked["Retry-After"]) <= 3600


def test_right_digits_are_refused_while_the_number_is_locked(case):
    guess_wrong(case.number, 10)
    refused = check_from("203.0.113.51", case.number, "5678")
    assert refused.status_code == 429
    assert "已接收" not in refused.content.decode()
    assert "Retry-After" in refused


def test_nine_wrong_guesses_leave_the_number_open(case):
    guess_wrong(case.number, 9)
    assert check_from("203.0.113.52", case.number, "5678").status_code == 200


def test_right_answers_are_not_counted_as_guesses(case):
    for n in range(12):
        assert check_from(f"192.0.2.{n + 1}", case.number, "5678").status_code == 200
    guess_wrong(case.number, 9)
    assert check_from("203.0.113.53", case.number, "5678").status_code == 200


def test_unknown_number_locks_like_a_real_one(case):
    """A lock must not tell an enumerator which numbers exist."""
    guess_wrong("JZ2000000001", 10)
    unknown = check_from("203.0.113.54", "JZ2000000001", "5678")
    guess_wrong(case.number, 10)
    real = check_from("203.0.113.54", case.number, "5678")
    assert unknown.status_code == real.status_code == 429
    assert unknown.json() == real.json()


def test_lock_on_one_number_leaves_other_numbers_open(case):
    guess_wrong("JZ2000000001", 10)
    assert check_from("203.0.113.55", case.number, "5678").status_code == 200


def test_case_number_lock_lifts_after_an_hour(case, monkeypatch):
    guess_wrong(case.number, 10)
    assert check_from("203.0.113.56", case.number, "5678").status_code == 429
    an_hour_passes(monkeypatch)
    assert check_from("203.0.113.56", case.number, "5678").status_code == 200


def an_hour_passes(monkeypatch) -> None:
    """Every clock the lock reads (its own and the cache's) moves an hour on."""
    ahead = 3601
    real_time, real_now = time.time, timezone.now
    monkeypatch.setattr(time, "time", lambda: real_time() + ahead)
    for module in (db_cache, shared_cache):
        monkeypatch.setattr(
            module, "tz_now", lambda: real_now() + timedelta(seconds=ahead)
        )


def test_one_address_is_limited_across_case_numbers(case):
    """The per-address allowance (20 a minute), whatever numbers are tried."""
    statuses = [check(f"JZ20000000{n:02d}", "5678").status_code for n in range(21)]
    assert statuses == [404] * 20 + [429]
    refused = check(case.number, "5678")
    assert refused.status_code == 429
    assert refused.json()["message"] == "请求过于频繁，请稍后再试。"
    assert 1 <= int(refused["Retry-After"]) <= 60
