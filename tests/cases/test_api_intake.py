"""POST /api/v1/cases: intake from an external channel, safe to retry."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.models import Case, IdempotencyRecord, StageDeadline
from cases.services import idempotency
from portal.models import ServiceGuideMaterial
from tests.factories import make_guide
from tests.factories.api import ApiClient, case_body, county, token_for
from tests.factories.cases import VALID_ID
from tests.factories.staff import clerk, village_coordinator

pytestmark = pytest.mark.django_db


def test_intake_returns_number_deadline_and_receipt(site_tree):
    world = county()
    make_guide(site_tree, title="低保办事指南", assistance_type=world.dibao)
    user = clerk(world.east, first_name="王", last_name="敏")
    before = timezone.now()
    body = case_body(
        world.east,
        world.dibao,
        village="east-sz",
        materials=[{"name": "居民身份证", "pages": 1, "copies": 1}],
        external_reference="ZW-2026-0001",
    )
    response = ApiClient(user).post("/cases", body)
    assert response.status_code == 201
    data = response.json()
    case = Case.objects.get(number=data["number"])
    assert data["number"].startswith(f"JZ{timezone.localdate().year}")
    assert data["status"] == "received"
    assert case.received_by == user
    assert case.channel == "online"
    assert case.external_reference == "ZW-2026-0001"
    assert before <= case.received_at <= timezone.now()
    stored = StageDeadline.objects.get(case=case, stage="accept")
    assert data["deadline"]["due_on"] == f"{stored.due_on:%Y-%m-%d}"
    assert data["deadline"]["calculation"] == stored.calculation
    assert "起算日" in data["deadline"]["calculation"]
    receipt = data["receipt"]
    assert receipt["number"].startswith("GZ")
    assert [m["name"] for m in receipt["materials"]] == ["居民身份证"]
    assert receipt["missing"] == ["户口簿"]
    assert receipt["handler"] == "王敏"
    assert receipt["guide"] == "低保办事指南"
    ticked = {m["name"]: m["received"] for m in data["materials"]}
    assert ticked == {"居民身份证": True, "户口簿": False}


def test_intake_answer_never_contains_the_full_id_or_phone():
    world = county()
    response = ApiClient(clerk(world.east)).post(
        "/cases", case_body(world.east, world.dibao)
    )
    assert response.status_code == 201
    text = response.content.decode()
    assert VALID_ID not in text
    assert "13912345678" not in text
    assert response.json()["applicant"]["id_number_masked"] == "110105********002X"


@pytest.mark.parametrize("field", ["received_at", "number", "status", "received_by"])
def test_received_at_cannot_be_backdated_through_the_api(field):
    world = county()
    body = case_body(world.east, world.dibao)
    body[field] = "2020-01-01T08:00:00+08:00"
    response = ApiClient(clerk(world.east)).post("/cases", body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field
    if field == "received_at":
        assert "事后补录" in response.json()["errors"][0]["message"]
    assert Case.objects.count() == 0


def test_unknown_codes_are_named_field_by_field():
    world = county()
    body = case_body(world.east, world.dibao)
    body.update(
        assistance_type="no-such-type",
        channel="fax",
        township="atlantis",
        village="nowhere",
    )
    response = ApiClient(clerk(world.east)).post("/cases", body)
    assert response.status_code == 422
    fields = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert set(fields) == {"assistance_type", "channel", "township", "village"}
    assert "atlantis" in fields["township"]
    assert Case.objects.count() == 0


def test_village_outside_the_township_is_refused():
    world = county()
    body = case_body(world.west, world.dibao, village="east-sz")
    response = ApiClient(clerk(world.west)).post("/cases", body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "village"
    assert Case.objects.count() == 0


def test_clerk_cannot_log_a_case_for_another_township():
    world = county()
    response = ApiClient(clerk(world.west)).post(
        "/cases", case_body(world.east, world.dibao)
    )
    assert response.status_code == 403
    assert Case.objects.count() == 0


def test_village_coordinator_logs_cases_for_own_village_only():
    world = county()
    coordinator = ApiClient(village_coordinator(world.village))
    own = case_body(world.east, world.dibao, village="east-sz")
    assert coordinator.post("/cases", own).status_code == 201
    township_only = case_body(world.east, world.dibao)
    assert coordinator.post("/cases", township_only).status_code == 403
    assert Case.objects.count() == 1


def test_idempotent_retry_returns_the_first_case():
    world = county()
    client = ApiClient(clerk(world.east))
    body = case_body(world.east, world.dibao)
    first = client.post("/cases", body, **{"Idempotency-Key": "push-0001"})
    again = client.post("/cases", body, **{"Idempotency-Key": "push-0001"})
    assert first.status_code == again.status_code == 201
    assert again.json()["number"] == first.json()["number"]
    assert again.json()["received_at"] == first.json()["received_at"]
    assert again["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert Case.objects.count() == 1
    assert IdempotencyRecord.objects.count() == 1


def test_idempotency_key_reused_with_a_different_body_is_refused():
    world = county()
    client = ApiClient(clerk(world.east))
    body = case_body(world.east, world.dibao)
    first = client.post("/cases", body, **{"Idempotency-Key": "push-0002"})
    changed = {**body, "description": "另一份申请的事由。"}
    response = client.post("/cases", changed, **{"Idempotency-Key": "push-0002"})
    assert response.status_code == 422
    assert first.json()["number"] in response.json()["message"]
    assert response.json()["errors"][0]["field"] == "Idempotency-Key"
    assert Case.objects.count() == 1


def test_idempotency_keys_belong_to_each_user():
    world = county()
    body = case_body(world.east, world.dibao)
    key = {"Idempotency-Key": "same-key"}
    one = ApiClient(clerk(world.east)).post("/cases", body, **key)
    two = ApiClient(clerk(world.east)).post("/cases", body, **key)
    assert one.json()["number"] != two.json()["number"]
    assert Case.objects.count() == 2


@pytest.mark.parametrize("key", ["", "x" * 201, "带中文的键"])
def test_malformed_idempotency_key_is_refused(key):
    world = county()
    response = ApiClient(clerk(world.east)).post(
        "/cases", case_body(world.east, world.dibao), **{"Idempotency-Key": key}
    )
    assert 400 <= response.status_code < 500
    assert Case.objects.count() == 0


def test_idempotency_race_loser_answers_with_the_winners_case(monkeypatch):
    """Two copies in flight: the second misses the first's record, then collides."""
    world = county()
    client = ApiClient(clerk(world.east))
    body = case_body(world.east, world.dibao)
    first = client.post("/cases", body, **{"Idempotency-Key": "race"})
    real_replay = idempotency._replay
    calls = []

    def replay_missing_once(*args):
        calls.append(args)
        return None if len(calls) == 1 else real_replay(*args)

    monkeypatch.setattr(idempotency, "_replay", replay_missing_once)
    second = client.post("/cases", body, **{"Idempotency-Key": "race"})
    assert len(calls) == 2  # the unique constraint sent it back to the lookup
    assert second.status_code == 201
    assert second.json()["number"] == first.json()["number"]
    assert Case.objects.count() == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises writers; the real race needs PostgreSQL",
)
# serialized_rollback: its flush must keep the migrated rows for live-server tests.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_retries_with_one_key_make_one_case():
    world = county()
    user = clerk(world.east)
    body = case_body(world.east, world.dibao)
    token = token_for(user)
    numbers, barrier = [], threading.Barrier(4)

    def push():
        client = ApiClient(token=token)
        barrier.wait()
        response = client.post("/cases", body, **{"Idempotency-Key": "burst"})
        numbers.append((response.status_code, response.json().get("number")))
        connection.close()

    threads = [threading.Thread(target=push) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timedelta(seconds=30).total_seconds())
    assert {status for status, _ in numbers} == {201}
    assert len({number for _, number in numbers}) == 1
    assert Case.objects.count() == 1


def test_case_logged_after_the_guide_is_republished_runs_on_the_new_guide(site_tree):
    """A guide's terms are kept between intakes; publishing a change ends that."""
    world = county()
    guide = make_guide(site_tree, title="低保办事指南", assistance_type=world.dibao)
    client = ApiClient(clerk(world.east))
    first = client.post("/cases", case_body(world.east, world.dibao)).json()
    assert [m["name"] for m in first["materials"]] == ["居民身份证", "户口簿"]

    guide.materials.add(ServiceGuideMaterial(sort_order=2, name="收入证明"))
    guide.steps.filter(stage="accept").update(time_limit_days=3)  # behind Django
    guide.title = "低保办事指南（修订）"
    guide.save_revision().publish()

    second = client.post("/cases", case_body(world.east, world.dibao)).json()
    assert [m["name"] for m in second["materials"]] == [
        "居民身份证",
        "户口簿",
        "收入证明",
    ]
    assert second["receipt"]["guide"] == "低保办事指南（修订）"
    case = Case.objects.get(number=second["number"])
    assert case.stage_limits["accept"] == 3


def test_intake_answer_is_built_without_reading_the_new_case_back(site_tree):
    """The answer shows what intake wrote; after the commit nothing is re-read
    from the case's deadlines, materials, notices or referrals."""
    world = county()
    make_guide(site_tree, title="低保办事指南", assistance_type=world.dibao)
    client = ApiClient(clerk(world.east))
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/cases", case_body(world.east, world.dibao))
    assert response.status_code == 201
    reads = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("SELECT")
        and any(
            f'FROM "{table}"' in q["sql"]
            for table in (
                "cases_stagedeadline",
                "cases_receivedmaterial",
                "cases_notice",
                "cases_referral",
                "cases_householdmember",
            )
        )
    ]
    assert reads == []
    detail = client.get(f"/cases/{response.json()['number']}").json()
    for part in ("deadlines", "materials", "notices", "referrals", "household"):
        assert detail[part] == response.json()[part], part
