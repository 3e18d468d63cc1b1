"""What generated clients found missing in the API contract (issue 18, item 7).

openapi-python-client, openapi-typescript and @hey-api/openapi-ts each needed a
fix before the intake flow ran: no ``servers``, no ``security: []`` on public
operations, undeclared response headers, 400 for two validation errors, and any
body read as JSON whatever its Content-Type. Each rule below is one of those.
"""

import json
import re

import pytest
from django.test import Client, RequestFactory, override_settings
from ninja.errors import Throttled

from cases.api.base import throttled
from cases.models import Case, Complaint
from tests.factories.api import ApiClient, case_body, county, with_check_digit
from tests.factories.cases import received_case
from tests.factories.staff import clerk

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limit")]

PUBLIC = {
    ("/api/v1/reference", "get"),
    ("/api/v1/progress", "get"),
    ("/api/v1/complaints/progress", "get"),
    ("/api/v1/complaints", "post"),
}
IDEMPOTENT = {("/api/v1/cases", "post"), ("/api/v1/complaints", "post")}
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def document() -> dict:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def operations(doc: dict):
    for path, methods in doc["paths"].items():
        for method, operation in methods.items():
            yield (path, method), operation


# ---- servers and security ---------------------------------------------------


@override_settings(WAGTAILADMIN_BASE_URL="https://jiuzhu.example.gov.cn/")
def test_servers_name_the_sites_base_url_under_which_the_paths_resolve():
    doc = document()
    assert [s["url"] for s in doc["servers"]] == ["https://jiuzhu.example.gov.cn"]
    # Paths carry /api/v1 themselves: server URL + path is the endpoint.
    assert all(path.startswith("/api/v1/") for path in doc["paths"])


def test_public_operations_declare_an_empty_security_requirement():
    for key, operation in operations(document()):
        if key in PUBLIC:
            assert operation["security"] == [], key
        else:
            assert operation["security"] == [{"BearerTokenAuth": []}], key


def test_every_operation_states_its_security_so_none_is_left_to_a_default():
    assert all("security" in op for _key, op in operations(document()))


# ---- response headers ----------------------------------------------------------


def test_every_429_in_the_document_declares_retry_after():
    declared = 0
    for key, operation in operations(document()):
        if "429" in operation["responses"]:
            declared += 1
            header = operation["responses"]["429"]["headers"]["Retry-After"]
            assert header["required"] is True, key
            assert header["schema"]["type"] == "integer", key
    assert declared >= 2  # progress and complaints


def test_idempotent_operations_declare_the_replay_header_on_success():
    for key, operation in operations(document()):
        success = [r for s, r in operation["responses"].items() if s.startswith("2")]
        headers = [set(r.get("headers", {})) for r in success]
        if key in IDEMPOTENT:
            assert headers == [{"Idempotent-Replayed"}], key
            replayed = success[0]["headers"]["Idempotent-Replayed"]
            assert replayed["required"] is False
            assert replayed["schema"]["enum"] == ["true"]
        else:
            assert all("Idempotent-Replayed" not in h for h in headers), key


def retry_after(response) -> int:
    assert response.status_code == 429
    assert re.fullmatch(r"[1-9][0-9]*", response["Retry-After"])
    return int(response["Retry-After"])


@override_settings(API_PROGRESS_RATE="2/m")
def test_progress_rate_limit_429_carries_retry_after():
    for _ in range(2):
        ApiClient().get("/progress", number="JZ1", phone_last4="0000")
    refused = ApiClient().get("/progress", number="JZ1", phone_last4="0000")
    assert 1 <= retry_after(refused) <= 60


def test_locked_case_number_429_carries_retry_after():
    world = county()
    case = received_case(clerk(world.east), world.east)
    for n in range(10):
        client = ApiClient()
        client.client.defaults["REMOTE_ADDR"] = f"198.51.100.{n + 1}"
        client.get("/progress", number=case.number, phone_last4=f"{n:04d}")
    locked = ApiClient().get("/progress", number=case.number, phone_last4="5678")
    assert retry_after(locked) > 60


@override_settings(COMPLAINT_RATE="1/h")
def test_complaint_rate_limit_429_carries_retry_after():
    body = {"content": "反映问题", "channel": "website"}
    assert ApiClient().post("/complaints", body).status_code == 201
    assert 1 <= retry_after(ApiClient().post("/complaints", body)) <= 3600


def test_a_throttle_that_cannot_say_how_long_still_answers_retry_after():
    request = RequestFactory().get("/api/v1/progress")
    response = throttled(request, Throttled(wait=None))
    assert retry_after(response) >= 1


# ---- every validation error is 422 -----------------------------------------------


@pytest.fixture
def world():
    return county()


def test_an_id_number_with_a_wrong_check_digit_is_422(world):
    good = with_check_digit("11010519491231002")
    wrong = good[:-1] + ("0" if good[-1] != "0" else "1")
    applicant = {
        **case_body(world.east, world.dibao)["applicant"],
        "id_number": wrong,
    }
    body = case_body(world.east, world.dibao, applicant=applicant)
    response = ApiClient(clerk(world.east)).post("/cases", body)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["applicant.id_number"]
    assert Case.objects.count() == 0


@pytest.mark.parametrize("key", ["", "x" * 201, "键", "two words"])
def test_a_malformed_idempotency_key_on_intake_is_422(world, key):
    body = case_body(world.east, world.dibao)
    response = ApiClient(clerk(world.east)).post(
        "/cases", body, **{"Idempotency-Key": key}
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["Idempotency-Key"]
    assert Case.objects.count() == 0


def test_the_document_declares_422_and_no_400_where_no_body_is_read():
    for key, operation in operations(document()):
        responses = operation["responses"]
        if key != ("/api/v1/reference", "get"):  # no parameters to refuse
            assert "422" in responses, key
        if "requestBody" not in operation:
            assert "400" not in responses, key


# ---- a body that is not JSON is 415 ----------------------------------------------


def send(path: str, data, content_type: str | None, user=None):
    client = ApiClient(user)
    extra = {"CONTENT_TYPE": content_type} if content_type is not None else {}
    return client.client.generic(
        "POST", f"/api/v1{path}", data, headers=client.headers, **extra
    )


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/xml",
        "",
    ],
)
def test_a_body_that_is_not_labelled_json_is_415(world, content_type):
    body = '{"content": "反映问题", "channel": "website"}'.encode()
    response = send("/complaints", body, content_type)
    assert response.status_code == 415
    data = response.json()
    assert "application/json" in data["message"] and CHINESE.search(data["message"])
    assert data["errors"] == []
    assert Complaint.objects.count() == 0


def test_intake_with_a_form_body_is_415_and_saves_nothing(world):
    user = clerk(world.east)
    response = send(
        "/cases", b"channel=online", "application/x-www-form-urlencoded", user
    )
    assert response.status_code == 415
    assert Case.objects.count() == 0


def test_json_with_a_charset_parameter_is_accepted(world):
    body = '{"content": "反映问题", "channel": "website"}'.encode()
    response = send("/complaints", body, "application/json; charset=utf-8")
    assert response.status_code == 201


def test_every_operation_with_a_body_declares_400_and_415():
    with_body = 0
    for key, operation in operations(document()):
        if "requestBody" in operation:
            with_body += 1
            # Uploads (案件附件) are multipart; every other body is JSON.
            expected = (
                ["multipart/form-data"]
                if key == ("/api/v1/cases/{number}/attachments", "post")
                else ["application/json"]
            )
            assert list(operation["requestBody"]["content"]) == expected, key
            for status in ("400", "415"):
                schema = operation["responses"][status]["content"]["application/json"]
                assert schema["schema"]["$ref"].endswith("/ErrorOut"), key
    assert with_body >= 9


def test_no_pattern_names_the_line_or_paragraph_separator():
    """U+2028 and U+2029 end a line in JavaScript: a generator that copies a
    pattern's escapes into a regular expression literal writes them raw and
    breaks the generated code. The document names neither, raw or escaped;
    the separator class is written as ``\\s``."""
    raw = Client().get("/api/v1/openapi.json").content.decode()
    for char in ("\u2028", "\u2029"):
        assert char not in raw
        assert f"\\\\u{ord(char):04x}" not in raw.lower()
    patterns = re.findall(r'"pattern": ?"((?:[^"\\]|\\.)*)"', raw)
    assert patterns, "no patterns found"
    filled = [p for p in patterns if "\\\\s" in p]
    assert filled, "the not-blank pattern should name spaces with \\s"
    # And the pattern still refuses what the services call blank.
    pattern = json.loads(f'"{filled[0]}"')
    assert re.fullmatch(pattern, "\u2028\u2029 ") is None
    assert re.fullmatch(pattern, "已办\u2028") is not None
