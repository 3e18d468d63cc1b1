"""What the API fuzzing (tests/cases/test_api_fuzz.py) found, each kept as a rule.

Every test here failed before its fix: a 500, an answer the OpenAPI document
does not declare, or an error that was not the JSON error body.
"""

import re

import pytest

from cases.channels import Channel
from cases.models import Applicant
from core.text import REFUSED
from search import indexing
from tests.factories.api import ApiClient, case_body, county
from tests.factories.cases import VALID_ID, received_case
from tests.factories.records import referral
from tests.factories.staff import auditor, clerk, reviewer

pytestmark = pytest.mark.django_db


def assert_json_error(response, status: int, field: str | None = None) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["message"]
    if field is not None:
        assert [error["field"] for error in body["errors"]] == [field]
    return body


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("to", "9999-12-31"),
        ("from", "0001-01-01"),
        ("from", "9999-12-31"),
        ("to", "0001-01-02"),
    ],
)
def test_search_dates_at_the_calendars_ends_are_refused_not_a_500(name, value):
    """``to=9999-12-31`` once overflowed computing the day after (OverflowError),
    ``from=0001-01-01`` overflowed turning local midnight into UTC."""
    world = county()
    received_case(clerk(world.east), world.east, assistance_type=world.dibao)
    response = ApiClient(reviewer()).get("/search", **{name: value})
    body = assert_json_error(response, 422, name)
    assert "1900-01-01" in body["message"]
    assert "2999-12-31" in body["message"]


def test_search_dates_inside_the_range_still_search():
    world = county()
    case = received_case(clerk(world.east), world.east, assistance_type=world.dibao)
    indexing.drain()
    response = ApiClient(reviewer()).get(
        "/search", **{"from": "1900-01-01", "to": "2999-12-31", "kind": "case"}
    )
    assert response.status_code == 200
    assert [hit["case_number"] for hit in response.json()["results"]] == [case.number]


@pytest.mark.parametrize("params", [{"to": "9999-12-31"}, {"from": "0001-01-01"}])
def test_search_log_dates_at_the_calendars_ends_are_refused_not_a_500(
    login_client, params
):
    """The auditors' search log (/admin/archive/log/) read its dates the same way
    and overflowed the same way; it now shares the search's date rule."""
    response = login_client(auditor()).get("/admin/archive/log/", params)
    assert response.status_code == 400
    [message] = response.context["errors"].values()
    assert "1900-01-01" in message


def _in_other_digits(text: str) -> str:
    """The same number written with Arabic-Indic digits (٠١٢…), which int() reads."""
    return text.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))


def test_id_number_in_other_scripts_digits_is_refused():
    """ "11٠١٠٥…" passed the shape (\\d is any script's digit) and the check digit,
    and was stored as a second applicant beside the same person's real number."""
    world = county()
    body = case_body(world.east, world.dibao)
    body["applicant"]["id_number"] = "11" + _in_other_digits(VALID_ID[2:])
    response = ApiClient(clerk(world.east)).post("/cases", body)
    assert_json_error(response, 422, "applicant.id_number")
    assert Applicant.objects.count() == 0


def test_landline_in_other_scripts_digits_is_refused():
    world = county()
    body = case_body(world.east, world.dibao)
    body["applicant"]["phone"] = "0" + _in_other_digits("736-5523610")
    response = ApiClient(clerk(world.east)).post("/cases", body)
    assert_json_error(response, 422, "applicant.phone")
    assert Applicant.objects.count() == 0


def _text_properties(document):
    for name, shape in document["components"]["schemas"].items():
        if not name.endswith("In"):
            continue
        for field, prop in shape["properties"].items():
            for option in prop.get("anyOf", [prop]):
                # A date (format: date) is checked as a date, not as text.
                if (
                    option.get("type") == "string"
                    and "enum" not in option
                    and option.get("format") not in {"date", "date-time", "binary"}
                ):
                    yield f"{name}.{field}", option


def test_openapi_states_the_control_character_rule_for_text_fields(client):
    """Text with control characters was refused (422) although the document
    allowed any string: schemathesis's valid requests were turned away, and an
    integrator could not know the rule. Every text field now declares it."""
    document = client.get("/api/v1/openapi.json").json()
    fields = dict(_text_properties(document))
    assert {"ApplicantIn.name", "CaseIn.description", "ComplaintIn.content"} <= set(
        fields
    )
    samples = [
        "李桂兰",
        "第一行\n第二行\t",
        "a\x00b",
        "x\x1b[31m",
        "abc\u202edef",  # accepted: the override is removed, not refused
        "a\x85b",
        "\x7f",
    ]
    for name, prop in fields.items():
        assert "pattern" in prop, name
        # Free text takes any clean sample; a shaped field (a code, an ID or phone
        # number) fewer, but never one with control characters.
        free = "[^" in prop["pattern"]
        for sample in samples:
            documented_ok = re.fullmatch(prop["pattern"], sample) is not None
            clean = REFUSED.search(sample) is None
            assert documented_ok == clean if free else not documented_ok or clean, (
                name,
                sample,
            )


# Found by the positive_data_acceptance check: requests the document called valid
# and the API refused. Each is now either stated in the document (and still
# refused) or, for a state, answered with the status that says so.


def _document(client) -> dict:
    return client.get("/api/v1/openapi.json").json()


def _documented_ok(schema: dict, value: str) -> bool:
    if "enum" in schema:
        return value in schema["enum"]
    if len(value) < schema.get("minLength", 0):
        return False
    return re.fullmatch(schema["pattern"], value) is not None


def _body_field(document, schema: str, field: str) -> dict:
    return document["components"]["schemas"][schema]["properties"][field]


def _parameter(document, path: str, method: str, name: str) -> dict:
    [found] = [
        p for p in document["paths"][path][method]["parameters"] if p["name"] == name
    ]
    schema = found["schema"]
    return {**schema, **{k: v for k, v in schema.items() if k != "anyOf"}}


def test_case_codes_are_documented_as_codes_and_channel_as_its_values(client):
    """POST /cases with "" for every code was schema-valid; it is refused (422)."""
    document = _document(client)
    for field in ("assistance_type", "township"):
        schema = _body_field(document, "CaseIn", field)
        assert not _documented_ok(schema, "") and _documented_ok(schema, "east")
    channel = _body_field(document, "CaseIn", "channel")
    assert set(channel["enum"]) == set(Channel.values)
    village = _body_field(document, "CaseIn", "village")["anyOf"][0]
    assert _documented_ok(village, "") and _documented_ok(village, "east-sz")
    world = county()
    body = case_body(world.east, world.dibao)
    body.update(assistance_type="", channel="", township="")
    response = ApiClient(clerk(world.east)).post("/cases", body)
    assert_json_error(response, 422)


def test_referral_department_is_documented_as_a_code(client):
    """department="Content-Disposition" was schema-valid; no code looks like it."""
    schema = _body_field(_document(client), "ReferralIn", "department")
    assert not _documented_ok(schema, "Content-Disposition")
    assert _documented_ok(schema, "jiaoyu")


@pytest.mark.parametrize(
    ("schema", "field"),
    [
        ("FeedbackIn", "feedback"),
        ("ResultIn", "result"),
        ("ReferralIn", "reason"),
        ("ComplaintIn", "content"),
        ("CaseIn", "description"),
        ("ApplicantIn", "name"),
        ("ApplicantIn", "address"),
        ("MaterialIn", "name"),
        ("MemberIn", "name"),
    ],
)
def test_required_text_is_documented_as_not_blank(client, schema, field):
    """feedback="" was schema-valid and refused (请填写部门反馈). What the services
    strip (str.strip) is exactly what the document calls blank."""
    prop = _body_field(_document(client), schema, field)
    spaces = [chr(c) for c in range(0x10000) if chr(c).isspace()]
    assert not _documented_ok(prop, "")
    for space in spaces:
        assert not _documented_ok(prop, space * 2), hex(ord(space))
        if not REFUSED.search(space):
            assert _documented_ok(prop, f"{space}已办{space}"), hex(ord(space))


def test_feedback_that_is_blank_is_still_refused(people):
    case = received_case(people.clerk, people.east)
    sent = referral(people.clerk, case)
    response = ApiClient(people.clerk).post(
        f"/referrals/{sent.number}/feedback", {"feedback": " \u3000 "}
    )
    assert_json_error(response, 422, "feedback")


def test_result_before_feedback_is_a_conflict_of_state_not_bad_input(people):
    """It answered 400, which says the request was wrong; the request is fine, the
    referral is not yet at that step: 409, as for a case transition."""
    case = received_case(people.clerk, people.east)
    sent = referral(people.clerk, case)
    client = ApiClient(people.clerk)
    response = client.post(f"/referrals/{sent.number}/result", {"result": "已减免"})
    body = assert_json_error(response, 409)
    assert "请先登记承办部门的反馈" in body["message"]
    client.post(f"/referrals/{sent.number}/feedback", {"feedback": "已办"})
    client.post(f"/referrals/{sent.number}/result", {"result": "已减免"})
    response = client.post(f"/referrals/{sent.number}/feedback", {"feedback": "再办"})
    # Closed, so filed in the 档案目录 and read only: the message says so.
    message = assert_json_error(response, 409)["message"]
    assert "已归档" in message or "已办结" in message


def test_complaint_channel_is_documented_as_its_values(client):
    """channel="" was schema-valid; the public channels are the only values."""
    document = _document(client)
    schema = _body_field(document, "ComplaintIn", "channel")
    assert schema["enum"] == ["app", "platform", "website"]
    phone = _body_field(document, "ComplaintIn", "phone")["anyOf"][0]
    assert _documented_ok(phone, "") and _documented_ok(phone, "13800001234")
    assert not _documented_ok(phone, "12345")


def test_progress_parameters_are_documented_with_their_shapes(client):
    """phone_last4=000000000 was schema-valid and refused (422)."""
    document = _document(client)
    last4 = _parameter(document, "/api/v1/progress", "get", "phone_last4")
    number = _parameter(document, "/api/v1/progress", "get", "number")
    assert not _documented_ok(last4, "000000000") and _documented_ok(last4, "5678")
    assert not _documented_ok(number, "") and _documented_ok(number, "JZ2026000001")
    response = ApiClient().get("/progress", number="JZ1", phone_last4="000000000")
    assert_json_error(response, 422, "phone_last4")


@pytest.mark.parametrize(
    ("name", "bad", "good"),
    [
        ("to", "9999-12-31", "2999-12-31"),
        ("from", "0001-01-01", "1900-01-01"),
        ("kind", "cases", "history"),
        ("sort", "best", "newest"),
        ("size", "101", "100"),
        ("page", "0", "3"),
    ],
)
def test_search_parameters_are_documented_with_their_values(client, name, bad, good):
    """to=9999-12-31 was schema-valid and refused (then 400, now 422): the range
    and the closed lists are now stated; the empty value still means "any"."""
    schema = _parameter(_document(client), "/api/v1/search", "get", name)
    assert not _documented_ok(schema, bad)
    assert _documented_ok(schema, good) and _documented_ok(schema, "")
    response = ApiClient(reviewer()).get("/search", **{name: bad})
    assert_json_error(response, 422, name)


def test_idempotency_key_shape_is_documented_as_the_service_checks_it(client):
    document = _document(client)
    for path in ("/api/v1/cases", "/api/v1/complaints"):
        key = _parameter(document, path, "post", "Idempotency-Key")
        assert _documented_ok(key, "0b6f2c1e-uuid") and not _documented_ok(key, "")
        assert not _documented_ok(key, "x" * 201) and not _documented_ok(key, "a b")
