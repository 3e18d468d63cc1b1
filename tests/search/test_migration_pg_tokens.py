"""search 0004 and 0005: PostgreSQL's three token vectors become one, beside the
filter columns, then gain the documents' months and years and are kept inline.

The documents are written at 0003 with their tokens in the earlier layout (three
tsvectors: bigrams, unigrams, identifiers), as the code of the time wrote them.
Forwards (converted in the database from the earlier vectors, then the date
lexemes added from each row's local time), every document has one row of
today's layout, its vector exactly what a rebuild writes, and searches with
words, filters and date ranges find them; backwards, the earlier table holds
every document's three vectors again, as they were.
On SQLite these two change nothing; 0007 rewrites its table, and the same
searches find the same rows after it.
Runs on SQLite and on PostgreSQL alike (set DATABASE_URL for the latter).
"""

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from search.backends.database import SearchBackend as DatabaseBackend
from search.backends.database import _tokens
from search.backends.database.postgresql import COLUMNS, document_vector, vector
from search.models import SearchDocument
from search.query import SearchQuery

BEFORE = [("archive_search", "0003_retokenise_simplified")]
AFTER = [("archive_search", "0005_pg_tokens_dates_inline")]
LATEST = [("archive_search", "0007_sqlite_fts_filters")]
TABLE = "archive_search_pgfts"

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _columns() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = %s ORDER BY ordinal_position",
            [TABLE],
        )
        return [row[0] for row in cursor.fetchall()]


DOCUMENTS = [
    {
        "key": "case:1",
        "kind": "case",
        "case_number": "JZ2026000123",
        "number": "JZ2026000123",
        "title": "医疗救助申请",
        "body": "因病申請醫療救助，住院费用较高。",
        "names": "张三",
        "idents": "jz2026000123 110105194912310021",
        "township": "east",
        "village": "east-1",
        "assistance_type": "medical",
        "status": "received",
        "channel": "window",
        "handler": "clerk.a",
        "at": datetime(2026, 3, 1, 2, 0, tzinfo=UTC),
    },
    {
        "key": "history:cases.case:7",
        "kind": "history",
        "case_number": "JZ2026000124",
        "title": "入户调查",
        # More than 256 places of one bigram, positions beyond 16383: the limits
        # PostgreSQL keeps, so nothing of what it kept may be lost.
        "body": "临时救助" * 5000,
        "township": "west",
        "assistance_type": "temporary",
        "status": "surveyed",
        "user": "wang.li-2@x",
        "record": "cases.case",
        "at": datetime(2026, 4, 2, 3, 0, tzinfo=UTC),
    },
    {
        "key": "case:2",
        "kind": "case",
        "case_number": "JZ2026000125",
        "title": "房屋倒塌",
        "body": "房屋倒塌后暂住亲戚家。",
        "township": "east",
        # 2025-01-01 00:30 in Beijing: its month and year are the local ones.
        "at": datetime(2024, 12, 31, 16, 30, tzinfo=UTC),
    },
]


@pytest.fixture
def earlier_layout():
    """Three documents and their tokens as the code before 0004 wrote them."""
    old = _migrate(BEFORE)
    document = old.get_model("archive_search", "SearchDocument")
    rows = [document.objects.create(**values) for values in DOCUMENTS]
    entries = [_tokens(row) for row in rows]
    written = {}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # The table as the code before 0004 made it (0004's backwards).
            cursor.execute("DROP TABLE IF EXISTS archive_search_pgfts CASCADE")
            cursor.execute(
                "CREATE TABLE archive_search_pgfts (doc_id bigint PRIMARY KEY, "
                "bi tsvector NOT NULL, uni tsvector NOT NULL, "
                "ident tsvector NOT NULL)"
            )
            for row, bi, uni, ident in entries:
                written[row.pk] = (vector(bi), vector(uni), vector(ident))
                cursor.execute(
                    "INSERT INTO archive_search_pgfts (doc_id, bi, uni, ident) "
                    "VALUES (%s, %s::tsvector, %s::tsvector, %s::tsvector)",
                    [row.pk, *written[row.pk]],
                )
    else:
        # The FTS5 table as it was before search 0007: three columns.
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO archive_search_fts(rowid, bi, uni, ident) "
                "VALUES (%s, %s, %s, %s)",
                [(row.pk, bi, uni, ident) for row, bi, uni, ident in entries],
            )
    yield rows, written
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def _search(**params):
    return DatabaseBackend({}).search(SearchQuery(page_size=10, **params))


def _keys(**params) -> list[str]:
    return [hit.key for hit in _search(**params).hits]


def _the_same_searches_find_the_same_documents():
    assert _keys(text="医疗救助") == ["case:1"]
    assert _keys(text="医疗救助", township="east", status="received") == ["case:1"]
    assert _keys(text="医疗救助", township="west") == []
    assert _keys(text="JZ2026000123") == ["case:1"]
    assert _keys(text="110105194912310021", handler="clerk.a") == ["case:1"]
    assert _keys(text="临时救助", user="wang.li-2@x") == ["history:cases.case:7"]
    assert _keys(text="临时救助", kind="case") == []
    assert _keys(text="倒塌", sort="oldest") == ["case:2"]
    # Date ranges by local day: a month, a whole year, across the new year.
    assert _keys(text="倒塌", date_from=date(2025, 1, 1), date_to=date(2025, 1, 1)) == [
        "case:2"
    ]
    assert _keys(
        text="倒塌", date_from=date(2025, 1, 1), date_to=date(2025, 12, 31)
    ) == ["case:2"]
    assert _keys(
        text="倒塌", date_from=date(2024, 12, 1), date_to=date(2025, 2, 28)
    ) == ["case:2"]
    assert (
        _keys(text="倒塌", date_from=date(2024, 1, 1), date_to=date(2024, 12, 31)) == []
    )
    # The test database may hold other documents with 救助: filters single out ours.
    found = _search(text="救助", date_from=date(2026, 1, 1), date_to=date(2026, 12, 31))
    assert {hit.key for hit in found.hits} >= {"case:1", "history:cases.case:7"}
    found = _search(text="救助", township="east")
    assert [hit.key for hit in found.hits] == ["case:1"]
    found = _search(text="救助", channel="window")
    assert found.total == 1
    assert found.facets["township"] == {"east": 1}
    assert found.facets["status"] == {"received": 1}
    found = _search(text="临时救助", township="west")
    assert found.total == 1
    assert found.facets["kind"] == {"history": 1}
    assert found.facets["assistance_type"] == {"temporary": 1}


def test_the_tokens_move_to_one_vector_beside_the_filters_and_dates_and_back(
    earlier_layout,
):
    rows, written = earlier_layout
    documents = SearchDocument.objects
    if connection.vendor != "postgresql":
        # SQLite's table changes in 0007 (test_migration_sqlite_fts.py); today's
        # searches read it in that layout.
        _migrate(LATEST)
        _the_same_searches_find_the_same_documents()
        return
    _migrate(AFTER)
    _the_same_searches_find_the_same_documents()
    assert _columns() == ["doc_id", "tokens", *COLUMNS]
    with connection.cursor() as cursor:
        columns = ", ".join(f'"{name}"' for name in COLUMNS)
        cursor.execute(
            f"SELECT doc_id, tokens::text, {columns} "  # noqa: S608
            "FROM archive_search_pgfts ORDER BY doc_id"
        )
        stored = {pk: rest for pk, *rest in cursor.fetchall()}
        # One row per document: ours and any the test database held already.
        assert set(stored) == set(documents.values_list("pk", flat=True))
        for row in rows:
            cursor.execute(
                "SELECT %s::tsvector::text", [document_vector(*_tokens(row))]
            )
            expected = [cursor.fetchone()[0], *(getattr(row, c) for c in COLUMNS)]
            assert stored[row.pk] == expected
        # Every filter value is a lexeme, the empty ones left out.
        assert "'=township:east'" in stored[rows[0].pk][0]
        assert "'=user:wang.li-2@x'" in stored[rows[1].pk][0]
        assert "=status:" not in stored[rows[2].pk][0]
        # The local month and year, from the stored instant.
        assert "'=month:2025-01'" in stored[rows[2].pk][0]
        assert "'=year:2025'" in stored[rows[2].pk][0]
        cursor.execute(
            "SELECT attstorage FROM pg_attribute WHERE attname = 'tokens' "
            "AND attrelid = 'archive_search_pgfts'::regclass"
        )
        assert cursor.fetchone() == ("m",)

    _migrate(BEFORE)
    assert _columns() == ["doc_id", "bi", "uni", "ident"]
    with connection.cursor() as cursor:
        for pk, (bi, uni, ident) in written.items():
            cursor.execute(
                "SELECT bi = %s::tsvector, uni = %s::tsvector, "
                "ident = %s::tsvector FROM archive_search_pgfts WHERE doc_id = %s",
                [bi, uni, ident, pk],
            )
            assert cursor.fetchone() == (True, True, True)
        cursor.execute("SELECT doc_id FROM archive_search_pgfts")
        assert {pk for (pk,) in cursor.fetchall()} == set(stored)
