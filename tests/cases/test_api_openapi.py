"""The OpenAPI document describes every endpoint integrators call, with schemas."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

ENDPOINTS = {
    ("/api/v1/reference", "get"),
    ("/api/v1/cases", "post"),
    ("/api/v1/cases/{number}", "get"),
    ("/api/v1/cases/{number}/history", "get"),
    ("/api/v1/cases/{number}/transitions", "post"),
    ("/api/v1/progress", "get"),
    ("/api/v1/complaints/progress", "get"),
    ("/api/v1/reviews/due", "get"),
    ("/api/v1/cases/{number}/reviews", "post"),
    ("/api/v1/cases/{number}/benefit-changes", "post"),
}


@pytest.fixture
def document():
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def schema_name(ref: dict) -> str:
    return ref["$ref"].rsplit("/", 1)[-1]


def test_openapi_lists_every_endpoint(document):
    listed = {
        (path, method) for path, ops in document["paths"].items() for method in ops
    }
    assert listed >= ENDPOINTS


def test_openapi_gives_request_and_response_schemas(document):
    paths = document["paths"]
    intake = paths["/api/v1/cases"]["post"]
    body = intake["requestBody"]["content"]["application/json"]["schema"]
    assert schema_name(body) == "CaseIn"
    created = intake["responses"]["201"]["content"]["application/json"]["schema"]
    assert schema_name(created) == "IntakeOut"
    refused = intake["responses"]["422"]["content"]["application/json"]["schema"]
    assert schema_name(refused) == "ErrorOut"
    headers = {p["name"] for p in intake["parameters"] if p["in"] == "header"}
    assert "Idempotency-Key" in headers
    schemas = document["components"]["schemas"]
    for name in ("CaseIn", "CaseOut", "IntakeOut", "TransitionIn", "VersionOut"):
        assert schemas[name]["properties"], name
    assert "received_at" not in schemas["CaseIn"]["properties"]
    assert "received_at" in schemas["CaseOut"]["properties"]
    actions = schemas["TransitionIn"]["properties"]["action"]["enum"]
    assert {"accept", "reject", "archive"} <= set(actions)


def test_openapi_marks_which_endpoints_need_a_token(document):
    paths = document["paths"]
    assert paths["/api/v1/cases"]["post"]["security"]
    assert paths["/api/v1/cases/{number}"]["get"]["security"]
    assert not paths["/api/v1/progress"]["get"].get("security")
    assert not paths["/api/v1/complaints/progress"]["get"].get("security")
    schemes = document["components"]["securitySchemes"]
    assert any(s.get("scheme") == "bearer" for s in schemes.values())


def test_openapi_documents_reviews_and_benefit_changes(document):
    paths = document["paths"]
    schemas = document["components"]["schemas"]
    change = paths["/api/v1/cases/{number}/benefit-changes"]["post"]
    body = change["requestBody"]["content"]["application/json"]["schema"]
    assert schema_name(body) == "BenefitChangeIn"
    created = change["responses"]["201"]["content"]["application/json"]["schema"]
    assert schema_name(created) == "BenefitChangeOut"
    assert {"409", "422", "404"} <= set(change["responses"])
    kinds = schemas["BenefitChangeIn"]["properties"]["kind"]["enum"]
    assert set(kinds) == {"increase", "decrease", "back_pay", "suspend", "stop"}
    assert {"amount", "effective_month", "reason"} <= set(
        schemas["BenefitChangeIn"]["properties"]
    )
    due = paths["/api/v1/reviews/due"]["get"]
    [days] = [p for p in due["parameters"] if p["name"] == "within_days"]
    assert (days["schema"]["minimum"], days["schema"]["maximum"]) == (0, 366)
    assert due["security"]
    outcomes = schemas["ReviewIn"]["properties"]["outcome"]["enum"]
    assert set(outcomes) == {"continue", "increase", "decrease", "stop"}


def test_a_wrong_method_is_a_json_405():
    response = Client().delete("/api/v1/cases")
    assert response.status_code == 405
    assert "POST" in response.json()["message"]
    assert response["Allow"] == "POST"


def test_openapi_documents_what_the_progress_checks_answer(document):
    schemas = document["components"]["schemas"]
    case = schemas["ProgressOut"]["properties"]
    assert {"assistance_type", "deadlines", "pauses", "extensions"} <= set(case)
    assert "overdue" in schemas["ProgressReferralOut"]["properties"]
    complaint = schemas["ComplaintProgressOut"]["properties"]
    assert {"response_due", "overdue", "status_label"} <= set(complaint)
    assert not {"content", "name", "phone"} & set(complaint)
