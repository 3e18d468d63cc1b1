"""GET /api/v1/search: the archive search for staff tools, scoped and logged."""

import re

import pytest
from django.test import Client
from django.utils import timezone

from search.backends import BackendUnavailable
from search.models import SearchLog
from tests.factories.api import ApiClient

from .county import MIDDLE, ODD_QUERIES, make_county

pytestmark = pytest.mark.django_db

HIT_FIELDS = {
    "key",
    "kind",
    "case_number",
    "number",
    "title",
    "snippet",
    "at",
    "township",
    "status",
    "assistance_type",
    "channel",
    "handler",
    "user",
    "record",
}


@pytest.fixture
def county(db):
    return make_county()


def api_as(county, role: str) -> ApiClient:
    return ApiClient(county.users[role])


def test_auditor_search_answers_hits_facets_and_paging(county):
    response = api_as(county, "auditor").get("/search", q=MIDDLE, kind="case")
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 1
    assert body["page"] == 1
    assert body["page_size"] == 20
    [hit] = body["results"]
    assert set(hit) == HIT_FIELDS
    assert hit["kind"] == "case"
    assert hit["case_number"] == county.stroke.number
    assert hit["township"] == "east"
    assert hit["status"] == "received"
    assert hit["assistance_type"] == "linshi"
    assert f"丈夫突发<mark>{MIDDLE}</mark>，家中" in hit["snippet"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+08:00", hit["at"])
    assert body["facets"]["kind"] == {"case": 1}
    assert body["facets"]["township"] == {"east": 1}


def test_facets_count_each_code(county):
    body = api_as(county, "auditor").get("/search", kind="case").json()
    assert body["facets"]["township"] == {"east": 2, "south": 1}
    assert body["facets"]["assistance_type"] == {"linshi": 2, "dibao": 1}
    assert body["facets"]["status"] == {"received": 2, "accepted": 1}


def test_filters_by_township_status_and_date(county):
    api = api_as(county, "auditor")
    south = api.get("/search", kind="case", township="south").json()
    assert [h["case_number"] for h in south["results"]] == [county.collapse.number]
    received = api.get("/search", kind="case", status="received").json()
    assert {h["case_number"] for h in received["results"]} == {
        county.stroke.number,
        county.village_case.number,
    }
    day = timezone.localdate(county.stroke.received_at).isoformat()
    dated = api.get("/search", kind="case", **{"from": day, "to": day}).json()
    assert dated["total"] == 3
    before = api.get("/search", kind="case", to="2000-01-01").json()
    assert before["total"] == 0


def test_paging_and_page_past_the_end_is_an_empty_page(county):
    api = api_as(county, "auditor")
    second = api.get("/search", kind="case", size="2", page="2").json()
    assert (second["page"], second["page_size"], second["total"]) == (2, 2, 3)
    assert len(second["results"]) == 1
    past = api.get("/search", kind="case", page="9")
    assert past.status_code == 200
    assert past.json()["results"] == []
    assert past.json()["total"] == 3


def test_sort_newest_and_oldest(county):
    api = api_as(county, "auditor")
    newest = [
        h["key"]
        for h in api.get("/search", kind="case", sort="newest").json()["results"]
    ]
    oldest = [
        h["key"]
        for h in api.get("/search", kind="case", sort="oldest").json()["results"]
    ]
    assert newest == oldest[::-1]
    assert oldest[0] == f"case:{county.stroke.pk}"


def test_clerk_search_never_shows_another_township(county):
    body = api_as(county, "clerk").get("/search", q="救助").json()
    assert body["total"] > 0
    assert {h["township"] for h in body["results"]} == {"east"}
    assert set(body["facets"]["township"]) == {"east"}
    assert county.collapse.number not in str(body)


def test_clerk_asking_for_another_township_gets_zero_results(county):
    response = api_as(county, "clerk").get("/search", township="south")
    assert response.status_code == 200
    assert response.json()["total"] == 0
    assert response.json()["results"] == []


def test_village_coordinator_searches_only_their_village(county):
    body = api_as(county, "coordinator").get("/search", kind="case").json()
    assert [h["case_number"] for h in body["results"]] == [county.village_case.number]


def test_missing_or_invalid_token_is_a_401(county):
    assert Client().get("/api/v1/search", {"q": MIDDLE}).status_code == 401
    response = ApiClient(token="not-a-token").get("/search", q=MIDDLE)
    assert response.status_code == 401
    assert response.json()["message"]


def test_editor_token_is_a_403(county):
    response = api_as(county, "editor").get("/search", q=MIDDLE)
    assert response.status_code == 403
    assert response.json() == {"message": "您的账号没有检索档案的权限。", "errors": []}
    assert not SearchLog.objects.exists()


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"from": "2026-02-30"}, "from", "无法识别"),
        ({"to": "31/10/2026"}, "to", "无法识别"),
        ({"township": "nowhere"}, "township", "未知的乡镇代码"),
        ({"assistance_type": "xx"}, "assistance_type", "未知的救助事项代码"),
        ({"status": "lost"}, "status", "未知的状态"),
        ({"channel": "pigeon"}, "channel", "未知的渠道"),
        ({"kind": "memo"}, "kind", "未知的记录类别"),
        ({"user": "nobody"}, "user", "没有名叫"),
        ({"sort": "best"}, "sort", "未知的排序方式"),
        ({"page": "abc"}, "page", "须为 1 至"),
        ({"page": "0"}, "page", "须为 1 至"),
        ({"page": "1.5"}, "page", "须为 1 至"),
        ({"size": "1000"}, "size", "须为 1 至"),
        ({"size": "0"}, "size", "须为 1 至"),
        ({"q": "救" * 3000}, "q", "检索词过长"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(county, params, field, message):
    response = api_as(county, "auditor").get("/search", **params)
    assert response.status_code == 422
    body = response.json()
    assert message in body["message"]
    assert body["errors"] == [{"field": field, "message": body["message"]}]


def test_page_with_thousands_of_digits_is_not_a_500(county):
    response = api_as(county, "auditor").get("/search", page="9" * 5000)
    assert response.status_code in (200, 422)


def test_unknown_parameters_are_ignored(county):
    response = api_as(county, "auditor").get(
        "/search", q=MIDDLE, kind="case", colour="blue", township__in="south"
    )
    assert response.status_code == 200
    assert response.json()["total"] == 1


@pytest.mark.parametrize("q", ODD_QUERIES)
def test_odd_queries_never_fail(county, q):
    response = api_as(county, "auditor").get("/search", q=q)
    assert response.status_code == 200
    assert "<script" not in str(response.json()["results"])


def test_a_query_with_control_characters_is_refused_naming_the_character(county):
    response = api_as(county, "auditor").get("/search", q="a\x00b\x07\x1bc")
    assert response.status_code in (400, 422)
    error = response.json()["errors"][0]
    assert error["field"] == "q"
    assert "U+0000" in error["message"]


def test_snippet_escapes_everything_but_the_marks(county):
    body = api_as(county, "auditor").get("/search", q="<b>救助</b>").json()
    for hit in body["results"]:
        assert re.sub(r"</?mark>", "", hit["snippet"]).count("<") == 0


def test_backend_unavailable_is_a_503(county, monkeypatch):
    class Broken:
        def search(self, query):
            raise BackendUnavailable("timed out")

    monkeypatch.setattr("search.service.get_search_backend", lambda: Broken())
    response = api_as(county, "auditor").get("/search", q=MIDDLE)
    assert response.status_code == 503
    assert (
        response.json()["message"]
        == "检索服务暂时不可用，请稍后再试；案件办理不受影响。"
    )


def test_openapi_describes_the_search_endpoint(county):
    document = Client().get("/api/v1/openapi.json").json()
    operation = document["paths"]["/api/v1/search"]["get"]
    assert operation["security"]
    names = {p["name"] for p in operation["parameters"]}
    assert names >= {"q", "township", "status", "from", "to", "page", "size", "sort"}
    ok = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok["$ref"].endswith("/SearchOut")
    bad = operation["responses"]["422"]["content"]["application/json"]["schema"]
    assert bad["$ref"].endswith("/ErrorOut")
    hit = document["components"]["schemas"]["HitOut"]["properties"]
    assert set(hit) == HIT_FIELDS
