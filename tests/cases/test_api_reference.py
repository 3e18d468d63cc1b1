import pytest

from tests.factories import AssistanceTypeFactory, DepartmentFactory, VillageFactory

pytestmark = pytest.mark.django_db


def test_reference_lists_codes_for_integrators(client):
    village = VillageFactory(code="dl-sz", name="上庄村", township__code="dl")
    AssistanceTypeFactory(code="linshi", name="临时救助")
    DepartmentFactory(code="jiaoyu", name="县教育局")
    response = client.get("/api/v1/reference")
    assert response.status_code == 200
    data = response.json()
    assert data["townships"] == [
        {
            "code": "dl",
            "name": village.township.name,
            "villages": [{"code": "dl-sz", "name": "上庄村"}],
        }
    ]
    assert {"code": "linshi", "name": "临时救助"} in data["assistance_types"]
    assert {"code": "jiaoyu", "name": "县教育局"} in data["departments"]
    codes = {c["code"] for c in data["channels"]}
    assert {"window", "hotline_12349", "online", "active_discovery"} <= codes


def test_openapi_document_is_served(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert "/api/v1/reference" in response.json()["paths"]


def test_unknown_api_path_is_json_404(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert "message" in response.json()
