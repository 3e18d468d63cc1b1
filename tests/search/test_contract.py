"""One contract, both backends: the same query finds the same records."""

import pytest

from search.query import SearchQuery, parse_query
from tests.factories import AssistanceTypeFactory, TownshipFactory
from tests.factories.cases import accepted_case, received_case
from tests.factories.staff import clerk

from .conftest import load

pytestmark = pytest.mark.django_db


@pytest.fixture
def county():
    east, south = TownshipFactory(name="东岭镇"), TownshipFactory(name="南溪乡")
    relief = AssistanceTypeFactory(name="临时救助")
    east_clerk, south_clerk = clerk(east), clerk(south)
    first = received_case(
        east_clerk,
        east,
        assistance_type=relief,
        description="丈夫突发脑梗住院，家中两个孩子上学，申请临时救助渡过难关。",
    )
    second = accepted_case(
        south_clerk,
        south,
        assistance_type=relief,
        description="房屋倒塌后暂住亲戚家，无固定收入。",
    )
    return {"east": east, "south": south, "first": first, "second": second}


def keys(backend, **params):
    return {hit.key for hit in backend.search(parse_query(params)).hits}


def test_phrase_from_the_middle_of_a_sentence_is_found(backend, county):
    load(backend)
    found = keys(backend, q="脑梗住院", kind="case")
    assert found == {f"case:{county['first'].pk}"}


def test_one_character_query_matches_like_a_substring(backend, county):
    load(backend)
    found = keys(backend, q="塌", kind="case")
    assert found == {f"case:{county['second'].pk}"}


def test_township_filter_and_scope(backend, county):
    load(backend)
    everything = backend.search(SearchQuery(text="救助", page_size=100))
    scoped = backend.search(
        SearchQuery(text="", page_size=100).scoped((county["south"].code,), ())
    )
    assert everything.total >= 1
    assert {h.township for h in scoped.hits} == {county["south"].code}


def _doc(case_key: str, text: str):
    from dataclasses import replace

    from search import sources

    (doc,), _missing = sources.build([case_key])
    return replace(doc, body=text)


def test_indexing_the_same_documents_again_replaces_them(backend, county):
    load(backend)
    before = backend.count()
    key = f"case:{county['first'].pk}"
    backend.index([_doc(key, "改为长期卧床")])
    backend.index([_doc(key, "改为长期卧床"), _doc(key, "改为长期卧床")])
    assert backend.count() == before
    assert keys(backend, q="长期卧床") == {key}
    assert keys(backend, q="脑梗住院", kind="case") == set()


def test_a_write_from_an_earlier_read_never_replaces_a_later_one(backend, county):
    from datetime import timedelta

    from django.utils import timezone

    load(backend)
    key = f"case:{county['first'].pk}"
    now = timezone.now()
    backend.index([_doc(key, "第二次读到的内容")], as_of=now)
    backend.index([_doc(key, "第一次读到的内容")], as_of=now - timedelta(seconds=1))
    assert keys(backend, q="第二次读到") == {key}
    assert keys(backend, q="第一次读到") == set()
    backend.delete([key], as_of=now - timedelta(seconds=1))
    assert keys(backend, q="第二次读到") == {key}, "an older read deletes nothing"
    backend.index([_doc(key, "第三次读到的内容")], as_of=now + timedelta(seconds=1))
    assert keys(backend, q="第三次读到") == {key}
    backend.delete([key], as_of=now + timedelta(seconds=2))
    assert keys(backend, q="读到的内容") == set()


def test_the_engine_time_is_reported_where_the_engine_gives_one(backend, county):
    """Elasticsearch's own ``took`` comes back with the results (the archive
    benchmark weighs what the application adds against it); the database
    backend has none to give."""
    from search.backends.database import SearchBackend as DatabaseBackend

    load(backend)
    results = backend.search(parse_query({"q": "脑梗住院"}))
    if isinstance(backend, DatabaseBackend):
        assert results.engine_ms is None
    else:
        assert isinstance(results.engine_ms, int) and results.engine_ms >= 0
