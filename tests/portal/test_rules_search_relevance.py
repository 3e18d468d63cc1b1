"""站内搜索相关性：居民常搜的词，在演示县（seed_demo）上应排在前面的结果。

Each query is asked through /search/, on the database backend and, when
ELASTICSEARCH_URL is set, on Elasticsearch (skipped otherwise, as the other
Elasticsearch tests are). The last test asks every query on both and requires
the very same list: the engines only find pages, the ranking is one
(portal.search.ranking).
"""

import os
import uuid
from dataclasses import dataclass
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from wagtail.search.backends import get_search_backend

from portal import page_cache
from tests.search.conftest import es_backend

GUIDE_DIBAO = "最低生活保障办事指南"
GUIDE_TEKUN = "特困人员供养办事指南"
GUIDE_LINSHI = "临时救助办事指南"
GUIDE_BIANYUAN = "低保边缘家庭认定办事指南"
GUIDE_YILIAO = "医疗救助办事指南"
GUIDE_JIAOYU = "教育救助办事指南"
GUIDE_ZHUFANG = "住房救助办事指南"
GUIDE_JIUYE = "就业救助办事指南"
GUIDE_SHOUZAI = "受灾人员救助办事指南"
COMPLAINTS = "监督投诉"
POLICY_WINDOW = "禾州市民政局关于规范社会救助窗口服务管理的通知"
POLICY_ONE_DOOR = "青禾县社会救助“一门受理、协同办理”工作实施方案"
POLICY_ONE_DOOR_2019 = "青禾县社会救助“一门受理、协同办理”工作实施方案（2019年）"
POLICY_REFERRAL = "青禾县社会救助分办转办工作规程"
POLICY_DIBAO = "青禾县最低生活保障审核确认实施细则"
POLICY_LINSHI = "青禾县临时救助实施办法"
POLICY_LINSHI_2016 = "青禾县临时救助实施办法（试行）"
POLICY_TEKUN = "青禾县特困人员认定及救助供养实施细则"
POLICY_BIANYUAN = "青禾县低保边缘家庭认定办法"
POLICY_DISASTER = "青禾县自然灾害救助应急预案"


@dataclass(frozen=True)
class Expect:
    """What a query must give: its first result, others among the first three,
    a title that must not be first or second, or nothing at all."""

    query: str
    first: str | None = None
    top3: tuple[str, ...] = ()
    not_first: str | None = None
    not_second: str | None = None
    nothing: bool = False


RELEVANCE = [
    # From issue 22: the current guide first, never a repealed policy.
    Expect("临时救助", first=GUIDE_LINSHI, not_first=POLICY_LINSHI_2016),
    Expect("低保", first=GUIDE_DIBAO, top3=(POLICY_DIBAO,)),
    Expect("特困", first=GUIDE_TEKUN, not_second=GUIDE_JIAOYU),
    # Abbreviations and full names (the synonym list).
    Expect("最低生活保障", first=GUIDE_DIBAO, top3=(POLICY_DIBAO,)),
    Expect("临救", first=GUIDE_LINSHI, top3=(POLICY_LINSHI,)),
    Expect("特困人员供养", first=GUIDE_TEKUN, top3=(POLICY_TEKUN,)),
    Expect("低边", first=GUIDE_BIANYUAN, top3=(POLICY_BIANYUAN,)),
    Expect("低保边缘", first=GUIDE_BIANYUAN, top3=(POLICY_BIANYUAN,)),
    Expect("医救", first=GUIDE_YILIAO),
    Expect("医疗救助", first=GUIDE_YILIAO),
    Expect("自然灾害救助", first=GUIDE_SHOUZAI, top3=(POLICY_DISASTER,)),
    Expect("12349", first=COMPLAINTS),
    Expect("举报", first=COMPLAINTS),
    Expect("投诉", first=COMPLAINTS),
    # Questions as residents type them: the subject decides.
    Expect("怎么申请低保", first=GUIDE_DIBAO),
    Expect("低保需要什么材料", first=GUIDE_DIBAO),
    Expect("如何申请临时救助", first=GUIDE_LINSHI),
    Expect("特困怎么办理", first=GUIDE_TEKUN),
    Expect("在哪里申请医疗救助", first=GUIDE_YILIAO),
    Expect("低保标准是多少", first=GUIDE_DIBAO),
    Expect("低保申请材料", first=GUIDE_DIBAO),
    Expect("低保的申请条件", first=GUIDE_DIBAO),
    Expect("临时救助需要什么材料", first=GUIDE_LINSHI),
    # The other items by name.
    Expect("教育救助", first=GUIDE_JIAOYU),
    Expect("住房救助", first=GUIDE_ZHUFANG),
    Expect("就业救助", first=GUIDE_JIUYE),
    Expect("受灾人员救助", first=GUIDE_SHOUZAI),
    # 文号 and titles: the document itself first, even a repealed one.
    Expect("青民发〔2016〕30号", first=POLICY_LINSHI_2016),
    Expect("青民发〔2022〕15号", first=POLICY_LINSHI, top3=(POLICY_LINSHI_2016,)),
    Expect("禾民发〔2023〕18号", first=POLICY_WINDOW),
    Expect("一门受理", first=POLICY_ONE_DOOR, top3=(POLICY_ONE_DOOR_2019,)),
    Expect("分办转办", first=POLICY_REFERRAL),
    Expect("低保审核确认", first=POLICY_DIBAO),
    Expect("临时救助 实施办法", first=POLICY_LINSHI, not_first=POLICY_LINSHI_2016),
    Expect("特困人员认定", top3=(POLICY_TEKUN, GUIDE_TEKUN)),
    # Guide steps, materials and limits are searched.
    Expect("危房改造", first=GUIDE_ZHUFANG),
    Expect("公益性岗位", first=GUIDE_JIUYE),
    Expect("助学金", first=GUIDE_JIAOYU),
    Expect("户口簿", top3=(GUIDE_LINSHI,)),
    # Block settings are not text: no page is about 二级标题.
    Expect("二级标题", nothing=True),
]


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    """The module asks many queries from one address."""
    settings.SEARCH_RATE = "100000/m"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo county, seeded once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)
    cache.clear()


@pytest.fixture(scope="module")
def elastic_settings(demo, django_db_blocker):
    """The demo's pages in an Elasticsearch index of their own (when configured)."""
    es_backend()  # skips outside CI when Elasticsearch is not there
    prefix = f"test_relevance_{uuid.uuid4().hex[:10]}_"
    backends = {
        "default": {
            "BACKEND": "portal.search_backends.Elasticsearch8SearchBackend",
            "URLS": [os.environ["ELASTICSEARCH_URL"]],
            "INDEX_PREFIX": prefix,
            "TIMEOUT": 10,
        }
    }
    with (
        django_db_blocker.unblock(),
        override_settings(WAGTAILSEARCH_BACKENDS=backends),
    ):
        call_command("update_index", stdout=StringIO(), stderr=StringIO())
        get_search_backend().refresh_indexes()
    yield backends
    with override_settings(WAGTAILSEARCH_BACKENDS=backends):
        get_search_backend().es.indices.delete(
            index=f"{prefix}*", ignore_unavailable=True
        )


@pytest.fixture(params=["database", "elasticsearch"])
def engine(request, demo, db):
    """Each test once per search engine."""
    if request.param == "database":
        yield request.param
        return
    backends = request.getfixturevalue("elastic_settings")
    with override_settings(WAGTAILSEARCH_BACKENDS=backends):
        yield request.param


def ranking(client, query: str) -> list[str]:
    """Every result's title, all pages, in order."""
    found: list[str] = []
    page = 1
    while True:
        response = client.get(reverse("portal:search"), {"q": query, "page": page})
        assert response.status_code == 200, query
        outcome = response.context["search"]
        assert outcome.page is not None, (query, outcome.message)
        found.extend(result.title for result in outcome.page.object_list)
        if not outcome.page.has_next():
            return found
        page += 1


@pytest.mark.parametrize("expect", RELEVANCE, ids=[e.query for e in RELEVANCE])
def test_rules_search_relevance(client, engine, expect):
    found = ranking(client, expect.query)
    if expect.nothing:
        assert found == [], found
        return
    assert found, f"{expect.query}: nothing found"
    if expect.first:
        assert found[0] == expect.first, found[:5]
    for title in expect.top3:
        assert title in found[:3], found[:5]
    if expect.not_first:
        assert found[0] != expect.not_first, found[:5]
    if expect.not_second:
        assert found[1:2] != [expect.not_second], found[:5]


def test_rules_search_relevance_set_has_thirty_queries():
    assert len({e.query for e in RELEVANCE}) >= 30


def test_rules_search_in_force_before_amended_before_repealed(client, engine):
    """Outside an exact 文号 or title, no amended or repealed document comes
    before a current one."""
    for query in ("临时救助", "一门受理", "临救", "救助", "低保"):
        response = client.get(reverse("portal:search"), {"q": query})
        statuses = [r.status for r in response.context["search"].page.object_list]
        order = {"in_force": 0, "amended": 1, "repealed": 2}
        assert statuses == sorted(statuses, key=order.get), (query, statuses)


def test_rules_search_every_result_shows_its_type_and_status(client, engine):
    response = client.get(reverse("portal:search"), {"q": "临时救助"})
    content = response.content.decode()
    results = content.split('<li class="search-result">')[1:]
    assert len(results) >= 5
    for html in results:
        assert any(k in html for k in ("政策文件", "办事指南", "投诉渠道")), html
        assert any(s in html for s in ("现行有效", "已修订", "已废止")), html
    repealed = next(html for html in results if POLICY_LINSHI_2016 in html)
    assert "已废止" in repealed and "青民发〔2016〕30号" in repealed
    guide = next(html for html in results if GUIDE_LINSHI in html)
    assert "办事指南" in guide and "现行有效" in guide


def test_rules_search_same_ranking_on_database_and_elasticsearch(
    client, demo, db, elastic_settings
):
    """Every query of the relevance set, all results in order, on both engines."""
    # Each once: a repeated query is answered from the page cache (no context).
    queries = [e.query for e in RELEVANCE] + ["救助", "申请", "材料", "公示", "12349"]
    queries = list(dict.fromkeys(queries))
    on_database = {query: ranking(client, query) for query in queries}
    page_cache.page_cache().clear()
    with override_settings(WAGTAILSEARCH_BACKENDS=elastic_settings):
        on_elasticsearch = {query: ranking(client, query) for query in queries}
    for query in queries:
        assert on_elasticsearch[query] == on_database[query], query
