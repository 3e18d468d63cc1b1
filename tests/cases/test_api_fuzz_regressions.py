"""What the API fuzzing (tests/cases/test_api_fuzz.py) found, each kept as a rule.

Every test here failed before its fix: a 500, an answer the OpenAPI document
does not declare, or an error that was not the JSON error body.
"""

import re

import pytest

from cases.api.schemas import _BAD_CHARS
from cases.models import Applicant
from search import indexing
from tests.factories.api import ApiClient, case_body, county
from tests.factories.cases import VALID_ID, received_case
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
    body = assert_json_error(response, 400, name)
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
    assert_json_error(response, 400, "applicant.id_number")
    assert Applicant.objects.count() == 0


def test_landline_in_other_scripts_digits_is_refused():
    world = county()
    body = case_body(world.east, world.dibao)
    body["applicant"]["phone"] = "0" + _in_other_digits("736-5523610")
    response = ApiClient(clerk(world.east)).post("/cases", body)
    assert_json_error(response, 400, "applicant.phone")
    assert Applicant.objects.count() == 0


def _text_properties(document):
    for name, shape in document["components"]["schemas"].items():
        if not name.endswith("In"):
            continue
        for field, prop in shape["properties"].items():
            for option in prop.get("anyOf", [prop]):
                if option.get("type") == "string" and "enum" not in option:
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
        "abc\u202edef",
        "\x7f",
    ]
    for name, prop in fields.items():
        assert "pattern" in prop, name
        for sample in samples:
            documented_ok = re.fullmatch(prop["pattern"], sample) is not None
            assert documented_ok == (_BAD_CHARS.search(sample) is None), (name, sample)
