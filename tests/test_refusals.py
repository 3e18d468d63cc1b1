"""One base of refusals (core.errors.RefusedRequest), mapped once per interface.

The case services, the archive search and the statistics refuse on the same
base; the API answers every refusal with JSON from one exception handler, the
admin with one Chinese message page (or, after a form, a message on the page it
came from) from one middleware.
"""

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.test import RequestFactory
from django.urls import reverse

from cases.api.base import api
from cases.services import CaseError, CaseNotFound, CasePermissionDenied
from cases.stats.errors import AreaDenied, AreaError, PeriodError, StatsError
from core.errors import RefusedRequest
from portal.admin_input import AdminBadInputMiddleware
from search.backends import BackendUnavailable
from search.errors import QueryError, SearchDenied, SearchError
from tests.factories.api import ApiClient
from tests.search.county import MIDDLE, make_county

UNAVAILABLE = "检索服务暂时不可用，请稍后再试；案件办理不受影响。"


@pytest.mark.parametrize(
    "error",
    [
        CaseError("x"),
        CaseNotFound("x"),
        QueryError("q", "x"),
        SearchDenied(),
        BackendUnavailable("down"),
        PeriodError("x"),
        AreaError("x"),
        AreaDenied("x"),
    ],
)
def test_case_search_and_stats_refusals_share_one_base(error):
    assert isinstance(error, RefusedRequest)
    assert error.message and 400 <= error.status < 600


def test_search_and_stats_have_their_own_base_with_the_statuses_they_mean():
    assert issubclass(QueryError, SearchError) and QueryError.status == 400
    assert issubclass(SearchDenied, SearchError) and SearchDenied.status == 403
    assert BackendUnavailable.status == 503
    assert issubclass(AreaDenied, StatsError) and AreaDenied.status == 403
    assert PeriodError("x").field == "period"
    assert AreaError("x").field == "township"


def test_backend_unavailable_tells_people_the_message_and_logs_the_reason():
    error = BackendUnavailable("connection refused")
    assert error.message == UNAVAILABLE
    assert str(error) == "connection refused"


def test_api_maps_the_base_once_and_no_subclass_on_its_own():
    handled = set(api._exception_handlers)
    assert RefusedRequest in handled
    subclasses = {CaseError, CasePermissionDenied, SearchError, StatsError}
    assert not handled & subclasses
    assert not any(
        issubclass(kind, RefusedRequest) and kind is not RefusedRequest
        for kind in handled
    )


@pytest.fixture
def county(db):
    return make_county()


def test_api_answers_search_refusals_as_json(county, monkeypatch):
    auditor = ApiClient(county.users["auditor"])
    bad = auditor.get("/search", q=MIDDLE, size="many")
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "size"
    denied = ApiClient(county.users["editor"]).get("/search", q=MIDDLE)
    assert denied.status_code == 403
    assert denied.json() == {"message": SearchDenied().message, "errors": []}

    class Broken:
        def search(self, query):
            raise BackendUnavailable("timed out")

    monkeypatch.setattr("search.service.get_search_backend", lambda: Broken())
    down = auditor.get("/search", q=MIDDLE)
    assert (down.status_code, down.json()["message"]) == (503, UNAVAILABLE)


def test_admin_answers_a_refused_page_with_the_message_and_its_status(
    county, client, monkeypatch
):
    client.force_login(county.users["editor"])
    denied = client.get("/admin/archive/", {"q": MIDDLE})
    assert denied.status_code == 403
    assert SearchDenied().message in denied.content.decode()
    stats = client.get(reverse("cases_stats_print"), {"period": "2026-10"})
    assert stats.status_code == 403
    assert "没有查看统计数据的权限" in stats.content.decode()

    class Broken:
        def search(self, query):
            raise BackendUnavailable("connection refused")

    monkeypatch.setattr("search.service.get_search_backend", lambda: Broken())
    client.force_login(county.users["auditor"])
    down = client.get("/admin/archive/", {"q": MIDDLE})
    assert down.status_code == 503
    assert UNAVAILABLE in down.content.decode()
    assert "connection refused" not in down.content.decode()


def test_admin_sends_a_refused_form_back_with_the_message(db):
    request = RequestFactory().post(
        "/admin/cases/1/act/", HTTP_REFERER="http://testserver/admin/cases/1/"
    )
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    response = AdminBadInputMiddleware(lambda r: None).process_exception(
        request, CaseError("该案件已归档，不能再修改。")
    )
    assert response.status_code == 302
    assert response["Location"] == "http://testserver/admin/cases/1/"
    assert [str(m) for m in get_messages(request)] == ["该案件已归档，不能再修改。"]


def test_refusals_outside_the_admin_are_left_to_their_interface(db):
    request = RequestFactory().get("/progress/")
    middleware = AdminBadInputMiddleware(lambda r: None)
    assert middleware.process_exception(request, CaseError("x")) is None
