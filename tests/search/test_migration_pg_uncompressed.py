"""search 0006: PostgreSQL's archive vectors are not compressed in rows that fit
a page (toast_tuple_target), so a search reading a match's vector to rank it or
to check a phrase does not decompress it first.

The table is put back as 0005 left it (lz4 from 2 kB on), with a document whose
vector lz4 compresses. Forwards, that vector is stored as it is, uncompressed,
equal to before and to what a rebuild writes, and the searches find the same
documents; backwards, it is compressed again. SQLite: nothing changes.
Runs on SQLite and on PostgreSQL alike (set DATABASE_URL for the latter).
"""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from search.backends.database import SearchBackend as DatabaseBackend
from search.backends.database import _tokens
from search.backends.database.postgresql import TUPLE_TARGET, document_vector
from search.query import SearchQuery

BEFORE = [("archive_search", "0005_pg_tokens_dates_inline")]
AFTER = [("archive_search", "0006_pg_tokens_uncompressed")]
TABLE = "archive_search_pgfts"

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DOCUMENTS = [
    {
        "key": "history:cases.case:70",
        "kind": "history",
        "case_number": "JZ2026000201",
        "title": "入户调查",
        # 256 places of each of eight lexemes: a vector of about 4 kB, which lz4
        # compresses (its places are evenly spaced) and which fits a page.
        "body": "临时救助" * 5000,
        "township": "west",
        "status": "surveyed",
        "at": datetime(2026, 4, 2, 3, 0, tzinfo=UTC),
    },
    {
        "key": "case:71",
        "kind": "case",
        "case_number": "JZ2026000202",
        "title": "医疗救助申请",
        "body": "因病申请医疗救助，住院费用较高。",
        "township": "east",
        "status": "received",
        "at": datetime(2026, 3, 1, 2, 0, tzinfo=UTC),
    },
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _stored() -> dict[int, tuple[str, str | None, bool]]:
    """Each row's vector (as text), its compression, and whether it is inline."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT doc_id, tokens::text, pg_column_compression(tokens), "  # noqa: S608
            f"pg_column_size(tokens) < {TUPLE_TARGET} FROM {TABLE}"
        )
        return {pk: tuple(rest) for pk, *rest in cursor.fetchall()}


def _options() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = %s", [TABLE])
        return cursor.fetchone()[0] or []


def _keys(**params) -> list[str]:
    found = DatabaseBackend({}).search(SearchQuery(page_size=10, **params))
    return [hit.key for hit in found.hits]


def _the_searches_find_the_same_documents():
    assert _keys(text="临时救助", township="west") == ["history:cases.case:70"]
    assert _keys(text="时救", status="surveyed") == ["history:cases.case:70"]
    assert _keys(text="医疗救助", township="east") == ["case:71"]
    assert _keys(text="临时救助", township="east") == []


@pytest.fixture
def as_0005_left_it():
    """Our documents at 0005, in its table: compressed from 2 kB on."""
    from search.sources import IndexDoc

    if connection.vendor != "postgresql":
        # Written by today's code, then taken back to 0005 (on SQLite search
        # 0007's backwards writes its earlier FTS5 table from the rows).
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
        DatabaseBackend({}).index([IndexDoc(**values) for values in DOCUMENTS])
    _migrate(BEFORE)
    backend = DatabaseBackend({})
    if connection.vendor == "postgresql":
        backend.index([IndexDoc(**values) for values in DOCUMENTS])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {TABLE} RESET (toast_tuple_target)")
            # Rows written as 0005 wrote them: its storage compressed them.
            cursor.execute(f"UPDATE {TABLE} SET tokens = tokens || ''::tsvector")  # noqa: S608
    yield
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_vectors_that_fit_a_page_are_kept_uncompressed_and_back(as_0005_left_it):
    if connection.vendor != "postgresql":
        # 0006 changes nothing here; SQLite's table changes in 0007
        # (test_migration_sqlite_fts.py), which today's searches read.
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
        _the_searches_find_the_same_documents()
        return
    before = _stored()
    from search.models import SearchDocument

    long_one = SearchDocument.objects.get(key="history:cases.case:70")
    assert before[long_one.pk][1] == "lz4"  # what the migration is about
    assert "toast_tuple_target=8160" not in _options()

    _migrate(AFTER)
    after = _stored()
    assert {pk: row[0] for pk, row in after.items()} == {
        pk: row[0] for pk, row in before.items()
    }
    assert after[long_one.pk][1:] == (None, True)  # inline, not compressed
    assert f"toast_tuple_target={TUPLE_TARGET}" in _options()
    with connection.cursor() as cursor:
        rebuilt = document_vector(*_tokens(long_one))
        cursor.execute("SELECT %s::tsvector::text", [rebuilt])
        assert after[long_one.pk][0] == cursor.fetchone()[0]  # what a rebuild writes
    _the_searches_find_the_same_documents()

    _migrate(BEFORE)
    again = _stored()
    assert again[long_one.pk][0] == before[long_one.pk][0]
    assert again[long_one.pk][1] == "lz4"
    assert "toast_tuple_target=8160" not in _options()
    _the_searches_find_the_same_documents()
