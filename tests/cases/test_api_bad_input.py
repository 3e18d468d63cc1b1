"""Bad input gets a 4xx JSON answer naming the field, in Chinese; nothing is saved."""

import json

import pytest

from cases.models import Applicant, Case, HouseholdMember, Notice
from tests.conftest import reset_rate_limits
from tests.factories.api import ApiClient, case_body, county, with_check_digit
from tests.factories.cases import received_case
from tests.factories.staff import clerk

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return county()


@pytest.fixture
def client(world):
    return ApiClient(clerk(world.east))


def saved() -> tuple[int, ...]:
    return (
        Case.objects.count(),
        Applicant.objects.count(),
        HouseholdMember.objects.count(),
        Notice.objects.count(),
        Case.history.count(),
        Applicant.history.count(),
    )


def refused(response, status: int | None = None) -> dict:
    assert 400 <= response.status_code < 500, response.content
    if status is not None:
        assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    assert data["message"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in data["message"])
    return data


def test_malformed_json_is_400_with_a_message(client):
    data = refused(client.post("/cases", raw='{"channel": "online",'), 400)
    assert "JSON" in data["message"]
    assert saved() == (0, 0, 0, 0, 0, 0)


def test_missing_fields_are_listed(world, client):
    response = client.post("/cases", {"township": "east", "applicant": {}})
    fields = {e["field"] for e in refused(response, 422)["errors"]}
    assert fields == {
        "assistance_type",
        "channel",
        "description",
        "applicant.name",
        "applicant.id_number",
        "applicant.phone",
        "applicant.address",
    }
    assert saved() == (0, 0, 0, 0, 0, 0)


def test_wrong_types_are_named(world, client):
    body = case_body(world.east, world.dibao)
    body.update(
        description=["不是文本"],
        materials={"name": "x"},
        household=[{"name": "李四", "relation": 3}],
    )
    body["applicant"]["phone"] = 13912345678
    errors = refused(client.post("/cases", body), 422)["errors"]
    assert {e["field"] for e in errors} == {
        "description",
        "materials",
        "household.0.relation",
        "applicant.phone",
    }
    assert saved() == (0, 0, 0, 0, 0, 0)


@pytest.mark.parametrize(
    ("id_number", "says"),
    [
        ("11010519491231002", "18位"),
        (with_check_digit("11010519490230002"), "出生日期"),
        ("110105194912310021", "校验位"),
        (with_check_digit("99010519491231002"), "行政区划"),
    ],
    ids=["length", "date", "checksum", "province"],
)
def test_invalid_id_numbers_are_refused_with_the_reason(world, client, id_number, says):
    body = case_body(world.east, world.dibao)
    body["applicant"]["id_number"] = id_number
    [error] = refused(client.post("/cases", body), 422)["errors"]
    assert error["field"] == "applicant.id_number"
    assert says in error["message"]
    assert saved() == (0, 0, 0, 0, 0, 0)


def test_invalid_household_id_is_refused_before_anything_is_saved(world, client):
    body = case_body(world.east, world.dibao)
    body["household"] = [
        {"name": "李小明", "relation": "子", "id_number": "110105201001010011"}
    ]
    [error] = refused(client.post("/cases", body), 422)["errors"]
    assert error["field"] == "household.0.id_number"
    assert saved() == (0, 0, 0, 0, 0, 0)


@pytest.mark.parametrize("phone", ["1391234567", "23912345678", "phone", "+86 139"])
def test_invalid_phone_is_refused(world, client, phone):
    body = case_body(world.east, world.dibao)
    body["applicant"]["phone"] = phone
    [error] = refused(client.post("/cases", body), 422)["errors"]
    assert error["field"] == "applicant.phone"
    assert saved() == (0, 0, 0, 0, 0, 0)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("description", "困" * 4001),
        ("applicant.name", "名" * 51),
        ("applicant.address", "址" * 100_000),
        ("materials", [{"name": f"材料{n}"} for n in range(61)]),
        ("materials.0.pages", 10**12),
        ("external_reference", "R" * 65),
    ],
)
def test_huge_values_are_refused(world, client, field, value):
    body = case_body(world.east, world.dibao)
    if field.startswith("applicant."):
        body["applicant"][field.split(".")[1]] = value
    elif field == "materials.0.pages":
        body["materials"] = [{"name": "户口簿", "pages": value}]
    else:
        body[field] = value
    errors = refused(client.post("/cases", body), 422)["errors"]
    assert errors[0]["field"] == field
    assert saved() == (0, 0, 0, 0, 0, 0)


def test_a_body_over_the_upload_limit_is_413(world, client):
    raw = json.dumps({**case_body(world.east, world.dibao), "x": "y" * 6_000_000})
    refused(client.post("/cases", raw=raw), 413)
    assert saved() == (0, 0, 0, 0, 0, 0)


@pytest.mark.parametrize("bad", ["a\x00b", "a\x07b", "\ud800"])
def test_control_characters_and_lone_surrogates_are_refused(world, client, bad):
    body = case_body(world.east, world.dibao)
    body["applicant"]["name"] = bad
    raw = json.dumps(body)  # ASCII escapes, as a careless client would send
    [error] = refused(client.post("/cases", raw=raw), 422)["errors"]
    assert error["field"] == "applicant.name"
    assert saved() == (0, 0, 0, 0, 0, 0)


HOSTILE_RAW = [
    b"",
    b"null",
    b"[]",
    b'"\\u0000"',
    b"{",
    b"\xff\xfe\x00{",
    b'{"applicant": null}',
    b'{"assistance_type": {"$ne": 1}}',
    b'{"township": "east\' OR 1=1 --"}',
    b"[" * 5000 + b"]" * 5000,
    b'{"a":' * 3000 + b"1" + b"}" * 3000,
    b"1e99999",
    b'{"materials": [{"name": "\\ud83d", "pages": -1, "copies": 1e308}]}',
    b'{"description": 1, "channel": true, "household": "x"}',
]


def hostile_bodies(world) -> list[bytes]:
    base = case_body(world.east, world.dibao)
    variants = []
    for field in ("assistance_type", "channel", "township", "village"):
        for value in (0, [], {}, "x" * 5000, "东岭镇", "\x00", "west-sz"):
            variants.append({**base, field: value})
    variants.append({**base, "township": None})
    for field in ("name", "id_number", "phone", "address"):
        for value in (None, 12, [], "", " ", "\u202e" * 40, "x" * 5000):
            variants.append({**base, "applicant": {**base["applicant"], field: value}})
    variants.append({**base, "household": [{"name": "甲"}] * 31})
    variants.append({**base, "materials": [{"name": "同名"}, {"name": ""}]})
    return HOSTILE_RAW + [json.dumps(v).encode() for v in variants]


def test_hostile_bodies_never_cause_a_500(world, client):
    case = received_case(clerk(world.east), world.east)
    reset_rate_limits()
    before = saved()
    paths = ["/cases", f"/cases/{case.number}/transitions"]
    for path in paths:
        for raw in hostile_bodies(world):
            response = client.post(path, raw=raw)
            assert response.status_code < 500, (path, raw[:80], response.content)
            assert "message" in response.json()
    for number in ("", "\x00", "JZ'--", "x" * 5000, case.number + "\x00", "../../"):
        for path in (f"/cases/{number}", f"/cases/{number}/history"):
            response = client.get(path)
            assert response.status_code in {404, 405}, (path, response.content)
            assert "message" in response.json()
        response = ApiClient().get("/progress", number=number, phone_last4="\x00")
        assert 400 <= response.status_code < 500
    assert saved() == before
