"""Filters and date ranges matched inside the index, with the words.

On SQLite each document's filter values and UTC month and year are tokens of its
FTS5 row (search/backends/database/sqlite.py), on PostgreSQL lexemes of its
vector: a filter value holding characters a tokenizer splits at (``-``, ``_``,
``.``, ``@``) must match exactly its own documents, never one whose value merely
begins alike, and a value holding engine syntax must match nothing, on every
backend. Writing a document again, deleting it or rebuilding must leave no token
of its earlier values behind; relevance is the words' alone, whatever the filters.
"""

from datetime import UTC, date, datetime

import pytest
from django.db import connection

from search.backends.database import sqlite
from search.query import SearchQuery
from search.sources import IndexDoc

from .conftest import load

AT = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)
USERS = ["wang.li-2@x", "wang.li-2", "wang", "wang li 2 x", "王丽"]
FTS = "archive_search_fts"
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5")


def _doc(key: str, **values) -> IndexDoc:
    fields = {"kind": "history", "at": AT, "title": "入户调查", "body": "申请临时救助"}
    return IndexDoc(key=key, **{**fields, **values})


def _keys(backend, **params) -> list[str]:
    found = backend.search(SearchQuery(text="救助", sort="newest", **params))
    assert found.total == len(found.hits)
    return sorted(hit.key for hit in found.hits)


def test_a_filter_value_matches_exactly_its_documents_whatever_it_holds(backend):
    backend.index(
        [_doc(f"history:u{n}", user=user) for n, user in enumerate(USERS)]
        + [
            _doc("history:c1", channel="hotline_12349", handler="demo-clerk-2b"),
            _doc("history:c2", channel="hotline", handler="demo-clerk-2"),
        ]
    )
    for n, user in enumerate(USERS):
        assert _keys(backend, user=user) == [f"history:u{n}"]
    assert _keys(backend, channel="hotline_12349") == ["history:c1"]
    assert _keys(backend, channel="hotline") == ["history:c2"]
    assert _keys(backend, handler="demo-clerk-2") == ["history:c2"]
    assert _keys(backend, user="wang.li") == []


@pytest.mark.parametrize(
    "value", ['" OR f : *', "x* OR y", "NEAR(a b)", "^col : a", "'; --", "a\\b"]
)
def test_a_filter_value_holding_engine_syntax_matches_nothing(backend, value):
    backend.index([_doc("history:1", user="wang")])
    assert _keys(backend, user=value) == []
    assert _keys(backend, township=value, status=value) == []
    assert _keys(backend, user="wang") == ["history:1"]


def test_filter_tokens_are_letters_and_digits_of_one_field_each():
    tokens = {name: sqlite.filter_token(name, "wang.li-2@x") for name in sqlite.CODES}
    assert len(set(tokens.values())) == len(tokens)
    for token in tokens.values():
        assert token.isascii() and token.isalnum() and token == token.lower()
    assert sqlite.filter_token("township", "dongling") == "t" + b"dongling".hex()


def test_date_tokens_are_the_utc_months_of_a_range_and_its_whole_years():
    def tokens(start, end):
        return sqlite.date_tokens(
            datetime(*start, tzinfo=UTC), datetime(*end, tzinfo=UTC)
        )

    # 2025-01-01 .. 2025-12-31 in Beijing: from 2024-12-31 16:00 UTC.
    assert tokens((2024, 12, 31, 16), (2025, 12, 31, 16)) == ["m202412", "y2025"]
    assert tokens((2026, 6, 1), (2026, 8, 1)) == ["m202606", "m202607"]
    assert tokens((2026, 6, 1), (2026, 6, 1, 0, 0, 0, 1)) == ["m202606"]
    assert tokens((2024, 1, 1), (2026, 1, 1)) == ["y2024", "y2025"]
    assert tokens((2026, 6, 2), (2026, 6, 1)) == []
    assert tokens((1900, 1, 1), (2999, 12, 31)) == []  # left to the exact bounds
    assert sqlite.date_tokens(None, datetime(2026, 1, 1, tzinfo=UTC)) == []


@on_sqlite
def test_a_long_date_range_still_finds_exactly_its_documents(db):
    from search.backends.database import SearchBackend

    backend = SearchBackend({})
    old = datetime(1999, 1, 1, tzinfo=UTC)
    backend.index([_doc("history:1", user="u"), _doc("history:2", user="u", at=old)])
    every_day = {"date_from": date(1900, 1, 1), "date_to": date(2999, 12, 31)}
    assert _keys(backend, user="u", **every_day) == ["history:1", "history:2"]
    since = {"date_from": date(2000, 1, 1), "date_to": date(2999, 12, 31)}
    assert _keys(backend, user="u", **since) == ["history:1"]


def _token_holders(token: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM {FTS} WHERE {FTS} MATCH %s",  # noqa: S608
            [f'f : "{token}"'],
        )
        return cursor.fetchone()[0]


@on_sqlite
def test_writing_a_document_again_or_deleting_it_leaves_no_earlier_token(db):
    from search.backends.database import SearchBackend

    backend = SearchBackend({})
    east, west = (sqlite.filter_token("township", t) for t in ("east", "west"))
    backend.index([_doc("case:1", kind="case", township="east", status="received")])
    assert (_token_holders(east), _token_holders(west)) == (1, 0)
    backend.index(
        [
            _doc(
                "case:1",
                kind="case",
                township="west",
                status="accepted",
                at=datetime(2025, 3, 1, tzinfo=UTC),
            )
        ]
    )
    assert (_token_holders(east), _token_holders(west)) == (0, 1)
    assert _token_holders(sqlite.filter_token("status", "received")) == 0
    assert (_token_holders("m202606"), _token_holders("m202503")) == (0, 1)
    assert _keys(backend, township="east") == []
    assert _keys(backend, township="west", status="accepted") == ["case:1"]
    backend.delete(["case:1"])
    assert (_token_holders(west), _token_holders("y2025")) == (0, 0)
    assert _keys(backend, township="west") == []


@on_sqlite
def test_a_rebuild_writes_every_documents_filter_tokens_in_one_segment(db):
    from search.backends.database import SearchBackend
    from tests.factories import TownshipFactory
    from tests.factories.cases import received_case
    from tests.factories.staff import clerk

    town = TownshipFactory(name="东岭镇")
    case = received_case(clerk(town), town, description="房屋倒塌后暂住亲戚家")
    backend = SearchBackend({})
    load(backend)
    load(backend)  # twice: the second rebuild replaces the first's tokens
    township = town.code
    found = backend.search(SearchQuery(text="房屋倒塌", township=township, kind="case"))
    assert [hit.key for hit in found.hits] == [f"case:{case.pk}"]
    assert _token_holders(sqlite.filter_token("township", township)) == (
        backend.search(SearchQuery(township=township)).total
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(DISTINCT segid) FROM {FTS}_idx")  # noqa: S608
        assert cursor.fetchone() == (1,)


def test_relevance_ranks_by_the_words_alone_whatever_the_filters(backend):
    # More of the word, and shorter texts, rank higher; the filters only narrow.
    bodies = ["救助" * 3, "救助", "救助" * 2 + "申请材料齐全" * 3, "救助" * 5]
    bodies.append("救助申请")
    backend.index(
        [
            _doc(
                f"history:{n}",
                body=body,
                user="ranked",
                township="east" if n % 2 else "west",
            )
            for n, body in enumerate(bodies)
        ]
    )
    everyone = backend.search(SearchQuery(text="救助", user="ranked"))
    east = backend.search(SearchQuery(text="救助", user="ranked", township="east"))
    order = [hit.key for hit in everyone.hits]
    assert [hit.key for hit in east.hits] == [
        key for key in order if int(key.split(":")[1]) % 2
    ]
    assert (everyone.total, east.total) == (5, 2)
