"""审计留痕: every archive search is logged, and auditors can read the log."""

import datetime

import pytest
from django.utils import timezone

from search.models import SearchLog
from tests.factories.api import ApiClient

from .county import MIDDLE, make_county

pytestmark = pytest.mark.django_db

LOG_URL = "/admin/archive/log/"


@pytest.fixture
def county(db):
    return make_county()


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def test_admin_search_is_logged_with_user_query_and_total(as_user, county):
    as_user(county.users["auditor"]).get(
        "/admin/archive/", {"q": MIDDLE, "kind": "case", "from": "2026-01-01"}
    )
    [log] = SearchLog.objects.all()
    assert log.user == county.users["auditor"]
    assert log.via == SearchLog.Via.ADMIN
    assert log.query == {
        "q": MIDDLE,
        "kind": "case",
        "sort": "relevance",
        "from": "2026-01-01",
    }
    assert log.total == 1
    assert log.at is not None


def test_api_search_is_logged_as_api(county):
    ApiClient(county.users["clerk"]).get("/search", q="救助", township="east")
    [log] = SearchLog.objects.all()
    assert (log.user, log.via) == (county.users["clerk"], SearchLog.Via.API)
    assert log.query["q"] == "救助"
    assert log.query["township"] == "east"
    assert log.total > 0


def test_export_is_logged_as_export(as_user, county):
    as_user(county.users["auditor"]).get("/admin/archive/export.csv", {"q": MIDDLE})
    as_user(county.users["auditor"]).get("/admin/archive/export.xlsx", {"kind": "case"})
    logs = list(SearchLog.objects.order_by("pk"))
    assert [log.via for log in logs] == [SearchLog.Via.EXPORT, SearchLog.Via.EXPORT]
    assert logs[0].query["q"] == MIDDLE
    assert logs[1].total == 3


def test_refused_and_invalid_searches_are_not_logged(as_user, county):
    as_user(county.users["editor"]).get("/admin/archive/", {"q": MIDDLE})
    as_user(county.users["auditor"]).get("/admin/archive/", {"township": "nowhere"})
    assert not SearchLog.objects.exists()


def test_auditor_reads_the_search_log(as_user, county):
    as_user(county.users["clerk"]).get("/admin/archive/", {"q": "<临时救助>"})
    response = as_user(county.users["auditor"]).get(LOG_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "刘海燕（经办人·东岭镇）" in html
    assert "检索词：&lt;临时救助&gt;" in html
    assert "管理后台" in html
    [entry] = response.context["entries"]
    assert entry["log"].total == SearchLog.objects.get().total
    as_user(county.users["auditor"]).get(
        "/admin/archive/", {"township": "east", "sort": "newest"}
    )
    html = as_user(county.users["auditor"]).get(LOG_URL).content.decode()
    assert "乡镇：东岭镇；排序：最新在前" in html


def test_search_log_filters_by_user_and_date(as_user, county):
    as_user(county.users["clerk"]).get("/admin/archive/", {"q": "救助"})
    ApiClient(county.users["reviewer"]).get("/search", q="倒塌")
    old = SearchLog.objects.get(user=county.users["reviewer"])
    SearchLog.objects.filter(pk=old.pk).update(
        at=timezone.now() - datetime.timedelta(days=40)
    )
    client = as_user(county.users["auditor"])

    def users(**params):
        response = client.get(LOG_URL, params)
        assert response.status_code == 200
        return [e["log"].user.username for e in response.context["entries"]]

    assert sorted(users()) == ["clerk-east", "reviewer"]
    assert users(user="reviewer") == ["reviewer"]
    assert users(via="api") == ["reviewer"]
    today = timezone.localdate().isoformat()
    assert users(**{"from": today}) == ["clerk-east"]
    long_ago = (timezone.localdate() - datetime.timedelta(days=30)).isoformat()
    assert users(to=long_ago) == ["reviewer"]


@pytest.mark.parametrize(
    "params",
    [{"from": "2026-02-30"}, {"to": "soon"}, {"via": "fax"}, {"user": "a\x00b"}],
)
def test_search_log_bad_filter_is_a_400_with_message(as_user, county, params):
    response = as_user(county.users["auditor"]).get(LOG_URL, params)
    assert response.status_code == 400
    assert response.context["errors"]


def test_search_log_bad_page_number_shows_a_page(as_user, county):
    response = as_user(county.users["auditor"]).get(LOG_URL, {"page": "abc"})
    assert response.status_code == 200


@pytest.mark.parametrize("role", ["clerk", "reviewer", "coordinator", "editor"])
def test_only_auditors_read_the_search_log(as_user, county, role):
    response = as_user(county.users[role]).get(LOG_URL)
    assert response.status_code == 403
    assert (
        '"/admin/archive/log/"'
        not in as_user(county.users[role]).get("/admin/").content.decode()
    )


@pytest.mark.parametrize("role", ["auditor", "admin"])
def test_search_log_menu_item_shown_to_auditors_and_superusers(as_user, county, role):
    response = as_user(county.users[role]).get("/admin/")
    assert '"/admin/archive/log/"' in response.content.decode()
    assert as_user(county.users[role]).get(LOG_URL).status_code == 200


def test_search_log_is_read_only(as_user, county):
    client = as_user(county.users["auditor"])
    client.get("/admin/archive/", {"q": "救助"})
    assert client.post(LOG_URL, {"user": "auditor"}).status_code == 405
    assert SearchLog.objects.count() == 1
